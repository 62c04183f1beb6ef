using System.Text.RegularExpressions;
using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.SharedKernel.Domain;

namespace DistrictPerf.Modules.Reports.Consistency;

/// <summary>Rules on tasks, indicators, weights and scores (domain-rules §3, §5).</summary>
internal static partial class StructureRules
{
    /// <summary>The total the indicator weights must reach (domain-rules §3: "weights sum to 100").</summary>
    /// <remarks>
    /// The snapshot's indicators are taken to be the whole scoring table: when the 预算执行率 line (weight 10 by
    /// default) is scored, whoever builds the snapshot includes it as an indicator, so the sum is 100 — not 90.
    /// The check runs only when some weight is set (&gt; 0): a report whose weights are not entered yet is not wrong.
    /// </remarks>
    public const decimal ExpectedWeightSum = 100m;

    /// <summary>
    /// Duplicated indicator names and declared counts, one finding per defect: a declared count that the duplicates explain
    /// ("设置 10 个", 11 listed of which 10 distinct) is reported inside the duplicate's finding; a name duplicated both in the
    /// narrative's list and in the table is one finding (on the table's indicator); the narrative's and the table's counts
    /// against the declared one are one finding.
    /// </summary>
    public static void CheckTasks(ReportSnapshot report, FindingList findings)
    {
        foreach (var task in report.Tasks.OrderBy(t => t.Number))
        {
            var taskName = $"任务 {task.Number}“{TextScan.Squash(task.Name)}”";
            var taskNameEn = $"Task {task.Number}";

            var declaredGroups = task.DeclaredIndicatorNames
                .Select((name, i) => (Name: name, Index: i, Key: TextScan.NameKey(name)))
                .Where(x => x.Key.Length > 0)
                .GroupBy(x => x.Key, StringComparer.Ordinal)
                .Where(g => g.Count() > 1)
                .OrderBy(g => g.First().Index)
                .ToList();
            var indicatorGroups = task.Indicators
                .Select((ind, i) => (Indicator: ind, Index: i, Key: TextScan.NameKey(ind.Name)))
                .Where(x => x.Key.Length > 0)
                .GroupBy(x => x.Key, StringComparer.Ordinal)
                .Where(g => g.Count() > 1)
                .OrderBy(g => g.First().Index)
                .ToList();
            var tableDupKeys = indicatorGroups.Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            var listDupKeys = declaredGroups.Select(g => g.Key).ToHashSet(StringComparer.Ordinal);

            // Counts: the declared count against the narrative's list and the table, each explained or not by duplicates.
            var countZh = new List<string>();
            var countEn = new List<string>();
            var explainedZh = new List<string>();
            var explainedEn = new List<string>();
            if (task.DeclaredIndicatorCount is { } declared)
            {
                var listed = task.DeclaredIndicatorNames.Count;
                var listedDistinct = task.DeclaredIndicatorNames.Select(TextScan.NameKey).Distinct(StringComparer.Ordinal).Count();
                if (listed > 0 && listed != declared)
                {
                    if (listedDistinct == declared)
                    {
                        explainedZh.Add($"称设置 {declared} 个关键绩效指标，列出 {listed} 个，去掉重复后为 {listedDistinct} 个");
                        explainedEn.Add($"declares {declared} key indicators and lists {listed}, {listedDistinct} without the duplicate");
                    }
                    else
                    {
                        var dupNote = listedDistinct != listed ? $"（其中 {listed - listedDistinct} 个重复）" : string.Empty;
                        var dupNoteEn = listedDistinct != listed ? $" ({listed - listedDistinct} duplicated)" : string.Empty;
                        countZh.Add($"正文列出了 {listed} 个{dupNote}");
                        countEn.Add($"lists {listed}{dupNoteEn}");
                    }
                }

                var count = task.Indicators.Count;
                var countDistinct = task.Indicators.Select(i => TextScan.NameKey(i.Name)).Distinct(StringComparer.Ordinal).Count();
                if (count > 0 && count != declared)
                {
                    if (countDistinct == declared)
                    {
                        explainedZh.Add($"称设置 {declared} 个，指标表中有 {count} 个，去掉重复后为 {countDistinct} 个");
                        explainedEn.Add($"declares {declared}, the table has {count}, {countDistinct} without the duplicate");
                    }
                    else
                    {
                        countZh.Add($"指标表中有 {count} 个");
                        countEn.Add($"has {count} in the indicator table");
                    }
                }

                if (countZh.Count > 0)
                {
                    findings.AddTask(task.Number, FindingSeverity.Error, "task.declared-count",
                        $"{taskName}称设置 {declared} 个关键绩效指标，但{string.Join("，", countZh)}（按个数直接比较，无容差） / " +
                        $"{taskNameEn} declares {declared} key indicators but {string.Join(" and ", countEn)} (counts compared exactly)");
                }
            }

            var countNote = explainedZh.Count > 0 ? $"；{string.Join("；", explainedZh)}，差额即此重复" : string.Empty;
            var countNoteEn = explainedEn.Count > 0 ? $"; the task {string.Join("; ", explainedEn)}: the difference is this duplicate" : string.Empty;

            // indicator.duplicate — among the names the narrative lists (when the table does not repeat it too).
            foreach (var g in declaredGroups.Where(g => !tableDupKeys.Contains(g.Key)))
            {
                var name = TextScan.Squash(g.First().Name);
                var positions = string.Join("、", g.Select(x => $"第 {x.Index + 1} 个"));
                findings.AddTask(task.Number, FindingSeverity.Error, "indicator.duplicate",
                    $"{taskName}列出的指标“{name}”重复出现 {g.Count()} 次（{positions}）{countNote} / " +
                    $"{taskNameEn} lists the indicator “{name}” {g.Count()} times (positions {string.Join(", ", g.Select(x => x.Index + 1))}){countNoteEn}",
                    g.First().Name);
                countNote = countNoteEn = string.Empty;
            }

            // indicator.duplicate — among the task's indicators.
            foreach (var g in indicatorGroups)
            {
                var first = g.First().Indicator;
                var name = TextScan.Squash(first.Name);
                var alsoListed = listDupKeys.Contains(g.Key) ? "，正文列表中也重复" : string.Empty;
                var alsoListedEn = listDupKeys.Contains(g.Key) ? " (the narrative's list repeats it too)" : string.Empty;
                foreach (var dup in g.Skip(1))
                {
                    findings.AddIndicator(dup.Indicator.Id, IndicatorOrder(report, task, dup.Index), FindingSeverity.Error, "indicator.duplicate",
                        $"{taskName}中指标“{name}”重复：{dup.Indicator.Id} 与 {first.Id} 同名{alsoListed}{countNote} / " +
                        $"{taskNameEn} has the indicator “{name}” twice: {dup.Indicator.Id} duplicates {first.Id}{alsoListedEn}{countNoteEn}",
                        dup.Indicator.Name);
                    countNote = countNoteEn = string.Empty;
                }
            }
        }
    }

