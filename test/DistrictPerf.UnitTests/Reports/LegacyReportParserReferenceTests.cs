using DistrictPerf.Modules.Reports.Legacy;
using DistrictPerf.UnitTests.TestSupport;

namespace DistrictPerf.UnitTests.Reports;

/// <summary>The acceptance case: 广州市白云区投资促进局 2021 年部门整体支出绩效自评报告 (text extracted from the PDF).</summary>
public sealed class LegacyReportParserReferenceTests
{
    private static readonly Lazy<LegacyReport> Lazy = new(() => LegacyReportParser.Parse(ReferenceReport.Text));

    private static LegacyReport Report => Lazy.Value;

    [Fact]
    public void BureauAndYear()
    {
        Report.BureauName.ShouldBe("广州市白云区投资促进局");
        Report.Year.ShouldBe(2021);
    }

    [Fact]
    public void Budget_AsStated()
    {
        var budget = Report.Budget;
        budget.Initial.ShouldBe(5278.33m);
        budget.Adjustment.ShouldBe(-625.85m);
        budget.Adjusted.ShouldBe(4652.48m);
        budget.Spending.ShouldBe(4468.73m);
        budget.ExecutionRatePercent.ShouldBe(96.05m);
        budget.AdjustmentRatePercent.ShouldBe(11.86m);
    }

    [Fact]
    public void SelfScoreAndGrade()
    {
        Report.SelfScore.ShouldBe(91.35m);
        Report.SelfGrade.ShouldBe("优");
    }

    [Fact]
    public void FourTasks_WithCleanNamesAndFunds()
    {
        Report.Tasks.Select(t => t.Number).ShouldBe([1, 2, 3, 4]);
        Report.Tasks.Select(t => t.Name).ShouldBe(
        [
            "完成策划方案",
            "完成广州市白云区重点产业招商项目报批报建代办服务外包项目",
            "提升招商引资的规模和质量",
            "提供优质的招商引资企业服务",
        ]);
        Report.Tasks.Select(t => t.FundsWanYuan).ShouldBe([132m, 118.97m, 321.09m, 30.65m]);
    }

    [Fact]
    public void Tasks_ExpectedGoalAndCompletion_FromTable1()
    {
        var first = Report.Tasks[0];
        first.ExpectedGoal.ShouldNotBeNull().ShouldStartWith("推进产业区块策划工作。深化39个招商引资产业区块研究");
        first.Completion.ShouldBe("围绕区重点建设内容与规划，完成策划方案");

        // Task 2's 完成情况 continues on the next page (item 3).
        var second = Report.Tasks[1];
        second.Completion.ShouldNotBeNull().ShouldStartWith("1.已完成年度新开工产业项目50宗任务目标");
        second.Completion.ShouldContain("3.已完成召开项目协调会63次");

        Report.Tasks[2].Completion.ShouldNotBeNull().ShouldContain("4.完成轨道交通产业招商方向报告");
        Report.Tasks[3].ExpectedGoal.ShouldNotBeNull().ShouldStartWith("深化招商企业落户服务。");
        Report.Tasks[3].Completion.ShouldBe("1.举办华为智慧城市峰会；2.为企业提供服务使用华为云服务");
    }

    [Fact]
    public void IndicatorCounts_PerTask_6_6_10_5()
    {
        Report.Tasks.Select(t => t.Indicators.Count).ShouldBe([6, 6, 10, 5]);
        Report.Tasks.Sum(t => t.Indicators.Count).ShouldBe(27);
    }

