namespace DistrictPerf.Modules.Indicators.Contracts;

/// <summary>How a qualitative indicator was judged.</summary>
public enum QualitativeRating
{
    /// <summary>达成</summary>
    Achieved,

    /// <summary>部分达成</summary>
    PartlyAchieved,

    /// <summary>未达成</summary>
    NotAchieved,
}

/// <summary>≤ indicators: W × T ÷ A (default, [N]) or W × max(0, 1 − (A−T)/T) ([LOC]).</summary>
public enum AtMostFormula
{
    Ratio,
    Linear,
}

/// <summary>A grade and the lowest total that earns it, e.g. 优 ≥ 90.</summary>
public sealed record GradeBand(string Grade, decimal MinScore);

/// <summary>Share of the weight a qualitative rating earns: from MinShare to MaxShare (0..1).</summary>
public sealed record QualitativeBand(QualitativeRating Rating, decimal MinShare, decimal MaxShare);

/// <summary>Total capped at <see cref="MaxTotal"/> when the execution rate is below <see cref="ExecutionRateBelow"/> (ratio 0..1).</summary>
public sealed record ExecutionCap(decimal ExecutionRateBelow, decimal MaxTotal);

/// <summary>
/// The finance bureau's scoring rules for one year (domain-rules §3). All weights are points of
/// 100. Defaults are the national split and bands; every value can be changed per year.
/// </summary>
public sealed record ScoringRules
{
    public decimal ExecutionWeight { get; init; } = 10m;
    public decimal OutputWeight { get; init; } = 50m;
    public decimal OutcomeWeight { get; init; } = 30m;
    public decimal SatisfactionWeight { get; init; } = 10m;
    public AtMostFormula AtMostFormula { get; init; } = AtMostFormula.Ratio;

    /// <summary>Relative tolerance for "=" indicators (0.01 = within 1%).</summary>
    public decimal EqualTolerance { get; init; }

    public IReadOnlyList<QualitativeBand> QualitativeBands { get; init; } =
    [
        new(QualitativeRating.Achieved, 0.8m, 1m),
        new(QualitativeRating.PartlyAchieved, 0.5m, 0.8m),
        new(QualitativeRating.NotAchieved, 0m, 0.5m),
    ];

    /// <summary>Ordered from the highest; a total earns the first band whose MinScore it reaches.</summary>
    public IReadOnlyList<GradeBand> Grades { get; init; } =
    [
        new("优", 90m),
        new("良", 80m),
        new("中", 60m),
        new("差", 0m),
    ];

    /// <summary>Completion at or above this ratio needs an explanation (target set too low).</summary>
    public decimal OverAchievementThreshold { get; init; } = 1.30m;

    public bool CapTotalByExecutionRate { get; init; }

    /// <summary>Checked from the lowest ExecutionRateBelow up; the first that applies caps the total.</summary>
    public IReadOnlyList<ExecutionCap> ExecutionCaps { get; init; } =
    [
        new(0.5m, 59m),
        new(0.6m, 69m),
        new(0.7m, 79m),
        new(0.8m, 89m),
    ];

    public static ScoringRules Default { get; } = new();
}

/// <summary>One indicator as scoring sees it.</summary>
/// <param name="Share">for qualitative indicators: the share of the weight given within the rating's band (null → the band's MaxShare)</param>
public sealed record IndicatorScoreInput(IndicatorDirection Direction, decimal Weight, ParsedValue Target, ParsedValue Actual, QualitativeRating? Rating = null, decimal? Share = null);

/// <summary>An indicator's computed score (unrounded) and completion ratio (null when not computable).</summary>
public sealed record IndicatorScore(decimal Score, decimal? CompletionRatio, bool Achieved, bool OverAchieved);

