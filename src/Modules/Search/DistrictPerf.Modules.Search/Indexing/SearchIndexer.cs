using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Reports.Contracts;
using DistrictPerf.Modules.Search.Backends;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DistrictPerf.Modules.Search.Indexing;

/// <summary>
/// Keeps the index in step with the reports by catching up from the database: every report written since the index's
/// watermark (less an overlap, because a transaction can commit after a later one) is (re)indexed unless the index
/// already holds that version. The check reads stamps only — each report's id, write time and stamp from the
/// database, the stamps the index holds for the same ids — and the text only of the reports whose stamp differs. Runs
/// before each search, so a search sees every committed change (two small queries when nothing changed), and once at
/// start-up. Nothing can be lost to a crash between a write and its indexing: the database is the queue.
/// </summary>
internal sealed class SearchIndexer(ISearchBackend backend, IServiceScopeFactory scopes, ILogger<SearchIndexer> logger) : IDisposable
{
    /// <summary>How far before the watermark each catch-up looks again (longest expected write transaction).</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    /// <summary>How many reports' text a catch-up reads (and commits) at a time: a catch-up of many (a first start) stays within a page's memory.</summary>
    public const int DefaultCatchUpBatchSize = 500;

    /// <summary><see cref="DefaultCatchUpBatchSize"/>; tests set less to see a catch-up over several batches.</summary>
    public int CatchUpBatchSize { get; set; } = DefaultCatchUpBatchSize;

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Indexes what changed; returns the number of documents written. The stamps of the reports written since the
    /// watermark less the overlap (oldest first) are compared with the stamps the index holds; the reports whose stamp
    /// the index lacks are read in full, <see cref="CatchUpBatchSize"/> at a time, each batch committed with the
    /// watermark of the stamps it has caught up to. A report written again after its stamp was read is read as it is
    /// then (its newer version is indexed; its newer write time is after the watermark, so the next catch-up looks at
    /// it again and finds the index up to date).
    /// </summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var watermark = await backend.GetWatermarkAsync(cancellationToken);
            var since = watermark is { } w && w > DateTime.MinValue + Overlap ? w - Overlap : DateTime.MinValue;
            await using var scope = scopes.CreateAsyncScope();
            using var host = scope.ServiceProvider.GetRequiredService<ICurrentTenant>().Change(null);
            var source = scope.ServiceProvider.GetRequiredService<IReportSearchSource>();
            var changed = await source.StampsChangedSinceAsync(since, cancellationToken);
            if (changed.Count == 0)
            {
                return 0;
            }

            var held = await backend.GetStampsAsync(changed.Select(c => c.ReportId).ToList(), cancellationToken);
            var stale = new List<(ReportSearchStamp Stamp, DateTime CaughtUpTo)>();
            var newest = DateTime.MinValue;
            foreach (var c in changed)
            {
                // The max, not the last: the watermark stays right whatever the source's order.
                newest = c.ChangedAt > newest ? c.ChangedAt : newest;
                if (!held.TryGetValue(c.ReportId, out var stamp) || stamp != c.Stamp)
                {
                    stale.Add((c, newest));
                }
            }

            DateTime? Advance(DateTime to) => watermark is null || to > watermark ? watermark = to : null;
            var written = 0;
            if (stale.Count > 0)
            {
                var bureaus = (await scope.ServiceProvider.GetRequiredService<IBureauDirectory>().ListAsync(cancellationToken)).ToDictionary(b => b.Id);
                for (var from = 0; from < stale.Count; from += CatchUpBatchSize)
                {
                    var batch = stale.GetRange(from, Math.Min(CatchUpBatchSize, stale.Count - from));
                    var documents = await source.GetAsync(batch.ConvertAll(s => s.Stamp.ReportId), cancellationToken);

                    // Every stamp up to the batch's last (the fresh ones read now, the others already held) is caught up;
                    // after the last batch, all of them.
                    var caughtUpTo = from + batch.Count == stale.Count ? newest : batch[^1].CaughtUpTo;
                    await backend.UpsertAsync(documents.Select(d => ToDocument(d, bureaus.GetValueOrDefault(d.BureauId))).ToList(), Advance(caughtUpTo), null, cancellationToken);
                    written += documents.Count;
                }

                logger.LogInformation("Search index: {Count} report(s) indexed", written);
            }

