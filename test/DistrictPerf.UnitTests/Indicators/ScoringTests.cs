using DistrictPerf.Modules.Indicators.Contracts;

namespace DistrictPerf.UnitTests.Indicators;

/// <summary>domain-rules §3 scoring: every direction, the execution-rate score, caps and grades.</summary>
public sealed class ScoringTests
{
    private static readonly ScoringRules Rules = ScoringRules.Default;

    private static IndicatorScoreInput Input(string target, string actual, decimal weight = 10m, IndicatorDirection? direction = null)
    {
        var parsedTarget = IndicatorValues.Parse(target);
        return new IndicatorScoreInput(direction ?? IndicatorValues.InferDirection(parsedTarget), weight, parsedTarget, IndicatorValues.Parse(actual));
    }

    private static IndicatorScoreInput Qualitative(QualitativeRating? rating, decimal? share = null, decimal weight = 10m) =>
        new(IndicatorDirection.Qualitative, weight, IndicatorValues.Parse("没有负面影响"), IndicatorValues.Parse("对区域内生态环境没有负面影响，达到预期目标。"), rating, share);

    // ----- ≥ -----

    [Fact]
    public void AtLeast_Achieved_EarnsTheWeight()
    {
        var score = Scoring.Score(Input("35 次", "2021 年实际完成 38 次，达到预期目标。", 4m), Rules);

        score.ShouldBe(new IndicatorScore(4m, 38m / 35m, Achieved: true, OverAchieved: false));
    }

    [Fact]
    public void AtLeast_NotAchieved_EarnsWTimesAOverT()
    {
        // 外出考察数量 26 次, 20 done.
        var score = Scoring.Score(Input("26次", "实际本年度外出考察数为20次，因受疫情影响，外出考察次数减少，未达到预期目标。", 5m), Rules);

        score.Score.ShouldBe(5m * 20m / 26m);
        score.CompletionRatio.ShouldBe(20m / 26m);
        score.Achieved.ShouldBeFalse();
        score.OverAchieved.ShouldBeFalse();
    }

    [Fact]
    public void AtLeast_ReferenceReport_HighLevelTalentService_70Of90()
    {
        var score = Scoring.Score(Input("服务90人", "高层次人才服务卡机场便捷通关服务70人，未达到预期目标。", 6m), Rules);

        score.Score.ShouldBe(6m * 70m / 90m);
        score.Achieved.ShouldBeFalse();
    }

    [Fact]
    public void AtLeast_PercentageOfCompletion_EarnsThatShare()
    {
        // 主题宣传片数量 "1 部": "实际完成 90%".
        var score = Scoring.Score(Input("1 部", "实际完成 90%，未达到预期目标。", 3m), Rules);

        score.Score.ShouldBe(2.7m);
        score.CompletionRatio.ShouldBe(0.9m);
        score.Achieved.ShouldBeFalse();
    }

    [Fact]
    public void AtLeast_ZeroTarget_IsMet_ButHasNoRatio()
    {
        var score = Scoring.Score(Input("0起", "0起", 2m), Rules);

        score.ShouldBe(new IndicatorScore(2m, null, Achieved: true, OverAchieved: false));
    }

    [Theory]
    [InlineData("3 册文本", "完成 4 册策划文本，已达到预期目标。", true)] // 133%
    [InlineData("1500亿元", "实际招商活动促成签约项目投资金额达1696亿元，达到预期目标。", false)] // 113%
    [InlineData("200 万 m ² ", "产业用地出让面积全年累计 382 万 m ² ，达到预期目标。", true)] // 191%
    [InlineData("10次", "13次", true)] // exactly 130%
    [InlineData("10次", "12.99次", false)]
    public void OverAchieved_FromTheThreshold(string target, string actual, bool expected)
    {
        var score = Scoring.Score(Input(target, actual), Rules);

        score.Score.ShouldBe(10m);
        score.Achieved.ShouldBeTrue();
        score.OverAchieved.ShouldBe(expected);
    }

    [Fact]
    public void OverAchieved_UsesTheRulesThreshold()
    {
        var rules = Rules with { OverAchievementThreshold = 1.10m };

        Scoring.Score(Input("1500亿元", "达1696亿元"), rules).OverAchieved.ShouldBeTrue();
    }

    // ----- ≤ -----

