using DistrictPerf.SharedKernel.Domain;

namespace DistrictPerf.Modules.Reports.Consistency;

/// <summary>Rules on tasks, indicators, weights and scores (domain-rules §3, §5).</summary>
internal static class StructureRules
{
    /// <summary>The total the indicator weights must reach (domain-rules §3: "weights sum to 100").</summary>
    /// <remarks>
    /// The snapshot's indicators are taken to be the whole scoring table: when the 预算执行率 line (weight 10 by
    /// default) is scored, whoever builds the snapshot includes it as an indicator, so the sum is 100 — not 90.
    /// The check runs only when some weight is set (&gt; 0): a report whose weights are not entered yet is not wrong.
    /// </remarks>
    public const decimal ExpectedWeightSum = 100m;

    public static void CheckTasks(ReportSnapshot report, FindingList findings)
    {
        foreach (var task in report.Tasks.OrderBy(t => t.Number))
        {
            var taskName = $"任务 {task.Number}“{TextScan.Squash(task.Name)}”";
            var taskNameEn = $"Task {task.Number}";

            // indicator.duplicate — among the names the narrative lists.
            var declaredGroups = task.DeclaredIndicatorNames
                .Select((name, i) => (Name: name, Index: i, Key: TextScan.NameKey(name)))
                .Where(x => x.Key.Length > 0)
                .GroupBy(x => x.Key, StringComparer.Ordinal)
                .Where(g => g.Count() > 1)
                .OrderBy(g => g.First().Index)
                .ToList();
            foreach (var g in declaredGroups)
            {
                var name = TextScan.Squash(g.First().Name);
                var positions = string.Join("、", g.Select(x => $"第 {x.Index + 1} 个"));
                findings.AddTask(task.Number, FindingSeverity.Error, "indicator.duplicate",
                    $"{taskName}列出的指标“{name}”重复出现 {g.Count()} 次（{positions}） / " +
                    $"{taskNameEn} lists the indicator “{name}” {g.Count()} times (positions {string.Join(", ", g.Select(x => x.Index + 1))})",
                    g.First().Name);
            }

            // indicator.duplicate — among the task's indicators.
            var indicatorGroups = task.Indicators
                .Select((ind, i) => (Indicator: ind, Index: i, Key: TextScan.NameKey(ind.Name)))
                .Where(x => x.Key.Length > 0)
                .GroupBy(x => x.Key, StringComparer.Ordinal)
                .Where(g => g.Count() > 1)
                .OrderBy(g => g.First().Index)
                .ToList();
            foreach (var g in indicatorGroups)
            {
                var first = g.First().Indicator;
                var name = TextScan.Squash(first.Name);
                foreach (var dup in g.Skip(1))
                {
                    findings.AddIndicator(dup.Indicator.Id, IndicatorOrder(report, task, dup.Index), FindingSeverity.Error, "indicator.duplicate",
                        $"{taskName}中指标“{name}”重复：{dup.Indicator.Id} 与 {first.Id} 同名 / " +
                        $"{taskNameEn} has the indicator “{name}” twice: {dup.Indicator.Id} duplicates {first.Id}",
                        dup.Indicator.Name);
                }
            }

            // task.declared-count
            if (task.DeclaredIndicatorCount is { } declared)
            {
                var listed = task.DeclaredIndicatorNames.Count;
                if (listed > 0 && listed != declared)
                {
                    var distinct = task.DeclaredIndicatorNames.Select(TextScan.NameKey).Distinct(StringComparer.Ordinal).Count();
                    var dupNote = distinct != listed ? $"（其中 {listed - distinct} 个重复）" : string.Empty;
                    var dupNoteEn = distinct != listed ? $" ({listed - distinct} duplicated)" : string.Empty;
                    findings.AddTask(task.Number, FindingSeverity.Error, "task.declared-count",
                        $"{taskName}称设置 {declared} 个关键绩效指标，但列出了 {listed} 个{dupNote} / " +
                        $"{taskNameEn} declares {declared} key indicators but lists {listed}{dupNoteEn}");
                }

                var count = task.Indicators.Count;
                if (count > 0 && count != declared)
                {
                    findings.AddTask(task.Number, FindingSeverity.Error, "task.declared-count",
                        $"{taskName}称设置 {declared} 个关键绩效指标，但指标表中有 {count} 个 / " +
                        $"{taskNameEn} declares {declared} key indicators but has {count} in the indicator table");
                }
            }
        }
    }

