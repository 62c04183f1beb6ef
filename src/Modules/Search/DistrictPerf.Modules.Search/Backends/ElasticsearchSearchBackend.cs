namespace DistrictPerf.Modules.Search.Backends;

/// <summary>Placeholder replaced by the Elasticsearch backend (being written on branch search-es).</summary>
internal sealed class ElasticsearchSearchBackend(ElasticsearchOptions options) : ISearchBackend
{
    private NotSupportedException Missing() => new($"Elasticsearch backend for {options.Url} is not built yet.");

    public Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken) => throw Missing();
    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken) => throw Missing();
    public Task<DateTime?> GetWatermarkAsync(CancellationToken cancellationToken) => throw Missing();
    public Task SetWatermarkAsync(DateTime watermark, CancellationToken cancellationToken) => throw Missing();
    public Task ClearAsync(CancellationToken cancellationToken) => throw Missing();
}
