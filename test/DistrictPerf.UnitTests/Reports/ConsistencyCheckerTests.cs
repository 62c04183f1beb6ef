using DistrictPerf.Modules.Reports.Consistency;

namespace DistrictPerf.UnitTests.Reports;

/// <summary>One focused case per consistency rule, with the negative cases that keep it quiet.</summary>
public sealed class ConsistencyCheckerTests
{
    private static readonly SnapshotBudget Budget = ConsistencyCheckerReferenceTests.ReferenceBudget;

    private static SnapshotIndicator Ind(
        string id, string name, decimal weight = 0m, bool achieved = true, decimal? ratio = 1m, decimal? score = null,
        string? reason = null, string? measure = null, string? over = null) =>
        new(id, name, weight, "≥10", "10", ratio, achieved, score, reason, measure, over);

    private static SnapshotTask Task(int number, IReadOnlyList<SnapshotIndicator> indicators, int? declared = null, IReadOnlyList<string>? names = null) =>
        new(number, $"任务{number}", null, declared, names ?? [], indicators);

    private static ReportSnapshot Snapshot(
        string? basicInfo = null, string? evaluation = null, IReadOnlyList<SnapshotTask>? tasks = null, SnapshotBudget? budget = null,
        decimal? selfScore = null, string? selfGrade = null, decimal? computedScore = null, string? computedGrade = null,
        decimal threshold = 1.30m, string? selfScoreGrade = null)
    {
        var sections = new Dictionary<string, string>();
        if (basicInfo is not null)
        {
            sections["basicInfo"] = basicInfo;
        }

        if (evaluation is not null)
        {
            sections["evaluation"] = evaluation;
        }

        return new ReportSnapshot(sections, budget ?? Budget, tasks ?? [], selfScore, selfGrade, computedScore, computedGrade, threshold, SelfScoreGrade: selfScoreGrade);
    }

    private static IReadOnlyList<Finding> Check(ReportSnapshot snapshot) => ConsistencyChecker.Check(snapshot);

    private static IReadOnlyList<Finding> Text(string text) => Check(Snapshot(basicInfo: text));

    // ---- 1. text.rate-mismatch / text.amount-mismatch -------------------------------------------

    [Fact]
    public void ExecutionRate_OffBy0Point01pp_IsAnError_QuotingBothFigures()
    {
        var f = Text("2021 年预算执行率为 96.06%。").ShouldHaveSingleItem();

        f.Code.ShouldBe("text.rate-mismatch");
        f.Severity.ShouldBe(FindingSeverity.Error);
        f.Location.ShouldBe("section:basicInfo");
        f.Message.ShouldStartWith("正文称预算执行率为 96.06%，数据计算为 96.05%");
        f.Message.ShouldContain(" / The text says");
        f.Excerpt.ShouldBe("2021 年预算执行率为 96.06%");
    }

    [Theory]
    [InlineData("预算执行率为 96.05%")]
    [InlineData("预算执行率为96.05 %")]
    [InlineData("预算执行率为 ９６．０５％")]
    [InlineData("年度预算支出执行率达 96.050%")]
    [InlineData("预算调整率为 11.86%")]
    [InlineData("年初预算安排 5,278.33 万元, 年中预算调减 625.85 万元")]
    [InlineData("调整后预算数 4,652.48 万元，年度实际支出 4,468.73 万元")]
    [InlineData("调整后预算数\n4,652.48 万 元")]
    [InlineData("年初预算 52,783,300 元，实际支出 44687300.00 元")]
    [InlineData("实际支出４，４６８．７３万元")]
    [InlineData("年初预算 0.53 亿元")]
    public void CorrectFigures_InAnySpelling_AreNotFlagged(string text) => Text(text).ShouldBeEmpty();

    [Theory]
    [InlineData("预算调整率为 11.85%", "text.rate-mismatch", "11.86%")]
    [InlineData("年初预算安排 5,278.34 万元", "text.amount-mismatch", "5,278.33 万元")]
    [InlineData("年中预算调减 625.58 万元", "text.amount-mismatch", "625.85 万元")]
    [InlineData("调整后预算数 4,562.48 万元", "text.amount-mismatch", "4,652.48 万元")]
    [InlineData("年度实际支出 44,687,301 元", "text.amount-mismatch", "44,687,300.00 元")]
    [InlineData("支出执行率为 96%", "text.rate-mismatch", "96.05%")]
    public void WrongFigures_AreErrors(string text, string code, string expected)
    {
        var f = Text(text).ShouldHaveSingleItem();
        f.Code.ShouldBe(code);
        f.Severity.ShouldBe(FindingSeverity.Error);
        f.Message.ShouldContain(expected);
    }