    [Fact]
    public void AtMost_Achieved_EarnsTheWeight_WithBothFormulas()
    {
        foreach (var formula in new[] { AtMostFormula.Ratio, AtMostFormula.Linear })
        {
            var rules = Rules with { AtMostFormula = formula };
            Scoring.Score(Input("≤5天", "平均 5 天"), rules).ShouldBe(new IndicatorScore(10m, 1m, true, false));
            Scoring.Score(Input("≤5天", "平均 4 天"), rules).ShouldBe(new IndicatorScore(10m, 1.25m, true, false));
        }
    }

    [Fact]
    public void AtMost_NotAchieved_Ratio_IsWTimesTOverA()
    {
        var score = Scoring.Score(Input("不超过 5 天", "2021 年平均 8 天办结"), Rules with { AtMostFormula = AtMostFormula.Ratio });

        score.Score.ShouldBe(10m * 5m / 8m);
        score.CompletionRatio.ShouldBe(0.625m);
        score.Achieved.ShouldBeFalse();
    }

    [Fact]
    public void AtMost_NotAchieved_Linear_IsWTimesOneMinusTheOvershoot()
    {
        var rules = Rules with { AtMostFormula = AtMostFormula.Linear };

        Scoring.Score(Input("≤5天", "平均 6 天"), rules).Score.ShouldBe(8m);   // 1 − 1/5
        Scoring.Score(Input("≤5天", "平均 8 天"), rules).Score.ShouldBe(4m);   // 1 − 3/5
    }

    [Theory]
    [InlineData("平均 10 天")]
    [InlineData("平均 12 天")]
    public void AtMost_Linear_FloorsAtZero(string actual)
    {
        var score = Scoring.Score(Input("≤5天", actual), Rules with { AtMostFormula = AtMostFormula.Linear });

        score.Score.ShouldBe(0m);
        score.Achieved.ShouldBeFalse();
    }

    [Fact]
    public void AtMost_ZeroActual_IsMet_ButHasNoRatio()
    {
        Scoring.Score(Input("≤3起", "0起"), Rules).ShouldBe(new IndicatorScore(10m, null, Achieved: true, OverAchieved: false));
    }

    // ----- = -----

    [Fact]
    public void Equal_OnTarget_EarnsTheWeight()
    {
        Scoring.Score(Input("=100%", "100%"), Rules).ShouldBe(new IndicatorScore(10m, 1m, true, false));
    }

    [Fact]
    public void Equal_WithinTolerance_EarnsTheWeight()
    {
        var rules = Rules with { EqualTolerance = 0.01m };

        Scoring.Score(Input("=100人", "101人"), rules).Score.ShouldBe(10m);
        Scoring.Score(Input("=100人", "99人"), rules).Score.ShouldBe(10m);
        Scoring.Score(Input("=100人", "99人"), rules).Achieved.ShouldBeTrue();
    }

    [Fact]
    public void Equal_OutsideTolerance_EarnsWTimesMinOverMax()
    {
        var rules = Rules with { EqualTolerance = 0.01m };

        var over = Scoring.Score(Input("=100人", "120人"), rules);
        over.Score.ShouldBe(10m * 100m / 120m);
        over.Achieved.ShouldBeFalse();

        var under = Scoring.Score(Input("=100人", "98人"), rules);
        under.Score.ShouldBe(9.8m);
        under.Achieved.ShouldBeFalse();
    }

    [Fact]
    public void Equal_DefaultTolerance_IsExact()
    {
        Scoring.Score(Input("=100%", "99.9%"), Rules).Achieved.ShouldBeFalse();
    }

    // ----- yes/no -----

    [Theory]
    [InlineData("是", "是", "10", true)]
    [InlineData("否", "否", "10", true)]
    [InlineData("是", "否", "0", false)]
    [InlineData("否", "是", "0", false)]
    public void YesNo_AgreeEarnsTheWeight_DisagreeNothing(string target, string actual, string expected, bool achieved)
    {
        var score = Scoring.Score(Input(target, actual), Rules);

        score.Score.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        score.Achieved.ShouldBe(achieved);
        score.OverAchieved.ShouldBeFalse();
    }

    [Fact]
    public void YesNo_WithoutAnAnswer_EarnsNothing()
    {
        var score = Scoring.Score(Input("是", "已协调解决问题 100 余项，达到预期目标。"), Rules);

        score.ShouldBe(new IndicatorScore(0m, null, false, false));
    }

    // ----- qualitative -----

