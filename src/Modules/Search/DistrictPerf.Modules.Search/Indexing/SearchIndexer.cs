using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Reports.Contracts;
using DistrictPerf.Modules.Search.Backends;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DistrictPerf.Modules.Search.Indexing;

/// <summary>
/// Keeps the index in step with the reports by catching up from the database: every report
/// written since the index's watermark (less an overlap, because a transaction can commit after a
/// later one) is (re)indexed unless the index already has that version. Runs before each search,
/// so a search sees every committed change (one small query when nothing changed), and once at
/// start-up. Nothing can be lost to a crash between a write and its indexing: the database is the
/// queue.
/// </summary>
internal sealed class SearchIndexer(ISearchBackend backend, IServiceScopeFactory scopes, ILogger<SearchIndexer> logger) : IDisposable
{
    /// <summary>How far before the watermark each catch-up looks again (longest expected write transaction).</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Guid, string> _indexed = [];

    /// <summary>Indexes what changed; returns the number of documents written.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var watermark = await backend.GetWatermarkAsync(cancellationToken);
            var since = watermark is { } w && w > DateTime.MinValue + Overlap ? w - Overlap : DateTime.MinValue;
            await using var scope = scopes.CreateAsyncScope();
            using var host = scope.ServiceProvider.GetRequiredService<ICurrentTenant>().Change(null);
            var changed = await scope.ServiceProvider.GetRequiredService<IReportSearchSource>().ChangedSinceAsync(since, cancellationToken);
            var fresh = changed.Where(d => !_indexed.TryGetValue(d.ReportId, out var stamp) || stamp != d.Stamp).ToList();
            if (fresh.Count > 0)
            {
                var bureaus = (await scope.ServiceProvider.GetRequiredService<IBureauDirectory>().ListAsync(cancellationToken)).ToDictionary(b => b.Id);
                await backend.UpsertAsync(fresh.Select(d => ToDocument(d, bureaus.GetValueOrDefault(d.BureauId))).ToList(), cancellationToken);
                foreach (var d in fresh)
                {
                    _indexed[d.ReportId] = d.Stamp;
                }

                logger.LogInformation("Search index: {Count} report(s) indexed", fresh.Count);
            }

            if (changed.Count > 0 && changed.Max(d => d.ChangedAt) is var newest && (watermark is null || newest > watermark))
            {
                await backend.SetWatermarkAsync(newest, cancellationToken);
            }

