using DistrictPerf.Modules.Indicators.Contracts;

namespace DistrictPerf.UnitTests.Indicators;

/// <summary>The plan's computation (weights, readings, scores, total, grade) that the server and the web editor share.</summary>
public sealed class PlanScoringTests
{
    private static PlanScoringInput Indicator(string? level1, string target, string actual, decimal weight = 0m, IndicatorDirection? direction = null, QualitativeRating? rating = null) =>
        new(Guid.NewGuid(), level1, direction ?? IndicatorValues.InferDirection(IndicatorValues.Parse(target)), target, null, actual, weight, rating, null);

    [Fact]
    public void WithoutEnteredWeights_TheSplitIsSharedByThePresentLevels_EvenlyWithinALevel()
    {
        // No 满意度 indicator: its 10 points go to 产出 and 效益 in proportion (50 : 30 of the 90).
        var output1 = Indicator("产出", "3册文本", "完成4册策划文本");
        var output2 = Indicator(null, "100%", "100%"); // no level counts as 产出
        var outcome = Indicator("效益", "没有负面影响", "没有负面影响", rating: QualitativeRating.Achieved);

        var weights = PlanScoring.EffectiveWeights([output1, output2, outcome], ScoringRules.Default);

        weights[output1.Id].ShouldBe(28.125m);
        weights[output2.Id].ShouldBe(28.125m);
        weights[outcome.Id].ShouldBe(33.75m);
        weights.Values.Sum().ShouldBe(90m);
    }

    [Fact]
    public void OneEnteredWeight_MakesEveryWeightTheEnteredOne()
    {
        var weighted = Indicator("产出", "35次", "38次", weight: 20m);
        var unweighted = Indicator("效益", "35次", "38次");

        var weights = PlanScoring.EffectiveWeights([weighted, unweighted], ScoringRules.Default);

        weights[weighted.Id].ShouldBe(20m);
        weights[unweighted.Id].ShouldBe(0m);
    }

    [Fact]
    public void Compute_ReadsEachIndicator_AndTotalsWithTheExecutionScore()
    {
        var met = Indicator("产出", "≥35次", "2021年实际完成38次，达到预期目标。");
        var percent = Indicator("产出", "1部", "实际完成90%，未达到预期目标。");
        var judged = Indicator("产出", "是", "已协调解决问题100余项，达到预期目标。", rating: QualitativeRating.Achieved);

        var plan = PlanScoring.Compute([met, percent, judged], 0.9605m, ScoringRules.Default);

        var read = plan.Indicators[met.Id];
        read.Weight.ShouldBe(30m);
        (read.Target.Operator, read.Target.Number, read.Target.Unit).ShouldBe(("≥", 35m, "次"));
        (read.ActualNumber, read.ActualUnit).ShouldBe((38m, "次")); // the year is skipped
        read.Score.Achieved.ShouldBeTrue();

        // "实际完成90%" against "1部": a percentage of completion.
        (plan.Indicators[percent.Id].ActualNumber, plan.Indicators[percent.Id].ActualUnit).ShouldBe((90m, "%"));
        plan.Indicators[percent.Id].Score.Score.ShouldBe(27m);

        // A yes/no indicator whose actual is a sentence: the recorded judgement answers it; no number is read.
        plan.Indicators[judged.Id].Score.Achieved.ShouldBeTrue();
        plan.Indicators[judged.Id].ActualNumber.ShouldBeNull();

        plan.ExecutionScore.ShouldBe(9.605m);
        plan.IndicatorScore.ShouldBe(87m);
        plan.TotalScore.ShouldBe(96.605m);
        plan.Grade.ShouldBe("优");
    }

    [Fact]
    public void AnEmptyPlan_ScoresOnlyItsExecution()
    {
        var plan = PlanScoring.Compute([], null, ScoringRules.Default);

        (plan.ExecutionScore, plan.IndicatorScore, plan.TotalScore, plan.Grade).ShouldBe((0m, 0m, 0m, "差"));
        plan.Indicators.ShouldBeEmpty();
    }
}
