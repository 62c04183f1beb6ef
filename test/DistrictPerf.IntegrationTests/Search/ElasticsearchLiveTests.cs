using DistrictPerf.Modules.Search;
using DistrictPerf.Modules.Search.Backends;

namespace DistrictPerf.IntegrationTests.Search;

/// <summary>A fact that runs only when <c>DISTRICTPERF_ES_URL</c> names a cluster; otherwise it is reported as skipped.</summary>
public sealed class LiveElasticsearchFactAttribute : FactAttribute
{
    public const string UrlVariable = "DISTRICTPERF_ES_URL";

    public LiveElasticsearchFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(UrlVariable)))
        {
            Skip = $"Set {UrlVariable} (and DISTRICTPERF_ES_API_KEY or DISTRICTPERF_ES_USERNAME/PASSWORD, DISTRICTPERF_ES_FINGERPRINT, DISTRICTPERF_ES_ANALYZER) to run against a real cluster.";
        }
    }
}

/// <summary>
/// The Elasticsearch backend against a real cluster: index → search → bureau isolation → update →
/// watermark → clear, in a throw-away index that is deleted afterwards. The analyzer defaults to
/// "cjk" (built in) so any cluster works; set DISTRICTPERF_ES_ANALYZER=smartcn where the plugin is installed.
/// </summary>
public sealed class ElasticsearchLiveTests
{
    private static readonly Guid BureauA = Guid.NewGuid();
    private static readonly Guid BureauB = Guid.NewGuid();

    private static ElasticsearchOptions Options() => new()
    {
        Url = Environment.GetEnvironmentVariable(LiveElasticsearchFactAttribute.UrlVariable),
        Index = "districtperf-live-test-" + Guid.NewGuid().ToString("N"),
        Analyzer = Env("DISTRICTPERF_ES_ANALYZER") ?? "cjk",
        ApiKey = Env("DISTRICTPERF_ES_API_KEY"),
        Username = Env("DISTRICTPERF_ES_USERNAME"),
        Password = Env("DISTRICTPERF_ES_PASSWORD"),
        CertificateFingerprint = Env("DISTRICTPERF_ES_FINGERPRINT"),
    };

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    private static SearchDocument Report(Guid id, Guid bureau, int year, string status, string analysis, int revision = 1) => new(
        id, bureau, bureau == BureauA ? "JYJ" : "WJW", bureau == BureauA ? "区教育局" : "区卫健委", year, revision, status,
        88.5m, "良", DateTime.UtcNow, "stamp-" + revision,
        [
            new SearchSection("basic", "基本情况", "部门预算执行情况总体良好。"),
            new SearchSection("analysis", "综合评价分析", analysis),
        ]);

    [LiveElasticsearchFact]
    public async Task Index_search_isolation_update_watermark_and_clear_round_trip()
    {
        var options = Options();
        using var backend = new ElasticsearchSearchBackend(ElasticsearchSearchBackend.CreateClient(options), options);
        try
        {
            await RoundTripAsync(backend);
        }
        finally
        {
            await backend.ClearAsync(default);
        }
    }

    private static async Task RoundTripAsync(ElasticsearchSearchBackend backend)
    {
        var a1 = Guid.NewGuid();
        var a0 = Guid.NewGuid();
        var b1 = Guid.NewGuid();
        var b2 = Guid.NewGuid();
        await backend.UpsertAsync(
        [
            Report(a1, BureauA, 2024, "Submitted", "全年招商引资项目 <b>按期</b> 完成。"),
            Report(a0, BureauA, 2024, "Superseded", "全年招商引资项目按期完成（旧版）。"),
            Report(b1, BureauB, 2024, "Approved", "招商引资配套资金到位。"),
            Report(b2, BureauB, 2023, "Approved", "公共卫生服务补助资金足额拨付。"),
        ], default);

        // The stamps the catch-up compares: real-time, the ids the index holds only.
        var stamps = await backend.GetStampsAsync([a1, b2, Guid.NewGuid()], default);
        stamps.Count.ShouldBe(2);
        (stamps[a1], stamps[b2]).ShouldBe(("stamp-1", "stamp-1"));

        // A bureau sees only its own current report, with a highlighted, HTML-encoded fragment.
        var bureauA = await backend.SearchAsync(new SearchQuery("招商引资", BureauA, null, false, 0, 20), default);
        bureauA.Total.ShouldBe(1);
        var hit = bureauA.Hits.ShouldHaveSingleItem();
        hit.ReportId.ShouldBe(a1);
        hit.BureauId.ShouldBe(BureauA);
        hit.SelfScore.ShouldBe(88.5m);
        hit.Score.ShouldBeGreaterThan(0);
        var fragment = hit.Fragments.ShouldHaveSingleItem();
        fragment.SectionKey.ShouldBe("analysis");
        fragment.SectionTitle.ShouldBe("综合评价分析");
        fragment.Html.ShouldContain("<em>");
        fragment.Html.ShouldContain("&lt;b&gt;");
        fragment.Html.ShouldNotContain("<b>");

        (await backend.SearchAsync(new SearchQuery("招商引资", BureauA, null, true, 0, 20), default))
            .Hits.Select(h => h.ReportId).ShouldBe([a1, a0], ignoreOrder: true);

        // Another bureau never sees bureau A's text, however it asks.
        (await backend.SearchAsync(new SearchQuery("按期", BureauB, null, true, 0, 20), default)).Total.ShouldBe(0);

        // The host sees all bureaus; year filter and paging apply.
        (await backend.SearchAsync(new SearchQuery("招商引资", null, null, false, 0, 20), default))
            .Hits.Select(h => h.ReportId).ShouldBe([a1, b1], ignoreOrder: true);
        (await backend.SearchAsync(new SearchQuery("资金", null, 2023, false, 0, 20), default))
            .Hits.Select(h => h.ReportId).ShouldBe([b2]);
        var paged = await backend.SearchAsync(new SearchQuery("招商引资", null, null, false, 1, 1), default);
        paged.Total.ShouldBe(2);
        paged.Hits.Count.ShouldBe(1);

        // Upsert replaces by report id.
        await backend.UpsertAsync([Report(a1, BureauA, 2024, "Submitted", "绩效目标全部完成。", revision: 2)], default);
        (await backend.SearchAsync(new SearchQuery("招商引资", BureauA, null, false, 0, 20), default)).Total.ShouldBe(0);
        var updated = await backend.SearchAsync(new SearchQuery("绩效目标", BureauA, null, false, 0, 20), default);
        updated.Hits.ShouldHaveSingleItem().Revision.ShouldBe(2);
        (await backend.GetStampsAsync([a1], default))[a1].ShouldBe("stamp-2");

        // Watermark, then clear empties both.
        var watermark = new DateTime(2025, 3, 1, 8, 30, 15, DateTimeKind.Utc).AddTicks(1234567);
        (await backend.GetWatermarkAsync(default)).ShouldBeNull();
        await backend.SetWatermarkAsync(watermark, default);
        (await backend.GetWatermarkAsync(default)).ShouldBe(watermark);
        (await backend.SearchAsync(new SearchQuery("绩效目标", null, null, true, 0, 20), default)).Total.ShouldBe(1);

        await backend.ClearAsync(default);
        (await backend.GetWatermarkAsync(default)).ShouldBeNull();
        (await backend.SearchAsync(new SearchQuery("绩效目标", null, null, true, 0, 20), default)).Total.ShouldBe(0);
    }
}
