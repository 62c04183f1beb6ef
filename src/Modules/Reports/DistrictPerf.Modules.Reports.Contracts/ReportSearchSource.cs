namespace DistrictPerf.Modules.Reports.Contracts;

/// <summary>One titled part of a report's text, as the search index holds it.</summary>
public sealed record ReportSection(string Key, string Title, string Text);

/// <summary>
/// A report revision as the search index needs it: its bureau, year, status and text. <see cref="Stamp"/>
/// changes whenever the report does; <see cref="ChangedAt"/> is its last write (UTC).
/// </summary>
public sealed record ReportSearchDocument(
    Guid ReportId, Guid BureauId, int FiscalYear, int Revision, string Status, decimal? SelfScore, string? SelfGrade,
    DateTime ChangedAt, string Stamp, IReadOnlyList<ReportSection> Sections);

/// <summary>
/// A report's version without its text: its id, last write (UTC) and the stamp that changes with every write — what the
/// index compares with the stamp it holds, to ask for the text only of the reports it does not have as they are.
/// </summary>
public sealed record ReportSearchStamp(Guid ReportId, DateTime ChangedAt, string Stamp);

/// <summary>A place in the reports ordered by (last write, id): a page starts after it.</summary>
public readonly record struct ReportSearchCursor(DateTime ChangedAt, Guid ReportId);

/// <summary>
/// A page of <see cref="IReportSearchSource.PageAsync"/>. <see cref="Next"/> is the place of the page's last report in
/// the order as the page was read (its write time then; <c>after</c> again for an empty page): pass it to read the next
/// page. It is also the newest write time the page covers — the one to record as caught up to, rather than the
/// documents' own times: a report written between reading the page's order and reading its text comes with its new
/// version and a later write time, while the reports between its old and new place are still to come.
/// <see cref="IsLast"/>: no report after this page (as it was read).
/// </summary>
public sealed record ReportSearchPage(IReadOnlyList<ReportSearchDocument> Documents, ReportSearchCursor Next, bool IsLast);

/// <summary>Host-side source of report text for the search index (reads every bureau's reports).</summary>
public interface IReportSearchSource
{
    /// <summary>
    /// The stamps of the reports written at or after <paramref name="sinceUtc"/>, oldest first: ids, write times and
    /// stamps only, no text (the search's catch-up check, so it costs the same whatever the reports' length).
    /// </summary>
    Task<IReadOnlyList<ReportSearchStamp>> StampsChangedSinceAsync(DateTime sinceUtc, CancellationToken cancellationToken = default);

    /// <summary>
    /// The documents of these reports as they are now, in no particular order; an id without a report (or of no
    /// bureau) is left out. Callers ask for a page's worth (hundreds) at a time.
    /// </summary>
    Task<IReadOnlyList<ReportSearchDocument>> GetAsync(IReadOnlyCollection<Guid> reportIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="size"/> documents ordered by (last write, id), starting after <paramref name="after"/>
    /// (null: from the first) — keyset paging: pass the page's <see cref="ReportSearchPage.Next"/> to read the next one,
    /// until <see cref="ReportSearchPage.IsLast"/>. Every report is returned once, however many share a write time. A
    /// report written again while the pages are read moves after the cursor and comes again with its new version, so a
    /// write never hides it; only a write committed later than its write time (a long transaction) can land behind the
    /// cursor — the index's catch-up looks back over such writes.
    /// </summary>
    Task<ReportSearchPage> PageAsync(ReportSearchCursor? after, int size, CancellationToken cancellationToken = default);

    /// <summary>How many reports there are (what a rebuild's progress counts up to).</summary>
    Task<int> CountAsync(CancellationToken cancellationToken = default);
}