    [Theory]
    [InlineData(QualitativeRating.Achieved, "10", true)]
    [InlineData(QualitativeRating.PartlyAchieved, "8", false)]
    [InlineData(QualitativeRating.NotAchieved, "5", false)]
    public void Qualitative_WithoutAShare_EarnsTheBandsMaxShare(QualitativeRating rating, string expected, bool achieved)
    {
        var score = Scoring.Score(Qualitative(rating), Rules);

        score.Score.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        score.CompletionRatio.ShouldBeNull();
        score.Achieved.ShouldBe(achieved);
        score.OverAchieved.ShouldBeFalse();
    }

    [Theory]
    [InlineData(QualitativeRating.Achieved, "0.9", "9")]
    [InlineData(QualitativeRating.Achieved, "0.8", "8")]
    [InlineData(QualitativeRating.PartlyAchieved, "0.6", "6")]
    [InlineData(QualitativeRating.NotAchieved, "0", "0")]
    [InlineData(QualitativeRating.NotAchieved, "0.25", "2.5")]
    public void Qualitative_AShareWithinTheBand_IsUsed(QualitativeRating rating, string share, string expected)
    {
        Scoring.Score(Qualitative(rating, decimal.Parse(share, System.Globalization.CultureInfo.InvariantCulture)), Rules).Score
            .ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(QualitativeRating.Achieved, "0.5", "8")]      // below 达成's 80% → 80%
    [InlineData(QualitativeRating.Achieved, "1.2", "10")]     // above 100% → 100%
    [InlineData(QualitativeRating.PartlyAchieved, "0.9", "8")]
    [InlineData(QualitativeRating.PartlyAchieved, "0.1", "5")]
    [InlineData(QualitativeRating.NotAchieved, "0.7", "5")]
    [InlineData(QualitativeRating.NotAchieved, "-0.2", "0")]
    public void Qualitative_AShareOutsideTheBand_IsClampedIntoIt(QualitativeRating rating, string share, string expected)
    {
        Scoring.Score(Qualitative(rating, decimal.Parse(share, System.Globalization.CultureInfo.InvariantCulture)), Rules).Score
            .ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Qualitative_WithoutARating_EarnsNothing()
    {
        Scoring.Score(Qualitative(null), Rules).ShouldBe(new IndicatorScore(0m, null, false, false));
    }

    [Fact]
    public void Qualitative_UsesTheRulesBands()
    {
        var rules = Rules with
        {
            QualitativeBands =
            [
                new(QualitativeRating.Achieved, 0.9m, 1m),
                new(QualitativeRating.PartlyAchieved, 0.6m, 0.9m),
                new(QualitativeRating.NotAchieved, 0m, 0.6m),
            ],
        };

        Scoring.Score(Qualitative(QualitativeRating.PartlyAchieved), rules).Score.ShouldBe(9m);
        Scoring.Score(Qualitative(QualitativeRating.Achieved, 0.8m), rules).Score.ShouldBe(9m);
    }

    // ----- missing numbers -----

    [Theory]
    [InlineData("26次", "因受疫情影响未开展", IndicatorDirection.AtLeast)]
    [InlineData("没有负面影响", "20次", IndicatorDirection.AtLeast)]
    [InlineData("≤5天", "", IndicatorDirection.AtMost)]
    [InlineData("=100%", "全部完成", IndicatorDirection.Equal)]
    [InlineData("", "", IndicatorDirection.AtLeast)]
    public void Numeric_WithoutNumbers_EarnsNothing_AndIsNotAchieved(string target, string actual, IndicatorDirection direction)
    {
        Scoring.Score(Input(target, actual, direction: direction), Rules).ShouldBe(new IndicatorScore(0m, null, false, false));
    }

    // ----- execution rate -----

    [Fact]
    public void ExecutionScore_ReferenceReport_Is9Point61Shown()
    {
        var score = Scoring.ExecutionScore(44_687_300m / 46_524_800m, Rules);

        score.ShouldBe(10m * 44_687_300m / 46_524_800m);
        score.ShouldBeInRange(9.6050m, 9.6051m); // 9.605049…
        Math.Round(score, 2, MidpointRounding.AwayFromZero).ShouldBe(9.61m);
    }

    [Theory]
    [InlineData("1", "10")]
    [InlineData("1.2", "10")]
    [InlineData("0.5", "5")]
    [InlineData("0", "0")]
    [InlineData("-0.1", "0")]
    public void ExecutionScore_IsWeightTimesTheRate_CappedAtTheWeight(string rate, string expected)
    {
        Scoring.ExecutionScore(decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), Rules)
            .ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ExecutionScore_UnknownRate_IsZero()
    {
        Scoring.ExecutionScore(null, Rules).ShouldBe(0m);
    }

    [Fact]
    public void ExecutionScore_UsesTheRulesWeight()
    {
        Scoring.ExecutionScore(0.5m, Rules with { ExecutionWeight = 20m }).ShouldBe(10m);
    }

    // ----- total -----

    [Fact]
    public void Total_IsExecutionPlusIndicators_Unrounded()
    {
        var execution = Scoring.ExecutionScore(44_687_300m / 46_524_800m, Rules);

        Scoring.Total(execution, [40m, 30m, 5m * 20m / 26m], 44_687_300m / 46_524_800m, Rules)
            .ShouldBe(execution + (70m + (5m * 20m / 26m)));
        Scoring.Total(9m, [], 0.9m, Rules).ShouldBe(9m);
    }

    [Fact]
    public void Total_NotCapped_UnlessTheRulesSaySo()
    {
        Scoring.Total(6.5m, [85m], 0.65m, Rules).ShouldBe(91.5m);
    }

    [Theory]
    [InlineData("0.45", "59")]
    [InlineData("0.5", "69")]   // not below 0.5
    [InlineData("0.55", "69")]
    [InlineData("0.65", "79")]  // 0.5 no, 0.6 no, 0.7 yes
    [InlineData("0.75", "89")]
    [InlineData("0.79", "89")]
    [InlineData("0.8", "100")]  // no cap applies
    [InlineData("0.95", "100")]
    public void Total_CappedByTheExecutionRate(string rate, string expected)
    {
        var rules = Rules with { CapTotalByExecutionRate = true };

        Scoring.Total(10m, [90m], decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), rules)
            .ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Total_ACapAboveTheTotal_ChangesNothing()
    {
        Scoring.Total(6.5m, [50m], 0.65m, Rules with { CapTotalByExecutionRate = true }).ShouldBe(56.5m);
    }

    [Fact]
    public void Total_CapsAreCheckedFromTheLowestRateUp_WhateverTheirOrder()
    {
        var rules = Rules with
        {
            CapTotalByExecutionRate = true,
            ExecutionCaps = [new(0.8m, 89m), new(0.6m, 69m)],
        };

        Scoring.Total(5m, [90m], 0.55m, rules).ShouldBe(69m);
        Scoring.Total(7m, [90m], 0.7m, rules).ShouldBe(89m);
    }

    [Fact]
    public void Total_UnknownRate_IsNotCapped()
    {
        Scoring.Total(0m, [95m], null, Rules with { CapTotalByExecutionRate = true }).ShouldBe(95m);
    }

    // ----- grades -----

    [Theory]
    [InlineData("100", "优")]
    [InlineData("91.35", "优")] // the reference report's self-evaluation
    [InlineData("90.00", "优")]
    [InlineData("89.99", "良")]
    [InlineData("80", "良")]
    [InlineData("79.99", "中")]
    [InlineData("60", "中")]
    [InlineData("59.99", "差")]
    [InlineData("0", "差")]
    [InlineData("-1", "差")]
    public void Grade_DefaultBands(string total, string expected)
    {
        Scoring.Grade(decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture), Rules).ShouldBe(expected);
    }

    [Theory]
    [InlineData("80", "优")]
    [InlineData("79.99", "良")]
    [InlineData("70", "良")]
    [InlineData("69.99", "中")]
    [InlineData("60", "中")]
    [InlineData("59.99", "差")]
    public void Grade_CustomBands_80_70_60(string total, string expected)
    {
        var rules = Rules with
        {
            Grades = [new("优", 80m), new("良", 70m), new("中", 60m), new("差", 0m)],
        };

        Scoring.Grade(decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture), rules).ShouldBe(expected);
    }

    [Fact]
    public void Grade_BandsInAnyOrder_AndBelowTheLowest()
    {
        var rules = Rules with { Grades = [new("合格", 60m), new("优秀", 85m)] };

        Scoring.Grade(85m, rules).ShouldBe("优秀");
        Scoring.Grade(84.99m, rules).ShouldBe("合格");
        Scoring.Grade(10m, rules).ShouldBe("合格"); // below every band → the lowest band
    }

    [Fact]
    public void Grade_WithoutBands_Throws()
    {
        Should.Throw<ArgumentException>(() => Scoring.Grade(90m, Rules with { Grades = [] }));
    }
}
