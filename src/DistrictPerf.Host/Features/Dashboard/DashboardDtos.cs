using DistrictPerf.Modules.Alerts.Contracts;
using DistrictPerf.Modules.Reports.Contracts;

namespace DistrictPerf.Host.Features.Dashboard;

/// <summary>
/// The finance bureau's comparison dashboard for a year to a month's end, in one answer: every bureau's row, the
/// district's totals, the data of the charts (every bureau's monthly curve, the warning levels by month) and the
/// year's grade bands. Money is exact yuan; rates are percents and gaps percentage points, rounded half-up for display
/// from unrounded values.
/// </summary>
/// <param name="TimeProgress">序时进度 at the end of <paramref name="Month"/>, percent, under the year's warning settings</param>
/// <param name="TimeProgressByMonth">序时进度 at the end of each month, January first (12 values)</param>
/// <param name="RunMonths">the months of the year whose warnings have been run (the levels of the other months are unknown)</param>
internal sealed record DashboardDto(
    int Year, int Month, decimal TimeProgress, IReadOnlyList<decimal> TimeProgressByMonth, IReadOnlyList<int> RunMonths,
    IReadOnlyList<DashboardGradeDto> Grades, DashboardTotalsDto District, IReadOnlyList<DashboardRowDto> Bureaus);

/// <summary>A grade band of the year's scoring rules: the grade from <paramref name="MinScore"/> up (best first).</summary>
internal sealed record DashboardGradeDto(string Grade, decimal MinScore);

/// <summary>
/// One bureau on the dashboard. A bureau without data for the year is listed with zero money, null rates, no
/// warning level, no score and no report — never left out.
/// </summary>
/// <param name="Level">the whole budget's warning level of the month's run (null: not run, or the bureau was not evaluated)</param>
/// <param name="ForecastYearEndRate">the year-end rate the month's run projected (percent), null before the forecast month or without a run</param>
/// <param name="ComputedScore">the plan's total under the year's rules with the year-end execution rate (as the bureau's plan page), null without indicators</param>
/// <param name="Curve">cumulative execution rate at the end of each month (percent, January first; null while the adjusted budget is zero)</param>
/// <param name="Levels">the whole budget's level of every month that has one</param>
internal sealed record DashboardRowDto(
    Guid BureauId, string Code, string Name, bool IsActive,
    decimal Initial, decimal Adjusted, decimal Spending, decimal? ExecutionRate, decimal? GapPoints,
    decimal? BasicExecutionRate, decimal? ProjectExecutionRate, decimal? AdjustmentRate,
    WarningLevel? Level, WarningLevel? BasicLevel, WarningLevel? ProjectLevel,
    decimal? ForecastYearEndRate, bool ForecastWarning, bool Interview,
    decimal? ComputedScore, string? ComputedGrade, decimal? SelfScore, string? SelfGrade, int IndicatorsAchieved, int Indicators,
    Guid? ReportId, int? ReportRevision, ReportStatus? ReportStatus,
    IReadOnlyList<decimal?> Curve, IReadOnlyList<DashboardMonthLevelDto> Levels);

internal sealed record DashboardMonthLevelDto(int Month, WarningLevel Level);

/// <summary>
/// The district's totals to the month's end: the exact sums of every bureau's money, the rates computed from those
/// unrounded sums (not averaged from the bureaus' rounded rates), and how many bureaus have each level.
/// </summary>
internal sealed record DashboardTotalsDto(
    int Bureaus, decimal Initial, decimal Adjusted, decimal Spending, decimal AdjustedWanYuan, decimal SpendingWanYuan,
    decimal? ExecutionRate, decimal? GapPoints, decimal? BasicExecutionRate, decimal? ProjectExecutionRate, decimal? AdjustmentRate,
    int Red, int Yellow, int Green, IReadOnlyList<decimal?> Curve);

/// <summary>One department as the finance bureau sees it (read-only): its year month by month, its warnings, plan and report.</summary>
internal sealed record DashboardBureauDto(
    Guid BureauId, string Code, string Name, bool IsActive, int Year, IReadOnlyList<decimal> TimeProgressByMonth,
    IReadOnlyList<DashboardMonthDto> Months, IReadOnlyList<DashboardWarningDto> Warnings,
    DashboardPlanDto? Plan, DashboardReportDto? Report, IReadOnlyList<DashboardGradeDto> Grades);

/// <summary>A bureau's figures at the end of a month: the whole budget, 基本支出 and 项目支出 (exact yuan; percents rounded half-up).</summary>
internal sealed record DashboardMonthDto(
    int Month, decimal TimeProgress, decimal Initial, decimal Adjusted, decimal Spending, decimal? ExecutionRate, decimal? GapPoints, decimal? AdjustmentRate,
    decimal BasicAdjusted, decimal BasicSpending, decimal? BasicExecutionRate,
    decimal ProjectAdjusted, decimal ProjectSpending, decimal? ProjectExecutionRate);

/// <summary>A stored warning (the month's run): rates in percent, the gap in percentage points, rounded half-up.</summary>
internal sealed record DashboardWarningDto(
    int Month, WarningScope Scope, WarningLevel Level, decimal? ExecutionRate, decimal? GapPoints, decimal? ProjectedYearEndRate, bool ForecastWarning, bool Interview);

internal sealed record DashboardPlanDto(decimal ComputedScore, string Grade, int IndicatorsAchieved, int Indicators);

internal sealed record DashboardReportDto(Guid ReportId, int Revision, ReportStatus Status, decimal? SelfScore, string? SelfGrade);
