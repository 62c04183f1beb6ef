using System.Text.Json;
using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Reports.Consistency;
using DistrictPerf.Modules.Reports.Features;
using DistrictPerf.Modules.Reports.Legacy;

namespace DistrictPerf.UnitTests.Reports;

/// <summary>Issue 14 part 1: the report's own figures against each other, with no ledger; one finding per defect.</summary>
public sealed class StatedFigureRulesTests
{
    // 海珠区文化广电旅游体育局 2022 (invented): 3,120.40 + 210.00 − 86.50 = 3,243.90; 3,051.27 ÷ 3,243.90 = 94.0618% → 94.06%;
    // (210.00 + 86.50) ÷ 3,120.40 = 9.502% → 9.50%.
    private static readonly SnapshotStated Consistent = new(3120.40m, 123.50m, 210.00m, 86.50m, 3243.90m, 3051.27m, 94.06m, 9.50m);

    private static ReportSnapshot Snapshot(SnapshotStated? stated, IReadOnlyList<SnapshotTask>? tasks = null) =>
        new(new Dictionary<string, string>(), null, tasks ?? [], null, null, null, null, Stated: stated);

    private static IReadOnlyList<Finding> Check(SnapshotStated? stated, IReadOnlyList<SnapshotTask>? tasks = null) =>
        ConsistencyChecker.Check(Snapshot(stated, tasks));

    private static SnapshotTask Task(int number, decimal fundsWan) => new(number, $"任务{number}", fundsWan * 10_000m, null, [], []);

    [Fact]
    public void ConsistentFigures_GiveNoFinding() => Check(Consistent, [Task(1, 1200m), Task(2, 980.5m), Task(3, 86.27m)]).ShouldBeEmpty();

    [Fact]
    public void TheSeedsFigures_AreConsistent() =>
        Check(new SnapshotStated(5278.33m, -625.85m, null, 625.85m, 4652.48m, 4468.73m, 96.05m, 11.86m),
            [Task(1, 132m), Task(2, 118.97m), Task(3, 321.09m), Task(4, 30.65m)]).ShouldBeEmpty();

    [Fact]
    public void AdjustedBudget_NotInitialPlusIncreasesMinusDecreases_IsOneError_WithItsNumbersAndTolerance()
    {
        // The adjusted budget mistyped; the rate still follows from the corrected one: one defect, one finding.
        var f = Check(Consistent with { Adjusted = 3234.90m, Adjustment = null }).ShouldHaveSingleItem();
        f.Code.ShouldBe("stated.adjusted-budget");
        f.Severity.ShouldBe(FindingSeverity.Error);
        f.Location.ShouldBe("budget");
        f.Message.ShouldContain("3,234.90");
        f.Message.ShouldContain("3,120.40");
        f.Message.ShouldContain("追加 210.00");
        f.Message.ShouldContain("追减 86.50");
        f.Message.ShouldContain("3,243.90");
        f.Message.ShouldContain("差 9.00");
        f.Message.ShouldContain("容差 0.02");
    }

    [Fact]
    public void AdjustedBudget_WithinRounding_IsFine() =>
        Check(Consistent with { Adjusted = 3243.91m, ExecutionRatePercent = null }).ShouldBeEmpty();

    [Fact]
    public void NetAdjustment_ThatIsNotIncreaseMinusDecrease_IsAnError() =>
        Check(Consistent with { Adjustment = 132.50m }).ShouldHaveSingleItem().Code.ShouldBe("stated.adjustment-net");

    [Fact]
    public void ExecutionRate_Off_By0Point01pp_IsAnError_AtThePrintedPrecision()
    {
        var f = Check(Consistent with { ExecutionRatePercent = 94.07m }).ShouldHaveSingleItem();
        f.Code.ShouldBe("stated.execution-rate");
        f.Severity.ShouldBe(FindingSeverity.Error);
        f.Message.ShouldContain("94.07%");
        f.Message.ShouldContain("94.06%");
        f.Message.ShouldContain("3,051.27");
        f.Message.ShouldContain("3,243.90");
        f.Message.ShouldContain("±0.005");
    }

    [Fact]
    public void ExecutionRate_PrintedWithOneDecimal_HasTheToleranceOfOneDecimal()
    {
        // 94.06…% printed with one decimal is 94.1 (± 0.05); 94.0 is off by more than its half unit.
        Check(Consistent with { ExecutionRatePercent = 94.1m }).ShouldBeEmpty();
        Check(Consistent with { ExecutionRatePercent = 94.0m }).ShouldHaveSingleItem().Message.ShouldContain("报告所述预算执行率 94.0%");
    }

