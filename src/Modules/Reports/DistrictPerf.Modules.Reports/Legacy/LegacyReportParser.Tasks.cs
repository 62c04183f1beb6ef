using System.Text;
using System.Text.RegularExpressions;

namespace DistrictPerf.Modules.Reports.Legacy;

/// <summary>
/// Tasks and indicators: table 1 (部门整体支出绩效目标完成情况表, tab-separated rows, one task per
/// numbered row plus continuation rows, possibly several indicators packed in one cell) merged with
/// the narrative "(1) 任务名。设置 6 个关键绩效指标，包含：“…”“…”".
/// </summary>
internal static partial class LegacyReportParser
{
    private sealed record NarrativeTask(int Number, string Name, int? DeclaredCount, IReadOnlyList<string> DeclaredNames);

    private static List<LegacyTask> BuildTasks(string widthNormalised, string normalised, List<string> missing)
    {
        var table = ParseTable(widthNormalised);
        var narrative = ParseNarrativeTasks(normalised);
        var listedNames = ParseListedTaskNames(normalised);

        var numbers = table.Select(t => t.Number).Union(narrative.Select(t => t.Number)).Order().ToList();
        if (numbers.Count == 0)
        {
            missing.Add("tasks");
            return [];
        }

        // "分别为A、B、C、D" is the cleanest source of names, when it lists exactly the tasks 1..N.
        var useListed = listedNames.Count == numbers.Count && numbers.SequenceEqual(Enumerable.Range(1, numbers.Count));

        var tasks = new List<LegacyTask>();
        foreach (var number in numbers)
        {
            var draft = table.FirstOrDefault(t => t.Number == number);
            var story = narrative.FirstOrDefault(t => t.Number == number);
            var field = $"task[{number}]";

            var name = useListed ? listedNames[number - 1] : story?.Name ?? draft?.TableName;
            if (string.IsNullOrEmpty(name))
            {
                missing.Add($"{field}.name");
                name = string.Empty;
            }

            AddIfNull(missing, draft?.Goal, $"{field}.expectedGoal");
            AddIfNull(missing, draft?.Completion, $"{field}.completion");
            AddIfNull(missing, draft?.Funds, $"{field}.funds");
            AddIfNull(missing, story?.DeclaredCount, $"{field}.declaredIndicatorCount");

            var indicators = new List<LegacyIndicator>();
            if (draft is null || draft.Indicators.Count == 0)
            {
                missing.Add($"{field}.indicators");
            }
            else
            {
                for (var i = 0; i < draft.Indicators.Count; i++)
                {
                    indicators.Add(BuildIndicator(draft.Indicators[i], $"{field}.indicator[{i + 1}]", missing));
                }
            }

            tasks.Add(new LegacyTask(
                number, name, draft?.Goal, draft?.Completion, draft?.Funds,
                story?.DeclaredCount, story?.DeclaredNames ?? [], indicators));
        }

        return tasks;
    }

    private static LegacyIndicator BuildIndicator(IndicatorDraft draft, string field, List<string> missing)
    {
        if (string.IsNullOrEmpty(draft.Target))
        {
            missing.Add($"{field}.target");
        }

        var explicitReason = ExplicitReason(draft.Reason);
        var verdict = string.IsNullOrEmpty(draft.Verdict) ? null : Verdict(draft.Verdict);
        if (string.IsNullOrEmpty(draft.Actual))
        {
            missing.Add($"{field}.actual");
            return new LegacyIndicator(draft.Name, draft.Target ?? string.Empty, string.Empty, verdict, explicitReason);
        }

        var achieved = verdict ?? Achieved(draft.Actual);
        if (achieved is null)
        {
            missing.Add($"{field}.achieved");
        }

        var reason = explicitReason;
        if (reason is null && achieved == false)
        {
            reason = DeviationReason(draft.Actual);
        }

        if (reason is null && achieved == false)
        {
            missing.Add($"{field}.deviationReason");
        }

        return new LegacyIndicator(draft.Name, draft.Target ?? string.Empty, draft.Actual, achieved, reason);
    }

    /// <summary>A 完成情况 (verdict) cell: 是/否, 已完成/未完成, 达到/未达到…; null when it says neither.</summary>
    private static bool? Verdict(string verdict) =>
        verdict.Trim() switch
        {
            "是" or "√" or "✓" => true,
            "否" or "×" or "✗" => false,
            var v when PartlyWords().IsMatch(v) => false,
            var v => Achieved(v),
        };

