using DistrictPerf.Modules.Reports.Legacy;

namespace DistrictPerf.UnitTests.Reports;

/// <summary>Other phrasings and other messes than the reference report; what is not stated is reported, not invented.</summary>
public sealed class LegacyReportParserRobustnessTests
{
    // Full-width digits and %, year-first title, spaces inside words, 追加 (positive), no 调整后预算 and no
    // 调整率 figure, 综合评分 + 评价等级, a header-mapped table whose first row packs two indicators without
    // PDF gaps between their texts, a task without funds, ASCII quotes and a Chinese-numeral count.
    private const string Synthetic = """
        ２０２２年度 某某区 文化 广电 旅游 体育局 部门整体支出绩效自评报告

        一、 基本 情况
        （一）部门概况
        本局内设科室５个。
        （二）部门整体收支情况
        ２０２２年部门整体年初预算数为 １,２００．５０ 万元，年中追加预算 ３００ 万元，全年实际支出为 １３８０．２５ 万元，预算执行率 ９２．０２ ％。
        本年度部门整体共分为两个主要工作任务：分别是开展文化惠民演出；体育场馆免费开放。
        （１） 开展 文化 惠民 演出。设置 三 个关键绩效指标，包含："惠民演出场次"、"观众满意度"、"图书借阅量"。
        （２）体育场馆免费开放。设置1个关键绩效指标，包含：开放时长。

        二、 综合 评价 分析
        自评结论：综合评分 ８８．５ 分，评价等级为：良。
        序号	主要任务	预期目标	目标完成情况	关键指标及目标值	指标完成情况	任务涉及资金（万元）
        1	开 展 文 化 惠 民 演 出	全年开展惠民演出。	已完成	惠民演出场次，目标值为“１２０场”。 观众满意度，目标值为“≥９０％”。	全年演出１３５场，达到预期目标。观众满意度为８５％，未达到预期目标。由于部分演出场地设施老化。	８５０．００
        				图书借阅量，目标值为“5万册”	借阅量6.2万册，达到预期目标。
        2	体育场馆免费开放	推进场馆开放。	基本完成	开放时长，目标值为“每周不少于３５小时”。	由于疫情闭馆，开放时长未达到预期目标。

        三、存在问题
        1. 部分场馆设施老化。
        2. 宣传力度不足，
        群众知晓率不高。

        四、改进措施
        （1）加快设施更新。
        （2）加大宣传。
        """;

    private static LegacyReport Report => LegacyReportParser.Parse(Synthetic);

    [Fact]
    public void Title_YearFirst()
    {
        Report.BureauName.ShouldBe("某某区文化广电旅游体育局");
        Report.Year.ShouldBe(2022);
    }

    [Fact]
    public void Budget_FullWidthDigits_PositiveAddition_MissingFiguresReported()
    {
        var budget = Report.Budget;
        budget.Initial.ShouldBe(1200.50m);
        budget.Adjustment.ShouldBe(300m);
        budget.Adjusted.ShouldBeNull();
        budget.Spending.ShouldBe(1380.25m);
        budget.ExecutionRatePercent.ShouldBe(92.02m);
        budget.AdjustmentRatePercent.ShouldBeNull();

        Report.NotExtracted.ShouldContain("budget.adjusted");
        Report.NotExtracted.ShouldContain("budget.adjustmentRate");
        Report.NotExtracted.ShouldNotContain("budget.initial");
        Report.NotExtracted.ShouldNotContain("budget.adjustment");
    }

    [Fact]
    public void ScoreAndGrade_OtherWording()
    {
        Report.SelfScore.ShouldBe(88.5m);
        Report.SelfGrade.ShouldBe("良");
    }

    [Fact]
    public void Tasks_FromTableAndNarrative()
    {
        Report.Tasks.Select(t => t.Name).ShouldBe(["开展文化惠民演出", "体育场馆免费开放"]);
        Report.Tasks.Select(t => t.FundsWanYuan).ShouldBe([850.00m, null]);
        Report.NotExtracted.ShouldContain("task[2].funds");

        Report.Tasks.Select(t => t.DeclaredIndicatorCount).ShouldBe([3, 1]);
        Report.Tasks[0].DeclaredIndicatorNames.ShouldBe(["惠民演出场次", "观众满意度", "图书借阅量"]);
        Report.Tasks[1].DeclaredIndicatorNames.ShouldBe(["开放时长"]);
    }

    [Fact]
    public void Indicators_PackedCellSplitBySentences_ReasonsFound()
    {
        var first = Report.Tasks[0].Indicators;
        first.Select(i => i.Name).ShouldBe(["惠民演出场次", "观众满意度", "图书借阅量"]);
        first.Select(i => i.Target).ShouldBe(["120场", "≥90%", "5万册"]);
        first.Select(i => i.Achieved).ShouldBe([true, false, true]);
        first[0].Actual.ShouldBe("全年演出135场，达到预期目标。");
        first[1].Actual.ShouldBe("观众满意度为85%，未达到预期目标。由于部分演出场地设施老化。");
        first[1].DeviationReason.ShouldBe("由于部分演出场地设施老化");

        var second = Report.Tasks[1].Indicators.ShouldHaveSingleItem();
        second.Achieved.ShouldBe(false);
        second.DeviationReason.ShouldNotBeNull().ShouldStartWith("由于疫情闭馆");
    }

    [Fact]
    public void ProblemsAndMeasures_OtherMarkers()
    {
        Report.Problems.ShouldBe(["部分场馆设施老化。", "宣传力度不足，群众知晓率不高。"]);
        Report.Measures.ShouldBe(["加快设施更新。", "加大宣传。"]);
        Report.Sections.BasicInfo.ShouldNotBeNull().ShouldStartWith("（一）部门概况");
        Report.Sections.Evaluation.ShouldNotBeNull().ShouldStartWith("自评结论");
    }

