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

/// <summary>Host-side source of report text for the search index (reads every bureau's reports).</summary>
public interface IReportSearchSource
{
    /// <summary>Reports written at or after <paramref name="sinceUtc"/>, oldest first.</summary>
    Task<IReadOnlyList<ReportSearchDocument>> ChangedSinceAsync(DateTime sinceUtc, CancellationToken cancellationToken = default);
}