    /// <summary>
    /// Per indicator, one finding per defect: a stated verdict (达到 / 未达到 in its 完成情况) that its own actual and target
    /// contradict; a missing deviation reason (and measure) when it falls short; an unexplained over-achievement (not for ≤
    /// indicators: an actual far under its cap is not "target set too low").
    /// </summary>
    public static void CheckIndicators(ReportSnapshot report, FindingList findings)
    {
        foreach (var (task, indicator, order) in AllIndicators(report))
        {
            var name = TextScan.Squash(indicator.Name);
            var verdictContradicted = false;
            if (StatedVerdict(indicator.Actual) is { } verdict && Met(indicator) is { } met && verdict != met.Met)
            {
                verdictContradicted = true;
                var said = verdict ? "标为“达到”（已完成）" : "标为“未达到”";
                var saidEn = verdict ? "is marked achieved" : "is marked not achieved";
                var truth = met.Met ? "实际已达到目标" : "实际未达到目标";
                var truthEn = met.Met ? "meets" : "misses";
                findings.AddIndicator(indicator.Id, order, FindingSeverity.Error, "indicator.stated-achievement",
                    $"任务 {task.Number} 指标“{name}”{said}，但{truth}：实际 {met.Compared}（目标“{TextScan.Squash(indicator.Target)}”，实际“{TextScan.Squash(indicator.Actual)}”；按所印数字直接比较，无容差）" +
                    (met.Met ? string.Empty : "，且未说明偏差原因") + " / " +
                    $"Indicator “{name}” {saidEn}, but its actual {truthEn} the target: {met.Compared} (printed numbers compared exactly)");
            }

            var shortOfWeight = indicator.Score is { } score && score < indicator.Weight;
            if (!verdictContradicted && (!indicator.Achieved || shortOfWeight))
            {
                var why = !indicator.Achieved
                    ? $"未达到目标（目标 {TextScan.Squash(indicator.Target)}，实际 {TextScan.Squash(indicator.Actual)}）"
                    : $"得分 {TextScan.Plain(indicator.Score!.Value)} 低于权重 {TextScan.Plain(indicator.Weight)}";
                var whyEn = !indicator.Achieved
                    ? "is not achieved"
                    : $"scores {TextScan.Plain(indicator.Score!.Value)} of {TextScan.Plain(indicator.Weight)}";
                var noReason = string.IsNullOrWhiteSpace(indicator.DeviationReason);
                var noMeasure = string.IsNullOrWhiteSpace(indicator.ImprovementMeasure);
                if (noReason)
                {
                    findings.AddIndicator(indicator.Id, order, FindingSeverity.Error, "indicator.missing-reason",
                        noMeasure
                            ? $"任务 {task.Number} 指标“{name}”{why}，未说明偏差原因，也未填写改进措施 / Indicator “{name}” {whyEn} but gives neither a deviation reason nor an improvement measure"
                            : $"任务 {task.Number} 指标“{name}”{why}，未说明偏差原因 / Indicator “{name}” {whyEn} but gives no deviation reason");
                }
                else if (noMeasure)
                {
                    findings.AddIndicator(indicator.Id, order, FindingSeverity.Warning, "indicator.missing-measure",
                        $"任务 {task.Number} 指标“{name}”{why}，未填写改进措施 / Indicator “{name}” {whyEn} but gives no improvement measure");
                }
            }

            if (indicator.Direction != IndicatorDirection.AtMost
                && indicator.CompletionRatio is { } ratio && ratio >= report.OverAchievementThreshold
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

    /// <summary>The verdict the 完成情况 text states: false for 未达到/未完成…, true for 达到/完成 …目标, 达标, 超额完成; null when it states none.</summary>
    internal static bool? StatedVerdict(string? actual)
    {
        if (string.IsNullOrWhiteSpace(actual))
        {
            return null;
        }

        var compact = string.Concat(TextScan.Fold(actual).Where(c => !char.IsWhiteSpace(c)));
        return NotAchievedVerdict().IsMatch(compact) ? false
            : AchievedVerdict().IsMatch(compact) ? true
            : null;
    }

    /// <summary>
    /// Whether the actual meets the target by their own numbers: ≥ and ≤ indicators whose target and actual numbers were read
    /// with the same unit, or an actual stated as a percentage of completion ("实际完成 90%" of "1 部": met at 100%). Null otherwise.
    /// </summary>
    internal static (bool Met, string Compared)? Met(SnapshotIndicator i)
    {
        if (i.TargetNumber is not { } target || i.ActualNumber is not { } actual)
        {
            return null;
        }

        if (i.ActualUnit == "%" && i.TargetUnit != "%")
        {
            var done = actual >= 100m;
            return (done, $"完成 {TextScan.Plain(actual)}% {(done ? "≥" : "<")} 100%");
        }

        if (!UnitsMatch(i.TargetUnit, i.ActualUnit))
        {
            return null;
        }

        var unit = i.TargetUnit ?? string.Empty;
        return i.Direction switch
        {
            IndicatorDirection.AtLeast => (actual >= target, $"{TextScan.Plain(actual)}{unit} {(actual >= target ? "≥" : "<")} 目标 ≥ {TextScan.Plain(target)}{unit}"),
            IndicatorDirection.AtMost => (actual <= target, $"{TextScan.Plain(actual)}{unit} {(actual <= target ? "≤" : ">")} 目标 ≤ {TextScan.Plain(target)}{unit}"),
            _ => null,
        };
    }

    private static bool UnitsMatch(string? target, string? actual)
    {
        if (string.IsNullOrEmpty(target) || string.IsNullOrEmpty(actual))
        {
            return string.IsNullOrEmpty(target) && string.IsNullOrEmpty(actual);
        }

        return actual.StartsWith(target, StringComparison.Ordinal) || target.StartsWith(actual, StringComparison.Ordinal)
            || (actual[0] == target[0] && actual[0] is not ('十' or '百' or '千' or '万' or '亿'));
    }

    [GeneratedRegex(@"未能?达到|没有达到|未达成|未能?完成|没有完成|未实现|未达标|不达标|未达预期")]
    private static partial Regex NotAchievedVerdict();

    [GeneratedRegex(@"(?:达到|完成|达成|实现)了?(?:预期|既定|年度|全年|计划)?(?:目标|指标|任务)|达标|超额完成|如期完成|全部完成")]
    private static partial Regex AchievedVerdict();

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
        var rules = report.RulesSummary is { Length: > 0 } r ? r : $"预算执行率 {TextScan.Plain(report.ExecutionWeight)} 分";
        var basis = report.ScoreBasis switch
        {
            ScoreBasis.Ledger => "执行率依据预算台账",
            ScoreBasis.Reported => "执行率依据报告所述数据",
            _ => "无预算数据，执行率一项不计分，总分按指标得分折算为百分制",
        };
        var basisEn = report.ScoreBasis switch
        {
            ScoreBasis.Ledger => "execution rate from the budget ledger",
            ScoreBasis.Reported => "execution rate from the report's stated figures",
            _ => "no budget figures: the execution rate is not scored and the indicators' score is rescaled to 100",
        };
        if (report.SelfScore is { } self && report.ComputedScore is { } computed)
        {
            var rounded = Money.RoundHalfUp(computed);
            if (self != rounded)
            {
                // A warning, never an error: the report states no per-indicator scores (neither the import nor the editor records
                // them), so the difference may be the rule set's rather than the report's (domain-rules §5).
                findings.AddReport(FindingSeverity.Warning, "score.self-mismatch",
                    $"自评分为 {TextScan.Plain(self)} 分，按本年度评分规则计算为 {TextScan.Fixed2(rounded)} 分（差 {TextScan.Fixed2(Math.Abs(self - rounded))} 分；规则：{rules}；{basis}。" +
                    $"报告未列各指标得分时，差异可能来自评分规则不同，请核对） / " +
                    $"The self-reported score is {TextScan.Plain(self)}, this year's scoring rules give {TextScan.Fixed2(rounded)} (execution rate weighs {TextScan.Plain(report.ExecutionWeight)}; {basisEn}; " +
                    $"without the report's own per-indicator scores the difference may be the rules', check it)");
            }
        }

        var bands = report.GradeBands is { Count: > 0 } b
            ? "（等级标准：" + string.Join("，", b.OrderByDescending(x => x.MinScore).Select(x => x.MinScore > 0 ? $"{x.Grade} ≥ {TextScan.Plain(x.MinScore)}" : $"{x.Grade} 其余")) + "）"
            : string.Empty;
        var selfGrade = NarrativeFigureRules.NormalizeGrade(report.SelfGrade);
        var bandGrade = NarrativeFigureRules.NormalizeGrade(report.SelfScoreGrade);
        var computedGrade = NarrativeFigureRules.NormalizeGrade(report.ComputedGrade);
        if (selfGrade is not null && bandGrade is not null && selfGrade != bandGrade)
        {
            findings.AddReport(FindingSeverity.Error, "grade.self-band",
                $"自评分 {TextScan.Plain(report.SelfScore!.Value)} 分按等级标准应为“{bandGrade}”，自评等级却为“{selfGrade}”{bands} / " +
                $"A self-reported score of {TextScan.Plain(report.SelfScore!.Value)} is graded {bandGrade}, but the self-reported grade is {selfGrade}");
        }
        else if (selfGrade is not null && computedGrade is not null && selfGrade != computedGrade)
        {
            var computedText = report.ComputedScore is { } c ? $"（计算得分 {TextScan.Fixed2(Money.RoundHalfUp(c))} 分；规则：{rules}；{basis}）" : string.Empty;
            findings.AddReport(FindingSeverity.Warning, "grade.self-mismatch",
                $"自评等级为“{selfGrade}”，按本年度评分规则计算应为“{computedGrade}”{computedText}{bands} / The self-reported grade is {selfGrade}, this year's rules give {computedGrade} ({basisEn})");
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