            return fresh.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _rebuildCancel?.Cancel();
        _gate.Dispose();
    }

    /// <summary>
    /// How many documents a rebuild writes (and commits, with the watermark) at a time. The documents of a batch are
    /// analysed in parallel (Lucene: one worker per core); the progress moves with each document.
    /// </summary>
    public const int DefaultRebuildBatchSize = 500;

    /// <summary><see cref="DefaultRebuildBatchSize"/>; tests set less to see a rebuild between batches.</summary>
    public int RebuildBatchSize { get; set; } = DefaultRebuildBatchSize;

    private readonly Lock _rebuildLock = new();
    private SearchRebuildStatus _rebuild = SearchRebuildStatus.Idle;
    private CancellationTokenSource? _rebuildCancel;
    private Task _rebuildTask = Task.CompletedTask;

    /// <summary>The last (or running) rebuild of this process: kept in memory, so a restart forgets it (the index itself is on disk).</summary>
    public SearchRebuildStatus RebuildStatus
    {
        get
        {
            lock (_rebuildLock)
            {
                return _rebuild;
            }
        }
    }

    /// <summary>
    /// Starts a rebuild in the background unless one is running in this process (then false, with the running one's
    /// status). <paramref name="stopping"/> ends it when the application stops (as a cancel does).
    /// </summary>
    public bool TryStartRebuild(TimeProvider clock, CancellationToken stopping, out SearchRebuildStatus status)
    {
        lock (_rebuildLock)
        {
            if (_rebuild.State == SearchRebuildState.Running)
            {
                status = _rebuild;
                return false;
            }

            _rebuild = status = new SearchRebuildStatus(SearchRebuildState.Running, 0, 0, clock.GetUtcNow().UtcDateTime, null, null);
            _rebuildCancel?.Dispose();
            var cancel = _rebuildCancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _rebuildTask = Task.Run(async () =>
            {
                try
                {
                    var indexed = await RebuildAsync(cancel.Token);
                    Update(s => s with { State = SearchRebuildState.Succeeded, Indexed = indexed, FinishedAt = clock.GetUtcNow().UtcDateTime });
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    logger.LogWarning("Search index rebuild cancelled after {Indexed} of {Total} report(s)", RebuildStatus.Indexed, RebuildStatus.Total);
                    Update(s => s with { State = SearchRebuildState.Cancelled, FinishedAt = clock.GetUtcNow().UtcDateTime });
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Search index rebuild failed");
                    Update(s => s with { State = SearchRebuildState.Failed, FinishedAt = clock.GetUtcNow().UtcDateTime, Error = ex.Message });
                }
            }, CancellationToken.None);
        }

        return true;
    }

    /// <summary>
    /// Cancels the running rebuild and waits until it has stopped (the documents being analysed are finished first, so
    /// this takes about one document's time and the last commit), then returns its status (Cancelled). When none runs,
    /// the last one's status, unchanged.
    /// </summary>
    public async Task<SearchRebuildStatus> CancelRebuildAsync(CancellationToken cancellationToken)
    {
        Task running;
        lock (_rebuildLock)
        {
            if (_rebuild.State != SearchRebuildState.Running)
            {
                return _rebuild;
            }

            _rebuildCancel!.Cancel();
            running = _rebuildTask;
        }

        await running.WaitAsync(cancellationToken);
        return RebuildStatus;
    }

    private void Update(Func<SearchRebuildStatus, SearchRebuildStatus> change)
    {
        lock (_rebuildLock)
        {
            _rebuild = change(_rebuild);
        }
    }

    /// <summary>
    /// Empties the index and indexes every report again, oldest change first, <see cref="RebuildBatchSize"/> at a time:
    /// each batch is committed together with the watermark of its newest report, so at every commit the index holds
    /// exactly the reports up to its watermark. Progress is reported in <see cref="RebuildStatus"/> per document. Holds
    /// the indexer's gate throughout: a search waits for the rebuild (instead of finding a half-built index).
    /// <para>
    /// Cancelled (or failed, or the process stopped) between batches or within one, the index keeps the batches
    /// committed so far with their watermark: a consistent, smaller index. The next catch-up (the next search, or the
    /// start-up) continues from that watermark and indexes the remaining reports — the rebuild resumes where it stopped
    /// (a cancelled batch's documents are written again).
    /// </para>
    /// </summary>
    private async Task<int> RebuildAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await backend.ClearAsync(cancellationToken);
            _indexed.Clear();
            await using var scope = scopes.CreateAsyncScope();
            using var host = scope.ServiceProvider.GetRequiredService<ICurrentTenant>().Change(null);
            var all = await scope.ServiceProvider.GetRequiredService<IReportSearchSource>().ChangedSinceAsync(DateTime.MinValue, cancellationToken);
            Update(s => s with { Total = all.Count });
            var bureaus = (await scope.ServiceProvider.GetRequiredService<IBureauDirectory>().ListAsync(cancellationToken)).ToDictionary(b => b.Id);
            var done = 0;
            var newest = DateTime.MinValue;
            foreach (var batch in all.Chunk(RebuildBatchSize))
            {
                // The source lists oldest first; the max keeps the watermark right whatever the order.
                newest = batch.Max(d => d.ChangedAt) is var n && n > newest ? n : newest;
                var before = done;
                await backend.UpsertAsync(
                    batch.Select(d => ToDocument(d, bureaus.GetValueOrDefault(d.BureauId))).ToList(), newest,
                    written => Update(s => s with { Indexed = before + written }), cancellationToken);
                foreach (var d in batch)
                {
                    _indexed[d.ReportId] = d.Stamp;
                }

                done += batch.Length;
                Update(s => s with { Indexed = done });
            }

            logger.LogInformation("Search index rebuilt: {Count} report(s) indexed", done);
            return done;
        }
        catch (OperationCanceledException)
        {
            // What the index holds: the committed batches. The status says so.
            Update(s => s with { Indexed = _indexed.Count });
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static SearchDocument ToDocument(ReportSearchDocument d, BureauInfo? bureau) => new(
        d.ReportId, d.BureauId, bureau?.Code ?? "", bureau?.Name ?? "", d.FiscalYear, d.Revision, d.Status, d.SelfScore, d.SelfGrade,
        d.ChangedAt, d.Stamp, d.Sections.Select(s => new SearchSection(s.Key, s.Title, s.Text)).ToList());
}

internal enum SearchRebuildState
{
    Idle,
    Running,
    Succeeded,
    Failed,

    /// <summary>Stopped by a cancel (or the application stopping): the index holds <see cref="SearchRebuildStatus.Indexed"/> reports; the next catch-up indexes the rest.</summary>
    Cancelled,
}

/// <summary>A rebuild's progress: documents indexed of the total (known once the reports are read), when it started and finished, why it failed.</summary>
internal sealed record SearchRebuildStatus(
    SearchRebuildState State, int Total, int Indexed, DateTime? StartedAt, DateTime? FinishedAt, string? Error)
{
    public static readonly SearchRebuildStatus Idle = new(SearchRebuildState.Idle, 0, 0, null, null, null);
}

/// <summary>Catches the index up once at start-up, so the first search is not the one that builds it.</summary>
internal sealed class SearchIndexWarmup(SearchIndexer indexer, ILogger<SearchIndexWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            await indexer.CatchUpAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not fatal: the next search catches up again.
            logger.LogWarning(ex, "Search index warm-up failed");
        }
    }
}
