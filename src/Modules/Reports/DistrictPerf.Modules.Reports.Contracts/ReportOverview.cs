namespace DistrictPerf.Modules.Reports.Contracts;

/// <summary>draft → submitted → returned / approved → published; a new revision supersedes an approved one.</summary>
public enum ReportStatus
{
    Draft,
    Submitted,
    Returned,
    Approved,
    Published,
    Superseded,
}

/// <summary>A bureau's current self-evaluation of a year (the latest revision not superseded) in one line.</summary>
/// <param name="StatedExecutionRate">the execution rate (ratio, unrounded) the report's own stated figures give (an imported
/// report), null when it states none — what the score uses where the bureau keeps no ledger in the platform</param>
public sealed record BureauReportSummary(
    Guid BureauId, Guid ReportId, int Revision, ReportStatus Status, decimal? SelfScore, string? SelfGrade, decimal? StatedExecutionRate = null);

/// <summary>Every bureau's current report of a year (host side), in one query whatever the number of bureaus. Implemented by the Reports module.</summary>
public interface IReportOverview
{
    /// <summary>The current report of every bureau that has one for <paramref name="fiscalYear"/> (or only <paramref name="bureauId"/>'s).</summary>
    Task<IReadOnlyList<BureauReportSummary>> ForYearAsync(int fiscalYear, Guid? bureauId = null, CancellationToken cancellationToken = default);
}