    [Theory]
    [InlineData("投资总额约 1007 亿元，目标完成率分别为 101%、101%")] // unlabelled
    [InlineData("确保预算执行率不低于 90%")] // a target
    [InlineData("预算执行率达到 95% 以上")] // a threshold
    [InlineData("截至 6 月底预算执行率为 45.12%")] // another period
    [InlineData("项目资金执行率为 100%")] // another scope
    [InlineData("年初预算、调整后预算分别为 4,652.48 万元、5,278.33 万元")] // "分别": not paired here
    [InlineData("预算执行率比上年提高 3.5%")]
    [InlineData("实际支出比年初预算减少 809.60 万元")]
    public void NumbersThatAreNotTheFigure_AreNotFlagged(string text) => Text(text).ShouldBeEmpty();

    [Fact]
    public void WithoutBudget_FiguresAreNotCompared() =>
        Check(Snapshot(basicInfo: "预算执行率为 12.34%，年初预算 1 万元") with { Budget = null }).ShouldBeEmpty();

    [Fact]
    public void AnIncrease_IsComparedWithANetIncrease_AndNotWithADecrease()
    {
        var raised = new SnapshotBudget(1_000_000m, 200_000m, 1_200_000m, 1_200_000m, 1m, 0.2m);
        Check(Snapshot(basicInfo: "年中追加 20.00 万元", budget: raised)).ShouldBeEmpty();
        Check(Snapshot(basicInfo: "年中追加 21.00 万元", budget: raised)).ShouldHaveSingleItem().Code.ShouldBe("text.amount-mismatch");
        Text("年中调增 21.00 万元").ShouldBeEmpty(); // the reference budget has a net decrease: nothing to compare with
    }

    [Fact]
    public void SelfScoreAndGradeInTheText_AreComparedWithTheSelfReportedOnes()
    {
        var findings = Check(Snapshot(evaluation: "自评结果为“良”，自评分值为 91.36 分。", selfScore: 91.35m, selfGrade: "优"));

        findings.Select(f => f.Code).ShouldBe(["text.score-mismatch", "text.grade-mismatch"], ignoreOrder: true);
        findings.ShouldAllBe(f => f.Severity == FindingSeverity.Error && f.Location == "section:evaluation");
        Check(Snapshot(evaluation: "自评结果为“优”，自评分值为 91.35 分。", selfScore: 91.35m, selfGrade: "优秀")).ShouldBeEmpty();
    }

    // ---- 2. indicator.duplicate -----------------------------------------------------------------

    [Fact]
    public void DuplicateDeclaredName_IgnoringSpacesAndPunctuation_IsAnErrorOnTheTask()
    {
        var task = Task(1, [], names: ["项目验收合格率", "按期完成率", "“项目验收 合格率”。"]);

        var f = Check(Snapshot(tasks: [task])).ShouldHaveSingleItem();
        f.Code.ShouldBe("indicator.duplicate");
        f.Severity.ShouldBe(FindingSeverity.Error);
        f.Location.ShouldBe("task:1");
        f.Message.ShouldContain("项目验收合格率");
        f.Message.ShouldContain("2 次");
    }

    [Fact]
    public void DuplicateIndicator_IsReportedOnTheSecondOne()
    {
        var task = Task(2, [Ind("a", "开工项目数"), Ind("b", "按期完成率"), Ind("c", "开工 项目数")]);

        var f = Check(Snapshot(tasks: [task])).ShouldHaveSingleItem();
        f.Code.ShouldBe("indicator.duplicate");
        f.Location.ShouldBe("indicator:c");
        f.Message.ShouldContain("a");
    }

    [Fact]
    public void SameIndicatorName_InTwoTasks_IsNotADuplicate() =>
        Check(Snapshot(tasks: [Task(1, [Ind("a", "项目验收合格率")]), Task(2, [Ind("b", "项目验收合格率")])])).ShouldBeEmpty();

    // ---- 3. text.label-two-values ---------------------------------------------------------------

    [Fact]
    public void OneLabelWithTwoValues_InOneSentence_IsAWarning()
    {
        var f = Text("累计谋划产业区块 48 个、总用地面积约 20 万亩，总建筑面积约 7000 万平方米，总建筑面积约 220 万平方米。").ShouldHaveSingleItem();

        f.Code.ShouldBe("text.label-two-values");
        f.Severity.ShouldBe(FindingSeverity.Warning);
        f.Message.ShouldContain("总建筑面积");
        f.Message.ShouldContain("7000");
        f.Message.ShouldContain("220");
        f.Excerpt.ShouldBe("总建筑面积约 7000 万平方米，总建筑面积约 220 万平方米");
    }

