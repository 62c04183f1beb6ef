using DistrictPerf.Web.Api;
using Shared = DistrictPerf.Modules.Indicators.Contracts;

namespace DistrictPerf.Web.Pages.Plan;

/// <summary>An indicator as the editor holds it: what the user edits (sent as the PUT's body) and its stamp.</summary>
public sealed class IndicatorRow
{
    public Guid Id { get; set; }
    public Guid TaskId { get; set; }

    /// <summary>Not saved yet (its id is a placeholder).</summary>
    public bool IsNew { get; set; }

    public int Order { get; set; }
    public string? Level1 { get; set; }
    public string? Level2 { get; set; }
    public string Name { get; set; } = "";
    public IndicatorDirection Direction { get; set; }

    /// <summary>The direction follows the target as typed until the user picks one.</summary>
    public bool DirectionFollowsTarget { get; set; } = true;

    public string Target { get; set; } = "";
    public string? AdjustedTarget { get; set; }
    public string Actual { get; set; } = "";
    public decimal EnteredWeight { get; set; }
    public bool IsCore { get; set; }
    public QualitativeRating? Rating { get; set; }
    public decimal? Share { get; set; }
    public string? DeviationReason { get; set; }
    public string? ImprovementMeasure { get; set; }
    public string? OverAchievementExplanation { get; set; }
    public string? ConcurrencyStamp { get; set; }

    public bool IsJudged => Direction is IndicatorDirection.Qualitative or IndicatorDirection.YesNo;

    public static IndicatorRow From(Guid taskId, PlanIndicator i) => new()
    {
        Id = i.Id, TaskId = taskId, Order = i.Order, Level1 = i.Level1, Level2 = i.Level2, Name = i.Name, Direction = i.Direction,
        DirectionFollowsTarget = PlanCalculator.InferDirection(i.AdjustedTarget is { Length: > 0 } adjusted ? adjusted : i.Target) == i.Direction,
        Target = i.Target, AdjustedTarget = i.AdjustedTarget, Actual = i.Actual, EnteredWeight = i.EnteredWeight ?? 0m, IsCore = i.IsCore,
        Rating = i.Rating, Share = i.Share, DeviationReason = i.DeviationReason, ImprovementMeasure = i.ImprovementMeasure,
        OverAchievementExplanation = i.OverAchievementExplanation, ConcurrencyStamp = i.ConcurrencyStamp,
    };

    public IndicatorRow Copy() => (IndicatorRow)MemberwiseClone();

    /// <summary>The same content (what a save would send) as <paramref name="other"/>.</summary>
    public bool SameContent(IndicatorRow other) =>
        Level1 == other.Level1 && Level2 == other.Level2 && Name == other.Name && Direction == other.Direction && Target == other.Target
        && AdjustedTarget == other.AdjustedTarget && Actual == other.Actual && EnteredWeight == other.EnteredWeight && IsCore == other.IsCore
        && Rating == other.Rating && Share == other.Share && DeviationReason == other.DeviationReason
        && ImprovementMeasure == other.ImprovementMeasure && OverAchievementExplanation == other.OverAchievementExplanation;

    public IndicatorBody Body() => new()
    {
        Level1 = Level1, Level2 = Level2, Name = Name, Direction = Direction, Target = Target, AdjustedTarget = AdjustedTarget, Actual = Actual,
        Weight = EnteredWeight, IsCore = IsCore, Rating = IsJudged ? Rating : null, Share = IsJudged ? Share : null,
        DeviationReason = DeviationReason, ImprovementMeasure = ImprovementMeasure, OverAchievementExplanation = OverAchievementExplanation,
        ConcurrencyStamp = IsNew ? null : ConcurrencyStamp,
    };
}

/// <summary>One indicator's figures as shown: the server's (from the plan or a save's answer) or computed here while typing.</summary>
public sealed record IndicatorShown(
    decimal Weight, string? TargetOperator, decimal? TargetNumber, string? Unit, decimal? ActualNumber, string? ActualUnit,
    decimal? CompletionRatio, decimal Score, bool Achieved, bool OverAchieved);

/// <summary>The plan's figures as shown, and whether the server computed them.</summary>
public sealed record PlanShown(decimal ExecutionScore, decimal IndicatorScore, decimal TotalScore, string Grade, IReadOnlyDictionary<Guid, IndicatorShown> Indicators, bool FromServer)
{
    public static PlanShown From(PerformancePlan plan) => new(
        plan.ExecutionScore, plan.IndicatorScore, plan.TotalScore, plan.Grade,
        plan.Tasks.SelectMany(t => t.Indicators).ToDictionary(i => i.Id, i => new IndicatorShown(
            i.Weight, i.TargetOperator, i.TargetNumber, i.Unit, i.ActualNumber, i.ActualUnit, i.CompletionRatio, i.Score ?? 0m, i.Achieved, i.OverAchieved)),
        FromServer: true);

