namespace DistrictPerf.Modules.Search.Backends;

/// <summary>A report revision in the index: one document per report id.</summary>
internal sealed record SearchDocument(
    Guid ReportId, Guid BureauId, string BureauCode, string BureauName, int FiscalYear, int Revision, string Status,
    decimal? SelfScore, string? SelfGrade, DateTime ChangedAt, string Stamp, IReadOnlyList<SearchSection> Sections);

/// <summary>One titled part of the text (基本情况, 综合评价分析, …).</summary>
internal sealed record SearchSection(string Key, string Title, string Text);

/// <summary>
/// A query. <see cref="BureauId"/> is the isolation boundary: a bureau's search always sets it to
/// that bureau, and every backend must apply it as a filter; null (all bureaus) is for the host only.
/// </summary>
internal sealed record SearchQuery(string Text, Guid? BureauId, int? FiscalYear, bool IncludeSuperseded, int Skip, int Take);

/// <summary>One matching report with highlighted fragments (matched terms wrapped in &lt;em&gt;…&lt;/em&gt;, other text HTML-encoded).</summary>
internal sealed record SearchHit(
    Guid ReportId, Guid BureauId, string BureauCode, string BureauName, int FiscalYear, int Revision, string Status,
    decimal? SelfScore, string? SelfGrade, double Score, IReadOnlyList<SearchFragment> Fragments);

internal sealed record SearchFragment(string SectionKey, string SectionTitle, string Html);

internal sealed record SearchResults(long Total, IReadOnlyList<SearchHit> Hits);

/// <summary>The index behind the search endpoints: Lucene.Net on disk (default) or Elasticsearch.</summary>
internal interface ISearchBackend
{
    /// <summary>Adds or replaces documents by report id.</summary>
    Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken);

    /// <summary>
    /// Adds or replaces documents and then moves the watermark (when given), calling <paramref name="indexed"/> with the
    /// number of documents written so far as they are written. A rebuild's step. By default an upsert, then the watermark.
    /// </summary>
    async Task UpsertAsync(IReadOnlyList<SearchDocument> documents, DateTime? watermark, Action<int>? indexed, CancellationToken cancellationToken)
    {
        await UpsertAsync(documents, cancellationToken);
        indexed?.Invoke(documents.Count);
        if (watermark is { } w)
        {
            await SetWatermarkAsync(w, cancellationToken);
        }
    }

    Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The stamps (<see cref="SearchDocument.Stamp"/>) of those of <paramref name="reportIds"/> the index holds, as of the
    /// last write; an id it does not hold is left out. What the catch-up compares with the reports' stamps, so that it
    /// reads the text only of the reports the index does not have as they are.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, string>> GetStampsAsync(IReadOnlyCollection<Guid> reportIds, CancellationToken cancellationToken);

    /// <summary>The catch-up watermark stored with the index (null: never indexed, or index emptied).</summary>
    Task<DateTime?> GetWatermarkAsync(CancellationToken cancellationToken);

    Task SetWatermarkAsync(DateTime watermark, CancellationToken cancellationToken);

    /// <summary>Removes every document and the watermark (a full rebuild follows).</summary>
    Task ClearAsync(CancellationToken cancellationToken);
}