    [Theory]
    [InlineData("总建筑面积约 220 万平方米，总建筑面积约 220 万平方米。")] // same value
    [InlineData("已出让用地总建筑面积约 277 万平方米。新开工项目总建筑面积约 493 万平方米。")] // two sentences
    [InlineData("其中商业商务用地 12 宗、计容建筑面积 80 万平方米，工业用地 1 宗，计容建筑面积 5 万平方米。")] // breakdown
    [InlineData("总建筑面积约 220 万平方米，总建筑面积约 7000 亩。")] // different units
    [InlineData("总建筑面积约 7000 万平方米，其中总建筑面积约 220 万平方米。")]
    public void NotTwoValuesForOneThing_IsNotFlagged(string text) => Text(text).ShouldBeEmpty();

    // ---- 4. text.count-mismatch -----------------------------------------------------------------

    [Fact]
    public void CountsOfTheSameNoun_DifferingBetweenSections_IsAWarning_TreatingSynonymsAsOne()
    {
        var f = Check(Snapshot(basicInfo: "联合 11 个镇街举办招商推介会。", evaluation: "联合大源街等16个街镇（13场）举办招商推介会。")).ShouldHaveSingleItem();

        f.Code.ShouldBe("text.count-mismatch");
        f.Severity.ShouldBe(FindingSeverity.Warning);
        f.Location.ShouldBe("section:evaluation");
        f.Message.ShouldContain("11 个");
        f.Message.ShouldContain("16 个");
        f.Excerpt.ShouldBe("联合大源街等16个街镇（13场）举办招商推介会");
    }

    [Fact]
    public void ChineseNumerals_Count() =>
        Check(Snapshot(basicInfo: "联合十一个镇街。", evaluation: "联合 16 个镇（街）。")).ShouldHaveSingleItem().Code.ShouldBe("text.count-mismatch");

    [Theory]
    [InlineData("内设科室 7 个，下属事业单位 2 个。", "本部门内设科室 7 个, 下属事业单位 2 个。")] // same numbers, both word orders
    [InlineData("联合 11 个镇街。", "设有 7 个科室。")] // different nouns
    [InlineData("全区 24 个镇街。", "其中 11 个镇街举办推介会。")] // a part
    [InlineData("按照“一镇街一平台”要求。", "联合 11 个镇街。")] // not a count
    public void ConsistentOrUnrelatedCounts_AreNotFlagged(string basicInfo, string evaluation) =>
        Check(Snapshot(basicInfo: basicInfo, evaluation: evaluation)).ShouldBeEmpty();

    // ---- 5. task.declared-count -----------------------------------------------------------------

    [Fact]
    public void DeclaredCount_DifferingFromTheListedNames_IsAnError()
    {
        var f = Check(Snapshot(tasks: [Task(3, [], declared: 2, names: ["甲指标", "乙指标", "丙指标"])])).ShouldHaveSingleItem();

        f.Code.ShouldBe("task.declared-count");
        f.Severity.ShouldBe(FindingSeverity.Error);
        f.Location.ShouldBe("task:3");
        f.Message.ShouldContain("2 个");
        f.Message.ShouldContain("3 个");
    }

    [Fact]
    public void DeclaredCount_DifferingFromTheIndicators_IsAnError() =>
        Check(Snapshot(tasks: [Task(1, [Ind("a", "甲"), Ind("b", "乙")], declared: 3)])).ShouldHaveSingleItem().Code.ShouldBe("task.declared-count");

    [Fact]
    public void DeclaredCount_MatchingNamesAndIndicators_IsFine() =>
        Check(Snapshot(tasks: [Task(1, [Ind("a", "甲"), Ind("b", "乙")], declared: 2, names: ["甲", "乙"])])).ShouldBeEmpty();

    // ---- 6. indicator.missing-reason / indicator.missing-measure --------------------------------

    [Fact]
    public void NotAchieved_WithoutReasonOrMeasure_IsOneError_NamingBoth()
    {
        // One defect, one finding (issue 14): the missing measure is said in the missing reason's finding.
        var f = Check(Snapshot(tasks: [Task(1, [Ind("x1", "外出考察数量", achieved: false, ratio: 20m / 26m)])])).ShouldHaveSingleItem();

        f.Code.ShouldBe("indicator.missing-reason");
        f.Severity.ShouldBe(FindingSeverity.Error);
        f.Location.ShouldBe("indicator:x1");
        f.Message.ShouldContain("外出考察数量");
        f.Message.ShouldContain("未说明偏差原因，也未填写改进措施");
    }

