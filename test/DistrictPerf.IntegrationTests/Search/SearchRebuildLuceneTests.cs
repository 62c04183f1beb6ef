using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Reports.Contracts;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.Modules.Reports.Features;
using DistrictPerf.Modules.Search.Backends;
using DistrictPerf.Modules.Search.Indexing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests.Search;

/// <summary>
/// The rebuild on the real Lucene index (documents analysed on every core): it indexes exactly every report, a cancel
/// stops it between batches and leaves the committed batches with their watermark, the next catch-up indexes the rest,
/// edits are still caught up and a bureau still finds only its own words. An app of its own (batches of 2) whose index
/// can hold a batch until the test lets it go, so "while it runs" is certain.
/// </summary>
#pragma warning disable CA1001 // the index is disposed in DisposeAsync (xUnit's IAsyncLifetime), after the app
public sealed class SearchRebuildLuceneTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private const int Year = 2044;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"districtperf-rebuild-{Guid.NewGuid():N}");
    private readonly HoldingBackend _backend;
    private readonly SourceCounts _counts = new();
    private readonly AppFixture _app;

    public SearchRebuildLuceneTests()
    {
        _backend = new HoldingBackend(new LuceneSearchBackend(_folder));
        _app = AppFixture.With(s => s
            .AddSingleton<ISearchBackend>(_backend)
            .AddScoped<IReportSearchSource>(sp => new CountingReportSource(new ReportSearchSource(sp.GetRequiredService<DbContext>()), _counts)));
    }

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_app).DisposeAsync();
        _backend.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Five bureaus, each with a report of its own word (written one after another: oldest first).</summary>
    private async Task<List<(TestBureau Bureau, string Word)>> FiveBureausAsync()
    {
        string[] words = ["冷链物流", "智慧停车", "农贸市场", "全域旅游", "垃圾分类"];
        var bureaus = new List<(TestBureau, string)>();
        foreach (var word in words)
        {
            var bureau = await _app.CreateBureauAsync();
            await WriteReportAsync(bureau.Admin, $"全年推进{word}项目建设，招商引资成效明显。");
            bureaus.Add((bureau, word));
        }

        return bureaus;
    }

    [Fact]
    public async Task ARebuild_IndexesExactlyEveryReport_AndSearchAndCatchUpWorkAsBefore()
    {
        var bureaus = await FiveBureausAsync();
        var root = await _app.RootAsync();
        (await root.PostAsync("/api/host/search/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var done = await WaitAsync(root);
        done.GetProperty("state").GetString().ShouldBe("Succeeded");
        done.GetProperty("total").GetInt32().ShouldBe(5);
        done.GetProperty("indexed").GetInt32().ShouldBe(5);

        // Exactly the five reports: a word of every report finds five, each bureau's own word finds its report only,
        // highlighted in its section.
        (await _backend.Inner.SearchAsync(new SearchQuery("招商引资", null, Year, false, 0, 50), CancellationToken.None)).Total.ShouldBe(5);
        foreach (var (bureau, word) in bureaus)
        {
            var page = await SearchAsync(root, $"/api/host/search?q={Uri.EscapeDataString(word)}");
            var hit = page.GetProperty("hits").EnumerateArray().ShouldHaveSingleItem();
            hit.GetProperty("bureauId").GetGuid().ShouldBe(bureau.Id);
            hit.GetProperty("fragments").EnumerateArray().Single(f => f.GetProperty("section").GetString() == "evaluation")
                .GetProperty("html").GetString().ShouldBe($"全年推进<em>{word}</em>项目建设，招商引资成效明显。");
        }

        // Isolation: a bureau never finds another's word.
        var (first, firstWord) = bureaus[0];
        (await SearchAsync(first.Admin, $"/api/bureau/search?q={Uri.EscapeDataString(bureaus[1].Word)}")).GetProperty("total").GetInt64().ShouldBe(0);
        (await SearchAsync(first.Admin, $"/api/bureau/search?q={Uri.EscapeDataString(firstWord)}")).GetProperty("total").GetInt64().ShouldBe(1);

        // Catch-up after the rebuild: an edit is searchable at once and the old words are gone.
        await WriteReportAsync(first.Admin, "完成老旧小区改造。");
        (await SearchAsync(first.Admin, $"/api/bureau/search?q={Uri.EscapeDataString("老旧小区")}")).GetProperty("total").GetInt64().ShouldBe(1);
        (await SearchAsync(first.Admin, $"/api/bureau/search?q={Uri.EscapeDataString(firstWord)}")).GetProperty("total").GetInt64().ShouldBe(0);
        (await SearchAsync(root, $"/api/host/search?q={Uri.EscapeDataString("招商引资")}&year={Year}")).GetProperty("total").GetInt64().ShouldBe(4);
    }

    [Fact]
    public async Task ARebuildOverSeveralPages_ReadsOnePageAtATime_AndIndexesEveryReportOnce()
    {
        var bureaus = await FiveBureausAsync();
        _app.Services.GetRequiredService<SearchIndexer>().RebuildBatchSize = 2;
        var root = await _app.RootAsync();
        _counts.Reset();
        (await root.PostAsync("/api/host/search/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var done = await WaitAsync(root);
        done.GetProperty("state").GetString().ShouldBe("Succeeded");
        (done.GetProperty("total").GetInt32(), done.GetProperty("indexed").GetInt32()).ShouldBe((5, 5));

        // Three pages of at most two reports, five documents read in all: never the whole set in memory.
        (_counts.Pages, _counts.Largest, _counts.Documents).ShouldBe((3, 2, 5));
        (await _backend.Inner.SearchAsync(new SearchQuery("招商引资", null, Year, false, 0, 50), CancellationToken.None)).Total.ShouldBe(5);
        foreach (var (bureau, word) in bureaus)
        {
            Bureaus(await SearchAsync(root, $"/api/host/search?q={Uri.EscapeDataString(word)}")).ShouldBe([bureau.Id]);
        }

        // The watermark is the newest report's: the next search reads no text.
        _counts.Reset();
        (await SearchAsync(root, $"/api/host/search?q={Uri.EscapeDataString("招商引资")}")).GetProperty("total").GetInt64().ShouldBe(5);
        _counts.Documents.ShouldBe(0);
    }

    [Fact]
    public async Task ACancel_StopsTheRebuild_TheIndexKeepsTheCommittedBatches_AndTheNextSearchIndexesTheRest()
    {
        var bureaus = await FiveBureausAsync();
        _app.Services.GetRequiredService<SearchIndexer>().RebuildBatchSize = 2;
        var root = await _app.RootAsync();
        _counts.Reset();

        // The second batch waits in the index until the test cancels.
        _backend.HoldBatch(2);
        (await root.PostAsync("/api/host/search/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await _backend.Held.WaitAsync(TimeSpan.FromSeconds(30));
        var running = await (await root.GetAsync("/api/host/search/rebuild")).ReadJsonAsync();
        running.GetProperty("state").GetString().ShouldBe("Running");
        running.GetProperty("indexed").GetInt32().ShouldBe(2);
        running.GetProperty("total").GetInt32().ShouldBe(5);
        (_counts.Pages, _counts.Largest).ShouldBe((2, 2)); // the pages read so far: the committed one and the held one

        var cancelled = await (await root.DeleteAsync("/api/host/search/rebuild")).ReadJsonAsync();
        cancelled.GetProperty("state").GetString().ShouldBe("Cancelled");
        cancelled.GetProperty("indexed").GetInt32().ShouldBe(2);
        cancelled.GetProperty("finishedAt").ValueKind.ShouldBe(JsonValueKind.String);
        (await (await root.GetAsync("/api/host/search/rebuild")).ReadJsonAsync()).GetProperty("state").GetString().ShouldBe("Cancelled");

        // The index as the cancel left it: the first batch (the two oldest reports) and its watermark, nothing else.
        for (var i = 0; i < bureaus.Count; i++)
        {
            (await _backend.Inner.SearchAsync(new SearchQuery(bureaus[i].Word, null, null, false, 0, 20), CancellationToken.None))
                .Total.ShouldBe(i < 2 ? 1 : 0, bureaus[i].Word);
        }

        (await _backend.Inner.GetWatermarkAsync(CancellationToken.None)).ShouldNotBeNull();

        // A cancel with nothing running answers the last status; another rebuild may start.
        (await (await root.DeleteAsync("/api/host/search/rebuild")).ReadJsonAsync()).GetProperty("state").GetString().ShouldBe("Cancelled");

        // The next search catches up from the watermark: every report is found again, each by its own bureau only.
        _backend.HoldBatch(0);
        foreach (var (bureau, word) in bureaus)
        {
            Bureaus(await SearchAsync(root, $"/api/host/search?q={Uri.EscapeDataString(word)}")).ShouldBe([bureau.Id]);
            (await SearchAsync(bureau.Admin, $"/api/bureau/search?q={Uri.EscapeDataString(word)}")).GetProperty("total").GetInt64().ShouldBe(1);
        }

        (await _backend.Inner.SearchAsync(new SearchQuery("招商引资", null, Year, false, 0, 50), CancellationToken.None)).Total.ShouldBe(5);
    }

    [Fact]
    public async Task AReportWrittenWhileItsPageIsRead_DoesNotMoveTheWatermarkPastTheReportsStillToCome()
    {
        var bureaus = await FiveBureausAsync();
        // All five written an hour ago: beyond the catch-up's overlap from now.
        await _app.WithDbAsync(db => db.Set<SelfEvaluationReport>().IgnoreQueryFilters().Where(r => r.FiscalYear == Year)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.CreatedAt, r => r.CreatedAt.AddHours(-1)).SetProperty(r => r.ModifiedAt, r => r.ModifiedAt!.Value.AddHours(-1))));
        _app.Services.GetRequiredService<SearchIndexer>().RebuildBatchSize = 2;

        // The first page's first report comes as if written between reading the page's order and its text: its new
        // version, written now. Then the rebuild is cancelled before its second page.
        var now = DateTime.UtcNow;
        _counts.OnPage = page =>
        {
            _counts.OnPage = null;
            return page with { Documents = [page.Documents[0] with { ChangedAt = now, Stamp = "written-meanwhile" }, .. page.Documents.Skip(1)] };
        };
        _backend.HoldBatch(2);
        var root = await _app.RootAsync();
        (await root.PostAsync("/api/host/search/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await _backend.Held.WaitAsync(TimeSpan.FromSeconds(30));
        var cancelled = await (await root.DeleteAsync("/api/host/search/rebuild")).ReadJsonAsync();
        (cancelled.GetProperty("state").GetString(), cancelled.GetProperty("indexed").GetInt32()).ShouldBe(("Cancelled", 2));

        // The watermark is where the first page ended (an hour ago), not the new version's write time: the next search
        // indexes the three reports still to come (and the first one as the database has it).
        (await _backend.Inner.GetWatermarkAsync(CancellationToken.None)).ShouldNotBeNull().ShouldBeLessThan(now.AddMinutes(-30));
        _backend.HoldBatch(0);
        foreach (var (bureau, word) in bureaus)
        {
            Bureaus(await SearchAsync(root, $"/api/host/search?q={Uri.EscapeDataString(word)}")).ShouldBe([bureau.Id]);
        }
    }

    [Fact]
    public async Task OnlyHostAdministrators_CancelTheRebuild()
    {
        var bureau = await _app.CreateBureauAsync();
        (await _app.Anonymous().DeleteAsync("/api/host/search/rebuild")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await (await bureau.Admin.DeleteAsync("/api/host/search/rebuild")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var reviewer = await _app.CreateHostUserAsync("FinanceReviewer");
        await (await reviewer.DeleteAsync("/api/host/search/rebuild")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var root = await _app.RootAsync();
        (await (await root.DeleteAsync("/api/host/search/rebuild")).ReadJsonAsync()).GetProperty("state").GetString().ShouldBe("Idle");
    }

    private static IEnumerable<Guid> Bureaus(JsonElement page) => page.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("bureauId").GetGuid());

    private static async Task<JsonElement> SearchAsync(HttpClient client, string path) => await (await client.GetAsync(path)).ReadJsonAsync();

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

    private static async Task<JsonElement> WaitAsync(HttpClient root)
    {
        for (var i = 0; i < 300; i++)
        {
            var status = await (await root.GetAsync("/api/host/search/rebuild")).ReadJsonAsync();
            if (status.GetProperty("state").GetString() != "Running")
            {
                return status;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the rebuild did not finish");
    }

    /// <summary>The real Lucene index, whose n-th rebuild batch (when set) waits for the cancel before it is written.</summary>
    private sealed class HoldingBackend(LuceneSearchBackend inner) : ISearchBackend, IDisposable
    {
        private int _holdBatch;
        private int _batches;

        public LuceneSearchBackend Inner { get; } = inner;

        /// <summary>Signalled when the held batch is waiting.</summary>
        public SemaphoreSlim Held { get; } = new(0);

        public void HoldBatch(int batch)
        {
            _holdBatch = batch;
            _batches = 0;
        }

        public async Task UpsertAsync(IReadOnlyList<SearchDocument> documents, DateTime? watermark, Action<int>? indexed, CancellationToken cancellationToken)
        {
            // A rebuild's pages report their progress; a catch-up's writes (which use this call too) do not, and are not counted.
            if (indexed is not null && ++_batches == _holdBatch)
            {
                Held.Release();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            await Inner.UpsertAsync(documents, watermark, indexed, cancellationToken);
        }

        public Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken) => Inner.UpsertAsync(documents, cancellationToken);

        public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken) => Inner.SearchAsync(query, cancellationToken);

        public Task<IReadOnlyDictionary<Guid, string>> GetStampsAsync(IReadOnlyCollection<Guid> reportIds, CancellationToken cancellationToken) =>
            Inner.GetStampsAsync(reportIds, cancellationToken);

        public Task<DateTime?> GetWatermarkAsync(CancellationToken cancellationToken) => Inner.GetWatermarkAsync(cancellationToken);

        public Task SetWatermarkAsync(DateTime watermark, CancellationToken cancellationToken) => Inner.SetWatermarkAsync(watermark, cancellationToken);

        public Task ClearAsync(CancellationToken cancellationToken) => Inner.ClearAsync(cancellationToken);

        public void Dispose()
        {
            Inner.Dispose();
            Held.Dispose();
        }
    }
}
