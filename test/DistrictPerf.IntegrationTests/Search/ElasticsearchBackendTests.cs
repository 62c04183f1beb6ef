using System.Text;
using System.Text.Json.Nodes;
using DistrictPerf.Modules.Search;
using DistrictPerf.Modules.Search.Backends;

namespace DistrictPerf.IntegrationTests.Search;

/// <summary>
/// The Elasticsearch backend against a recording fake node on 127.0.0.1: the index and its mapping,
/// the bulk/search/get/index/delete requests it sends (above all the bureau filter, the isolation
/// boundary), and how Elasticsearch answers are read back.
/// </summary>
public sealed class ElasticsearchBackendTests : IAsyncLifetime
{
    private const string Index = "districtperf-reports-test";
    private static readonly Guid BureauA = Guid.Parse("6b0c7f1e-3c1d-4d7a-9f0e-1a2b3c4d5e6f");
    private static readonly Guid BureauB = Guid.Parse("0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b");
    private static readonly Guid Report1 = Guid.Parse("11111111-2222-4333-8444-555555555555");
    private static readonly Guid Report2 = Guid.Parse("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");

    private FakeElasticsearch _es = null!;
    private ElasticsearchSearchBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearch.StartAsync(Index);
        _backend = NewBackend();
    }

    public async Task DisposeAsync()
    {
        _backend.Dispose();
        await _es.DisposeAsync();
    }

    private ElasticsearchSearchBackend NewBackend(string analyzer = "smartcn", string? apiKey = null, string? user = null, string? password = null)
    {
        var options = new ElasticsearchOptions
        {
            Url = _es.Url.ToString(), Index = Index, Analyzer = analyzer, ApiKey = apiKey, Username = user, Password = password,
        };
        return new ElasticsearchSearchBackend(ElasticsearchSearchBackend.CreateClient(options), options);
    }

    private static SearchDocument Document(Guid reportId, Guid bureauId, string status = "Submitted") => new(
        reportId, bureauId, "JYJ", "区教育局", 2024, 2, status, 92.5m, "优",
        new DateTime(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc), "stamp-" + reportId.ToString("N")[..8],
        [
            new SearchSection("basic", "基本情况", "全区教育经费预算执行率 96%"),
            new SearchSection("analysis", "综合评价分析", "招商引资 <重点> 项目按期完成"),
        ]);

    private static SearchQuery Query(string text = "招商引资", Guid? bureau = null, int? year = null, bool superseded = false, int skip = 0, int take = 20) =>
        new(text, bureau, year, superseded, skip, take);

    private JsonNode LastSearchBody() => _es.Matching("POST", $"/{Index}/_search")[^1].Json;

    // ---- index and mapping -------------------------------------------------------------------

    [Theory]
    [InlineData("smartcn")]
    [InlineData("standard")]
    public async Task First_use_creates_the_index_with_the_explicit_mapping(string analyzer)
    {
        using var backend = NewBackend(analyzer);

        await backend.UpsertAsync([Document(Report1, BureauA)], default);

        var create = _es.Matching("PUT", $"/{Index}").ShouldHaveSingleItem();
        var mappings = create.Json["mappings"]!;
        mappings["dynamic"]!.GetValue<string>().ShouldBe("strict");
        var properties = mappings["properties"]!;
        foreach (var keyword in new[] { "kind", "reportId", "bureauId", "bureauCode", "status", "selfGrade", "stamp" })
        {
            properties[keyword]!["type"]!.GetValue<string>().ShouldBe("keyword", keyword);
        }

        properties["fiscalYear"]!["type"]!.GetValue<string>().ShouldBe("integer");
        properties["revision"]!["type"]!.GetValue<string>().ShouldBe("integer");
        properties["selfScore"]!["type"]!.GetValue<string>().ShouldBe("scaled_float");
        properties["selfScore"]!["scaling_factor"]!.GetValue<double>().ShouldBe(100);
        properties["changedAt"]!["type"]!.GetValue<string>().ShouldBe("date");
        properties["bureauName"]!["type"]!.GetValue<string>().ShouldBe("text");
        properties["bureauName"]!["analyzer"]!.GetValue<string>().ShouldBe(analyzer);
        properties["bureauName"]!["fields"]!["keyword"]!["type"]!.GetValue<string>().ShouldBe("keyword");
        properties["content"]!["type"]!.GetValue<string>().ShouldBe("text");
        properties["content"]!["analyzer"]!.GetValue<string>().ShouldBe(analyzer);

        var sections = properties["sections"]!;
        sections["type"]!.GetValue<string>().ShouldBe("nested");
        sections["properties"]!["key"]!["type"]!.GetValue<string>().ShouldBe("keyword");
        sections["properties"]!["title"]!["type"]!.GetValue<string>().ShouldBe("keyword");
        sections["properties"]!["text"]!["type"]!.GetValue<string>().ShouldBe("text");
        sections["properties"]!["text"]!["analyzer"]!.GetValue<string>().ShouldBe(analyzer);
    }

    [Fact]
    public async Task The_index_is_created_once_even_under_concurrent_first_use()
    {
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => i % 2 == 0
            ? (Task)_backend.GetWatermarkAsync(default)
            : _backend.SearchAsync(Query(), default)));
        await _backend.UpsertAsync([Document(Report1, BureauA)], default);

        _es.Matching("HEAD", $"/{Index}").ShouldHaveSingleItem();
        _es.Matching("PUT", $"/{Index}").ShouldHaveSingleItem();
        _es.Requests.First().Method.ShouldBe("HEAD");
    }

    [Fact]
    public async Task An_existing_index_is_used_as_is()
    {
        _es.IndexExists = true;

        await _backend.UpsertAsync([Document(Report1, BureauA)], default);

        _es.Matching("HEAD", $"/{Index}").ShouldHaveSingleItem();
        _es.Matching("PUT", $"/{Index}").ShouldBeEmpty();
    }

    // ---- upsert --------------------------------------------------------------------------------

    [Fact]
    public async Task Upsert_sends_one_bulk_request_with_one_index_op_per_report()
    {
        await _backend.UpsertAsync([Document(Report1, BureauA), Document(Report2, BureauB, "Superseded")], default);

        var bulk = _es.Matching("POST", $"/{Index}/_bulk").ShouldHaveSingleItem();
        _es.Requests.Count(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal)).ShouldBe(1);
        bulk.QueryValue("refresh").ShouldBe("wait_for");

        var lines = bulk.NdJson;
        lines.Count.ShouldBe(4);
        lines[0]["index"]!["_id"]!.GetValue<string>().ShouldBe(Report1.ToString());
        lines[2]["index"]!["_id"]!.GetValue<string>().ShouldBe(Report2.ToString());

        var source = lines[1];
        source["kind"]!.GetValue<string>().ShouldBe("report");
        source["reportId"]!.GetValue<string>().ShouldBe(Report1.ToString());
        source["bureauId"]!.GetValue<string>().ShouldBe(BureauA.ToString());
        source["bureauCode"]!.GetValue<string>().ShouldBe("JYJ");
        source["bureauName"]!.GetValue<string>().ShouldBe("区教育局");
        source["fiscalYear"]!.GetValue<int>().ShouldBe(2024);
        source["revision"]!.GetValue<int>().ShouldBe(2);
        source["status"]!.GetValue<string>().ShouldBe("Submitted");
        source["selfScore"]!.GetValue<decimal>().ShouldBe(92.5m);
        source["selfGrade"]!.GetValue<string>().ShouldBe("优");
        DateTime.Parse(source["changedAt"]!.GetValue<string>(), null, System.Globalization.DateTimeStyles.RoundtripKind)
            .ShouldBe(new DateTime(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc));
        source["content"]!.GetValue<string>().ShouldContain("招商引资 <重点> 项目按期完成");
        var sections = source["sections"]!.AsArray();
        sections.Count.ShouldBe(2);
        sections[1]!["key"]!.GetValue<string>().ShouldBe("analysis");
        sections[1]!["title"]!.GetValue<string>().ShouldBe("综合评价分析");
        sections[1]!["text"]!.GetValue<string>().ShouldBe("招商引资 <重点> 项目按期完成");
        lines[3]["status"]!.GetValue<string>().ShouldBe("Superseded");
    }

    [Fact]
    public async Task Upsert_throws_when_the_bulk_response_has_item_errors()
    {
        _es.BulkItemError = id => id == Report2.ToString()
            ? new JsonObject
            {
                ["type"] = "document_parsing_exception",
                ["reason"] = "[1:120] failed to parse field [selfScore] of type [scaled_float]",
            }
            : null;

        var error = await Should.ThrowAsync<InvalidOperationException>(
            () => _backend.UpsertAsync([Document(Report1, BureauA), Document(Report2, BureauB)], default));

        error.Message.ShouldContain("1 of 2");
        error.Message.ShouldContain(Report2.ToString());
        error.Message.ShouldContain("document_parsing_exception");
        error.Message.ShouldNotContain(Report1.ToString());
    }

    [Fact]
    public async Task Upsert_of_nothing_sends_nothing()
    {
        await _backend.UpsertAsync([], default);

        _es.Requests.ShouldBeEmpty();
    }

    // ---- search request --------------------------------------------------------------------------

    [Fact]
    public async Task A_bureau_search_filters_on_that_bureau_and_excludes_superseded_and_meta()
    {
        await _backend.SearchAsync(Query(bureau: BureauA, skip: 20, take: 10), default);

        var body = LastSearchBody();
        body["from"]!.GetValue<int>().ShouldBe(20);
        body["size"]!.GetValue<int>().ShouldBe(10);

        var boolQuery = body["query"]!["bool"]!;
        var filter = Clauses(boolQuery, "filter");
        filter.Select(q => TermValue(q, "bureauId")).OfType<string>().ShouldBe([BureauA.ToString()]);
        filter.Select(q => TermValue(q, "kind")).OfType<string>().ShouldBe(["report"]);
        filter.ShouldNotContain(q => TermValue(q, "fiscalYear") != null);
        Clauses(boolQuery, "must_not").Select(q => TermValue(q, "status")).OfType<string>().ShouldBe(["Superseded"]);

        var match = Clauses(boolQuery, "must").ShouldHaveSingleItem()["match"]!["content"]!;
        match["query"]!.GetValue<string>().ShouldBe("招商引资");
        match["operator"]!.GetValue<string>().ShouldBe("and", StringCompareShould.IgnoreCase);
    }

    [Fact]
    public async Task A_host_search_has_no_bureau_filter()
    {
        await _backend.SearchAsync(Query(bureau: null, year: 2024, superseded: true), default);

        var boolQuery = LastSearchBody()["query"]!["bool"]!;
        var filter = Clauses(boolQuery, "filter");
        filter.ShouldNotContain(q => q.ToJsonString().Contains("bureauId", StringComparison.Ordinal));
        filter.Select(q => TermValue(q, "kind")).OfType<string>().ShouldBe(["report"]);
        filter.Select(q => TermValue(q, "fiscalYear")).OfType<string>().ShouldBe(["2024"]);
        Clauses(boolQuery, "must_not").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_bureau_filter_stays_when_every_other_option_varies()
    {
        await _backend.SearchAsync(Query(bureau: BureauB, year: 2023, superseded: true, skip: 5, take: 1), default);

        var filter = Clauses(LastSearchBody()["query"]!["bool"]!, "filter");
        filter.Select(q => TermValue(q, "bureauId")).OfType<string>().ShouldBe([BureauB.ToString()]);
        filter.Select(q => TermValue(q, "fiscalYear")).OfType<string>().ShouldBe(["2023"]);
    }

    [Fact]
    public async Task Sections_are_highlighted_through_nested_inner_hits_with_html_encoding()
    {
        await _backend.SearchAsync(Query(bureau: BureauA), default);

        var body = LastSearchBody();
        var nested = Clauses(body["query"]!["bool"]!, "should").ShouldHaveSingleItem()["nested"]!;
        nested["path"]!.GetValue<string>().ShouldBe("sections");
        nested["query"]!["match"]!["sections.text"].ShouldNotBeNull();
        var innerHits = nested["inner_hits"]!;
        innerHits["name"]!.GetValue<string>().ShouldBe("sections");
        innerHits["size"]!.GetValue<int>().ShouldBeGreaterThan(0);
        var highlight = innerHits["highlight"]!;
        highlight["pre_tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["<em>"]);
        highlight["post_tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["</em>"]);
        highlight["encoder"]!.GetValue<string>().ShouldBe("html");
        highlight["fields"]!.ToJsonString().ShouldContain("\"sections.text\"");

        // The long texts stay on the server; section keys and titles come back for the inner hits' offsets.
        var excludes = body["_source"]!["excludes"]!;
        var excluded = excludes is JsonArray array ? array.Select(e => e!.GetValue<string>()).ToList() : [excludes.GetValue<string>()];
        excluded.ShouldBe(["content", "sections.text"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_blank_query_returns_nothing_without_asking_the_cluster()
    {
        var results = await _backend.SearchAsync(Query(text: "  ", bureau: BureauA), default);

        results.Total.ShouldBe(0);
        results.Hits.ShouldBeEmpty();
        _es.Requests.ShouldBeEmpty();
    }

    // ---- search response -------------------------------------------------------------------------

    [Fact]
    public async Task A_search_response_is_mapped_to_hits_with_fragments_per_section()
    {
        _es.IndexExists = true;
        _es.SearchAnswer = (200, $$"""
            {"took":4,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
             "hits":{"total":{"value":7,"relation":"eq"},"max_score":3.25,"hits":[
              {"_index":"{{Index}}","_id":"{{Report1}}","_score":3.25,
               "_source":{"kind":"report","reportId":"{{Report1}}","bureauId":"{{BureauA}}","bureauCode":"JYJ","bureauName":"区教育局",
                          "fiscalYear":2024,"revision":2,"status":"Submitted","selfScore":92.5,"selfGrade":"优",
                          "changedAt":"2025-03-01T08:00:00Z","stamp":"s1",
                          "sections":[{"key":"basic","title":"基本情况"},{"key":"analysis","title":"综合评价分析"}]},
               "inner_hits":{"sections":{"hits":{"total":{"value":2,"relation":"eq"},"max_score":2.1,"hits":[
                 {"_index":"{{Index}}","_id":"{{Report1}}","_nested":{"field":"sections","offset":1},"_score":2.1,
                  "highlight":{"sections.text":["<em>招商引资</em> &lt;重点&gt; 项目按期完成"]} },
                 {"_index":"{{Index}}","_id":"{{Report1}}","_nested":{"field":"sections","offset":0},"_score":1.4,
                  "highlight":{"sections.text":["围绕<em>招商引资</em>目标"]} }]} } } },
              {"_index":"{{Index}}","_id":"{{Report2}}","_score":1.5,
               "_source":{"kind":"report","reportId":"{{Report2}}","bureauId":"{{BureauB}}","bureauCode":"WJW","bureauName":"区卫健委",
                          "fiscalYear":2023,"revision":1,"status":"Approved","selfScore":null,"selfGrade":null,
                          "changedAt":"2024-12-31T16:00:00Z","stamp":"s2","sections":[{"key":"basic","title":"基本情况"}]},
               "inner_hits":{"sections":{"hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]} } } }]} }
            """);

        var results = await _backend.SearchAsync(Query(), default);

        results.Total.ShouldBe(7);
        results.Hits.Count.ShouldBe(2);

        var first = results.Hits[0];
        first.ReportId.ShouldBe(Report1);
        first.BureauId.ShouldBe(BureauA);
        first.BureauCode.ShouldBe("JYJ");
        first.BureauName.ShouldBe("区教育局");
        first.FiscalYear.ShouldBe(2024);
        first.Revision.ShouldBe(2);
        first.Status.ShouldBe("Submitted");
        first.SelfScore.ShouldBe(92.5m);
        first.SelfGrade.ShouldBe("优");
        first.Score.ShouldBe(3.25);
        first.Fragments.ShouldBe(
        [
            new SearchFragment("analysis", "综合评价分析", "<em>招商引资</em> &lt;重点&gt; 项目按期完成"),
            new SearchFragment("basic", "基本情况", "围绕<em>招商引资</em>目标"),
        ]);

        var second = results.Hits[1];
        second.ReportId.ShouldBe(Report2);
        second.BureauId.ShouldBe(BureauB);
        second.SelfScore.ShouldBeNull();
        second.SelfGrade.ShouldBeNull();
        second.Score.ShouldBe(1.5);
        second.Fragments.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_search_error_surfaces_with_the_elasticsearch_reason()
    {
        _es.SearchAnswer = (400, FakeElasticsearch.Error("search_phase_execution_exception", "all shards failed", 400));

        var error = await Should.ThrowAsync<InvalidOperationException>(() => _backend.SearchAsync(Query(bureau: BureauA), default));

        error.Message.ShouldContain("400");
        error.Message.ShouldContain("search_phase_execution_exception");
        error.Message.ShouldContain(Index);
    }

    // ---- stamps (the catch-up's check) -----------------------------------------------------------

    [Fact]
    public async Task Stamps_are_read_with_one_mget_returning_the_stamp_only()
    {
        await _backend.UpsertAsync([Document(Report1, BureauA), Document(Report2, BureauB)], default);
        var unknown = Guid.Parse("99999999-8888-4777-8666-555555555555");

        var stamps = await _backend.GetStampsAsync([Report1, Report2, unknown], default);

        stamps.Count.ShouldBe(2); // an id the index does not hold is left out
        stamps[Report1].ShouldBe("stamp-11111111");
        stamps[Report2].ShouldBe("stamp-aaaaaaaa");
        var mget = _es.Matching("POST", $"/{Index}/_mget").ShouldHaveSingleItem();
        mget.Json["ids"]!.AsArray().Select(i => i!.GetValue<string>()).ShouldBe([Report1.ToString(), Report2.ToString(), unknown.ToString()]);
        mget.QueryValue("_source_includes").ShouldBe("stamp"); // no text comes back
        (await _backend.GetStampsAsync([], default)).ShouldBeEmpty();
        _es.Matching("POST", $"/{Index}/_mget").Count.ShouldBe(1); // nothing asked: no request
    }

    [Fact]
    public async Task Stamps_of_many_reports_are_asked_for_in_chunks()
    {
        var ids = Enumerable.Range(0, ElasticsearchSearchBackend.StampsPerRequest + 1).Select(_ => Guid.NewGuid()).ToList();

        (await _backend.GetStampsAsync(ids, default)).ShouldBeEmpty();

        var requests = _es.Matching("POST", $"/{Index}/_mget");
        requests.Select(r => r.Json["ids"]!.AsArray().Count).ShouldBe([ElasticsearchSearchBackend.StampsPerRequest, 1]);
    }

    [Fact]
    public async Task A_stamp_lookup_error_surfaces_with_the_elasticsearch_reason()
    {
        await _backend.UpsertAsync([Document(Report1, BureauA)], default);
        _es.Override = r => r.Path.EndsWith("/_mget", StringComparison.Ordinal)
            ? (200, $$$"""{"docs":[{"_index":"{{{Index}}}","_id":"{{{Report1}}}","error":{"type":"no_shard_available_action_exception","reason":"No shard available"}}]}""")
            : null;

        var error = await Should.ThrowAsync<InvalidOperationException>(() => _backend.GetStampsAsync([Report1], default));

        error.Message.ShouldContain("no_shard_available_action_exception");
    }

    // ---- watermark and clear ---------------------------------------------------------------------

    [Fact]
    public async Task The_watermark_round_trips_through_a_meta_document()
    {
        var watermark = new DateTime(2025, 3, 1, 8, 30, 15, DateTimeKind.Utc).AddTicks(1234567);

        (await _backend.GetWatermarkAsync(default)).ShouldBeNull();
        await _backend.SetWatermarkAsync(watermark, default);
        var read = await _backend.GetWatermarkAsync(default);

        read.ShouldBe(watermark);
        read!.Value.Kind.ShouldBe(DateTimeKind.Utc);
        var id = ElasticsearchSearchBackend.WatermarkId;
        _es.Matching("GET", $"/{Index}/_doc/{id}").Count.ShouldBe(2);
        var write = _es.Matching("PUT", $"/{Index}/_doc/{id}").ShouldHaveSingleItem();
        write.QueryValue("refresh").ShouldBe("wait_for");
        write.Json["kind"]!.GetValue<string>().ShouldBe("meta");
        write.Json["watermark"]!.GetValue<string>().ShouldBe("2025-03-01T08:30:15.1234567Z");
    }

    [Fact]
    public async Task Clear_deletes_the_index_and_the_next_use_recreates_it()
    {
        await _backend.UpsertAsync([Document(Report1, BureauA)], default);
        await _backend.SetWatermarkAsync(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), default);

        await _backend.ClearAsync(default);

        _es.Matching("DELETE", $"/{Index}").ShouldHaveSingleItem();
        _es.IndexExists.ShouldBeFalse();
        (await _backend.GetWatermarkAsync(default)).ShouldBeNull();
        _es.Matching("PUT", $"/{Index}").Count.ShouldBe(2);
        _es.Matching("HEAD", $"/{Index}").Count.ShouldBe(2);
    }

    [Fact]
    public async Task Clear_of_a_missing_index_is_fine()
    {
        await _backend.ClearAsync(default);

        _es.Matching("DELETE", $"/{Index}").ShouldHaveSingleItem();
    }

    // ---- client ---------------------------------------------------------------------------------

    [Fact]
    public async Task CreateClient_sends_the_api_key()
    {
        using var backend = NewBackend(apiKey: "test-api-key", user: "ignored", password: "ignored");

        await backend.GetWatermarkAsync(default);

        _es.Requests.ShouldAllBe(r => r.Authorization == "ApiKey test-api-key");
    }

    [Fact]
    public async Task CreateClient_sends_basic_auth_without_an_api_key()
    {
        using var backend = NewBackend(user: "elastic", password: "test-password");

        await backend.GetWatermarkAsync(default);

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:test-password"));
        _es.Requests.ShouldAllBe(r => r.Authorization == expected);
    }

    [Fact]
    public void CreateClient_needs_an_absolute_url()
    {
        Should.Throw<InvalidOperationException>(() => ElasticsearchSearchBackend.CreateClient(new ElasticsearchOptions { Url = null }));
        Should.Throw<InvalidOperationException>(() => ElasticsearchSearchBackend.CreateClient(new ElasticsearchOptions { Url = "es.internal:9200" }));
        Should.Throw<InvalidOperationException>(() => ElasticsearchSearchBackend.CreateClient(new ElasticsearchOptions { Url = "/es" }));
    }

    // ---- JSON helpers -----------------------------------------------------------------------------

    /// <summary>A bool clause list (Elasticsearch accepts a single query or an array).</summary>
    private static List<JsonNode> Clauses(JsonNode boolQuery, string occur) => boolQuery[occur] switch
    {
        null => [],
        JsonArray array => array.Select(q => q!).ToList(),
        var single => [single],
    };

    /// <summary>The value of a <c>term</c> query on <paramref name="field"/> as a string (short or long form), else null.</summary>
    private static string? TermValue(JsonNode query, string field)
    {
        var term = query["term"]?[field];
        var value = term is JsonObject ? term["value"] : term;
        return value switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => value.ToJsonString(),
        };
    }
}