    [Fact]
    public void NotAchieved_WithAReasonButNoMeasure_IsAWarning() =>
        Check(Snapshot(tasks: [Task(1, [Ind("x1", "外出考察数量", achieved: false, ratio: 20m / 26m, reason: "因受疫情影响")])]))
            .ShouldHaveSingleItem().Code.ShouldBe("indicator.missing-measure");

    [Fact]
    public void ScoreBelowWeight_NeedsAReason_EvenWhenMarkedAchieved() =>
        Check(Snapshot(tasks: [Task(1, [Ind("q", "服务质量", weight: 100m, score: 95.5m, measure: "改进")])]))
            .ShouldHaveSingleItem().Code.ShouldBe("indicator.missing-reason");

    [Fact]
    public void NotAchieved_WithReasonAndMeasure_IsFine() =>
        Check(Snapshot(tasks: [Task(1, [Ind("x1", "外出考察数量", achieved: false, score: 0m, reason: "因受疫情影响", measure: "加强线上招商")])]))
            .ShouldBeEmpty();

    // ---- 7. indicator.over-achievement ----------------------------------------------------------

    [Fact]
    public void OverAchievement_AtTheThreshold_WithoutExplanation_IsAWarning()
    {
        var f = Check(Snapshot(tasks: [Task(1, [Ind("o", "产业用地出让面积", ratio: 1.30m)])])).ShouldHaveSingleItem();

        f.Code.ShouldBe("indicator.over-achievement");
        f.Severity.ShouldBe(FindingSeverity.Warning);
        f.Location.ShouldBe("indicator:o");
        f.Message.ShouldContain("130.00%");
    }

    [Fact]
    public void OverAchievement_BelowThreshold_OrExplained_OrUnderCustomThreshold_IsFine()
    {
        Check(Snapshot(tasks: [Task(1, [Ind("o", "面积", ratio: 1.2999m)])])).ShouldBeEmpty();
        Check(Snapshot(tasks: [Task(1, [Ind("o", "面积", ratio: 1.91m, over: "市统筹出让计划调增")])])).ShouldBeEmpty();
        Check(Snapshot(tasks: [Task(1, [Ind("o", "面积", ratio: 1.40m)])], threshold: 1.50m)).ShouldBeEmpty();
    }

    // ---- 8. weights.sum -------------------------------------------------------------------------

    [Fact]
    public void Weights_NotSummingTo100_IsAnError()
    {
        var f = Check(Snapshot(tasks: [Task(1, [Ind("a", "甲", weight: 50m)]), Task(2, [Ind("b", "乙", weight: 40m)])])).ShouldHaveSingleItem();

        f.Code.ShouldBe("weights.sum");
        f.Severity.ShouldBe(FindingSeverity.Error);
        f.Location.ShouldBe("report");
        f.Message.ShouldContain("90");
    }

    [Fact]
    public void Weights_SummingTo100_OrNotSet_AreFine()
    {
        Check(Snapshot(tasks: [Task(1, [Ind("a", "甲", weight: 60.5m)]), Task(2, [Ind("b", "乙", weight: 39.5m)])])).ShouldBeEmpty();
        Check(Snapshot(tasks: [Task(1, [Ind("a", "甲"), Ind("b", "乙")])])).ShouldBeEmpty();
    }

    // ---- 9. score.self-mismatch / grade.self-mismatch -------------------------------------------

    [Theory]
    [InlineData("91.345")]
    [InlineData("91.3549")]
    public void SelfScore_EqualToTheComputedScoreRoundedHalfUp_IsFine(string computed) =>
        Check(Snapshot(selfScore: 91.35m, computedScore: decimal.Parse(computed, System.Globalization.CultureInfo.InvariantCulture))).ShouldBeEmpty();

    [Fact]
    public void SelfScore_DifferentFromTheRules_IsAWarningShowingBothScores()
    {
        var f = Check(Snapshot(selfScore: 92m, computedScore: 91.35m)).ShouldHaveSingleItem();
        f.Code.ShouldBe("score.self-mismatch");
        f.Severity.ShouldBe(FindingSeverity.Warning); // the report states no weights: the rules may differ (domain rules §5)
        f.Message.ShouldContain("92");
        f.Message.ShouldContain("91.35");
    }

    [Fact]
    public void SelfGrade_DifferentFromComputed_IsAWarning_AndNullsAreSkipped()
    {
        var f = Check(Snapshot(selfGrade: "优", computedGrade: "良")).ShouldHaveSingleItem();
        f.Code.ShouldBe("grade.self-mismatch");
        f.Severity.ShouldBe(FindingSeverity.Warning);
        Check(Snapshot(selfGrade: "优", computedGrade: null, selfScore: 91.35m, computedScore: null)).ShouldBeEmpty();
    }