    [Fact]
    public void ExecutionRate_WithOneDecimal_OutsideItsHalfUnit_IsFound() =>
        Check(Consistent with { ExecutionRatePercent = 93.9m }).ShouldHaveSingleItem().Message.ShouldContain("±0.05");

    [Fact]
    public void AdjustmentRate_HigherThanTheStatedAdjustmentsGive_IsAnError_LowerIsAWarning()
    {
        var high = Check(Consistent with { AdjustmentRatePercent = 9.51m }).ShouldHaveSingleItem();
        high.Code.ShouldBe("stated.adjustment-rate");
        high.Severity.ShouldBe(FindingSeverity.Error);
        high.Message.ShouldContain("9.51%");
        high.Message.ShouldContain("9.50%");
        high.Message.ShouldContain("追加 210.00");

        var low = Check(Consistent with { AdjustmentRatePercent = 6.73m }).ShouldHaveSingleItem();
        low.Severity.ShouldBe(FindingSeverity.Warning);
        low.Message.ShouldContain("剔除");
    }

    [Fact]
    public void AdjustmentRate_UsesBothDirections_NotTheNet()
    {
        // |net| ÷ initial would be 3.96%: the rate counts Σ|调整数|.
        Check(Consistent with { AdjustmentRatePercent = 3.96m }).ShouldHaveSingleItem().Severity.ShouldBe(FindingSeverity.Warning);
    }

    [Fact]
    public void TaskFunds_OverTheStatedTotal_IsAnError_UnderIsFine()
    {
        var f = Check(Consistent, [Task(1, 2400m), Task(2, 980.5m)]).ShouldHaveSingleItem();
        f.Code.ShouldBe("stated.task-funds");
        f.Message.ShouldContain("3,380.50");
        f.Message.ShouldContain("3,243.90");
        f.Message.ShouldContain("任务1 2,400.00");

        Check(Consistent, [Task(1, 2400m), Task(2, 843.9m)]).ShouldBeEmpty(); // equal to the total
        Check(Consistent, [Task(1, 100m)]).ShouldBeEmpty(); // a subset
    }

    [Fact]
    public void TaskFunds_WithoutStatedFigures_AreComparedWithTheLedger()
    {
        var ledger = new SnapshotBudget(1_000_000m, 0m, 1_000_000m, 900_000m, 0.9m, 0m);
        var snapshot = Snapshot(null, [Task(1, 120m)]) with { Budget = ledger };
        ConsistencyChecker.Check(snapshot).ShouldHaveSingleItem().Message.ShouldContain("预算台账");
    }

    [Fact]
    public void NothingStated_NothingChecked() => Check(new SnapshotStated(null, null, null, null, null, null, null, null), [Task(1, 5m)]).ShouldBeEmpty();

