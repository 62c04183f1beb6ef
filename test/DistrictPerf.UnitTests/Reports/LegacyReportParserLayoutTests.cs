using DistrictPerf.Modules.Reports.Legacy;

namespace DistrictPerf.UnitTests.Reports;

/// <summary>
/// Table 1 read by its header row in three layouts, each a complete, internally consistent report written for these
/// tests (test/TestData/legacy-layouts): the reference's own layout (tab-separated, one "关键指标及目标值" cell, a
/// reason on the plain line after the row, 追加 + 追减); separate 一级 / 二级 / 三级指标 columns laid out with spaces as
/// a PDF gives them (merged task cells, wrapped task and indicator names, reasons on the line after the row); and
/// 年度目标值 / 实际完成值 / 完成情况 / 偏差原因及改进措施 columns (tab-separated as a .docx table, full-width ％ and
/// digits, 元 with thousands separators, 调整增加 / 调整减少).
/// </summary>
public sealed class LegacyReportParserLayoutTests
{
    private static LegacyReport Parse(string file) =>
        LegacyReportParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "legacy-layouts", file)));

    private static void ShouldHaveIndicators(LegacyTask task, params (string Name, string Target, string Actual, bool? Achieved, string? Reason)[] expected)
    {
        task.Indicators.Select(i => (i.Name, i.Target, i.Actual, i.Achieved, i.DeviationReason)).ShouldBe(expected);
    }

    [Fact]
    public void ReferenceLayout_AdditionAndReductionBothRead_ReasonOnTheNextLine()
    {
        var report = Parse("county-commerce-2022-reference-layout.txt");

        report.BureauName.ShouldBe("某某县商务局");
        report.Year.ShouldBe(2022);
        report.Budget.ShouldBe(new LegacyBudget(1000.00m, 150.00m, 1150.00m, 1104.00m, 96.00m, 25.00m, Increase: 200.00m, Decrease: 50.00m));
        report.SelfScore.ShouldBe(92.50m);
        report.SelfGrade.ShouldBe("优");

        report.Tasks.Count.ShouldBe(2);
        report.Tasks.Sum(t => t.Indicators.Count).ShouldBe(5);
        report.Tasks.Select(t => t.Name).ShouldBe(["开展招商推介活动", "优化企业服务"]);
        report.Tasks.Select(t => t.FundsWanYuan).ShouldBe([600.00m, 400.00m]);
        report.Tasks.Select(t => t.DeclaredIndicatorCount).ShouldBe([3, 2]);
        report.Tasks[0].ExpectedGoal.ShouldBe("全年举办招商推介活动10场以上，促成一批项目签约。");
        report.Tasks[0].Completion.ShouldBe("完成年度推介活动计划");

        ShouldHaveIndicators(report.Tasks[0],
            ("推介活动场次", "≥10场", "全年举办12场，达到预期目标。", true, null),
            ("签约项目数量", "20个", "实际签约15个，未达到预期目标。", false, "因部分企业投资计划推迟，签约延后"),
            ("服务对象满意度", "≥90%", "满意度为95%，达到预期目标。", true, null));
        ShouldHaveIndicators(report.Tasks[1],
            ("走访企业数量", "100家", "走访企业120家，达到预期目标。", true, null),
            ("政策兑现及时率", "100%", "政策兑现及时率100%，达到预期目标。", true, null));

        report.Profile.ShouldBe(new LegacyProfile(4, ["办公室", "招商科", "企业服务科", "规划科"], 1, ["某某县投资服务中心"],
        [
            "贯彻执行国家和省、市有关商务工作的方针政策，拟订全县商务发展规划并组织实施。",
            "负责全县招商引资工作的统筹协调，组织重大招商推介活动。",
            "负责落户企业的跟踪服务，协调解决企业生产经营中的问题。",
        ]), new ProfileComparer());
        report.NotExtracted.ShouldBeEmpty();
    }

    [Fact]
    public void LevelColumns_SpaceSeparated_MergedTasks_WrappedNames_ReasonsOnTheNextLine()
    {
        var report = Parse("district-culture-2023-level-columns-spaces.txt");

        report.BureauName.ShouldBe("某某区文化广电旅游体育局");
        report.Year.ShouldBe(2023);
        report.Budget.ShouldBe(new LegacyBudget(800.00m, -40.00m, 760.00m, 722.00m, 95.00m, 5.00m, Increase: null, Decrease: 40.00m));
        report.SelfScore.ShouldBe(88.00m);
        report.SelfGrade.ShouldBe("良");

        report.Tasks.Count.ShouldBe(2);
        report.Tasks.Sum(t => t.Indicators.Count).ShouldBe(6);
        report.Tasks.Select(t => t.Name).ShouldBe(["举办文化惠民演出", "公共体育场馆免费开放"]);
        report.Tasks.Select(t => t.FundsWanYuan).ShouldBe([420.00m, 300.00m]);
        report.Tasks.Select(t => t.DeclaredIndicatorCount).ShouldBe([4, 2]);

        // The level-1 and level-2 names (产出指标, 数量指标…) are not taken for the indicator, the target is the 指标值
        // and the actual the 实际完成值, the verdict comes from 完成情况.
        ShouldHaveIndicators(report.Tasks[0],
            ("惠民演出场次", "≥20场", "18场", false, "受场馆改造影响，两场演出延至次年举办"),
            ("演出安全事故", "0起", "0起", true, null),
            ("惠及群众人次", "5万人次", "6.2万人次", true, null),
            ("观众满意度", "≥90%", "93%", true, null));
        ShouldHaveIndicators(report.Tasks[1],
            ("场馆每周免费开放时长", "≥35小时", "42小时", true, null),
            ("全民健身参与人次", "10万人次", "9.5万人次", false, "受雨季影响，室外场地开放天数减少"));

        report.Tasks.SelectMany(t => t.Indicators).Select(i => i.Name)
            .ShouldBe(report.Tasks.SelectMany(t => t.DeclaredIndicatorNames));
        report.Profile.ShouldBe(new LegacyProfile(3, ["办公室", "文化艺术科", "体育科"], 2, ["某某区文化馆", "某某区体育中心"],
        [
            "负责全区公共文化服务体系建设。",
            "负责全区群众体育和竞技体育工作。",
            "负责文化市场和旅游市场的行业管理。",
        ]), new ProfileComparer());

        // This table has no 预期目标 and no 目标完成情况 column: said, not invented.
        report.NotExtracted.ShouldBe(["task[1].expectedGoal", "task[1].completion", "task[2].expectedGoal", "task[2].completion"]);
    }

    [Fact]
    public void TargetActualVerdictReasonColumns_FullWidthPercent_AmountsInYuan()
    {
        var report = Parse("district-agriculture-2022-target-actual-columns.txt");

        report.BureauName.ShouldBe("某某市某某区农业农村局");
        report.Year.ShouldBe(2022);
        report.Budget.ShouldBe(new LegacyBudget(600m, 90m, 690m, 655.5m, 95.00m, 25.00m, Increase: 120m, Decrease: 30m));
        report.SelfScore.ShouldBe(95.50m);
        report.SelfGrade.ShouldBe("优");

        report.Tasks.Count.ShouldBe(2);
        report.Tasks.Sum(t => t.Indicators.Count).ShouldBe(5);
        report.Tasks.Select(t => t.Name).ShouldBe(["高标准农田建设", "农产品质量安全监测"]);
        report.Tasks.Select(t => t.FundsWanYuan).ShouldBe([450m, 180m]);

        ShouldHaveIndicators(report.Tasks[0],
            ("新建高标准农田面积", "≥5000亩", "5200亩", true, null),
            ("项目验收合格率", "100%", "100%", true, null),
            ("农户满意度", "≥90%", "88%", false, "部分农户对施工期间道路通行不便有意见；下一步施工前做好告知和临时便道"));
        ShouldHaveIndicators(report.Tasks[1],
            ("抽检批次", "1,200批次", "1,350批次", true, null),
            ("抽检合格率", "≥98%", "99.2%", true, null));

        report.Profile.ShouldBe(new LegacyProfile(3, ["办公室", "农田建设管理科", "农产品质量安全监管科"], 0, [], []), new ProfileComparer());
        report.NotExtracted.ShouldBe(["task[1].expectedGoal", "task[1].completion", "task[2].expectedGoal", "task[2].completion"]);
    }

    [Fact]
    public void Reference_Profile()
    {
        var report = LegacyReportParser.Parse(TestSupport.ReferenceReport.Text);

        var profile = report.Profile.ShouldNotBeNull();
        profile.SectionCount.ShouldBe(7);
        profile.Sections.ShouldBe(["办公室", "园区策划科", "园区服务科", "招商一科", "招商二科", "企业服务科", "企业建设科"]);
        profile.SubordinateUnitCount.ShouldBe(2);
        profile.SubordinateUnits.ShouldBe(["广州市白云区招商信息中心", "广州市白云区投资促进中心"]);
        profile.Duties.Count.ShouldBe(10);
        profile.Duties[0].ShouldStartWith("负责贯彻执行国家和省、市、区有关招商引资");
        profile.Duties[1].ShouldBe("按照牵头策划、参与规划、统筹计划、协调实施的原则，负责重点产业园区策划工作。参与国土规划制定与调整。统筹区重点产业园区土地储备、基础设施建设实施计划。协调解决产业园区的开发问题。");
        profile.Duties[9].ShouldBe("完成区委、区政府和上级相关部门交办的其他任务。");
    }

    [Theory]
    [InlineData("年初预算 1,000 万元，年中追加 300 万元，追减 120 万元，调整后预算 1,180 万元。", 180, 300, 120)]
    [InlineData("年初预算 1,000 万元，年中调增 2,000,000 元，调减 500,000 元。", 150, 200, 50)]
    [InlineData("年初预算 1,000 万元，预算调整增加 100 万元，调整减少 100 万元。", 0, 100, 100)]
    [InlineData("年初预算 1,000 万元，追加 100 万元，再追加 50 万元，调减 30 万元。", 120, 150, 30)]
    [InlineData("年初预算 1,000 万元，共追加 150 万元（其中一季度追加 100 万元），调减 30 万元。", 120, 150, 30)]
    public void Adjustments_IncreaseAndDecrease(string text, int net, int increase, int decrease)
    {
        var budget = LegacyReportParser.Parse(text).Budget;

        budget.Adjustment.ShouldBe(net);
        budget.Increase.ShouldBe(increase);
        budget.Decrease.ShouldBe(decrease);
    }

    [Fact]
    public void Adjustment_ReductionWithoutAmount_IsReportedNotDropped()
    {
        var report = LegacyReportParser.Parse("年初预算 1,000 万元，年中追加 300 万元，并追减部分项目资金。");

        report.Budget.Increase.ShouldBe(300m);
        report.Budget.Decrease.ShouldBeNull();
        report.Budget.Adjustment.ShouldBeNull();
        report.NotExtracted.ShouldContain("budget.decrease");
        report.NotExtracted.ShouldContain("budget.adjustment");
    }

    [Theory]
    [InlineData("年初预算 12,345,678.90 元，实际支出 9,876,543.21 元。", 1234.56789, 987.654321)]
    [InlineData("年初预算 1234.5 万元，实际支出 1,000 万元。", 1234.5, 1000)]
    public void Amounts_InYuanOrWanYuan(string text, double initial, double spending)
    {
        var budget = LegacyReportParser.Parse(text).Budget;

        budget.Initial.ShouldBe((decimal)initial);
        budget.Spending.ShouldBe((decimal)spending);
    }

    [Fact]
    public void CountWithoutNames_IsReported()
    {
        var report = LegacyReportParser.Parse("本局内设科室 5 个，下属事业单位 2 个。");

        report.Profile.ShouldNotBeNull().SectionCount.ShouldBe(5);
        report.Profile.Sections.ShouldBeEmpty();
        report.NotExtracted.ShouldContain("profile.sections");
        report.NotExtracted.ShouldContain("profile.subordinateUnits");
    }

    private sealed class ProfileComparer : IEqualityComparer<LegacyProfile?>
    {
        public bool Equals(LegacyProfile? x, LegacyProfile? y) =>
            x is not null && y is not null && x.SectionCount == y.SectionCount && x.Sections.SequenceEqual(y.Sections)
            && x.SubordinateUnitCount == y.SubordinateUnitCount && x.SubordinateUnits.SequenceEqual(y.SubordinateUnits)
            && x.Duties.SequenceEqual(y.Duties);

        public int GetHashCode(LegacyProfile? obj) => 0;
    }
}
