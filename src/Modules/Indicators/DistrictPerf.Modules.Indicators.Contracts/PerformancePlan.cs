namespace DistrictPerf.Modules.Indicators.Contracts;

/// <summary>An indicator as other modules (reports, exports, the checker) see it, with its computed values.</summary>
public sealed record PlanIndicator(
    Guid Id, int Order, string? Level1, string? Level2, string Name, IndicatorDirection Direction, string? Unit, string Target, string? AdjustedTarget,
    string Actual, decimal Weight, bool IsCore, QualitativeRating? Rating,
    decimal? CompletionRatio, decimal? Score, bool Achieved, bool OverAchieved,
    string? DeviationReason, string? ImprovementMeasure, string? OverAchievementExplanation, string? ConcurrencyStamp = null)
{
    /// <summary>The weight as entered (0 when none was entered); <see cref="Weight"/> is the effective one, derived from the rules' split when no indicator has a weight.</summary>
    public decimal EnteredWeight { get; init; }

    /// <summary>For qualitative indicators: the share of the weight given within the rating's band.</summary>
    public decimal? Share { get; init; }

    /// <summary>How the target (the adjusted one when given) was read: "≥", "≤", "=" or null, its number and (in <see cref="Unit"/>) its unit.</summary>
    public string? TargetOperator { get; init; }

    public decimal? TargetNumber { get; init; }

    /// <summary>The actual's number compared with the target (chosen by the target's unit); null when none was read.</summary>
    public decimal? ActualNumber { get; init; }

    /// <summary>That number's unit ("%" against a non-% target: a percentage of completion).</summary>
    public string? ActualUnit { get; init; }
}

/// <summary>A main task (主要任务) with its indicators.</summary>
public sealed record PlanTask(
    Guid Id, int Number, string Name, string? ExpectedGoal, string? Completion, decimal FundsYuan,
    int? DeclaredIndicatorCount, IReadOnlyList<string> DeclaredIndicatorNames, IReadOnlyList<PlanIndicator> Indicators, string? ConcurrencyStamp = null);

/// <summary>A bureau's performance plan for a year, scored with the year's rules.</summary>
public sealed record PerformancePlan(
    int FiscalYear, string? OverallGoal, string? QuantitativeTargets, IReadOnlyList<PlanTask> Tasks,
    decimal? ExecutionRate, decimal ExecutionScore, decimal IndicatorScore, decimal TotalScore, string Grade, ScoringRules Rules,
    string? GoalConcurrencyStamp = null);

/// <summary>What a legacy import (or a plan replacement) writes.</summary>
public sealed record NewPlanIndicator(string Name, string Target, string Actual, bool? Achieved, string? DeviationReason);

public sealed record NewPlanTask(int Number, string Name, string? ExpectedGoal, string? Completion, decimal? FundsYuan,
    int? DeclaredIndicatorCount, IReadOnlyList<string> DeclaredIndicatorNames, IReadOnlyList<NewPlanIndicator> Indicators);

/// <summary>Reads and writes the current bureau's performance plan (tenant-scoped).</summary>
public interface IPerformancePlans
{
    /// <summary>The plan of the current bureau, scored; with <paramref name="rules"/> null the year's rules apply.</summary>
    Task<PerformancePlan> GetAsync(int fiscalYear, ScoringRules? rules = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces the current bureau's tasks and indicators of the year (legacy import into an empty plan).</summary>
    Task ReplaceAsync(int fiscalYear, string? overallGoal, IReadOnlyList<NewPlanTask> tasks, CancellationToken cancellationToken = default);

    /// <summary>The finance bureau's rules for the year (defaults when none were set).</summary>
    Task<ScoringRules> RulesAsync(int fiscalYear, CancellationToken cancellationToken = default);

    /// <summary>Whether the current bureau has main task <paramref name="taskId"/> in <paramref name="fiscalYear"/>.</summary>
    Task<bool> TaskExistsAsync(int fiscalYear, Guid taskId, CancellationToken cancellationToken = default);
}