    [Fact]
    public void SelfGrade_OutsideTheBandOfTheSelfScore_IsAnError_InsteadOfTheComputedGradesWarning()
    {
        // 91.35 is 优 in the year's bands: a report that calls it 良 contradicts itself.
        var f = Check(Snapshot(selfScore: 91.35m, selfGrade: "良", selfScoreGrade: "优", computedScore: 91.35m, computedGrade: "优")).ShouldHaveSingleItem();
        f.Code.ShouldBe("grade.self-band");
        f.Severity.ShouldBe(FindingSeverity.Error);
        f.Message.ShouldContain("91.35");
        Check(Snapshot(selfScore: 91.35m, selfGrade: "优", selfScoreGrade: "优", computedScore: 88.16m, computedGrade: "良"))
            .Select(x => (x.Severity, x.Code)).ShouldBe([(FindingSeverity.Warning, "score.self-mismatch"), (FindingSeverity.Warning, "grade.self-mismatch")], ignoreOrder: true);
    }

    // ---- 10. text.all-achieved-claim ------------------------------------------------------------

    private static readonly SnapshotTask OneShort = Task(1,
    [
        Ind("a", "举办招商推介活动次数"),
        Ind("b", "主题宣传片数量", achieved: false, ratio: 0.9m, reason: "财政资金收回", measure: "加强沟通"),
    ]);

    [Fact]
    public void AllAchievedClaim_WithOneIndicatorShort_IsAnError_QuotingTheSentence()
    {
        var f = Check(Snapshot(evaluation: "本年度设置的绩效指标全部完成，成效明显。下一步继续努力。", tasks: [OneShort])).ShouldHaveSingleItem();

        f.Code.ShouldBe("text.all-achieved-claim");
        f.Severity.ShouldBe(FindingSeverity.Error);
        f.Location.ShouldBe("section:evaluation");
        f.Message.ShouldContain("全部完成");
        f.Message.ShouldContain("主题宣传片数量");
        f.Excerpt.ShouldBe("本年度设置的绩效指标全部完成，成效明显");
    }

    [Theory]
    [InlineData("各项指标均达到预期目标。")]
    [InlineData("年度目标均已完成。")]
    [InlineData("全面完成年度任务。")]
    public void OtherClaimWordings_AreCaught(string text) =>
        Check(Snapshot(evaluation: text, tasks: [OneShort])).ShouldHaveSingleItem().Code.ShouldBe("text.all-achieved-claim");

    [Theory]
    [InlineData("部分指标未能全部完成。")] // negated
    [InlineData("确保全面完成年度目标任务。")] // an intention
    [InlineData("全面完成白云新城 5-8 期产业用地招商落地。")] // not about targets
    public void NotAClaim_IsNotFlagged(string text) =>
        Check(Snapshot(evaluation: text, tasks: [OneShort])).ShouldBeEmpty();

    [Fact]
    public void AllAchievedClaim_WhenEverythingIsAchieved_IsFine() =>
        Check(Snapshot(evaluation: "各项指标均达到预期目标。", tasks: [Task(1, [Ind("a", "甲")])])).ShouldBeEmpty();

    // ---- ordering -------------------------------------------------------------------------------

    [Fact]
    public void Findings_AreOrderedBySeverityThenLocation_AndDeterministic()
    {
        var snapshot = Snapshot(
            basicInfo: "总建筑面积约 7000 万平方米，总建筑面积约 220 万平方米。预算执行率为 96.06%。",
            evaluation: "各项指标均达到预期目标。",
            tasks: [Task(2, [Ind("z", "乙", weight: 30m, ratio: 2m)]), OneShort with { Indicators = [.. OneShort.Indicators.Select(i => i with { Weight = 10m })] }],
            selfScore: 90m, computedScore: 89.99m);

        var findings = Check(snapshot);

        findings.Select(f => (f.Severity, f.Code, f.Location)).ShouldBe(
        [
            (FindingSeverity.Error, "weights.sum", "report"),
            (FindingSeverity.Error, "text.rate-mismatch", "section:basicInfo"),
            (FindingSeverity.Error, "text.all-achieved-claim", "section:evaluation"),
            (FindingSeverity.Warning, "score.self-mismatch", "report"),
            (FindingSeverity.Warning, "text.label-two-values", "section:basicInfo"),
            (FindingSeverity.Warning, "indicator.over-achievement", "indicator:z"),
        ]);
        Check(snapshot).ShouldBe(findings);
    }
}
