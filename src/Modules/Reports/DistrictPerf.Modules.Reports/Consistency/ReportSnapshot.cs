using DistrictPerf.Modules.Indicators.Contracts;

namespace DistrictPerf.Modules.Reports.Consistency;

/// <summary>Everything the consistency checker looks at: the narrative and the live data.</summary>
/// <param name="Sections">narrative sections by key: "basicInfo", "evaluation", "problems", "measures" (any may be empty)</param>
/// <param name="Budget">the live budget figures (yuan, exact) — null when the bureau has no budget for the year</param>
/// <param name="SelfScore">the bureau's self-reported total score, if any</param>
/// <param name="SelfGrade">the bureau's self-reported grade (优/良/中/差), if any</param>
/// <param name="ComputedScore">the total the scoring rules give (unrounded), null if not computable</param>
/// <param name="ComputedGrade">the grade the rules give for <paramref name="ComputedScore"/></param>
/// <param name="ExecutionWeight">points the rules give the execution rate outside the indicators; indicator weights must sum to 100 minus this</param>
/// <param name="SelfScoreGrade">the grade band the year's rules give the self-reported score (null without one)</param>
/// <param name="Stated">the figures the report itself states (legacy import), as printed; null when none were read</param>
/// <param name="ScoreBasis">what the computed score's execution-rate criterion was computed from</param>
/// <param name="GradeBands">the year's grade bands (for messages), highest first</param>
/// <param name="RulesSummary">the rule set used for the computed score, in words (for messages)</param>
internal sealed record ReportSnapshot(
    IReadOnlyDictionary<string, string> Sections,
    SnapshotBudget? Budget,
    IReadOnlyList<SnapshotTask> Tasks,
    decimal? SelfScore,
    string? SelfGrade,
    decimal? ComputedScore,
    string? ComputedGrade,
    decimal OverAchievementThreshold = 1.30m,
    decimal ExecutionWeight = 0m,
    string? SelfScoreGrade = null,
    SnapshotStated? Stated = null,
    ScoreBasis ScoreBasis = ScoreBasis.Ledger,
    IReadOnlyList<(string Grade, decimal MinScore)>? GradeBands = null,
    string? RulesSummary = null);

/// <summary>What the execution-rate criterion of the computed score rests on (issue 14: the best evidence available).</summary>
internal enum ScoreBasis
{
    /// <summary>the bureau's budget ledger in the platform</summary>
    Ledger,

    /// <summary>no ledger: the figures the report states (spending ÷ adjusted budget, else the stated rate)</summary>
    Reported,

    /// <summary>neither: the criterion is not computable; the total is the indicators' score rescaled to 100</summary>
    None,
}

/// <summary>
/// The budget figures a report states, as printed: amounts in 万元, rates in percent. A value's decimal scale is its printed
/// precision (96.05 → 2 decimals), which decides the tolerance of every comparison (half a unit of the last printed digit).
/// </summary>
/// <param name="Adjustment">the net adjustment (signed)</param>
/// <param name="Increase">Σ追加/调增 as stated (positive)</param>
/// <param name="Decrease">Σ追减/调减 as stated (positive)</param>
internal sealed record SnapshotStated(
    decimal? Initial, decimal? Adjustment, decimal? Increase, decimal? Decrease, decimal? Adjusted, decimal? Spending,
    decimal? ExecutionRatePercent, decimal? AdjustmentRatePercent);

/// <summary>Budget figures in yuan (exact) and rates as ratios (unrounded).</summary>
internal sealed record SnapshotBudget(decimal Initial, decimal AdjustmentNet, decimal Adjusted, decimal Spending, decimal? ExecutionRate, decimal? AdjustmentRate);

/// <param name="DeclaredIndicatorCount">the count the narrative declares for this task, if any</param>
/// <param name="DeclaredIndicatorNames">the names the narrative lists for this task</param>
internal sealed record SnapshotTask(int Number, string Name, decimal? FundsYuan, int? DeclaredIndicatorCount, IReadOnlyList<string> DeclaredIndicatorNames, IReadOnlyList<SnapshotIndicator> Indicators);

/// <param name="Id">stable id used in findings' locations</param>
/// <param name="CompletionRatio">actual vs target (1 = on target), null when not computable</param>
/// <param name="Score">computed score, null when not computed</param>
/// <param name="Achieved">achieved as computed from target and actual</param>
/// <param name="Direction">≥ / ≤ / = / qualitative / yes-no (null when unknown)</param>
/// <param name="TargetNumber">the target's number as read (null when none)</param>
/// <param name="TargetUnit">the target's unit as read</param>
/// <param name="ActualNumber">the actual's number compared with the target (null when none)</param>
/// <param name="ActualUnit">that number's unit ("%" against a non-% target: a percentage of completion)</param>
internal sealed record SnapshotIndicator(
    string Id, string Name, decimal Weight, string Target, string Actual, decimal? CompletionRatio, bool Achieved,
    decimal? Score, string? DeviationReason, string? ImprovementMeasure, string? OverAchievementExplanation,
    IndicatorDirection? Direction = null, decimal? TargetNumber = null, string? TargetUnit = null, decimal? ActualNumber = null, string? ActualUnit = null);

internal enum FindingSeverity
{
    /// <summary>blocks submission</summary>
    Error,

    /// <summary>shown, does not block</summary>
    Warning,

    Info,
}

/// <summary>
/// One finding: a stable machine code (e.g. "indicator.duplicate", "text.rate-mismatch",
/// "text.label-two-values", "text.count-mismatch", "task.declared-count", "indicator.missing-reason",
/// "indicator.over-achievement", "weights.sum", "score.self-mismatch", "grade.self-mismatch",
/// "text.all-achieved-claim"), a Chinese-first message, and where it is: "section:evaluation",
/// "task:3", "indicator:{id}", "budget".
/// </summary>
internal sealed record Finding(FindingSeverity Severity, string Code, string Message, string Location, string? Excerpt = null);