    [Fact]
    public void Indicators_NameTargetActual()
    {
        var first = Report.Tasks[0].Indicators[0];
        first.Name.ShouldBe("完成策划方案总数");
        first.Target.ShouldBe("3册文本");
        first.Actual.ShouldBe("完成4册策划文本，已达到预期目标。");
        first.Achieved.ShouldBe(true);
        first.DeviationReason.ShouldBeNull();

        Report.Tasks[0].Indicators[4].Target.ShouldBe("200万m²");
        Report.Tasks[1].Indicators[0].Name.ShouldBe("服务对象数量");
        Report.Tasks[1].Indicators[0].Target.ShouldBe("60宗");

        // Task 3's first row packs 7 indicators and 7 完成情况 texts into two cells.
        var third = Report.Tasks[2].Indicators;
        third.Select(i => i.Name).ShouldBe(
        [
            "举办招商推介活动次数", "新增项目数量", "签约项目数量", "主题宣传片数量",
            "协助完成区领导带队赴市外拜访企业数量", "数字经济产业招商方向报告份数", "轨道交通产业招商方向报告份数",
            "外出考察数量", "搭建政企交流平台，营造亲清政商关系", "招商活动促成签约项目投资金额（亿元）",
        ]);
        third.Select(i => i.Target).ShouldBe(
            ["35次", "100项", "35项", "1部", "50家", "1份", "1份", "26次", "为企业提供了解白云区营商环境畅通渠道", "1500亿元"]);
        third[0].Actual.ShouldBe("2021年实际完成38次，达到预期目标。");
        third[3].Actual.ShouldBe("实际完成90%，未达到预期目标。因财政资金收回，导致项目无法发起尾款支付，企业配合度下降。");
        third[6].Actual.ShouldBe("已完成轨道交通产业招商方向报告1份，达到预期目标。");

        var last = Report.Tasks[3].Indicators[4];
        last.Name.ShouldBe("是否优化营商环境，提升企业服务水平");
        last.Target.ShouldBe("是");
        last.Actual.ShouldStartWith("提供优质的招商引资企业服务，兑现白云区招商引资企业落户政策");
        last.Actual.ShouldEndWith("达到预期目标。");
    }

    [Fact]
    public void ExactlyThreeIndicatorsNotAchieved_WithReasons()
    {
        var notAchieved = Report.Tasks.SelectMany(t => t.Indicators).Where(i => i.Achieved == false).ToList();
        notAchieved.Select(i => i.Name).ShouldBe(["主题宣传片数量", "外出考察数量", "高层次人才服务人数"]);
        notAchieved.Select(i => i.DeviationReason).ShouldBe(
        [
            "因财政资金收回，导致项目无法发起尾款支付，企业配合度下降",
            "因受疫情影响，外出考察次数减少",
            "因年度预测数与企业实际申请人数有偏差",
        ]);

        var others = Report.Tasks.SelectMany(t => t.Indicators).Where(i => i.Achieved != false).ToList();
        others.Count.ShouldBe(24);
        others.ShouldAllBe(i => i.Achieved == true && i.DeviationReason == null);
    }

    [Fact]
    public void DeclaredIndicators_FromNarrative_DuplicatesKept()
    {
        Report.Tasks.Select(t => t.DeclaredIndicatorCount).ShouldBe([6, 6, 10, 5]);
        Report.Tasks.Select(t => t.DeclaredIndicatorNames.Count).ShouldBe([6, 6, 11, 5]);

        Report.Tasks[0].DeclaredIndicatorNames.ShouldBe(
            ["完成策划方案总数", "项目验收合格率", "按期完成率", "项目按规定支出", "产业用地出让面积", "对区域内生态环境的影响情况"]);

        var third = Report.Tasks[2].DeclaredIndicatorNames;
        third.Count(n => n == "协助完成区领导带队赴市外拜访企业数量").ShouldBe(2);
        third[4].ShouldBe("协助完成区领导带队赴市外拜访企业数量");
        third[5].ShouldBe("协助完成区领导带队赴市外拜访企业数量");
        third[^1].ShouldBe("招商活动促成签约项目投资金额（亿元）");

        Report.Tasks[3].DeclaredIndicatorNames[0].ShouldBe("服务企业注册落户、举办政策宣讲、学习活动");
    }