    /// <summary>A 偏差原因 cell or a reason line, without its label; null for "无", "/", "—" and the like.</summary>
    private static string? ExplicitReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return null;
        }

        var text = LegacyText.TrimPunctuation(ReasonLabel().Replace(reason.Trim(), string.Empty));
        return text.Length == 0 || NoReason().IsMatch(text) ? null : text;
    }

    [GeneratedRegex("部分完成|部分达到|部分达成|部分实现")]
    private static partial Regex PartlyWords();

    [GeneratedRegex(@"^(?:偏差原因(?:及改进措施|分析)?|未完成原因|未达标原因|原因(?:说明|分析)?)\s*[:：]\s*")]
    private static partial Regex ReasonLabel();

    [GeneratedRegex(@"^(?:无|没有|不适用|/|／|-+|—+|─+|…+)$")]
    private static partial Regex NoReason();

    private static bool? Achieved(string actual) =>
        NotAchievedWords().IsMatch(actual) ? false
        : AchievedWords().IsMatch(actual) ? true
        : null;

    /// <summary>The stated cause in a not-achieved 完成情况 text: the clause starting with 因/由于/受/原因是.</summary>
    private static string? DeviationReason(string actual)
    {
        var withoutVerdict = NotAchievedClause().Replace(actual, "。");
        var m = CauseClause().Match(withoutVerdict);
        if (!m.Success)
        {
            return null;
        }

        var reason = LegacyText.TrimPunctuation(m.Groups["r"].Value);
        return reason.Length > 0 ? reason : null;
    }

    [GeneratedRegex("未能?达到|没有达到|未达成|未完成|未能完成|未实现|未达标|不达标|未按期完成")]
    private static partial Regex NotAchievedWords();

    [GeneratedRegex("达到|达成|完成|实现|达标")]
    private static partial Regex AchievedWords();

    [GeneratedRegex(@"[，,；;]?\s*(?:但|仍)?(?:未能达到|未达到|没有达到|未达成|未完成|未能完成|未实现|未达标|不达标)(?:预期|既定|年度)?(?:目标|指标)?值?[。.；;]?")]
    private static partial Regex NotAchievedClause();

    [GeneratedRegex(@"(?:^|[，,。；;：:])\s*(?:(?:主要|偏差|未达标)?原因(?:是|为|在于|主要是)?[:：]?\s*(?<r>[^。；;]+)|(?<r>(?:因为|因|由于|受)[^。；;]+))")]
    private static partial Regex CauseClause();

    /// <summary>A "关键指标及目标值" cell (one or several "NAME，目标值为“T”") and its 指标完成情况 cell; returns the indicators added.</summary>
    private static int AddIndicators(TaskDraft task, string indicatorCell, string rawActualCell)
    {
        var actualCell = LegacyText.CollapseSpaces(rawActualCell).Trim();
        if (indicatorCell.Length == 0)
        {
            // The 完成情况 text of the previous indicator carried over a page break.
            if (actualCell.Length > 0 && task.Indicators.Count > 0)
            {
                task.Indicators[^1].Actual = LegacyText.Append(task.Indicators[^1].Actual, actualCell);
            }

            return 0;
        }

        var parsed = new List<(string Name, string? Target)>();
        foreach (Match m in IndicatorPattern().Matches(indicatorCell))
        {
            var name = LegacyText.TrimPunctuation(m.Groups["name"].Value);
            if (name.Length > 0)
            {
                parsed.Add((name, m.Groups["t"].Value.Trim()));
            }
        }

        if (parsed.Count == 0)
        {
            parsed.Add((LegacyText.TrimPunctuation(indicatorCell), null));
        }

        var actuals = SplitActuals(rawActualCell, actualCell, parsed.Count);
        for (var i = 0; i < parsed.Count; i++)
        {
            var actual = i < actuals.Count ? actuals[i] : null;
            if (i == parsed.Count - 1 && actuals.Count > parsed.Count)
            {
                actual = string.Concat(actuals.Skip(i));
            }

            task.Indicators.Add(new IndicatorDraft(parsed[i].Name, parsed[i].Target, actual));
        }

        return parsed.Count;
    }

    // "完成策划方案总数，目标值为“3册文本”" repeated; the name may itself contain "，".
    [GeneratedRegex(@"\G[\s。；;，,.]*(?<name>.+?)(?:[，,:：]\s*目标值?|目标值)(?:为|是)?\s*[:：]?\s*(?:“(?<t>[^”]*)”|""(?<t>[^""]*)""|「(?<t>[^」]*)」|(?<t>[^，,。；;“”""\s]+))\s*[。；;.]?")]
    private static partial Regex IndicatorPattern();

    /// <summary>
    /// Splits a 指标完成情况 cell holding several indicators' texts. First by the PDF's gaps after a
    /// sentence end ("达到预期目标。 实际完成…"); if that does not give one text per indicator, by
    /// sentences, each text ending with its verdict (达到/未达到…), a following "因…" sentence
    /// belonging to the text before it.
    /// </summary>
    private static List<string> SplitActuals(string rawCell, string cell, int count)
    {
        if (cell.Length == 0)
        {
            return [];
        }

        if (count <= 1)
        {
            return [cell];
        }

        var byGaps = GapAfterSentence().Split(rawCell)
            .Select(p => LegacyText.CollapseSpaces(p).Trim())
            .Where(p => p.Length > 0)
            .ToList();
        if (byGaps.Count == count)
        {
            return byGaps;
        }

        var groups = new List<string>();
        var pending = new StringBuilder();
        foreach (var sentence in SentenceEnd().Split(cell).Where(s => s.Length > 0))
        {
            if (pending.Length == 0 && groups.Count > 0 && CauseStart().IsMatch(sentence))
            {
                groups[^1] += sentence;
            }
            else if (VerdictWords().IsMatch(sentence))
            {
                groups.Add(pending.Append(sentence).ToString());
                pending.Clear();
            }
            else
            {
                pending.Append(sentence);
            }
        }

        if (pending.Length > 0)
        {
            if (groups.Count > 0)
            {
                groups[^1] += pending.ToString();
            }
            else
            {
                groups.Add(pending.ToString());
            }
        }

        return groups;
    }

    [GeneratedRegex(@"(?<=[。；;])\s+")]
    private static partial Regex GapAfterSentence();

    [GeneratedRegex(@"(?<=[。！？!?])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^\s*(?:因为|因|由于|受|主要原因|原因)")]
    private static partial Regex CauseStart();

    [GeneratedRegex("达到|达成|达标|未完成|预期目标")]
    private static partial Regex VerdictWords();

    // ---- narrative: "(1) 完成策划方案。设置 6 个关键绩效指标，包含：“…”“…”" ---------------------

    private static List<NarrativeTask> ParseNarrativeTasks(string text)
    {
        var tasks = new List<NarrativeTask>();
        foreach (Match m in NarrativeTaskPattern().Matches(text))
        {
            var number = int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (tasks.Any(t => t.Number == number))
            {
                continue;
            }

            var name = LegacyText.TrimPunctuation(m.Groups["name"].Value);
            var count = LegacyText.ParseSmallInt(m.Groups["count"].Value);
            tasks.Add(new NarrativeTask(number, name, count, ReadNameList(text, m.Index + m.Length)));
        }

        return tasks;
    }

    /// <summary>Reads the quoted names after "包含：" up to the sentence end (a "。" outside quotes) or the next item.</summary>
    private static List<string> ReadNameList(string text, int start)
    {
        var names = new List<string>();
        var current = new StringBuilder();
        char? closing = null;
        var end = Math.Min(text.Length, start + 3000);
        var i = start;
        for (; i < end; i++)
        {
            var c = text[i];
            if (closing is { } close)
            {
                if (c == close)
                {
                    var name = LegacyText.CollapseSpaces(current.ToString().Replace('\n', ' ')).Trim();
                    if (name.Length > 0)
                    {
                        names.Add(name);
                    }

                    closing = null;
                }
                else
                {
                    current.Append(c);
                }

                continue;
            }

            if (c == '。' || c == '\n' && NextLineStartsItem(text, i + 1))
            {
                break;
            }

            closing = c switch
            {
                '“' => '”',
                '「' => '」',
                '"' => '"',
                _ => null,
            };
            current.Clear();
        }

        if (names.Count > 0)
        {
            return names;
        }

        // No quotes: "包含：A、B、C。"
        var plain = text[start..i];
        var colon = plain.IndexOfAny(['：', ':']);
        if (colon >= 0)
        {
            plain = plain[(colon + 1)..];
        }

        return plain.Split(['、', '；', ';', '\n'])
            .Select(LegacyText.TrimPunctuation)
            .Where(n => n.Length > 0)
            .ToList();
    }

    private static bool NextLineStartsItem(string text, int index)
    {
        var end = text.IndexOf('\n', index);
        var line = end < 0 ? text[index..] : text[index..end];
        return ItemStart().IsMatch(line) || LegacyText.IsHeading(line);
    }

    /// <summary>"分别为完成策划方案、完成…项目、提升…质量、提供…服务。"</summary>
    private static List<string> ParseListedTaskNames(string text)
    {
        var m = ListedTasks().Match(text);
        if (!m.Success)
        {
            return [];
        }

        return m.Groups["list"].Value.Split(['、', '；', ';'])
            .Select(n => LegacyText.TrimPunctuation(n).TrimEnd('等'))
            .Where(n => n.Length > 0)
            .ToList();
    }

    [GeneratedRegex(@"(?:[(（](?<n>\d{1,2})[)）]|(?<![\d.])(?<n>\d{1,2})[.、](?!\d))\s*(?<name>[^。\n]{1,80}?)[。.；;]?\s*(?:共)?(?:设置了?|设定了?|设有|共设)\s*(?<count>\d+|[一二两三四五六七八九十]{1,3})\s*个(?:关键)?(?:绩效)?指标")]
    private static partial Regex NarrativeTaskPattern();

    [GeneratedRegex(@"^\s*(?:[(（]\d{1,2}[)）]|\d{1,2}[.、](?!\d))")]
    private static partial Regex ItemStart();

    [GeneratedRegex(@"任务[^。\n]{0,20}?分别(?:为|是)[:：]?\s*(?<list>[^。\n]+)")]
    private static partial Regex ListedTasks();
}
