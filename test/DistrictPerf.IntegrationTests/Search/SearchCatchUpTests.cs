using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Reports.Contracts;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.Modules.Reports.Features;
using DistrictPerf.Modules.Search.Backends;
using DistrictPerf.Modules.Search.Indexing;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DistrictPerf.IntegrationTests.Search;

/// <summary>
/// The catch-up before each search and the reports' keyset paging, on the real SQLite file and Lucene index: the check
/// reads stamps, and the text only of the reports the index does not hold as they are; a report written inside the
/// overlap before the watermark, or while a catch-up runs, is still found; pages return every report once, however many
/// share a write time, and a write while paging never hides a report. An app of its own whose report source is counted.
/// </summary>
public sealed class SearchCatchUpTests : IAsyncLifetime
{
    private const int Year = 2047;
    private readonly SourceCounts _counts = new();
    private readonly AppFixture _app;

    public SearchCatchUpTests() =>
        _app = AppFixture.With(s => s.AddScoped<IReportSearchSource>(sp => new CountingReportSource(new ReportSearchSource(sp.GetRequiredService<DbContext>()), _counts)));

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    private SearchIndexer Indexer => _app.Services.GetRequiredService<SearchIndexer>();

    private ISearchBackend Backend => _app.Services.GetRequiredService<ISearchBackend>();

    [Fact]
    public async Task TheCheck_ReadsTheTextOnlyOfReportsTheIndexDoesNotHoldAsTheyAre_AlsoInANewProcess()
    {
        var bureaus = await BureausAsync("冷链物流", "智慧停车", "农贸市场");
        var root = await _app.RootAsync();
        _counts.Reset();
        (await TotalAsync(root, "招商引资")).ShouldBe(3);
        _counts.Documents.ShouldBe(3); // the first search indexes them: their text read once

        // Nothing changed: the three reports are inside the overlap and looked at again, by their stamps only.
        _counts.Reset();
        (await Indexer.CatchUpAsync(CancellationToken.None)).ShouldBe(0);
        (await TotalAsync(root, "招商引资")).ShouldBe(3);
        _counts.Stamps.ShouldBe(6);
        _counts.Documents.ShouldBe(0);

        // One edit: that report's text alone is read, although the other two are in the overlap too.
        await WriteReportAsync(bureaus[1].Bureau.Admin, "完成老旧小区改造。");
        _counts.Reset();
        (await TotalAsync(root, "老旧小区")).ShouldBe(1);
        _counts.Documents.ShouldBe(1);
        (await TotalAsync(root, "智慧停车")).ShouldBe(0);

        // What the index holds is recorded with the index, not in the indexer: a new indexer on the same index reads no
        // text either (that the stamps survive reopening the index: LuceneBackendTests).
        using var restarted = new SearchIndexer(Backend, _app.Services.GetRequiredService<IServiceScopeFactory>(), NullLogger<SearchIndexer>.Instance);
        _counts.Reset();
        (await restarted.CatchUpAsync(CancellationToken.None)).ShouldBe(0);
        _counts.Stamps.ShouldBe(3);
        _counts.Documents.ShouldBe(0);
    }

    [Fact]
    public async Task AReportWrittenInsideTheOverlapBeforeTheWatermark_IsStillFound_AndSoIsAnEditThere()
    {
        var (first, firstWord) = (await BureausAsync("冷链物流"))[0];
        var root = await _app.RootAsync();
        (await TotalAsync(root, firstWord)).ShouldBe(1);
        var watermark = (await Backend.GetWatermarkAsync(CancellationToken.None)).ShouldNotBeNull();

        // A report whose transaction committed after the watermark had passed its write time: written now, dated a
        // minute before the watermark (inside the two-minute overlap).
        var late = await _app.CreateBureauAsync();
        await WriteReportAsync(late.Admin, "全年推进智慧停车项目建设。");
        await BackdateAsync(late.Id, watermark.AddMinutes(-1));
        (await TotalAsync(root, "智慧停车")).ShouldBe(1);
        (await Backend.GetWatermarkAsync(CancellationToken.None)).ShouldBe(watermark); // the check did not move it past anything

        // An edit of an indexed report, dated inside the overlap too: the new words are found, the old ones gone.
        await WriteReportAsync(first.Admin, "完成老旧小区改造。");
        await BackdateAsync(first.Id, watermark.AddSeconds(-30));
        (await TotalAsync(root, "老旧小区")).ShouldBe(1);
        (await TotalAsync(root, firstWord)).ShouldBe(0);
    }

