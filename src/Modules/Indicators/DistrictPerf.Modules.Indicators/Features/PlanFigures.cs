using DistrictPerf.Modules.Indicators.Contracts;

namespace DistrictPerf.Modules.Indicators.Features;

/// <summary>One indicator's computed figures: its effective weight, how its target and actual were read, its completion and score.</summary>
internal sealed record IndicatorFigures(
    Guid Id, decimal Weight, string? TargetOperator, decimal? TargetNumber, string? Unit, decimal? ActualNumber, string? ActualUnit,
    decimal? CompletionRatio, decimal? Score, bool Achieved, bool OverAchieved);

/// <summary>
/// The plan's computed figures after a write, as the server computed them from the committed plan:
/// an editor shows them without reading the whole plan again (every indicator is listed, because a
/// derived weight follows the number of indicators of each level).
/// </summary>
internal sealed record PlanFigures(decimal? ExecutionRate, decimal ExecutionScore, decimal IndicatorScore, decimal TotalScore, string Grade, IReadOnlyList<IndicatorFigures> Indicators)
{
    public static PlanFigures From(PerformancePlan plan) => new(
        plan.ExecutionRate, plan.ExecutionScore, plan.IndicatorScore, plan.TotalScore, plan.Grade,
        plan.Tasks.SelectMany(t => t.Indicators).Select(i => new IndicatorFigures(
            i.Id, i.Weight, i.TargetOperator, i.TargetNumber, i.Unit, i.ActualNumber, i.ActualUnit, i.CompletionRatio, i.Score, i.Achieved, i.OverAchieved)).ToList());
}

/// <summary>A created or updated indicator: its id, its new stamp and the plan's figures with it.</summary>
internal sealed record IndicatorSaved(Guid Id, string? ConcurrencyStamp, PlanFigures Figures);