            if (Advance(newest) is { } moved)
            {
                await backend.SetWatermarkAsync(moved, cancellationToken);
            }

            return written;
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
    /// How many documents a rebuild reads (one page from the source) and writes (and commits, with the watermark) at a
    /// time. The documents of a page are analysed in parallel (Lucene: one worker per core); the progress moves with each
    /// document.
    /// </summary>
    public const int DefaultRebuildBatchSize = 500;

    /// <summary><see cref="DefaultRebuildBatchSize"/>; tests set less to see a rebuild between pages.</summary>
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
    /// Empties the index and indexes every report again, oldest change first, a page of <see cref="RebuildBatchSize"/>
    /// reports at a time read from the source by keyset (write time, id): each page is written and committed together
    /// with the watermark of where it ends (its last report's write time as the page was read), so at every commit the
    /// index holds every report up to its watermark, and only one page of text is in memory. Progress is reported in <see cref="RebuildStatus"/> per
    /// document, of the number of reports counted at the start. Holds the indexer's gate throughout: a search waits for
    /// the rebuild (instead of finding a half-built index).
    /// <para>
    /// A report written during the rebuild moves after the cursor and is indexed again with its new version when the
    /// pages reach it (so the progress can end above the total); a write committed after the cursor had passed its
    /// write time is the catch-up's (the next search's), as for any late commit.
    /// </para>
    /// <para>
    /// Cancelled (or failed, or the process stopped) between pages or within one, the index keeps the pages
    /// committed so far with their watermark: a consistent, smaller index. The next catch-up (the next search, or the
    /// start-up) continues from that watermark and indexes the remaining reports — the rebuild resumes where it stopped
    /// (a cancelled page's documents are written again).
    /// </para>
    /// </summary>
    private async Task<int> RebuildAsync(CancellationToken cancellationToken)
    {
        var committed = 0;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await backend.ClearAsync(cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            using var host = scope.ServiceProvider.GetRequiredService<ICurrentTenant>().Change(null);
            var source = scope.ServiceProvider.GetRequiredService<IReportSearchSource>();
            var total = await source.CountAsync(cancellationToken);
            Update(s => s with { Total = total });
            var bureaus = (await scope.ServiceProvider.GetRequiredService<IBureauDirectory>().ListAsync(cancellationToken)).ToDictionary(b => b.Id);
            var size = RebuildBatchSize;
            ReportSearchCursor? cursor = null;
            while (true)
            {
                var page = await source.PageAsync(cursor, size, cancellationToken);
                if (page.Documents.Count > 0)
                {
                    // The watermark is where the page ends in the order as it was read, not its documents' newest write
                    // time: a report written while the page was read comes with a later one, and the reports between
                    // are still to come (a cancel now must leave them to the next catch-up).
                    var before = committed;
                    await backend.UpsertAsync(
                        page.Documents.Select(d => ToDocument(d, bureaus.GetValueOrDefault(d.BureauId))).ToList(), page.Next.ChangedAt,
                        written => Update(s => s with { Indexed = before + written, Total = Math.Max(s.Total, before + written) }), cancellationToken);
                    committed += page.Documents.Count;
                    Update(s => s with { Indexed = committed, Total = Math.Max(s.Total, committed) });
                }

                if (page.IsLast)
                {
                    break;
                }

                cursor = page.Next;
            }

            logger.LogInformation("Search index rebuilt: {Count} report(s) indexed", committed);
            return committed;
        }
        catch (OperationCanceledException)
        {
            // What the index holds: the committed pages. The status says so.
            Update(s => s with { Indexed = committed });
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