/// <summary>The scoring functions of domain-rules §3; plain, deterministic, unrounded.</summary>
/// <remarks>
/// Decisions beyond the table: a qualitative <see cref="IndicatorScoreInput.Share"/> outside its rating's band is
/// clamped into the band (a 达成 given 0.5 earns 0.8 of W); scores never leave 0..W; a ≥ target of 0 (or a ≤ actual of
/// 0) is met (score W) even though its completion ratio is null; an actual given as a percentage of completion against
/// a non-% target ("1 部" vs "实际完成 90%") scores W × min(p ÷ 100, 1) in every direction; the total is not capped
/// when the execution rate is unknown.
/// </remarks>
public static class Scoring
{
    /// <summary>
    /// ≥: A ≥ T → W else W × A ÷ T. ≤: A ≤ T → W else by <see cref="ScoringRules.AtMostFormula"/>.
    /// =: within tolerance → W else W × min ÷ max. YesNo: agree → W else 0. Qualitative: W × share
    /// (rating required; missing → 0). A numeric indicator without numbers scores 0 and is not achieved.
    /// </summary>
    public static IndicatorScore Score(IndicatorScoreInput input, ScoringRules rules)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rules);
        var weight = input.Weight;
        switch (input.Direction)
        {
            case IndicatorDirection.Qualitative:
                return ScoreQualitative(input, rules);
            case IndicatorDirection.YesNo:
                var agree = IndicatorValues.CompletionRatio(IndicatorDirection.YesNo, input.Target, input.Actual);
                return agree == 1m
                    ? new IndicatorScore(weight, agree, Achieved: true, OverAchieved: false)
                    : new IndicatorScore(0m, agree, Achieved: false, OverAchieved: false);
        }

        if (input.Target.Number is not { } target || IndicatorValues.ResolveActual(input.Target, input.Actual) is not { } resolved)
        {
            return new IndicatorScore(0m, null, Achieved: false, OverAchieved: false);
        }

        var ratio = IndicatorValues.CompletionRatio(input.Direction, input.Target, input.Actual);
        var overAchieved = ratio >= rules.OverAchievementThreshold;
        if (resolved.IsCompletionPercentage)
        {
            var share = resolved.Number / 100m;
            return new IndicatorScore(Clamp(weight * share, weight), ratio, share >= 1m, overAchieved);
        }

        var actual = resolved.Number;
        var (achieved, score) = input.Direction switch
        {
            IndicatorDirection.AtLeast => actual >= target
                ? (true, weight)
                : (false, target == 0m ? 0m : weight * actual / target),
            IndicatorDirection.AtMost => actual <= target
                ? (true, weight)
                : (false, AtMostScore(weight, target, actual, rules.AtMostFormula)),
            IndicatorDirection.Equal => Math.Abs(actual - target) <= rules.EqualTolerance * Math.Abs(target)
                ? (true, weight)
                : (false, weight * (ratio ?? 0m)),
            _ => (false, 0m),
        };

        return new IndicatorScore(Clamp(score, weight), ratio, achieved, overAchieved);
    }

    /// <summary>Execution-rate score: ExecutionWeight × min(rate, 1); the seed's 96.05…% gives 9.605 → 9.61 shown.</summary>
    public static decimal ExecutionScore(decimal? executionRate, ScoringRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return executionRate is { } rate ? rules.ExecutionWeight * Math.Clamp(rate, 0m, 1m) : 0m;
    }

    /// <summary>Total = execution score + Σ indicator scores, capped by the execution rate when the rules say so.</summary>
    public static decimal Total(decimal executionScore, IEnumerable<decimal> indicatorScores, decimal? executionRate, ScoringRules rules)
    {
        ArgumentNullException.ThrowIfNull(indicatorScores);
        ArgumentNullException.ThrowIfNull(rules);
        var total = executionScore + indicatorScores.Sum();
        if (!rules.CapTotalByExecutionRate || executionRate is not { } rate)
        {
            return total;
        }

        foreach (var cap in rules.ExecutionCaps.OrderBy(c => c.ExecutionRateBelow))
        {
            if (rate < cap.ExecutionRateBelow)
            {
                return Math.Min(total, cap.MaxTotal);
            }
        }

        return total;
    }

    /// <summary>The grade band a total reaches: 89.99 → 良, 90.00 → 优 with the defaults.</summary>
    /// <remarks>Compares the total as given (round it first if the displayed figure should decide); a total below
    /// every band gets the lowest band's grade.</remarks>
    public static string Grade(decimal total, ScoringRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Grades.Count == 0)
        {
            throw new ArgumentException("The scoring rules define no grade bands.", nameof(rules));
        }

        var bands = rules.Grades.OrderByDescending(g => g.MinScore).ToList();
        foreach (var band in bands)
        {
            if (total >= band.MinScore)
            {
                return band.Grade;
            }
        }

        return bands[^1].Grade;
    }

    private static IndicatorScore ScoreQualitative(IndicatorScoreInput input, ScoringRules rules)
    {
        if (input.Rating is not { } rating)
        {
            return new IndicatorScore(0m, null, Achieved: false, OverAchieved: false);
        }

        var band = rules.QualitativeBands.FirstOrDefault(b => b.Rating == rating)
            ?? throw new ArgumentException($"The scoring rules define no band for {rating}.", nameof(rules));
        var share = Math.Clamp(input.Share ?? band.MaxShare, band.MinShare, band.MaxShare);
        return new IndicatorScore(input.Weight * share, null, rating == QualitativeRating.Achieved, OverAchieved: false);
    }

    private static decimal AtMostScore(decimal weight, decimal target, decimal actual, AtMostFormula formula) => formula switch
    {
        AtMostFormula.Linear => target == 0m ? 0m : weight * Math.Max(0m, 1m - ((actual - target) / target)),
        _ => actual == 0m ? 0m : weight * target / actual,
    };

    private static decimal Clamp(decimal score, decimal weight) => Math.Clamp(score, 0m, Math.Max(weight, 0m));
}