    [Fact]
    public async Task AReportWrittenWhileACatchUpRuns_IsFoundByTheNextSearch()
    {
        var bureaus = await BureausAsync("冷链物流", "智慧停车");
        var root = await _app.RootAsync();
        (await TotalAsync(root, "招商引资")).ShouldBe(2);
        var (held, changing) = (bureaus[0].Bureau, bureaus[1].Bureau);

        // The second report changes (its stamp differs from the index's); the catch-up reads the stamps, and then, before
        // it reads the texts, both reports are written again.
        await WriteReportAsync(changing.Admin, "推进全域旅游建设。");
        _counts.AfterStamps = async () =>
        {
            await WriteReportAsync(held.Admin, "完成垃圾分类示范小区建设。");
            await WriteReportAsync(changing.Admin, "推进农贸市场升级改造。");
        };
        (await Indexer.CatchUpAsync(CancellationToken.None)).ShouldBe(1);
        _counts.AfterStamps.ShouldBeNull(); // the writes did happen inside the catch-up

        // The next search: each report as it is now, none of the words it no longer has.
        (await TotalAsync(root, "垃圾分类")).ShouldBe(1);
        (await TotalAsync(root, "冷链物流")).ShouldBe(0);
        (await TotalAsync(root, "农贸市场")).ShouldBe(1);
        (await TotalAsync(root, "全域旅游")).ShouldBe(0);
        (await TotalAsync(root, "智慧停车")).ShouldBe(0);
    }

    [Fact]
    public async Task ACatchUpOfManyReports_ReadsTheirTextABatchAtATime()
    {
        // Five reports, none indexed yet (as on a first start, or after a cancelled rebuild).
        var bureaus = await BureausAsync("冷链物流", "智慧停车", "农贸市场", "全域旅游", "垃圾分类");
        Indexer.CatchUpBatchSize = 2;
        _counts.Reset();

        (await Indexer.CatchUpAsync(CancellationToken.None)).ShouldBe(5);
        _counts.Documents.ShouldBe(5);
        _counts.Largest.ShouldBe(2);

        var root = await _app.RootAsync();
        foreach (var (bureau, word) in bureaus)
        {
            var page = await SearchAsync(root, word);
            page.GetProperty("hits").EnumerateArray().ShouldHaveSingleItem().GetProperty("bureauId").GetGuid().ShouldBe(bureau.Id);
        }

        _counts.Reset();
        (await Indexer.CatchUpAsync(CancellationToken.None)).ShouldBe(0);
        _counts.Documents.ShouldBe(0);
    }

    [Fact]
    public async Task Pages_ReturnEveryReportOnce_HoweverManyShareAWriteTime()
    {
        var (tenant, all) = await ReportsSharingWriteTimesAsync();
        foreach (var size in new[] { 1, 4, 5, 12, 27, 100 })
        {
            var read = await ReadAllAsync(size);
            read.Select(d => d.ReportId).ShouldBe(all.Keys, ignoreOrder: true, $"pages of {size}");
            read.Select(d => d.ChangedAt).ShouldBeInOrder(SortDirection.Ascending, $"pages of {size}");
            read.ShouldAllBe(d => d.BureauId == tenant && d.ChangedAt == all[d.ReportId]);
        }

        // The stamps, oldest first, of the reports written at or after a time (18 share it, 5 are later).
        await using var scope = _app.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<ICurrentTenant>().Change(null);
        var source = scope.ServiceProvider.GetRequiredService<IReportSearchSource>();
        var shared = all.Values.GroupBy(t => t).Single(g => g.Count() == 18).Key;
        var stamps = await source.StampsChangedSinceAsync(shared);
        stamps.Count.ShouldBe(23);
        stamps.Select(s => s.ChangedAt).ShouldBeInOrder(SortDirection.Ascending);
        stamps.Select(s => s.ReportId).ShouldBe(all.Where(r => r.Value >= shared).Select(r => r.Key), ignoreOrder: true);
        (await source.CountAsync()).ShouldBe(27);
    }

    [Fact]
    public async Task AReportWrittenWhilePaging_IsNeverSkipped_ItComesAgainWithItsNewVersion()
    {
        var (tenant, all) = await ReportsSharingWriteTimesAsync();
        await using var scope = _app.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<ICurrentTenant>().Change(null);
        var source = scope.ServiceProvider.GetRequiredService<IReportSearchSource>();

        var page = await source.PageAsync(null, 4);
        var read = new List<ReportSearchDocument>(page.Documents);
        var (passed, ahead) = (read[1].ReportId, all.OrderByDescending(r => r.Value).First().Key);
        await EditAsync(tenant, passed, "已读过的报告又改了。");
        await EditAsync(tenant, ahead, "未读到的报告改了。");
        while (!page.IsLast)
        {
            page = await source.PageAsync(page.Next, 4);
            read.AddRange(page.Documents);
        }

        // Every report; the one already read comes again with its edit, the one not yet read comes once, edited.
        read.Select(d => d.ReportId).Distinct().ShouldBe(all.Keys, ignoreOrder: true);
        read.Count.ShouldBe(all.Count + 1);
        read.Where(d => d.ReportId == passed).Select(d => d.Sections.SingleOrDefault(s => s.Key == "evaluation")?.Text)
            .ShouldBe([null, "已读过的报告又改了。"]);
        read.Single(d => d.ReportId == ahead).Sections.Single(s => s.Key == "evaluation").Text.ShouldBe("未读到的报告改了。");
    }