    [Fact]
    public void ProblemsAndMeasures_ThreeEach()
    {
        Report.Problems.Count.ShouldBe(3);
        Report.Problems[0].ShouldStartWith("受疫情影响招商项目进度滞后。");
        Report.Problems[1].ShouldStartWith("预算执行进度管理有待进一步加强。");
        Report.Problems[2].ShouldStartWith("招商线索搜集和分析能力有待提高。");

        Report.Measures.Count.ShouldBe(3);
        Report.Measures[0].ShouldStartWith("坚持主动招商，提升招商工作质量水平。");
        Report.Measures[0].ShouldContain("加强各镇街与部门之间招商信息资源的互联互通"); // joined over the page break
        Report.Measures[1].ShouldStartWith("加大预算执行进度的督导力度。");
        Report.Measures[2].ShouldStartWith("继续做好招商线索搜集、分析。");
        Report.Measures[2].ShouldEndWith("为招商引资工作提供决策辅助。");
    }

    [Fact]
    public void Sections()
    {
        var s = Report.Sections;
        s.BasicInfo.ShouldNotBeNull().ShouldStartWith("(一)部门概况");
        s.BasicInfo.ShouldContain("年中预算调减625.85万元");
        s.BasicInfo.ShouldNotContain("综合评价分析");

        s.Evaluation.ShouldNotBeNull().ShouldStartWith("(一)自评结论综述");
        s.Evaluation.ShouldContain("自评分值为91.35分");
        s.Evaluation.ShouldNotContain("存在的主要问题");

        s.ProblemsText.ShouldNotBeNull().ShouldStartWith("（一）受疫情影响招商项目进度滞后");
        s.ProblemsText.ShouldNotContain("下一步改进措施");
        s.MeasuresText.ShouldNotBeNull().ShouldStartWith("（一）坚持主动招商");
    }

    [Theory]
    [InlineData("no PDF gaps after sentence ends")]
    [InlineData("no spaces at all")]
    [InlineData("full-width digits")]
    [InlineData("CRLF line ends")]
    public void SameResult_OnOtherwiseMessyCopies(string variant)
    {
        var text = ReferenceReport.Text;
        text = variant switch
        {
            "no PDF gaps after sentence ends" => text.Replace("。 ", "。", StringComparison.Ordinal),
            "no spaces at all" => text.Replace(" ", string.Empty, StringComparison.Ordinal),
            "full-width digits" => string.Concat(text.Select(c => c is >= '0' and <= '9' ? (char)(c + 0xFEE0) : c)),
            _ => text.Replace("\n", "\r\n", StringComparison.Ordinal),
        };

        var report = LegacyReportParser.Parse(text);

        report.ShouldSatisfyAllConditions(
            () => report.BureauName.ShouldBe(Report.BureauName),
            () => report.Year.ShouldBe(Report.Year),
            () => report.Budget.ShouldBe(Report.Budget),
            () => report.SelfScore.ShouldBe(Report.SelfScore),
            () => report.SelfGrade.ShouldBe(Report.SelfGrade),
            () => report.Tasks.Select(t => t.Name).ShouldBe(Report.Tasks.Select(t => t.Name)),
            () => report.Tasks.Select(t => t.FundsWanYuan).ShouldBe(Report.Tasks.Select(t => t.FundsWanYuan)),
            () => report.Tasks.SelectMany(t => t.Indicators).ShouldBe(Report.Tasks.SelectMany(t => t.Indicators)),
            () => report.Tasks.SelectMany(t => t.DeclaredIndicatorNames).ShouldBe(Report.Tasks.SelectMany(t => t.DeclaredIndicatorNames)),
            () => report.Problems.ShouldBe(Report.Problems),
            () => report.Measures.ShouldBe(Report.Measures),
            () => report.NotExtracted.ShouldBeEmpty());
    }

    [Fact]
    public void NothingMissing()
    {
        Report.NotExtracted.ShouldBeEmpty();
    }
}
