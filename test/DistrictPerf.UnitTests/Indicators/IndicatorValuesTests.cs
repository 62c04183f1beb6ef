using DistrictPerf.Modules.Indicators.Contracts;

namespace DistrictPerf.UnitTests.Indicators;

/// <summary>domain-rules §3: target and actual texts as the reference report writes them.</summary>
public sealed class IndicatorValuesTests
{
    [Theory]
    [InlineData("≥50宗", "≥", "50", "宗")]
    [InlineData("50 宗以上项目开工", "≥", "50", "宗")]
    [InlineData("100%", null, "100", "%")]
    [InlineData("=100%", "=", "100", "%")]
    [InlineData("3 册文本", null, "3", "册文本")]
    [InlineData("3册文本", null, "3", "册文本")]
    [InlineData("1500亿元", null, "1500", "亿元")]
    [InlineData("1,500亿元", null, "1500", "亿元")]
    [InlineData("200 万 m ² ", null, "200", "万m²")]
    [InlineData("200万m2", null, "200", "万m²")]
    [InlineData("实际完成90%", null, "90", "%")]
    [InlineData("服务90人", null, "90", "人")]
    [InlineData("26次", null, "26", "次")]
    [InlineData("1 部", null, "1", "部")]
    [InlineData("≤5天", "≤", "5", "天")]
    [InlineData("不超过5天", "≤", "5", "天")]
    [InlineData("不超过 5 天", "≤", "5", "天")]
    [InlineData("5天以内", "≤", "5", "天")]
    [InlineData("3天以下", "≤", "3", "天")]
    [InlineData("不少于10场", "≥", "10", "场")]
    [InlineData("不低于95%", "≥", "95", "%")]
    [InlineData(">=80%", "≥", "80", "%")]
    [InlineData("<=2 个工作日", "≤", "2", "个工作日")]
    [InlineData("98.5%", null, "98.5", "%")]
    [InlineData("100 余项", null, "100", "项")]
    public void Parse_ReadsOperatorNumberAndUnit(string text, string? op, string number, string unit)
    {
        var parsed = IndicatorValues.Parse(text);

        parsed.Text.ShouldBe(text.Trim());
        parsed.Operator.ShouldBe(op);
        parsed.Number.ShouldBe(decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture));
        parsed.Unit.ShouldBe(unit);
        parsed.IsNumeric.ShouldBeTrue();
        parsed.YesNo.ShouldBeNull();
    }

    [Theory]
    [InlineData("≥５０宗", "≥", "50", "宗")]
    [InlineData("＞５０宗", "≥", "50", "宗")]
    [InlineData("≧50宗", "≥", "50", "宗")]
    [InlineData("＜＝５天", "≤", "5", "天")]
    [InlineData("＝１００％", "=", "100", "%")]
    [InlineData("９８．５％", null, "98.5", "%")]
    [InlineData("\u3000３\u3000册文本\u3000", null, "3", "册文本")]
    public void Parse_FoldsFullWidthForms(string text, string? op, string number, string unit)
    {
        var parsed = IndicatorValues.Parse(text);

        parsed.Operator.ShouldBe(op);
        parsed.Number.ShouldBe(decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture));
        parsed.Unit.ShouldBe(unit);
    }

    [Fact]
    public void Parse_KeepsTheOriginalTextTrimmed()
    {
        IndicatorValues.Parse("  200 万 m ² ").Text.ShouldBe("200 万 m ²");
    }

    [Theory]
    [InlineData("没有负面影响")]
    [InlineData("为企业提供了解白云区营商环境畅通渠道")]
    [InlineData("企业开工时间由一年以上提升至半年内开工")]
    public void Parse_TextWithoutANumber_IsQualitative_AndInventsNoNumber(string text)
    {
        var parsed = IndicatorValues.Parse(text);

        parsed.Number.ShouldBeNull();
        parsed.Unit.ShouldBeNull();
        parsed.Operator.ShouldBeNull(); // "以上" in the last one is no operator without a number
        parsed.YesNo.ShouldBeNull();
        parsed.IsNumeric.ShouldBeFalse();
        IndicatorValues.InferDirection(parsed).ShouldBe(IndicatorDirection.Qualitative);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_NullOrEmpty_GivesAnEmptyValue(string? text)
    {
        var parsed = IndicatorValues.Parse(text);

        parsed.ShouldBe(new ParsedValue(string.Empty, null, null, null, null));
        IndicatorValues.InferDirection(parsed).ShouldBe(IndicatorDirection.Qualitative);
    }

    [Theory]
    [InlineData("是", true)]
    [InlineData("是。", true)]
    [InlineData("有", true)]
    [InlineData("Yes", true)]
    [InlineData("否", false)]
    [InlineData("无", false)]
    [InlineData("没有", false)]
    [InlineData("否，因疫情未开展", false)]
    public void Parse_YesNoAnswers_AreYesNoIndicators(string text, bool expected)
    {
        var parsed = IndicatorValues.Parse(text);

        parsed.YesNo.ShouldBe(expected);
        parsed.Number.ShouldBeNull();
        IndicatorValues.InferDirection(parsed).ShouldBe(IndicatorDirection.YesNo);
    }

    [Theory]
    [InlineData("符合", true)]
    [InlineData("不符合", false)]
    public void Parse_Conformity_CarriesAYesNoAnswer_ButIsJudgedQualitatively(string text, bool expected)
    {
        // Decision: 符合 is a yes answer for YesNo (as ParsedValue documents), but a "符合" target is a qualitative
        // indicator: its actual is a sentence ("项目按照合同规定及时支出项目资金…") that has to be rated.
        var parsed = IndicatorValues.Parse(text);

        parsed.YesNo.ShouldBe(expected);
        IndicatorValues.InferDirection(parsed).ShouldBe(IndicatorDirection.Qualitative);
    }

    [Theory]
    [InlineData("是否有利于协调解决项目建设进度")]
    [InlineData("有效提升提升公共服务水平，达到预期目标。")]
    [InlineData("对区域内生态环境没有负面影响，达到预期目标。")]
    public void Parse_SentencesStartingWithAnswerWords_AreNoAnswers(string text)
    {
        IndicatorValues.Parse(text).YesNo.ShouldBeNull();
    }

    [Theory]
    [InlineData("2021 年实际完成 38 次，达到预期目标。", "38", "次")]
    [InlineData("实际本年度外出考察数为20次，因受疫情影响，外出考察次数减少，未达到预期目标。", "20", "次")]
    [InlineData("1. 已完成年度新开工产业项目 50 宗任务目标，实际促开工产业项目 60 宗", "50", "宗任务目标")]
    [InlineData("2、举办 8 场活动", "8", "场活动")]
    [InlineData("已协调解决问题 100 余项，达到预期目标。", "100", "项")]
    [InlineData("产业用地出让面积全年累计 382 万 m ² ，达到预期目标。", "382", "万m²")]
    public void Parse_SkipsYearsAndListMarkers(string text, string number, string unit)
    {
        var parsed = IndicatorValues.Parse(text);

        parsed.Number.ShouldBe(decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture));
        parsed.Unit.ShouldBe(unit);
    }

    [Fact]
    public void Parse_AYearAlone_IsNoNumber()
    {
        IndicatorValues.Parse("2021年").Number.ShouldBeNull();
    }

    [Theory]
    [InlineData("已完成 2021 年提供现场服务 450 余次，代办事项 600 余项", "项", "600", "项")]
    [InlineData("已完成 2021 年提供现场服务 450 余次，代办事项 600 余项", "次", "450", "次")]
    [InlineData("完成 4 册策划文本，已达到预期目标。", "册文本", "4", "册策划文本")]
    [InlineData("共 3 批 12 宗", "宗", "12", "宗")]
    [InlineData("共 3 批 12 宗", "件", "3", "批")] // no number in the expected unit → the first number
    [InlineData("共 3 批 12 宗", null, "3", "批")]
    public void ParseActual_PrefersTheNumberInTheTargetsUnit(string text, string? expectedUnit, string number, string unit)
    {
        var parsed = IndicatorValues.ParseActual(text, expectedUnit);

        parsed.Number.ShouldBe(decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture));
        parsed.Unit.ShouldBe(unit);
    }

    [Fact]
    public void ParseActual_AMagnitudeAloneDoesNotMatchAUnit()
    {
        // "万m²" is not "万元": with no 万元 number the first number is taken, not the 万m² one.
        IndicatorValues.ParseActual("共 3 批，出让 150 万m²", "万元").Number.ShouldBe(3m);
        IndicatorValues.ParseActual("共 3 批，出让 150 万m²，成交 30 万元", "万元").Number.ShouldBe(30m);
        IndicatorValues.ParseActual("成交 30 万元，出让 150 万m²", "万m²").Number.ShouldBe(150m);
    }

    [Theory]
    [InlineData("≥50宗", IndicatorDirection.AtLeast)]
    [InlineData("50 宗以上项目开工", IndicatorDirection.AtLeast)]
    [InlineData("不少于10场", IndicatorDirection.AtLeast)]
    [InlineData("3册文本", IndicatorDirection.AtLeast)]
    [InlineData("1500亿元", IndicatorDirection.AtLeast)]
    [InlineData("100%", IndicatorDirection.AtLeast)]
    [InlineData("≤5天", IndicatorDirection.AtMost)]
    [InlineData("不超过5天", IndicatorDirection.AtMost)]
    [InlineData("5天以内", IndicatorDirection.AtMost)]
    [InlineData("3天以下", IndicatorDirection.AtMost)]
    [InlineData("=100%", IndicatorDirection.Equal)]
    [InlineData("＝１００％", IndicatorDirection.Equal)]
    [InlineData("是", IndicatorDirection.YesNo)]
    [InlineData("否", IndicatorDirection.YesNo)]
    [InlineData("没有负面影响", IndicatorDirection.Qualitative)]
    [InlineData("符合", IndicatorDirection.Qualitative)]
    public void InferDirection_FromTheTargetText(string target, IndicatorDirection expected)
    {
        IndicatorValues.InferDirection(IndicatorValues.Parse(target)).ShouldBe(expected);
    }

    [Fact]
    public void InferDirection_UsesTheOperator_OfAHandMadeValue()
    {
        IndicatorValues.InferDirection(new ParsedValue("x", "≤", 5m, "天", null)).ShouldBe(IndicatorDirection.AtMost);
        IndicatorValues.InferDirection(new ParsedValue("x", "=", 5m, "天", null)).ShouldBe(IndicatorDirection.Equal);
        IndicatorValues.InferDirection(new ParsedValue("x", null, 5m, null, null)).ShouldBe(IndicatorDirection.AtLeast);
        IndicatorValues.InferDirection(new ParsedValue("x", "≥", null, null, null)).ShouldBe(IndicatorDirection.Qualitative);
    }

    // ----- CompletionRatio on the reference report's indicators -----

    [Theory]
    [InlineData("26次", "实际本年度外出考察数为20次，因受疫情影响，外出考察次数减少，未达到预期目标。", "20", "26")]
    [InlineData("服务90人", "高层次人才服务卡机场便捷通关服务70人，未达到预期目标。因年度预测数与企业实际申请人数有偏差。", "70", "90")]
    [InlineData("3 册文本", "完成 4 册策划文本，已达到预期目标。", "4", "3")]
    [InlineData("35 次", "2021 年实际完成 38 次，达到预期目标。", "38", "35")]
    [InlineData("60 宗", "实际完成 83 宗，达到预期目标。", "83", "60")]
    [InlineData("50 宗以上项目开工", "已有 60 宗项目开工，达到预期目标。", "60", "50")]
    [InlineData("100%", "项目 100%按期通过验收及支付，达到预期目标。", "100", "100")]
    [InlineData("200 万 m ² ", "产业用地出让面积全年累计 382 万 m ² ，达到预期目标。", "382", "200")]
    [InlineData("1500亿元", "实际招商活动促成签约项目投资金额达1696亿元，达到预期目标。", "1696", "1500")]
    [InlineData("50家", "实际协助完成区领导带队赴市外拜访企业 55 家，达到预期目标。", "55", "50")]
    public void CompletionRatio_AtLeast_IsActualOverTarget(string target, string actual, string a, string t)
    {
        var parsedTarget = IndicatorValues.Parse(target);

        var ratio = IndicatorValues.CompletionRatio(IndicatorValues.InferDirection(parsedTarget), parsedTarget, IndicatorValues.Parse(actual));

        ratio.ShouldBe(decimal.Parse(a, System.Globalization.CultureInfo.InvariantCulture) / decimal.Parse(t, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void CompletionRatio_APercentageOfCompletion_AgainstANonPercentTarget_IsThatPercentage()
    {
        // 主题宣传片数量 "1 部": "实际完成 90%，未达到预期目标。"
        var ratio = IndicatorValues.CompletionRatio(IndicatorDirection.AtLeast, IndicatorValues.Parse("1 部"), IndicatorValues.Parse("实际完成 90%，未达到预期目标。"));

        ratio.ShouldBe(0.9m);
    }

    [Fact]
    public void CompletionRatio_APercentage_AgainstAPercentTarget_IsTheUsualRatio()
    {
        IndicatorValues.CompletionRatio(IndicatorDirection.AtLeast, IndicatorValues.Parse("100%"), IndicatorValues.Parse("实际完成90%")).ShouldBe(0.9m);
        IndicatorValues.CompletionRatio(IndicatorDirection.AtLeast, IndicatorValues.Parse("≥95%"), IndicatorValues.Parse("实际完成90%")).ShouldBe(90m / 95m);
    }

    [Fact]
    public void CompletionRatio_UsesAHandMadeActualAsGiven()
    {
        var target = IndicatorValues.Parse("26次");

        IndicatorValues.CompletionRatio(IndicatorDirection.AtLeast, target, new ParsedValue(string.Empty, null, 13m, null, null)).ShouldBe(0.5m);
        IndicatorValues.CompletionRatio(IndicatorDirection.AtLeast, target, new ParsedValue("13", null, 13m, null, null)).ShouldBe(0.5m);
    }

    [Theory]
    [InlineData("≤5天", "平均 4 天办结", "1.25")]
    [InlineData("≤5天", "平均 5 天办结", "1")]
    [InlineData("不超过 5 天", "2021 年平均 8 天办结", "0.625")]
    public void CompletionRatio_AtMost_IsTargetOverActual(string target, string actual, string expected)
    {
        IndicatorValues.CompletionRatio(IndicatorDirection.AtMost, IndicatorValues.Parse(target), IndicatorValues.Parse(actual))
            .ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("=100%", "98%", "0.98")]
    [InlineData("=100%", "100%", "1")]
    [InlineData("=100人", "120人", "0.8333333333333333333333333333")]
    public void CompletionRatio_Equal_IsMinOverMax(string target, string actual, string expected)
    {
        IndicatorValues.CompletionRatio(IndicatorDirection.Equal, IndicatorValues.Parse(target), IndicatorValues.Parse(actual))
            .ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void CompletionRatio_Equal_BothZero_IsOnTarget()
    {
        IndicatorValues.CompletionRatio(IndicatorDirection.Equal, IndicatorValues.Parse("=0起"), IndicatorValues.Parse("0起")).ShouldBe(1m);
        IndicatorValues.CompletionRatio(IndicatorDirection.Equal, IndicatorValues.Parse("=0起"), IndicatorValues.Parse("2起")).ShouldBe(0m);
    }

    [Fact]
    public void CompletionRatio_NullWhenItCannotBeComputed()
    {
        // T = 0 for ≥, A = 0 for ≤
        IndicatorValues.CompletionRatio(IndicatorDirection.AtLeast, IndicatorValues.Parse("0次"), IndicatorValues.Parse("3次")).ShouldBeNull();
        IndicatorValues.CompletionRatio(IndicatorDirection.AtMost, IndicatorValues.Parse("≤5天"), IndicatorValues.Parse("0天")).ShouldBeNull();

        // missing numbers
        IndicatorValues.CompletionRatio(IndicatorDirection.AtLeast, IndicatorValues.Parse("26次"), IndicatorValues.Parse("因疫情未开展")).ShouldBeNull();
        IndicatorValues.CompletionRatio(IndicatorDirection.AtLeast, IndicatorValues.Parse("没有负面影响"), IndicatorValues.Parse("20次")).ShouldBeNull();
        IndicatorValues.CompletionRatio(IndicatorDirection.AtLeast, IndicatorValues.Parse(null), IndicatorValues.Parse(null)).ShouldBeNull();

        // qualitative
        IndicatorValues.CompletionRatio(IndicatorDirection.Qualitative, IndicatorValues.Parse("没有负面影响"), IndicatorValues.Parse("对区域内生态环境没有负面影响，达到预期目标。")).ShouldBeNull();
        IndicatorValues.CompletionRatio(IndicatorDirection.Qualitative, IndicatorValues.Parse("26次"), IndicatorValues.Parse("20次")).ShouldBeNull();
    }

    [Theory]
    [InlineData("是", "是", "1")]
    [InlineData("否", "否", "1")]
    [InlineData("是", "否", "0")]
    [InlineData("否", "是", "0")]
    [InlineData("是", "符合", "1")]
    public void CompletionRatio_YesNo_IsOneWhenTheAnswersAgree(string target, string actual, string expected)
    {
        IndicatorValues.CompletionRatio(IndicatorDirection.YesNo, IndicatorValues.Parse(target), IndicatorValues.Parse(actual))
            .ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void CompletionRatio_YesNo_WithoutAnAnswer_IsNull()
    {
        IndicatorValues.CompletionRatio(IndicatorDirection.YesNo, IndicatorValues.Parse("是"), IndicatorValues.Parse("已协调解决问题 100 余项，达到预期目标。")).ShouldBeNull();
    }
}