    public static void CheckIndicators(ReportSnapshot report, FindingList findings)
    {
        foreach (var (task, indicator, order) in AllIndicators(report))
        {
            var name = TextScan.Squash(indicator.Name);
            var shortOfWeight = indicator.Score is { } score && score < indicator.Weight;
            if (!indicator.Achieved || shortOfWeight)
            {
                var why = !indicator.Achieved
                    ? $"未达到目标（目标 {TextScan.Squash(indicator.Target)}，实际 {TextScan.Squash(indicator.Actual)}）"
                    : $"得分 {TextScan.Plain(indicator.Score!.Value)} 低于权重 {TextScan.Plain(indicator.Weight)}";
                var whyEn = !indicator.Achieved
                    ? "is not achieved"
                    : $"scores {TextScan.Plain(indicator.Score!.Value)} of {TextScan.Plain(indicator.Weight)}";
                if (string.IsNullOrWhiteSpace(indicator.DeviationReason))
                {
                    findings.AddIndicator(indicator.Id, order, FindingSeverity.Error, "indicator.missing-reason",
                        $"任务 {task.Number} 指标“{name}”{why}，未说明偏差原因 / Indicator “{name}” {whyEn} but gives no deviation reason");
                }

                if (string.IsNullOrWhiteSpace(indicator.ImprovementMeasure))
                {
                    findings.AddIndicator(indicator.Id, order, FindingSeverity.Warning, "indicator.missing-measure",
                        $"任务 {task.Number} 指标“{name}”{why}，未填写改进措施 / Indicator “{name}” {whyEn} but gives no improvement measure");
                }
            }

            if (indicator.CompletionRatio is { } ratio && ratio >= report.OverAchievementThreshold
                && string.IsNullOrWhiteSpace(indicator.OverAchievementExplanation))
            {
                var pct = TextScan.Percent(Money.RoundHalfUp(ratio * 100m));
                var threshold = TextScan.Percent(Money.RoundHalfUp(report.OverAchievementThreshold * 100m));
                findings.AddIndicator(indicator.Id, order, FindingSeverity.Warning, "indicator.over-achievement",
                    $"任务 {task.Number} 指标“{name}”完成 {pct}（目标 {TextScan.Squash(indicator.Target)}，实际 {TextScan.Squash(indicator.Actual)}），" +
                    $"达到或超过 {threshold}，未说明原因（是否目标设定偏低） / " +
                    $"Indicator “{name}” reached {pct} of target (≥ {threshold}) without an explanation (was the target set too low?)");
            }
        }
    }

    public static void CheckWeights(ReportSnapshot report, FindingList findings)
    {
        var weights = report.Tasks.SelectMany(t => t.Indicators).Select(i => i.Weight).ToList();
        if (!weights.Any(w => w > 0))
        {
            return;
        }

        // The execution-rate score (when the rules give it a weight) is scored outside the indicators.
        var expected = ExpectedWeightSum - report.ExecutionWeight;
        var sum = Money.RoundHalfUp(weights.Sum());
        if (sum != expected)
        {
            findings.AddReport(FindingSeverity.Error, "weights.sum",
                $"指标权重合计为 {TextScan.Plain(sum)}，应为 {TextScan.Plain(expected)}（共 {weights.Count} 个指标，另有预算执行率 {TextScan.Plain(report.ExecutionWeight)} 分） / " +
                $"Indicator weights sum to {TextScan.Plain(sum)}, not {TextScan.Plain(expected)} ({weights.Count} indicators; execution rate weighs {TextScan.Plain(report.ExecutionWeight)})");
        }
    }

    /// <summary>
    /// The self-reported score and grade. A grade outside the band of the report's own score is a contradiction the report
    /// proves by itself (error). A score or grade that differs from what the platform's rules compute is a warning that
    /// shows both (domain rules §5): published reports rarely state per-indicator weights, so the difference may be the
    /// rule set's rather than the report's.
    /// </summary>
    public static void CheckScoreAndGrade(ReportSnapshot report, FindingList findings)
    {
        if (report.SelfScore is { } self && report.ComputedScore is { } computed)
        {
            var rounded = Money.RoundHalfUp(computed);
            if (self != rounded)
            {
                findings.AddReport(FindingSeverity.Warning, "score.self-mismatch",
                    $"自评分为 {TextScan.Plain(self)} 分，按本年度评分规则计算为 {TextScan.Fixed2(rounded)} 分（其中预算执行率 {TextScan.Plain(report.ExecutionWeight)} 分；报告未列各指标权重时，差异可能来自评分规则不同，请核对） / " +
                    $"The self-reported score is {TextScan.Plain(self)}, this year's scoring rules give {TextScan.Fixed2(rounded)} (execution rate weighs {TextScan.Plain(report.ExecutionWeight)}; without the report's own weights the difference may be the rules', check it)");
            }
        }

        var selfGrade = NarrativeFigureRules.NormalizeGrade(report.SelfGrade);
        var bandGrade = NarrativeFigureRules.NormalizeGrade(report.SelfScoreGrade);
        var computedGrade = NarrativeFigureRules.NormalizeGrade(report.ComputedGrade);
        if (selfGrade is not null && bandGrade is not null && selfGrade != bandGrade)
        {
            findings.AddReport(FindingSeverity.Error, "grade.self-band",
                $"自评分 {TextScan.Plain(report.SelfScore!.Value)} 分按等级标准应为“{bandGrade}”，自评等级却为“{selfGrade}” / " +
                $"A self-reported score of {TextScan.Plain(report.SelfScore!.Value)} is graded {bandGrade}, but the self-reported grade is {selfGrade}");
        }
        else if (selfGrade is not null && computedGrade is not null && selfGrade != computedGrade)
        {
            findings.AddReport(FindingSeverity.Warning, "grade.self-mismatch",
                $"自评等级为“{selfGrade}”，按本年度评分规则计算应为“{computedGrade}” / The self-reported grade is {selfGrade}, this year's rules give {computedGrade}");
        }
    }

    /// <summary>Indicators that are not achieved (for the "全部完成" claim).</summary>
    public static IReadOnlyList<SnapshotIndicator> Shortfalls(ReportSnapshot report) =>
        [.. AllIndicators(report).Select(x => x.Indicator).Where(i => !i.Achieved)];

    private static IEnumerable<(SnapshotTask Task, SnapshotIndicator Indicator, int Order)> AllIndicators(ReportSnapshot report)
    {
        var order = 0;
        foreach (var task in report.Tasks.OrderBy(t => t.Number))
        {
            foreach (var indicator in task.Indicators)
            {
                yield return (task, indicator, order++);
            }
        }
    }

    private static int IndicatorOrder(ReportSnapshot report, SnapshotTask task, int indexInTask) =>
        report.Tasks.Where(t => t.Number < task.Number).Sum(t => t.Indicators.Count) + indexInTask;
}