    // A table without header row, "1." task numbering, a name containing 目标, an unquoted target,
    // a score without 分 and a "原因是" reason.
    private const string Variant = """
        2023年某某街道办事处部门整体支出绩效自评报告
        一、基本情况
        年初预算 500 万元，年中预算调减 50 万元，调整后预算 450 万元，实际支出 400 万元，执行率为 88.89%，预算调整率 10%。
        1. 社区治理。设置 2 个关键绩效指标，包含：“年度目标完成率”“居民满意度”。
        二、绩效评价情况
        经自评，自评得分：85.5，评价结果为优秀。
        1	社区治理	提升社区治理水平	已完成	年度目标完成率，目标值为“100%”。 居民满意度，目标值为≥85%	年度目标完成率100%，达到预期目标。 居民满意度80%，未达到预期目标，原因是宣传不到位。	20
        """;

    [Fact]
    public void Variant_HeaderlessTable_DotNumbering_ScoreWithoutUnit()
    {
        var report = LegacyReportParser.Parse(Variant);

        report.BureauName.ShouldBe("某某街道办事处");
        report.Year.ShouldBe(2023);
        report.Budget.ShouldBe(new LegacyBudget(500m, -50m, 450m, 400m, 88.89m, 10m, Increase: null, Decrease: 50m));
        report.SelfScore.ShouldBe(85.5m);
        report.SelfGrade.ShouldBe("优秀");

        var task = report.Tasks.ShouldHaveSingleItem();
        task.Name.ShouldBe("社区治理");
        task.FundsWanYuan.ShouldBe(20m);
        task.DeclaredIndicatorCount.ShouldBe(2);
        task.DeclaredIndicatorNames.ShouldBe(["年度目标完成率", "居民满意度"]);
        task.Indicators.Select(i => i.Name).ShouldBe(["年度目标完成率", "居民满意度"]);
        task.Indicators.Select(i => i.Target).ShouldBe(["100%", "≥85%"]);
        task.Indicators.Select(i => i.Achieved).ShouldBe([true, false]);
        task.Indicators[1].DeviationReason.ShouldBe("宣传不到位");

        report.NotExtracted.ShouldContain("problems");
        report.NotExtracted.ShouldContain("measures");
        report.NotExtracted.ShouldNotContain("task[1].funds");
    }

    [Fact]
    public void EmptyText_EverythingNull_AndNamedAsNotExtracted()
    {
        var report = LegacyReportParser.Parse(string.Empty);

        report.BureauName.ShouldBeNull();
        report.Year.ShouldBeNull();
        report.Budget.ShouldBe(new LegacyBudget(null, null, null, null, null, null));
        report.SelfScore.ShouldBeNull();
        report.SelfGrade.ShouldBeNull();
        report.Tasks.ShouldBeEmpty();
        report.Problems.ShouldBeEmpty();
        report.Measures.ShouldBeEmpty();
        report.NotExtracted.ShouldBe(
        [
            "bureauName", "year",
            "budget.initial", "budget.adjustment", "budget.adjusted", "budget.spending", "budget.executionRate", "budget.adjustmentRate",
            "selfScore", "selfGrade", "tasks",
            "sections.basicInfo", "sections.evaluation", "sections.problems", "sections.measures",
            "problems", "measures",
        ]);
    }

    [Theory]
    [InlineData("年初预算安排 100 万元，年中预算调减 20 万元。", -20)]
    [InlineData("年初预算安排 100 万元，年中追减 20.5 万元。", -20.5)]
    [InlineData("年初预算安排 100 万元，预算调增 20 万元。", 20)]
    [InlineData("年初预算安排 100 万元，追加预算资金 1,020 万元。", 1020)]
    [InlineData("年初预算安排 100 万元，预算调整 -20 万元。", -20)]
    [InlineData("年初预算数100万元，预算调整20万元，调整后预算数80万元。", -20)]
    public void Adjustment_SignFromWording(string text, double expected)
    {
        LegacyReportParser.Parse(text).Budget.Adjustment.ShouldBe((decimal)expected);
    }

    [Fact]
    public void Adjustment_WithoutDirection_IsNotGuessed()
    {
        var report = LegacyReportParser.Parse("年初预算数100万元，预算调整20万元。");

        report.Budget.Initial.ShouldBe(100m);
        report.Budget.Adjustment.ShouldBeNull();
        report.NotExtracted.ShouldContain("budget.adjustment");
    }

    [Fact]
    public void AdjustedBudget_IsNotTakenForTheAdjustment()
    {
        var report = LegacyReportParser.Parse("年初预算数100万元，调整后预算数80万元，预算调整率为20%。");

        report.Budget.Adjusted.ShouldBe(80m);
        report.Budget.Adjustment.ShouldBeNull();
        report.Budget.AdjustmentRatePercent.ShouldBe(20m);
    }

    [Theory]
    [InlineData("部门 整体支出", "部门整体支出")]
    [InlineData("完 成 策 方 案", "完成策方案")]
    [InlineData("5,278.33 万元", "5,278.33万元")]
    [InlineData("２０２１ 年", "2021年")]
    [InlineData("200 万 m ² ", "200万m²")]
    [InlineData("空港 CBD 项目", "空港CBD项目")]
    [InlineData("Hello  world", "Hello world")]
    public void Clean_RemovesPdfSpaces(string input, string expected)
    {
        LegacyText.Clean(input).ShouldBe(expected);
    }
}