    public static PlanShown From(PlanFigures figures) => new(
        figures.ExecutionScore, figures.IndicatorScore, figures.TotalScore, figures.Grade,
        figures.Indicators.ToDictionary(i => i.Id, i => new IndicatorShown(
            i.Weight, i.TargetOperator, i.TargetNumber, i.Unit, i.ActualNumber, i.ActualUnit, i.CompletionRatio, i.Score ?? 0m, i.Achieved, i.OverAchieved)),
        FromServer: true);
}

/// <summary>
/// The plan's figures computed in the browser with the server's own code (DistrictPerf.Modules.Indicators.Shared:
/// parsing, weights, scores, total, grade), so what the user sees while typing is what a save will give.
/// </summary>
public static class PlanCalculator
{
    public static IndicatorDirection InferDirection(string? target) =>
        FromShared(Shared.IndicatorValues.InferDirection(Shared.IndicatorValues.Parse(target)));

    public static PlanShown Compute(IEnumerable<IndicatorRow> rows, decimal? executionRate, Shared.ScoringRules rules)
    {
        var inputs = rows.Select(r => new Shared.PlanScoringInput(
            r.Id, r.Level1, ToShared(r.Direction), r.Target, r.AdjustedTarget, r.Actual, r.EnteredWeight,
            r.IsJudged && r.Rating is { } rating ? ToShared(rating) : null, r.IsJudged ? r.Share : null)).ToList();
        var scores = Shared.PlanScoring.Compute(inputs, executionRate, rules);
        return new PlanShown(
            scores.ExecutionScore, scores.IndicatorScore, scores.TotalScore, scores.Grade,
            scores.Indicators.ToDictionary(kv => kv.Key, kv => new IndicatorShown(
                kv.Value.Weight, kv.Value.Target.Operator, kv.Value.Target.Number, kv.Value.Target.Unit, kv.Value.ActualNumber, kv.Value.ActualUnit,
                kv.Value.Score.CompletionRatio, kv.Value.Score.Score, kv.Value.Score.Achieved, kv.Value.Score.OverAchieved)),
            FromServer: false);
    }

    /// <summary>The year's rules as the plan's answer carries them (every value is the server's; a missing one keeps the default).</summary>
    public static Shared.ScoringRules Rules(ScoringRules? dto)
    {
        var d = Shared.ScoringRules.Default;
        if (dto is null)
        {
            return d;
        }

        return new Shared.ScoringRules
        {
            ExecutionWeight = dto.ExecutionWeight ?? d.ExecutionWeight,
            OutputWeight = dto.OutputWeight ?? d.OutputWeight,
            OutcomeWeight = dto.OutcomeWeight ?? d.OutcomeWeight,
            SatisfactionWeight = dto.SatisfactionWeight ?? d.SatisfactionWeight,
            AtMostFormula = dto.AtMostFormula == AtMostFormula.Linear ? Shared.AtMostFormula.Linear : Shared.AtMostFormula.Ratio,
            EqualTolerance = dto.EqualTolerance ?? d.EqualTolerance,
            QualitativeBands = dto.QualitativeBands is { } bands
                ? bands.Select(b => new Shared.QualitativeBand(ToShared(b.Rating), b.MinShare, b.MaxShare)).ToList()
                : d.QualitativeBands,
            Grades = dto.Grades is { } grades ? grades.Select(g => new Shared.GradeBand(g.Grade, g.MinScore)).ToList() : d.Grades,
            OverAchievementThreshold = dto.OverAchievementThreshold ?? d.OverAchievementThreshold,
            CapTotalByExecutionRate = dto.CapTotalByExecutionRate ?? d.CapTotalByExecutionRate,
            ExecutionCaps = dto.ExecutionCaps is { } caps ? caps.Select(c => new Shared.ExecutionCap(c.ExecutionRateBelow, c.MaxTotal)).ToList() : d.ExecutionCaps,
        };
    }

    private static Shared.IndicatorDirection ToShared(IndicatorDirection d) => d switch
    {
        IndicatorDirection.AtMost => Shared.IndicatorDirection.AtMost,
        IndicatorDirection.Equal => Shared.IndicatorDirection.Equal,
        IndicatorDirection.Qualitative => Shared.IndicatorDirection.Qualitative,
        IndicatorDirection.YesNo => Shared.IndicatorDirection.YesNo,
        _ => Shared.IndicatorDirection.AtLeast,
    };

    private static IndicatorDirection FromShared(Shared.IndicatorDirection d) => d switch
    {
        Shared.IndicatorDirection.AtMost => IndicatorDirection.AtMost,
        Shared.IndicatorDirection.Equal => IndicatorDirection.Equal,
        Shared.IndicatorDirection.Qualitative => IndicatorDirection.Qualitative,
        Shared.IndicatorDirection.YesNo => IndicatorDirection.YesNo,
        _ => IndicatorDirection.AtLeast,
    };

    private static Shared.QualitativeRating ToShared(QualitativeRating r) => r switch
    {
        QualitativeRating.PartlyAchieved => Shared.QualitativeRating.PartlyAchieved,
        QualitativeRating.NotAchieved => Shared.QualitativeRating.NotAchieved,
        _ => Shared.QualitativeRating.Achieved,
    };
}
