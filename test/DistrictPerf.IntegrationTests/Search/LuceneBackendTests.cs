using DistrictPerf.Modules.Search.Backends;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace DistrictPerf.IntegrationTests.Search;

/// <summary>The Lucene backend on a real index folder: filters, paging, highlighting, the durable watermark.</summary>
public sealed class LuceneBackendTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"districtperf-lucene-{Guid.NewGuid():N}");
    private static readonly Guid BureauA = Guid.NewGuid();
    private static readonly Guid BureauB = Guid.NewGuid();

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_folder))
        {
            System.IO.Directory.Delete(_folder, recursive: true);
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

    [Fact]
    public async Task Fragments_ComeFromTheIndexedOffsets_InTheRightSection_AroundTheWords()
    {
        using var backend = new LuceneSearchBackend(_folder);
        var filler = string.Concat(Enumerable.Repeat("本年度各项工作有序推进，资金使用规范。", 20)); // 380 characters without the words
        var doc = Doc(BureauA, 2021, 1, "Draft", "") with
        {
            Sections =
            [
                new SearchSection("basicInfo", "一、基本情况", "本部门内设科室 3 个。"),
                new SearchSection("evaluation", "二、综合评价分析", filler + "全年招商引资签约项目 12 个。" + filler + "冷链物流园区建成投用。" + filler),
                new SearchSection("problems", "三、存在的主要问题", filler),
                new SearchSection("measures", "四、下一步改进措施", "继续做好招商引资<工作>。"),
            ],
        };
        await backend.UpsertAsync([doc], CancellationToken.None);

        var hit = (await backend.SearchAsync(Query("招商引资 冷链物流"), CancellationToken.None)).Hits.Single();
        hit.Fragments.Select(f => f.SectionKey).ShouldBe(["evaluation", "measures"]); // sections without the words have none
        var evaluation = hit.Fragments[0];
        evaluation.SectionTitle.ShouldBe("二、综合评价分析");
        // Two windows, one around each word (far apart), each starting at its sentence and cut with an ellipsis.
        var pieces = evaluation.Html.Split("… …").Select((p, i) => i == 0 ? p + "…" : "…" + p).ToArray();
        pieces.Length.ShouldBe(2);
        pieces[0].ShouldStartWith("…全年<em>招商引资</em>签约项目 12 个。");
        pieces[1].ShouldStartWith("…<em>冷链物流</em>园区建成投用。");
        pieces.ShouldAllBe(p => p.EndsWith('…') && p.Length < 120);
        hit.Fragments[1].Html.ShouldBe("继续做好<em>招商引资</em>&lt;工作&gt;。");
    }

    [Fact]
    public async Task ManyDocuments_AreIndexedOnEveryCore_EachFoundByItsOwnWord()
    {
        string[] words = ["冷链物流", "智慧停车", "农贸市场", "全域旅游", "垃圾分类", "老旧小区"];
        using var backend = new LuceneSearchBackend(_folder) { IndexingThreads = 4 };
        var docs = Enumerable.Range(0, 120).Select(i => Doc(i % 2 == 0 ? BureauA : BureauB, 2021, 1, "Published", $"第{i}号报告：推进{words[i % words.Length]}建设，招商引资成效明显。")).ToList();
        var progress = 0;
        await backend.UpsertAsync(docs, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), n => Interlocked.Exchange(ref progress, Math.Max(progress, n)), CancellationToken.None);

        progress.ShouldBe(120);
        (await backend.SearchAsync(Query("招商引资", take: 50), CancellationToken.None)).Total.ShouldBe(120);
        foreach (var word in words)
        {
            (await backend.SearchAsync(Query(word, take: 50), CancellationToken.None)).Total.ShouldBe(20, word);
            (await backend.SearchAsync(Query(word, BureauA, take: 50), CancellationToken.None)).Hits.ShouldAllBe(h => h.BureauId == BureauA);
        }

        (await backend.GetWatermarkAsync(CancellationToken.None)).ShouldBe(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task AnIndexOfTheOlderLayout_IsEmptiedOnOpening_SoTheCatchUpRebuildsIt()
    {
        // What the previous version wrote: the content as several values without offsets, a watermark, no format.
        using (var directory = FSDirectory.Open(_folder))
        using (var analyzer = new SmartChineseAnalyzer(LuceneVersion.LUCENE_48))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer)))
        {
            writer.AddDocument(new Document
            {
                new StringField("id", Guid.NewGuid().ToString("N"), Field.Store.YES),
                new TextField("content", "甲局", Field.Store.NO),
                new TextField("content", "招商引资成效显著", Field.Store.NO),
            });
            writer.SetCommitData(new Dictionary<string, string> { ["watermark"] = DateTime.UtcNow.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            writer.Commit();
        }

        using (var backend = new LuceneSearchBackend(_folder))
        {
            backend.ReplacedOlderIndex.ShouldBeTrue();
            (await backend.GetWatermarkAsync(CancellationToken.None)).ShouldBeNull(); // the next catch-up indexes every report
            (await backend.SearchAsync(Query("招商引资"), CancellationToken.None)).Total.ShouldBe(0);
            await backend.UpsertAsync([Doc(BureauA, 2021, 1, "Draft", "招商引资成效显著")], CancellationToken.None);
            (await backend.SearchAsync(Query("招商引资"), CancellationToken.None)).Hits.Single().Fragments.Single().Html.ShouldBe("<em>招商引资</em>成效显著");
        }

        // Once in the current layout, reopening keeps it.
        using var reopened = new LuceneSearchBackend(_folder);
        reopened.ReplacedOlderIndex.ShouldBeFalse();
        (await reopened.SearchAsync(Query("招商引资"), CancellationToken.None)).Total.ShouldBe(1);
    }

    [Fact]
    public async Task Stamps_AreTheLiveVersionsOnes_AndSurviveAReopen()
    {
        var (a, b) = (Doc(BureauA, 2021, 1, "Draft", "农贸市场"), Doc(BureauB, 2021, 1, "Draft", "智慧停车"));
        using (var backend = new LuceneSearchBackend(_folder))
        {
            (await backend.GetStampsAsync([a.ReportId], CancellationToken.None)).ShouldBeEmpty();
            await backend.UpsertAsync([a, b], CancellationToken.None);
            await backend.UpsertAsync([a with { Stamp = "second" }], CancellationToken.None); // the first version is deleted, still in its segment
            var stamps = await backend.GetStampsAsync([a.ReportId, b.ReportId, Guid.NewGuid()], CancellationToken.None);
            stamps.Count.ShouldBe(2);
            (stamps[a.ReportId], stamps[b.ReportId]).ShouldBe(("second", b.Stamp));
        }

        using (var reopened = new LuceneSearchBackend(_folder))
        {
            (await reopened.GetStampsAsync([a.ReportId], CancellationToken.None))[a.ReportId].ShouldBe("second");
            await reopened.ClearAsync(CancellationToken.None);
            (await reopened.GetStampsAsync([a.ReportId, b.ReportId], CancellationToken.None)).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Stamps_OfDocumentsAddedButNotCommitted_AreNotClaimed_UntilTheCommit()
    {
        using var backend = new LuceneSearchBackend(_folder);
        var doc = Doc(BureauA, 2021, 1, "Draft", "农贸市场");
        await backend.UpsertAsync([doc], CancellationToken.None);

        // Added (as a cancelled rebuild page leaves it), not committed: the index holds the first version still.
        var second = doc with { Stamp = "second" };
        await backend.AddAsync([second], null, CancellationToken.None);
        (await backend.GetStampsAsync([doc.ReportId], CancellationToken.None))[doc.ReportId].ShouldBe(doc.Stamp);

        backend.Commit(null);
        (await backend.GetStampsAsync([doc.ReportId], CancellationToken.None))[doc.ReportId].ShouldBe("second");
    }

    [Fact]
    public async Task Stamps_OfDocumentsWrittenBeforeTheirDocValues_AreReadFromTheStoredField()
    {
        // What the previous version wrote in the same layout (format 2): the stamp stored, no doc value.
        var old = Guid.NewGuid();
        using (var directory = FSDirectory.Open(_folder))
        using (var analyzer = new SmartChineseAnalyzer(LuceneVersion.LUCENE_48))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer)))
        {
            writer.AddDocument(new Document
            {
                new StringField("id", old.ToString("N"), Field.Store.YES),
                new StoredField("stamp", "stored-only"),
            });
            writer.SetCommitData(new Dictionary<string, string> { ["format"] = LuceneSearchBackend.Format });
            writer.Commit();
        }

        var current = Doc(BureauA, 2021, 1, "Draft", "农贸市场");
        using (var backend = new LuceneSearchBackend(_folder))
        {
            backend.ReplacedOlderIndex.ShouldBeFalse();
            await backend.UpsertAsync([current], CancellationToken.None);
            var stamps = await backend.GetStampsAsync([old, current.ReportId], CancellationToken.None);
            (stamps[old], stamps[current.ReportId]).ShouldBe(("stored-only", current.Stamp));
        }

        // Merged into one segment with the stamp's doc values, the old document has an empty value there: still its stored stamp.
        using (var directory = FSDirectory.Open(_folder))
        using (var analyzer = new SmartChineseAnalyzer(LuceneVersion.LUCENE_48))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer)))
        {
            writer.ForceMerge(1);
            writer.Commit();
        }

        using var merged = new LuceneSearchBackend(_folder);
        var after = await merged.GetStampsAsync([old, current.ReportId], CancellationToken.None);
        (after[old], after[current.ReportId]).ShouldBe(("stored-only", current.Stamp));
    }

    [Fact]
    public async Task WordsSideBySide_RankFirst_AndTheTwoStepRankingIsTheExactOne()
    {
        var apart = Enumerable.Range(0, 30).Select(i => Doc(BureauA, 2021, 1, "Published", $"第{i}份：招商引资工作稳步推进，全年签约项目若干。")).ToList();
        var together = Enumerable.Range(0, 5).Select(i => Doc(BureauB, 2021, 1, "Published", $"第{i}份：全年招商引资签约项目 12 个。")).ToList();
        using (var backend = new LuceneSearchBackend(_folder))
        {
            await backend.UpsertAsync([.. apart, .. together], CancellationToken.None);
        }

        var twoStep = new LuceneSearchBackend(_folder);
        var page = await twoStep.SearchAsync(Query("招商引资 签约项目", take: 10), CancellationToken.None);
        page.Total.ShouldBe(35);
        page.Hits.Take(5).Select(h => h.ReportId).Order().ShouldBe(together.Select(d => d.ReportId).Order());
        twoStep.Dispose();

        using var exact = new LuceneSearchBackend(_folder) { ExactRanking = true };
        var exactPage = await exact.SearchAsync(Query("招商引资 签约项目", take: 10), CancellationToken.None);
        exactPage.Hits.Select(h => (h.ReportId, h.Score)).ShouldBe(page.Hits.Select(h => (h.ReportId, h.Score)));
    }
}
