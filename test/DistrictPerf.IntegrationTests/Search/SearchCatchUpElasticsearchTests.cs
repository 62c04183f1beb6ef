using System.Net;
using System.Net.Http.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.Modules.Search.Indexing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests.Search;

/// <summary>
/// The catch-up on the Elasticsearch backend (the app on its real SQLite file, the index on the recording fake node):
/// it asks the index for the stamps it holds (<c>_mget</c>, the stamp field only) and sends to <c>_bulk</c> only the
/// reports whose stamp the index lacks — none when nothing changed — each with the stamp of the version it indexed.
/// </summary>
public sealed class SearchCatchUpElasticsearchTests : IAsyncLifetime
{
    private const string Index = "districtperf-catchup-test";
    private const int Year = 2048;
    private FakeElasticsearch _es = null!;
    private AppFixture _app = null!;

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearch.StartAsync(Index);
        _app = AppFixture.WithSettings(new Dictionary<string, string?>
        {
            ["Search:Provider"] = "Elasticsearch",
            ["Search:Elasticsearch:Url"] = _es.Url.ToString(),
            ["Search:Elasticsearch:Index"] = Index,
            ["Search:Elasticsearch:Analyzer"] = "standard",
        });
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_app).DisposeAsync();
        await _es.DisposeAsync();
    }

    [Fact]
    public async Task TheCatchUp_SendsOnlyTheReportsWhoseStampTheIndexLacks()
    {
        var a = await _app.CreateBureauAsync();
        var b = await _app.CreateBureauAsync();
        await WriteReportAsync(a.Admin, "全年推进冷链物流项目建设。");
        await WriteReportAsync(b.Admin, "全年推进智慧停车项目建设。");
        var indexer = _app.Services.GetRequiredService<SearchIndexer>();

        (await indexer.CatchUpAsync(CancellationToken.None)).ShouldBe(2);
        await IndexHoldsTheReportsAsTheyAreAsync(a.Id, b.Id);

        // Nothing changed: the stamps are asked for (the two reports are in the overlap), no text is sent.
        _es.Requests.Clear();
        (await indexer.CatchUpAsync(CancellationToken.None)).ShouldBe(0);
        var mget = _es.Matching("POST", $"/{Index}/_mget").ShouldHaveSingleItem();
        mget.QueryValue("_source_includes").ShouldBe("stamp");
        mget.Json["ids"]!.AsArray().Count.ShouldBe(2);
        _es.Matching("POST", $"/{Index}/_bulk").ShouldBeEmpty();

        // One edit: that report alone is sent, with its new stamp.
        await WriteReportAsync(b.Admin, "完成老旧小区改造。");
        _es.Requests.Clear();
        (await indexer.CatchUpAsync(CancellationToken.None)).ShouldBe(1);
        var bulk = _es.Matching("POST", $"/{Index}/_bulk").ShouldHaveSingleItem().NdJson;
        bulk.Count.ShouldBe(2);
        bulk[1]["bureauId"]!.GetValue<string>().ShouldBe(b.Id.ToString());
        bulk[1]["content"]!.GetValue<string>().ShouldContain("老旧小区");
        await IndexHoldsTheReportsAsTheyAreAsync(a.Id, b.Id);
    }

    /// <summary>The fake node holds each bureau's report with the stamp the database has now.</summary>
    private async Task IndexHoldsTheReportsAsTheyAreAsync(params Guid[] bureaus)
    {
        var reports = await _app.WithDbAsync(db => db.Set<SelfEvaluationReport>().IgnoreQueryFilters()
            .Where(r => r.TenantId != null && bureaus.Contains(r.TenantId.Value))
            .Select(r => new { r.Id, r.ConcurrencyStamp }).ToListAsync());
        reports.Count.ShouldBe(bureaus.Length);
        var documents = _es.Documents;
        foreach (var report in reports)
        {
            documents[report.Id.ToString()]["stamp"]!.GetValue<string>().ShouldBe(report.ConcurrencyStamp);
        }
    }

    private static async Task WriteReportAsync(HttpClient client, string evaluation)
    {
        if ((await client.GetAsync($"/api/bureau/reports/{Year}")).StatusCode == HttpStatusCode.NotFound)
        {
            (await client.PostAsync($"/api/bureau/reports/{Year}", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var report = await (await client.GetAsync($"/api/bureau/reports/{Year}")).ReadJsonAsync();
        await (await client.PutAsJsonAsync($"/api/bureau/reports/{Year}", new
        {
            basicInfo = "本部门内设科室 3 个。",
            evaluation,
            problems = "资金到位较晚。",
            measures = "加大预算执行进度的督导力度。",
            concurrencyStamp = report.GetProperty("concurrencyStamp").GetString(),
        })).ReadJsonAsync();
    }
}
