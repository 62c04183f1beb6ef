using System.Text.Json.Nodes;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests;

/// <summary>
/// The web client's request and response types are generated from src/DistrictPerf.Web/openapi.json.
/// That file must be the document the server serves, or the client and the server drift apart:
/// after changing an endpoint, run scripts/update-openapi.sh.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(AppFixture app)
{
    private static string RepositoryFile(params string[] parts)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DistrictPerf.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine([folder?.FullName ?? throw new DirectoryNotFoundException("DistrictPerf.sln not found"), .. parts]);
    }

    [Fact]
    public async Task TheWebClientsDocument_IsTheOneTheServerServes()
    {
        var served = JsonNode.Parse(await app.Anonymous().GetStringAsync("/openapi/v1.json"))!;
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryFile("src", "DistrictPerf.Web", "openapi.json")))!;
        served.AsObject().Remove("servers"); // the address the document was read from, not part of the API
        committed.AsObject().Remove("servers");

        served["paths"]!.AsObject().Count.ShouldBeGreaterThan(60);
        var drift = Differences(committed, served, "$").Take(10).ToList();
        drift.ShouldBeEmpty("src/DistrictPerf.Web/openapi.json is out of date: run scripts/update-openapi.sh. First differences: " + string.Join("; ", drift));
    }

    [Fact]
    public async Task MoneyAndRates_AreDecimalsInTheDocument_SoTheClientNeverUsesDouble()
    {
        var served = JsonNode.Parse(await app.Anonymous().GetStringAsync("/openapi/v1.json"))!;
        var initial = served["components"]!["schemas"]!["BudgetLineDto"]!["properties"]!["initial"]!;
        initial["format"]!.GetValue<string>().ShouldBe("decimal");
        // The one floating-point number the API serves is a search hit's relevance score.
        var doubles = served["components"]!["schemas"]!.AsObject()
            .SelectMany(schema => (schema.Value?["properties"]?.AsObject() ?? []).Where(p => p.Value?["format"]?.GetValue<string>() == "double").Select(p => $"{schema.Key}.{p.Key}"))
            .ToList();
        doubles.ShouldBe(["SearchHitDto.score"]);
    }

    private static IEnumerable<string> Differences(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(kv => kv.Key).Union(a.Select(kv => kv.Key)).Order(StringComparer.Ordinal))
                {
                    if (!e.ContainsKey(key) || !a.ContainsKey(key))
                    {
                        yield return $"{path}.{key} {(e.ContainsKey(key) ? "is no longer served" : "is new")}";
                        continue;
                    }

                    foreach (var d in Differences(e[key], a[key], $"{path}.{key}"))
                    {
                        yield return d;
                    }
                }

                break;
            case (JsonArray e, JsonArray a) when e.Count == a.Count:
                for (var i = 0; i < e.Count; i++)
                {
                    foreach (var d in Differences(e[i], a[i], $"{path}[{i}]"))
                    {
                        yield return d;
                    }
                }

                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                {
                    yield return $"{path}: {expected?.ToJsonString()} → {actual?.ToJsonString()}";
                }

                break;
        }
    }
}