    [Theory]
    [InlineData("96.05", 2)]
    [InlineData("96.050", 3)]
    [InlineData("96", 0)]
    [InlineData("4,652.40", 2)]
    public void PrintedPrecision_SurvivesTheStoredJson(string printed, int scale)
    {
        var parsed = decimal.Parse(printed.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        var json = JsonSerializer.Serialize(new LegacyBudget(parsed, null, null, null, null, null), ReportViews.Json);
        var back = JsonSerializer.Deserialize<LegacyBudget>(json, ReportViews.Json)!;
        StatedFigureRules.Scale(back.Initial!.Value).ShouldBe(scale);
    }

    // ---- indicators: stated verdict against the numbers; ≤ indicators; one finding per defect --------------------------

    private static SnapshotIndicator Ind(string name, IndicatorDirection direction, string target, decimal? t, string? tu, string actual, decimal? a, string? au,
        bool achieved, decimal? ratio = null, string? reason = null, string? measure = null) =>
        new($"i-{name}", name, 0m, target, actual, ratio, achieved, null, reason, measure, null, direction, t, tu, a, au);

    private static IReadOnlyList<Finding> CheckIndicators(params SnapshotIndicator[] indicators) =>
        ConsistencyChecker.Check(Snapshot(null, [new SnapshotTask(1, "任务1", null, null, [], indicators)]));

    [Fact]
    public void MarkedAchieved_WhileTheActualMissesTheTarget_IsOneError()
    {
        var f = CheckIndicators(Ind("文旅活动场次", IndicatorDirection.AtLeast, "≥40场", 40m, "场", "全年举办 36 场，达到预期目标。", 36m, "场", achieved: false, ratio: 0.9m))
            .ShouldHaveSingleItem(); // not also "missing reason"
        f.Code.ShouldBe("indicator.stated-achievement");
        f.Severity.ShouldBe(FindingSeverity.Error);
        f.Message.ShouldContain("36场 < 目标 ≥ 40场");
    }

    [Fact]
    public void MarkedNotAchieved_WhileTheActualMeetsTheTarget_IsAnError()
    {
        var f = CheckIndicators(Ind("投诉处理时长", IndicatorDirection.AtMost, "≤5天", 5m, "天", "平均 3 天，未达到预期目标。因系统升级。", 3m, "天", achieved: true, ratio: 5m / 3m, reason: "因系统升级"))
            .ShouldHaveSingleItem();
        f.Code.ShouldBe("indicator.stated-achievement");
        f.Message.ShouldContain("3天 ≤ 目标 ≤ 5天");
    }

    [Fact]
    public void AnAtMostIndicator_FarUnderItsCap_IsNotOverAchievement() =>
        CheckIndicators(Ind("安全事故发生率", IndicatorDirection.AtMost, "≤5%", 5m, "%", "实际发生率 1%，达到预期目标。", 1m, "%", achieved: true, ratio: 5m)).ShouldBeEmpty();

    [Fact]
    public void AnAtLeastIndicator_FarOverItsTarget_StillIs() =>
        CheckIndicators(Ind("培训人次", IndicatorDirection.AtLeast, "≥100人次", 100m, "人次", "实际 200 人次，达到预期目标。", 200m, "人次", achieved: true, ratio: 2m))
            .ShouldHaveSingleItem().Code.ShouldBe("indicator.over-achievement");

    [Fact]
    public void MissingReasonAndMeasure_AreOneFinding()
    {
        var f = CheckIndicators(Ind("场馆开放天数", IndicatorDirection.AtLeast, "≥300天", 300m, "天", "实际 280 天，未达到预期目标。", 280m, "天", achieved: false, ratio: 280m / 300m))
            .ShouldHaveSingleItem();
        f.Code.ShouldBe("indicator.missing-reason");
        f.Message.ShouldContain("改进措施");
    }

    [Fact]
    public void UnitsThatDoNotMatch_AreNotJudged() =>
        CheckIndicators(Ind("项目评审", IndicatorDirection.AtLeast, "50宗", 50m, "宗", "已完成 50 项评审，达到预期目标。", 50m, "项", achieved: true, ratio: 1m)).ShouldBeEmpty();

    [Theory]
    [InlineData("实际完成 105 项，达到预期目标。", true)]
    [InlineData("实际完成 90%，未达到预期目标。", false)]
    [InlineData("实际完成 20 次", null)]
    [InlineData("已 完成 年度 目标", true)]
    public void StatedVerdict_IsReadFromTheText(string text, bool? expected) => StructureRules.StatedVerdict(text).ShouldBe(expected);

    [Fact]
    public void ADuplicateThatExplainsTheDeclaredCount_IsOneFinding_CarryingBothCounts()
    {
        string[] names = ["接待游客人次", "举办活动场次", "举办活动场次"];
        var task = new SnapshotTask(2, "任务2", null, 2, names, []);
        var f = ConsistencyChecker.Check(Snapshot(null, [task])).ShouldHaveSingleItem();
        f.Code.ShouldBe("indicator.duplicate");
        f.Message.ShouldContain("称设置 2 个关键绩效指标，列出 3 个，去掉重复后为 2 个");
    }

    [Fact]
    public void ADeclaredCountThatIsWrong_IsOneFinding_ForListAndTable()
    {
        string[] names = ["接待游客人次", "举办活动场次", "文物修缮数量"];
        var indicators = names.Select(n => Ind(n, IndicatorDirection.Qualitative, "好", null, null, "好", null, null, achieved: true)).ToArray();
        var task = new SnapshotTask(2, "任务2", null, 5, names, indicators);
        var f = ConsistencyChecker.Check(Snapshot(null, [task])).ShouldHaveSingleItem();
        f.Code.ShouldBe("task.declared-count");
        f.Message.ShouldContain("称设置 5 个关键绩效指标，但正文列出了 3 个，指标表中有 3 个");
    }

    [Fact]
    public void GradeOutsideTheBandOfTheStatedScore_NamesTheBands()
    {
        var snapshot = Snapshot(null) with
        {
            SelfScore = 88.5m, SelfGrade = "优", SelfScoreGrade = "良",
            GradeBands = [("优", 90m), ("良", 80m), ("中", 60m), ("差", 0m)],
        };
        var f = ConsistencyChecker.Check(snapshot).ShouldHaveSingleItem();
        f.Code.ShouldBe("grade.self-band");
        f.Message.ShouldContain("88.5");
        f.Message.ShouldContain("优 ≥ 90，良 ≥ 80");
    }
}
