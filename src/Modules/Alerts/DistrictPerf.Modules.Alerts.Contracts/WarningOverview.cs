namespace DistrictPerf.Modules.Alerts.Contracts;

/// <summary>绿 / 黄 / 红.</summary>
public enum WarningLevel
{
    Green,
    Yellow,
    Red,
}

/// <summary>Which money a warning is about: the whole budget, or 基本支出 / 项目支出 alone.</summary>
public enum WarningScope
{
    Total,
    Basic,
    Project,
}

/// <summary>
/// One stored warning as other parts of the platform read it (the finance bureau's dashboard): the level
/// of a bureau's month and scope, the gap it was judged on and the forecast, as the month's run wrote them.
/// Rates are ratios (0..1) and the gap is in percentage points, all unrounded.
/// </summary>
public sealed record BureauMonthWarning(
    Guid BureauId, int Month, WarningScope Scope, WarningLevel Level, decimal? ExecutionRate, decimal? GapPoints,
    decimal? ProjectedYearEndRate, bool ForecastWarning, bool Interview);

/// <summary>A year's warnings of every bureau, with 序时进度 at the end of each month under the year's warning settings.</summary>
/// <param name="TimeProgress">twelve ratios (0..1): [0] the end of January … [11] the end of December</param>
public sealed record WarningYear(int FiscalYear, IReadOnlyList<decimal> TimeProgress, IReadOnlyList<BureauMonthWarning> Warnings);

/// <summary>
/// The monthly warnings read across bureaus (host side): a fixed number of queries whatever the number of
/// bureaus. Implemented by the Alerts module; nothing here writes.
/// </summary>
public interface IWarningOverview
{
    /// <summary>Every bureau's warnings of <paramref name="fiscalYear"/> (all months and scopes), or only <paramref name="bureauId"/>'s.</summary>
    Task<WarningYear> ForYearAsync(int fiscalYear, Guid? bureauId = null, CancellationToken cancellationToken = default);
}