    /// <summary>
    /// 27 reports of one bureau written directly (write times set): 12 created at one time t, 6 created earlier and
    /// modified at t, 4 created before, 3 modified after, 2 created one tick after t. Returns each id's write time.
    /// </summary>
    private async Task<(Guid Tenant, Dictionary<Guid, DateTime> All)> ReportsSharingWriteTimesAsync()
    {
        var now = DateTime.UtcNow.AddDays(-1);
        var t = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc).AddTicks(1_234_567);
        List<(DateTime Created, DateTime? Modified)> specs =
        [
            .. Enumerable.Repeat((t, (DateTime?)null), 12),
            .. Enumerable.Repeat((t.AddDays(-1), (DateTime?)t), 6),
            .. Enumerable.Repeat((t.AddHours(-2), (DateTime?)null), 4),
            .. Enumerable.Repeat((t.AddDays(-3), (DateTime?)t.AddMinutes(1)), 3),
            .. Enumerable.Repeat((t.AddTicks(1), (DateTime?)null), 2),
        ];
        var tenant = Guid.NewGuid();
        var reports = specs.Select((s, i) => new SelfEvaluationReport
        {
            FiscalYear = 2100 + i, Status = ReportStatus.Draft, CreatedAt = s.Created, ModifiedAt = s.Modified, BasicInfo = $"第{i}份报告。",
        }).ToList();
        await _app.WithDbAsync(async db =>
        {
            db.AddRange(reports);
            return await db.SaveChangesAsync();
        }, tenant);
        return (tenant, reports.ToDictionary(r => r.Id, r => r.ModifiedAt ?? r.CreatedAt));
    }

    private async Task<List<ReportSearchDocument>> ReadAllAsync(int size)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<ICurrentTenant>().Change(null);
        var source = scope.ServiceProvider.GetRequiredService<IReportSearchSource>();
        var all = new List<ReportSearchDocument>();
        ReportSearchPage? page = null;
        do
        {
            page = await source.PageAsync(page?.Next, size);
            page.Documents.Count.ShouldBeLessThanOrEqualTo(size);
            if (page.Documents.Count > 0)
            {
                page.Next.ShouldBe(new ReportSearchCursor(page.Documents[^1].ChangedAt, page.Documents[^1].ReportId));
            }

            all.AddRange(page.Documents);
        }
        while (!page.IsLast);

        return all;
    }

    private Task<int> EditAsync(Guid tenant, Guid id, string evaluation) => _app.WithDbAsync(async db =>
    {
        var report = await db.Set<SelfEvaluationReport>().SingleAsync(r => r.Id == id);
        report.Evaluation = evaluation;
        return await db.SaveChangesAsync();
    }, tenant);

    /// <summary>Dates a bureau's report (both its times, so its write time is <paramref name="at"/>), as a late-committing transaction would have.</summary>
    private Task<int> BackdateAsync(Guid bureau, DateTime at) => _app.WithDbAsync(
        db => db.Set<SelfEvaluationReport>().Where(r => r.FiscalYear == Year)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.CreatedAt, at.AddSeconds(-10)).SetProperty(r => r.ModifiedAt, at)), bureau);

    private async Task<List<(TestBureau Bureau, string Word)>> BureausAsync(params string[] words)
    {
        var bureaus = new List<(TestBureau, string)>();
        foreach (var word in words)
        {
            var bureau = await _app.CreateBureauAsync();
            await WriteReportAsync(bureau.Admin, $"全年推进{word}项目建设，招商引资成效明显。");
            bureaus.Add((bureau, word));
        }

        return bureaus;
    }

    private static async Task<JsonElement> SearchAsync(HttpClient client, string q) =>
        await (await client.GetAsync($"/api/host/search?q={Uri.EscapeDataString(q)}")).ReadJsonAsync();

    private static async Task<long> TotalAsync(HttpClient client, string q) => (await SearchAsync(client, q)).GetProperty("total").GetInt64();

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
