namespace DistrictPerf.Modules.Indicators.Contracts;

/// <summary>One indicator as the plan's computation needs it: what is stored, nothing computed.</summary>
/// <param name="Weight">the entered weight; 0 when none was entered</param>
public sealed record PlanScoringInput(
    Guid Id, string? Level1, IndicatorDirection Direction, string Target, string? AdjustedTarget, string Actual,
    decimal Weight, QualitativeRating? Rating, decimal? Share);

/// <summary>How one indicator was read and scored.</summary>
/// <param name="Weight">the effective weight: the entered one, or the share derived from the rules' split</param>
/// <param name="Target">the target (the adjusted target when one is given) as parsed</param>
/// <param name="Actual">the actual as parsed (its first number)</param>
/// <param name="ActualNumber">the actual's number that was compared with the target (chosen by the target's unit); null when none</param>
/// <param name="ActualUnit">that number's unit ("%" with a non-% target: a percentage of completion)</param>
public sealed record IndicatorReading(decimal Weight, ParsedValue Target, ParsedValue Actual, decimal? ActualNumber, string? ActualUnit, IndicatorScore Score);

/// <summary>A plan's computed figures: each indicator's reading and score, the execution score, the total and the grade.</summary>
public sealed record PlanScores(IReadOnlyDictionary<Guid, IndicatorReading> Indicators, decimal ExecutionScore, decimal IndicatorScore, decimal TotalScore, string Grade);

/// <summary>
/// The plan's computation (domain-rules §3) over plain inputs: effective weights, every indicator's
/// score, the execution score, the total and the grade. The server computes a plan with it; the web
/// client computes the same figures with it while the user types (this project is compiled by both).
/// </summary>
public static class PlanScoring
{
    private const string Output = "产出";
    private const string Outcome = "效益";
    private const string Satisfaction = "满意度";

    public static PlanScores Compute(IReadOnlyList<PlanScoringInput> indicators, decimal? executionRate, ScoringRules rules)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        ArgumentNullException.ThrowIfNull(rules);
        var weights = EffectiveWeights(indicators, rules);
        var readings = new Dictionary<Guid, IndicatorReading>(indicators.Count);
        var indicatorScore = 0m;
        foreach (var indicator in indicators)
        {
            var reading = Read(indicator, weights[indicator.Id], rules);
            readings[indicator.Id] = reading;
            indicatorScore += reading.Score.Score;
        }

        var executionScore = Scoring.ExecutionScore(executionRate, rules);
        var total = Scoring.Total(executionScore, readings.Values.Select(r => r.Score.Score), executionRate, rules);
        return new PlanScores(readings, executionScore, indicatorScore, total, Scoring.Grade(total, rules));
    }

    /// <summary>Parses an indicator's target (the adjusted one when given) and actual, and scores it with <paramref name="weight"/>.</summary>
    public static IndicatorReading Read(PlanScoringInput indicator, decimal weight, ScoringRules rules)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        var target = IndicatorValues.Parse(string.IsNullOrWhiteSpace(indicator.AdjustedTarget) ? indicator.Target : indicator.AdjustedTarget);
        var actual = IndicatorValues.Parse(indicator.Actual);
        if (indicator.Direction == IndicatorDirection.YesNo && actual.YesNo is null && indicator.Rating is { } judged)
        {
            // A yes/no indicator whose actual is a sentence ("已协调解决问题 100 余项，达到预期目标"): the recorded judgement answers it.
            actual = actual with { YesNo = judged == QualitativeRating.Achieved };
        }

        var score = Scoring.Score(new IndicatorScoreInput(indicator.Direction, weight, target, actual, indicator.Rating, indicator.Share), rules);
        var resolved = indicator.Direction is IndicatorDirection.Qualitative or IndicatorDirection.YesNo ? null : IndicatorValues.ResolveActual(target, actual);
        return new IndicatorReading(weight, target, actual, resolved?.Number, resolved?.Unit, score);
    }

    /// <summary>
    /// Entered weights when any is set; otherwise derived from the rules' split: 产出 / 效益 / 满意度
    /// shares of (100 − execution weight), a missing level's share going to the others in
    /// proportion, each level's share spread evenly over its indicators (indicators without a
    /// known level count as 产出).
    /// </summary>
    public static Dictionary<Guid, decimal> EffectiveWeights(IReadOnlyList<PlanScoringInput> indicators, ScoringRules rules)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        ArgumentNullException.ThrowIfNull(rules);
        if (indicators.Count == 0 || indicators.Any(i => i.Weight > 0))
        {
            return indicators.ToDictionary(i => i.Id, i => i.Weight);
        }

        var shares = new Dictionary<string, decimal> { [Output] = rules.OutputWeight, [Outcome] = rules.OutcomeWeight, [Satisfaction] = rules.SatisfactionWeight };
        var counts = indicators.GroupBy(i => WeightGroup(i.Level1)).ToDictionary(g => g.Key, g => g.Count());
        var pool = 100m - rules.ExecutionWeight;
        var presentShare = counts.Keys.Sum(l => shares[l]);
        return indicators.ToDictionary(
            i => i.Id,
            i => presentShare == 0 ? pool / indicators.Count : pool * shares[WeightGroup(i.Level1)] / presentShare / counts[WeightGroup(i.Level1)]);
    }

    /// <summary>The level whose share of the split an indicator takes: 效益, 满意度, or 产出 (also for 决策/过程 and none).</summary>
    public static string WeightGroup(string? level1) => level1 switch
    {
        Outcome => Outcome,
        Satisfaction => Satisfaction,
        _ => Output,
    };
}
