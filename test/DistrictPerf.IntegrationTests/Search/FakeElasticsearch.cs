using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DistrictPerf.IntegrationTests.Search;

internal sealed record RecordedRequest(string Method, string Path, QueryString Query, string Body, string? Authorization)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty body");

    public IReadOnlyList<JsonNode> NdJson =>
        Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();

    public string? QueryValue(string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query.Value).TryGetValue(name, out var v) ? v.ToString() : null;

    public override string ToString() => $"{Method} {Path}{Query}";
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (random port) that plays a one-index Elasticsearch 9 node: it records every
/// request and answers index create/exists/delete, _bulk, _search, _mget and single-document get/index with the JSON
/// shapes Elasticsearch returns, always with <c>X-Elastic-Product: Elasticsearch</c> (the client insists on it).
/// Search answers are canned per test; bulk items can be made to fail.
/// </summary>
internal sealed class FakeElasticsearch : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _documents = new();
    private readonly object _gate = new();

    private FakeElasticsearch(WebApplication app, string index)
    {
        _app = app;
        Index = index;
    }

    public string Index { get; }
    public Uri Url { get; private set; } = null!;
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    public bool IndexExists { get; set; }

    /// <summary>Per bulk item id: an Elasticsearch error object to fail it with (null: success).</summary>
    public Func<string, JsonObject?> BulkItemError { get; set; } = _ => null;

    /// <summary>Answers a request before the fake node does (null: the node answers), e.g. a missing analyzer or a race.</summary>
    public Func<RecordedRequest, (int Status, string? Json)?> Override { get; set; } = _ => null;

    /// <summary>Status and body of the next searches (default: no hits).</summary>
    public (int Status, string Body) SearchAnswer { get; set; } = (200, EmptySearch);

    public const string EmptySearch = """
        {"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
         "hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]}}
        """;

    public IReadOnlyList<RecordedRequest> Matching(string method, string path) =>
        Requests.Where(r => r.Method == method && r.Path == path).ToList();

    public static async Task<FakeElasticsearch> StartAsync(string index)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeElasticsearch(app, index);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.Url = new Uri(address);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        // The 9.x client gzips request bodies by default (as Elasticsearch accepts).
        var gzip = context.Request.Headers.ContentEncoding.Any(e => string.Equals(e, "gzip", StringComparison.OrdinalIgnoreCase));
        await using var input = gzip ? new GZipStream(context.Request.Body, CompressionMode.Decompress) : context.Request.Body;
        using var reader = new StreamReader(input, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var request = new RecordedRequest(
            context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString, body,
            context.Request.Headers.Authorization.FirstOrDefault());
        Requests.Enqueue(request);

        context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        var (status, json) = Override(request) ?? Answer(request);
        context.Response.StatusCode = status;
        if (json is not null && request.Method != "HEAD")
        {
            context.Response.ContentType = "application/json; charset=UTF-8";
            await context.Response.WriteAsync(json);
        }
    }

    private (int Status, string? Json) Answer(RecordedRequest request)
    {
        var segments = request.Path.Trim('/').Split('/');
        if (segments[0] != Index)
        {
            return (400, Error("illegal_argument_exception", $"unexpected request {request}", 400));
        }

        lock (_gate)
        {
            switch (request.Method, segments.Length > 1 ? segments[1] : null)
            {
                case ("HEAD", null):
                    return (IndexExists ? 200 : 404, null);
                case ("PUT", null):
                    if (IndexExists)
                    {
                        return (400, Error("resource_already_exists_exception", $"index [{Index}/x] already exists", 400));
                    }

                    IndexExists = true;
                    return (200, $$"""{"acknowledged":true,"shards_acknowledged":true,"index":"{{Index}}"}""");
                case ("DELETE", null):
                    if (!IndexExists)
                    {
                        return (404, Error("index_not_found_exception", $"no such index [{Index}]", 404));
                    }

                    IndexExists = false;
                    _documents.Clear();
                    return (200, """{"acknowledged":true}""");
            }

            if (!IndexExists)
            {
                return (404, Error("index_not_found_exception", $"no such index [{Index}]", 404));
            }

            return (request.Method, segments[1]) switch
            {
                ("POST" or "PUT", "_bulk") => Bulk(request),
                ("POST" or "GET", "_search") => SearchAnswer,
                ("POST" or "GET", "_mget") => MultiGet(request),
                ("GET", "_doc") => GetDocument(segments[2]),
                ("PUT" or "POST", "_doc") => IndexDocument(segments[2], request.Body),
                _ => (400, Error("illegal_argument_exception", $"unexpected request {request}", 400)),
            };
        }
    }

    private (int, string) Bulk(RecordedRequest request)
    {
        var lines = request.NdJson;
        var items = new JsonArray();
        var errors = false;
        for (var i = 0; i + 1 < lines.Count; i += 2)
        {
            var id = lines[i]["index"]?["_id"]?.GetValue<string>() ?? Guid.NewGuid().ToString("N");
            var error = BulkItemError(id);
            JsonObject item;
            if (error is null)
            {
                var created = _documents.TryAdd(id, lines[i + 1].ToJsonString());
                if (!created)
                {
                    _documents[id] = lines[i + 1].ToJsonString();
                }

                item = new JsonObject
                {
                    ["_index"] = Index, ["_id"] = id, ["_version"] = 1, ["result"] = created ? "created" : "updated",
                    ["forced_refresh"] = true,
                    ["_shards"] = new JsonObject { ["total"] = 2, ["successful"] = 1, ["failed"] = 0 },
                    ["_seq_no"] = i / 2, ["_primary_term"] = 1, ["status"] = created ? 201 : 200,
                };
            }
            else
            {
                errors = true;
                item = new JsonObject { ["_index"] = Index, ["_id"] = id, ["status"] = 400, ["error"] = error };
            }

            items.Add(new JsonObject { ["index"] = item });
        }

        var response = new JsonObject { ["errors"] = errors, ["took"] = 7, ["items"] = items };
        return (200, response.ToJsonString());
    }

    /// <summary>The documents indexed so far (by id, their source as sent), e.g. to see what a catch-up wrote.</summary>
    public IReadOnlyDictionary<string, JsonNode> Documents =>
        _documents.ToDictionary(d => d.Key, d => JsonNode.Parse(d.Value)!);

    /// <summary><c>_mget</c> with <c>ids</c> in the body; <c>_source_includes</c> (comma-separated fields) filters each source.</summary>
    private (int, string) MultiGet(RecordedRequest request)
    {
        var includes = request.QueryValue("_source_includes")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var docs = new JsonArray();
        foreach (var id in request.Json["ids"]!.AsArray().Select(i => i!.GetValue<string>()))
        {
            if (_documents.TryGetValue(id, out var stored))
            {
                var source = JsonNode.Parse(stored)!.AsObject();
                if (includes is not null)
                {
                    source = new JsonObject(source.Where(p => includes.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
                }

                docs.Add(new JsonObject
                {
                    ["_index"] = Index, ["_id"] = id, ["_version"] = 1, ["_seq_no"] = 0, ["_primary_term"] = 1, ["found"] = true, ["_source"] = source,
                });
            }
            else
            {
                docs.Add(new JsonObject { ["_index"] = Index, ["_id"] = id, ["found"] = false });
            }
        }

        return (200, new JsonObject { ["docs"] = docs }.ToJsonString());
    }

    private (int, string) GetDocument(string id) =>
        _documents.TryGetValue(id, out var source)
            ? (200, $$"""{"_index":"{{Index}}","_id":"{{id}}","_version":1,"_seq_no":0,"_primary_term":1,"found":true,"_source":{{source}}}""")
            : (404, $$"""{"_index":"{{Index}}","_id":"{{id}}","found":false}""");

    private (int, string) IndexDocument(string id, string body)
    {
        var created = _documents.TryAdd(id, body);
        if (!created)
        {
            _documents[id] = body;
        }

        return (created ? 201 : 200, $$"""
            {"_index":"{{Index}}","_id":"{{id}}","_version":1,"result":"{{(created ? "created" : "updated")}}","forced_refresh":true,
             "_shards":{"total":2,"successful":1,"failed":0},"_seq_no":0,"_primary_term":1}
            """);
    }

    public static string Error(string type, string reason, int status)
    {
        var cause = new JsonObject { ["type"] = type, ["reason"] = reason };
        return new JsonObject
        {
            ["error"] = new JsonObject { ["root_cause"] = new JsonArray(cause.DeepClone()), ["type"] = type, ["reason"] = reason },
            ["status"] = status,
        }.ToJsonString();
    }
}
