using DistrictPerf.Modules.Search.Backends;

namespace DistrictPerf.IntegrationTests.Search;

/// <summary>The Lucene backend on a real index folder: filters, paging, highlighting, the durable watermark.</summary>
public sealed class LuceneBackendTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"districtperf-lucene-{Guid.NewGuid():N}");
    private static readonly Guid BureauA = Guid.NewGuid();
    private static readonly Guid BureauB = Guid.NewGuid();

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static SearchDocument Doc(Guid bureau, int year, int revision, string status, string text) => new(
        Guid.NewGuid(), bureau, bureau == BureauA ? "A" : "B", bureau == BureauA ? "甲局" : "乙局", year, revision, status, 91.5m, "优",
        new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), Guid.NewGuid().ToString("N"), [new SearchSection("evaluation", "二、综合评价分析", text)]);

    private static SearchQuery Query(string text, Guid? bureau = null, int? year = null, bool superseded = false, int skip = 0, int take = 20) =>
        new(text, bureau, year, superseded, skip, take);

    [Fact]
    public void SmartCn_KeepsPhrasesWhole_AndSplitsCompounds()
    {
        using var backend = new LuceneSearchBackend(_folder);
        backend.Tokens("招商引资").ShouldBe(["招商引资"]);
        backend.Tokens("预算执行率").ShouldBe(["预算", "执行", "率"]);
    }

    [Fact]
    public async Task Filters_ByBureau_Year_AndStatus_WithPaging()
    {
        using var backend = new LuceneSearchBackend(_folder);
        var old = Doc(BureauA, 2021, 1, "Superseded", "招商引资 旧版本");
        var current = Doc(BureauA, 2021, 2, "Approved", "招商引资 新版本");
        var other = Doc(BureauB, 2021, 1, "Published", "招商引资 乙局");
        var later = Doc(BureauA, 2022, 1, "Draft", "招商引资 二〇二二");
        await backend.UpsertAsync([old, current, other, later], CancellationToken.None);

        (await backend.SearchAsync(Query("招商引资"), CancellationToken.None)).Total.ShouldBe(3); // superseded left out
        (await backend.SearchAsync(Query("招商引资", superseded: true), CancellationToken.None)).Total.ShouldBe(4);
        var a = await backend.SearchAsync(Query("招商引资", BureauA), CancellationToken.None);
        a.Hits.Select(h => h.ReportId).Order().ShouldBe(new[] { current.ReportId, later.ReportId }.Order());
        (await backend.SearchAsync(Query("招商引资", BureauA, 2021), CancellationToken.None)).Hits.Single().ReportId.ShouldBe(current.ReportId);
        (await backend.SearchAsync(Query("乙局", BureauA), CancellationToken.None)).Total.ShouldBe(0);

        var page1 = await backend.SearchAsync(Query("招商引资", take: 2), CancellationToken.None);
        var page2 = await backend.SearchAsync(Query("招商引资", skip: 2, take: 2), CancellationToken.None);
        page1.Total.ShouldBe(3);
        page1.Hits.Count.ShouldBe(2);
        page2.Hits.Count.ShouldBe(1);
        page1.Hits.Concat(page2.Hits).Select(h => h.ReportId).Distinct().Count().ShouldBe(3);

        var hit = a.Hits.Single(h => h.ReportId == current.ReportId);
        (hit.BureauCode, hit.BureauName, hit.FiscalYear, hit.Revision, hit.Status, hit.SelfScore, hit.SelfGrade).ShouldBe(("A", "甲局", 2021, 2, "Approved", 91.5m, "优"));
    }

    [Fact]
    public async Task Fragments_EncodeMarkup_ButKeepChinese()
    {
        using var backend = new LuceneSearchBackend(_folder);
        await backend.UpsertAsync([Doc(BureauA, 2021, 1, "Draft", "<script>alert(1)</script> 招商引资成效显著 & 稳步推进")], CancellationToken.None);
        var html = (await backend.SearchAsync(Query("招商引资"), CancellationToken.None)).Hits.Single().Fragments.Single().Html;
        html.ShouldContain("<em>招商引资</em>");
        html.ShouldContain("&lt;script&gt;");
        html.ShouldNotContain("<script>");
        html.ShouldContain("&amp;");
    }

    [Fact]
    public async Task Upserts_ReplaceByReportId_AndTheWatermarkSurvivesAReopen()
    {
        var watermark = new DateTime(2026, 11, 26, 3, 4, 5, DateTimeKind.Utc);
        var doc = Doc(BureauA, 2021, 1, "Draft", "农贸市场升级改造");
        using (var backend = new LuceneSearchBackend(_folder))
        {
            (await backend.GetWatermarkAsync(CancellationToken.None)).ShouldBeNull();
            await backend.UpsertAsync([doc], CancellationToken.None);
            await backend.UpsertAsync([doc with { Sections = [new SearchSection("evaluation", "二、综合评价分析", "智慧停车系统建设")] }], CancellationToken.None);
            await backend.SetWatermarkAsync(watermark, CancellationToken.None);
            (await backend.SearchAsync(Query("农贸市场"), CancellationToken.None)).Total.ShouldBe(0);
            (await backend.SearchAsync(Query("智慧停车"), CancellationToken.None)).Total.ShouldBe(1);
        }

        using (var reopened = new LuceneSearchBackend(_folder))
        {
            (await reopened.GetWatermarkAsync(CancellationToken.None)).ShouldBe(watermark);
            (await reopened.SearchAsync(Query("智慧停车"), CancellationToken.None)).Total.ShouldBe(1);
            await reopened.ClearAsync(CancellationToken.None);
            (await reopened.GetWatermarkAsync(CancellationToken.None)).ShouldBeNull();
            (await reopened.SearchAsync(Query("智慧停车"), CancellationToken.None)).Total.ShouldBe(0);
        }
    }
}
