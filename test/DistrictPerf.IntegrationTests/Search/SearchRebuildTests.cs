using System.Net;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Search.Backends;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests.Search;

/// <summary>
/// The background rebuild: POST starts it (202 with its status), GET reports its progress, a second start while one
/// runs is a 409 problem, only host users with Host.Search.Manage may do either. An app of its own whose index holds
/// the rebuild at its first step until the test lets it go, so "while one runs" is certain.
/// </summary>
public sealed class SearchRebuildTests : IAsyncLifetime
{
    private readonly GatedBackend _backend = new();
    private readonly AppFixture _app;

    public SearchRebuildTests() => _app = AppFixture.With(s => s.AddSingleton<ISearchBackend>(_backend));

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task ASecondRebuildWhileOneRuns_IsA409_AndTheStatusFollowsTheRebuildToTheEnd()
    {
        var bureau = await _app.CreateBureauAsync();
        (await bureau.Admin.PostAsync("/api/bureau/reports/2041", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var root = await _app.RootAsync();
        (await (await root.GetAsync("/api/host/search/rebuild")).ReadJsonAsync()).GetProperty("state").GetString().ShouldBe("Idle");

        _backend.Hold();
        var started = await (await root.PostAsync("/api/host/search/rebuild", null)).ReadJsonAsync(HttpStatusCode.Accepted);
        started.GetProperty("state").GetString().ShouldBe("Running");
        started.GetProperty("startedAt").ValueKind.ShouldBe(JsonValueKind.String);

        // While it runs: a second start (by anyone) is refused with a problem, and the status says Running.
        var second = await (await root.PostAsync("/api/host/search/rebuild", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        second.GetProperty("code").GetString().ShouldBe("conflict.search.rebuild_running");
        var otherAdmin = await _app.CreateHostUserAsync("HostAdmin");
        await (await otherAdmin.PostAsync("/api/host/search/rebuild", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await (await root.GetAsync("/api/host/search/rebuild")).ReadJsonAsync()).GetProperty("state").GetString().ShouldBe("Running");

        _backend.Release();
        var done = await WaitAsync(root);
        done.GetProperty("state").GetString().ShouldBe("Succeeded");
        done.GetProperty("total").GetInt32().ShouldBe(1);
        done.GetProperty("indexed").GetInt32().ShouldBe(1);
        done.GetProperty("finishedAt").ValueKind.ShouldBe(JsonValueKind.String);
        _backend.Documents.Keys.Count.ShouldBe(1);

        // Finished: another may start.
        (await root.PostAsync("/api/host/search/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await WaitAsync(root)).GetProperty("state").GetString().ShouldBe("Succeeded");
    }

    [Fact]
    public async Task OnlyHostAdministrators_StartOrReadTheRebuild()
    {
        var bureau = await _app.CreateBureauAsync();
        (await _app.Anonymous().GetAsync("/api/host/search/rebuild")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _app.Anonymous().PostAsync("/api/host/search/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await (await bureau.Admin.GetAsync("/api/host/search/rebuild")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await bureau.Admin.PostAsync("/api/host/search/rebuild", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var reviewer = await _app.CreateHostUserAsync("FinanceReviewer");
        await (await reviewer.GetAsync("/api/host/search/rebuild")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reviewer.PostAsync("/api/host/search/rebuild", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        _backend.ClearCalls.ShouldBe(0);
    }

    private static async Task<JsonElement> WaitAsync(HttpClient root)
    {
        for (var i = 0; i < 200; i++)
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

    /// <summary>An in-memory index whose clearing (a rebuild's first step) waits while the test holds it.</summary>
    private sealed class GatedBackend : ISearchBackend
    {
        private TaskCompletionSource _gate = Completed();
        private DateTime? _watermark;

        public Dictionary<Guid, SearchDocument> Documents { get; } = [];

        public int ClearCalls { get; private set; }

        public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _gate.TrySetResult();

        public Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken)
        {
            lock (Documents)
            {
                foreach (var d in documents)
                {
                    Documents[d.ReportId] = d;
                }
            }

            return Task.CompletedTask;
        }

        public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken) => Task.FromResult(new SearchResults(0, []));

        public Task<IReadOnlyDictionary<Guid, string>> GetStampsAsync(IReadOnlyCollection<Guid> reportIds, CancellationToken cancellationToken)
        {
            lock (Documents)
            {
                return Task.FromResult<IReadOnlyDictionary<Guid, string>>(
                    reportIds.Where(Documents.ContainsKey).Distinct().ToDictionary(id => id, id => Documents[id].Stamp));
            }
        }

        public Task<DateTime?> GetWatermarkAsync(CancellationToken cancellationToken) => Task.FromResult(_watermark);

        public Task SetWatermarkAsync(DateTime watermark, CancellationToken cancellationToken)
        {
            _watermark = watermark;
            return Task.CompletedTask;
        }

        public async Task ClearAsync(CancellationToken cancellationToken)
        {
            ClearCalls++;
            await _gate.Task.WaitAsync(cancellationToken);
            lock (Documents)
            {
                Documents.Clear();
            }

            _watermark = null;
        }

        private static TaskCompletionSource Completed()
        {
            var done = new TaskCompletionSource();
            done.SetResult();
            return done;
        }
    }
}
