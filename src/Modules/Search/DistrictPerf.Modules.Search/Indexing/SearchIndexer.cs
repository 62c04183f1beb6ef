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

    public void Dispose() => _gate.Dispose();

    /// <summary>Empties the index and indexes every report again.</summary>
    public async Task<int> RebuildAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await backend.ClearAsync(cancellationToken);
            _indexed.Clear();
        }
        finally
        {
            _gate.Release();
        }

        return await CatchUpAsync(cancellationToken);
    }

    private static SearchDocument ToDocument(ReportSearchDocument d, BureauInfo? bureau) => new(
        d.ReportId, d.BureauId, bureau?.Code ?? "", bureau?.Name ?? "", d.FiscalYear, d.Revision, d.Status, d.SelfScore, d.SelfGrade,
        d.ChangedAt, d.Stamp, d.Sections.Select(s => new SearchSection(s.Key, s.Title, s.Text)).ToList());
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
