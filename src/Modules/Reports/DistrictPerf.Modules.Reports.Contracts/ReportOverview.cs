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
public sealed record BureauReportSummary(Guid BureauId, Guid ReportId, int Revision, ReportStatus Status, decimal? SelfScore, string? SelfGrade);

/// <summary>Every bureau's current report of a year (host side), in one query whatever the number of bureaus. Implemented by the Reports module.</summary>
public interface IReportOverview
{
    /// <summary>The current report of every bureau that has one for <paramref name="fiscalYear"/> (or only <paramref name="bureauId"/>'s).</summary>
    Task<IReadOnlyList<BureauReportSummary>> ForYearAsync(int fiscalYear, Guid? bureauId = null, CancellationToken cancellationToken = default);
}
