using DistrictPerf.Modules.Search.Backends;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// The app's search index (the real Lucene backend) with one test knob: <see cref="HoldBatch"/> makes a rebuild's n-th
/// batch wait until the rebuild is cancelled, so a test sees a rebuild running for as long as it needs. Transparent
/// otherwise.
/// </summary>
internal sealed class PausableSearchBackend(ISearchBackend inner) : ISearchBackend, IDisposable
{
    private int _holdBatch;
    private int _batches;

    /// <summary>Released when the held batch starts waiting.</summary>
    public SemaphoreSlim Held { get; } = new(0);

    public void HoldBatch(int batch)
    {
        _batches = 0;
        _holdBatch = batch;
    }

    public async Task UpsertAsync(IReadOnlyList<SearchDocument> documents, DateTime? watermark, Action<int>? indexed, CancellationToken cancellationToken)
    {
        // A rebuild's batches report their progress; a catch-up's writes (which use this call too) do not, and are not counted.
        if (indexed is not null && _holdBatch > 0 && ++_batches == _holdBatch)
        {
            _holdBatch = 0;
            Held.Release();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        await inner.UpsertAsync(documents, watermark, indexed, cancellationToken);
    }

    public Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken) => inner.UpsertAsync(documents, cancellationToken);

    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken) => inner.SearchAsync(query, cancellationToken);

    public Task<IReadOnlyDictionary<Guid, string>> GetStampsAsync(IReadOnlyCollection<Guid> reportIds, CancellationToken cancellationToken) =>
        inner.GetStampsAsync(reportIds, cancellationToken);

    public Task<DateTime?> GetWatermarkAsync(CancellationToken cancellationToken) => inner.GetWatermarkAsync(cancellationToken);

    public Task SetWatermarkAsync(DateTime watermark, CancellationToken cancellationToken) => inner.SetWatermarkAsync(watermark, cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken) => inner.ClearAsync(cancellationToken);

    public void Dispose()
    {
        (inner as IDisposable)?.Dispose();
        Held.Dispose();
    }
}
