using System.Text.RegularExpressions;

namespace DistrictPerf.Modules.Reports.Legacy;

/// <summary>
/// Reads a <see cref="LegacyReport"/> out of a report's plain text. The text is first normalised
/// (<see cref="LegacyText"/>: full-width digits to ASCII, PDF spaces inside Chinese words removed);
/// then each value is looked for with a few phrasing variants. Nothing is computed: a value that is
/// not stated is null and its field name is listed in <see cref="LegacyReport.NotExtracted"/>:
/// bureauName, year, budget.initial|adjustment|increase|decrease|adjusted|spending|executionRate|adjustmentRate,
/// selfScore, selfGrade, tasks, task[N].name|expectedGoal|completion|funds|declaredIndicatorCount|indicators,
/// task[N].indicator[M].target|actual|achieved|deviationReason (N = task number, M = 1-based),
/// sections.basicInfo|evaluation|problems|measures, problems, measures, profile.sections|subordinateUnits
/// (a count stated without the names). Amounts stated in 元 are converted to 万元 exactly.
/// </summary>
internal static partial class LegacyReportParser
{
    private const string Num = LegacyText.Number;

    public static LegacyReport Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var widthNormalised = LegacyText.NormalizeWidth(text);
        var normalised = LegacyText.CollapseSpaces(widthNormalised);
        var missing = new List<string>();

        var (bureau, year) = ParseTitle(normalised);
        if (bureau is null)
        {
            missing.Add("bureauName");
        }

        if (year is null)
        {
            missing.Add("year");
        }

        var budget = ParseBudget(normalised, missing);

        var selfScore = FindSelfScore(normalised);
        if (selfScore is null)
        {
            missing.Add("selfScore");
        }

        var selfGrade = FindSelfGrade(normalised);
        if (selfGrade is null)
        {
            missing.Add("selfGrade");
        }

        var tasks = BuildTasks(widthNormalised, normalised, missing);

        var sections = ParseSections(normalised);
        AddIfNull(missing, sections.BasicInfo, "sections.basicInfo");
        AddIfNull(missing, sections.Evaluation, "sections.evaluation");
        AddIfNull(missing, sections.ProblemsText, "sections.problems");
        AddIfNull(missing, sections.MeasuresText, "sections.measures");

        var problems = SplitItems(sections.ProblemsText);
        if (problems.Count == 0)
        {
            missing.Add("problems");
        }

        var measures = SplitItems(sections.MeasuresText);
        if (measures.Count == 0)
        {
            missing.Add("measures");
        }

        var profile = ParseProfile(normalised, missing);

        return new LegacyReport(bureau, year, budget, selfScore, selfGrade, tasks, problems, measures, sections, missing, profile);
    }

    private static void AddIfNull(List<string> missing, object? value, string field)
    {
        if (value is null)
        {
            missing.Add(field);
        }
    }

    // ---- title: bureau and year ------------------------------------------------------------

    private static (string? Bureau, int? Year) ParseTitle(string text)
    {
        var firstLines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(10);
        foreach (var line in firstLines)
        {
            var m = TitleBureauFirst().Match(line);
            if (!m.Success)
            {
                m = TitleYearFirst().Match(line);
            }

            if (m.Success)
            {
                var bureau = LegacyText.TrimPunctuation(m.Groups["b"].Value);
                return (bureau.Length >= 2 ? bureau : FindBureauName(text), int.Parse(m.Groups["y"].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var year = YearFallback().Match(text);
        return (FindBureauName(text),
            year.Success ? int.Parse(year.Groups["y"].Value, System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    private static string? FindBureauName(string text)
    {
        var m = BureauLabel().Match(text);
        return m.Success ? m.Groups["b"].Value : null;
    }

    // "广州市白云区投资促进局2021年部门整体支出绩效自评报告"
    [GeneratedRegex(@"^(?<b>[^\d\n]{2,40}?)(?<y>(?:19|20)\d{2})年度?(?:部门)?(?:整体)?(?:支出)?(?:绩效)?(?:自评|自我评价|评价)")]
    private static partial Regex TitleBureauFirst();

    // "2021年度广州市白云区投资促进局部门整体支出绩效自评报告"
    [GeneratedRegex(@"^(?<y>(?:19|20)\d{2})年度?(?<b>[^\d\n]{2,40}?)(?:部门)?整体支出")]
    private static partial Regex TitleYearFirst();

    [GeneratedRegex(@"(?<y>(?:19|20)\d{2})年度?(?:部门)?整体支出")]
    private static partial Regex YearFallback();

    [GeneratedRegex(@"(?:单位|部门)名称[:：]\s*(?<b>[^\s，,。；;]{2,40})")]
    private static partial Regex BureauLabel();

    // ---- budget ----------------------------------------------------------------------------

    private static LegacyBudget ParseBudget(string text, List<string> missing)
    {
        // The department's figures sit in one paragraph (部门整体收支); look there first so an
        // indicator's "实际支出" elsewhere is not taken for the department's.
        var initialMatch = InitialBudget().Match(text);
        var paragraph = initialMatch.Success ? ParagraphAround(text, initialMatch.Index) : null;

        decimal? Find(Regex regex)
        {
            var m = paragraph is null ? Match.Empty : regex.Match(paragraph);
            if (!m.Success)
            {
                m = regex.Match(text);
            }

            return m.Success ? Amount(m) : null;
        }

        decimal? FindRate(Regex regex)
        {
            var m = paragraph is null ? Match.Empty : regex.Match(paragraph);
            if (!m.Success)
            {
                m = regex.Match(text);
            }

            return m.Success ? LegacyText.ParseDecimal(m.Groups["v"].Value) : null;
        }

        var initial = initialMatch.Success ? Amount(initialMatch) : null;
        var adjusted = Find(AdjustedBudget());
        var spending = Find(Spending());
        var executionRate = FindRate(ExecutionRate());
        var adjustmentRate = FindRate(AdjustmentRate());
        var (adjustment, increase, decrease, unread) = FindAdjustment(paragraph, text, initial, adjusted);

        AddIfNull(missing, initial, "budget.initial");
        AddIfNull(missing, adjustment, "budget.adjustment");
        missing.AddRange(unread);
        AddIfNull(missing, adjusted, "budget.adjusted");
        AddIfNull(missing, spending, "budget.spending");
        AddIfNull(missing, executionRate, "budget.executionRate");
        AddIfNull(missing, adjustmentRate, "budget.adjustmentRate");

        return new LegacyBudget(initial, adjustment, adjusted, spending, executionRate, adjustmentRate, increase, decrease);
    }

    /// <summary>An amount match's value in 万元: "v" with its unit "u" (元 is divided by 10 000 exactly; 万元 or none as is).</summary>
    private static decimal? Amount(Match m)
    {
        var value = LegacyText.ParseDecimal(m.Groups["v"].Value);
        return value is { } v && m.Groups["u"].Value == "元" ? LegacyText.YuanToWan(v) : value;
    }

    /// <summary>
    /// The adjustment: the net (negative for a reduction) and the stated increase and decrease. Every directed
    /// mention (追加/追减/调增/调减/调整增加/调整减少/核增/核减/压减) of the budget paragraph counts; several of one
    /// direction are added up unless one of them is a stated total (共/合计/累计). A wording that names an increase
    /// or decrease without an amount that can be read makes the net unknown and is reported as
    /// budget.increase or budget.decrease instead of being dropped.
    /// </summary>
    private static (decimal? Net, decimal? Increase, decimal? Decrease, List<string> Unread) FindAdjustment(string? paragraph, string text, decimal? initial, decimal? adjusted)
    {
        string[] sources = paragraph is null ? [text] : [paragraph, text];
        foreach (var source in sources)
        {
            var directed = DirectedAdjustment().Matches(source).Where(m => LegacyText.ParseDecimal(m.Groups["v"].Value) is not null).ToList();
            if (directed.Count > 0)
            {
                var increase = Sum(directed.Where(m => !IsReduction(m.Groups["kw"].Value)).ToList());
                var decrease = Sum(directed.Where(m => IsReduction(m.Groups["kw"].Value)).ToList());
                var unread = new List<string>();
                foreach (Match word in AdjustmentWord().Matches(source))
                {
                    if (directed.Any(m => word.Index >= m.Index && word.Index < m.Index + m.Length))
                    {
                        continue;
                    }

                    var field = IsReduction(word.Value) ? "budget.decrease" : "budget.increase";
                    if (!unread.Contains(field))
                    {
                        unread.Add(field);
                    }
                }

                decimal? net = unread.Count > 0 ? null : (increase ?? 0m) - (decrease ?? 0m);
                return (net, increase, decrease, unread);
            }

            var m = UndirectedAdjustment().Match(source);
            if (m.Success && Amount(m) is { } amount)
            {
                var raw = m.Groups["v"].Value;
                if (raw.StartsWith('-') || raw.StartsWith('+'))
                {
                    return (amount, null, null, []);
                }

                // "预算调整 625.85 万元" gives no direction: take it from the stated initial and
                // adjusted budgets only when they agree with the amount; otherwise leave it unknown.
                if (initial is { } i && adjusted is { } a && Math.Abs(a - i) == amount && amount != 0)
                {
                    return (a < i ? -amount : amount, null, null, []);
                }

                return (null, null, null, []);
            }
        }

        return (null, null, null, []);

        static decimal? Sum(List<Match> mentions)
        {
            if (mentions.Count == 0)
            {
                return null;
            }

            var total = mentions.FirstOrDefault(m => m.Groups["total"].Success);
            return total is not null ? Math.Abs(Amount(total)!.Value) : mentions.Sum(m => Math.Abs(Amount(m)!.Value));
        }
    }

    private static bool IsReduction(string keyword) =>
        keyword.Contains('减', StringComparison.Ordinal) || keyword.Contains("收回", StringComparison.Ordinal);

    /// <summary>The paragraph holding <paramref name="index"/>: its line and the neighbouring non-blank lines (at most 4 each side), not past a heading.</summary>
    private static string ParagraphAround(string text, int index)
    {
        var lines = text.Split('\n');
        var offset = 0;
        var at = 0;
        for (; at < lines.Length; at++)
        {
            if (index < offset + lines[at].Length + 1)
            {
                break;
            }

            offset += lines[at].Length + 1;
        }

        at = Math.Min(at, lines.Length - 1);
        var first = at;
        while (first > 0 && at - first < 4 && lines[first - 1].Trim().Length > 0 && !LegacyText.IsHeading(lines[first - 1]) && !LegacyText.IsHeading(lines[first]))
        {
            first--;
        }

        var last = at;
        while (last + 1 < lines.Length && last - at < 4 && lines[last + 1].Trim().Length > 0 && !LegacyText.IsHeading(lines[last + 1]))
        {
            last++;
        }

        return string.Join("\n", lines[first..(last + 1)]);
    }

    private static string LineAround(string text, int index)
    {
        var start = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        var end = text.IndexOf('\n', index);
        return end < 0 ? text[start..] : text[start..end];
    }

    [GeneratedRegex(@"(?:年初(?:部门)?(?:批复)?预算|预算年初数)[^\d，。；;\n]{0,8}?(?<v>" + Num + @")\s*(?<u>万元|元)")]
    private static partial Regex InitialBudget();

    [GeneratedRegex(@"(?:调整后(?:的)?(?:部门)?(?:全年)?预算|预算调整后|全年预算数)[^\d，。；;\n]{0,8}?(?<v>" + Num + @")\s*(?<u>万元|元)")]
    private static partial Regex AdjustedBudget();

    [GeneratedRegex(@"(?:实际支出|支出决算|决算支出|全年支出|实际使用|支出总额)[^\d，。；;\n]{0,8}?(?<v>" + Num + @")\s*(?<u>万元|元)")]
    private static partial Regex Spending();

    [GeneratedRegex(@"执行率[^\d，。；;\n]{0,6}?(?<v>" + Num + @")\s*%")]
    private static partial Regex ExecutionRate();

    [GeneratedRegex(@"调整率[^\d，。；;\n]{0,6}?(?<v>" + Num + @")\s*%")]
    private static partial Regex AdjustmentRate();

    // "年中预算调减625.85万元", "追加预算资金100万元", "调整增加 300 万元", "共追减 1,200,000 元"
    [GeneratedRegex(@"(?<total>共|合计|累计|总计)?(?<kw>调整增加|调整减少|调增|调减|追加|追减|核增|核减|压减|收回)了?(?:预算|资金|经费)*[^\d，。；;\n%、]{0,4}?(?<v>" + Num + @")\s*(?<u>万元|元)")]
    private static partial Regex DirectedAdjustment();

    // "预算调整-625.85万元", "预算减少625.85万元"
    [GeneratedRegex(@"预算(?:资金)?(?<kw>调整|增加|减少)(?!后|率)了?[^\d，。；;\n%]{0,4}?(?<v>" + Num + @")\s*(?<u>万元|元)")]
    private static partial Regex UndirectedAdjustment();

    // Any wording of a directed adjustment, with or without a readable amount ("追减部分资金").
    [GeneratedRegex("调整增加|调整减少|调增|调减|追加|追减|核增|核减|压减")]
    private static partial Regex AdjustmentWord();

    // ---- self-evaluation score and grade -----------------------------------------------------

    private static decimal? FindSelfScore(string text)
    {
        var m = StrongScore().Match(text);
        if (!m.Success)
        {
            m = WeakScore().Match(text);
        }

        return m.Success ? LegacyText.ParseDecimal(m.Groups["v"].Value) : null;
    }

    private static string? FindSelfGrade(string text)
    {
        var m = GradeAfterResult().Match(text);
        if (!m.Success)
        {
            m = GradeRatedAs().Match(text);
        }

        return m.Success ? m.Groups["g"].Value : null;
    }

    [GeneratedRegex(@"(?:自评(?:得分|分值|分数|总分|总得分)|自评分|综合(?:评分|得分|评价得分)|评价得分|总得分)[^\d，。；;\n]{0,6}?(?<v>" + Num + @")(?![\d.]|\s*[%％])")]
    private static partial Regex StrongScore();

    [GeneratedRegex(@"(?:得分|评分|分值)[^\d，。；;\n]{0,6}?(?<v>" + Num + @")\s*分")]
    private static partial Regex WeakScore();

    // "自评结果为“优”", "评价等级：良"
    [GeneratedRegex(@"(?:结果|等级|等次|级别|结论|评级)(?:(?:为|是)[:：]?|[:：])\s*[“""「]?(?<g>优秀|良好|不合格|合格|优|良|中|差)(?=[”""」，,。；;\s(（]|等|级|$)")]
    private static partial Regex GradeAfterResult();

    [GeneratedRegex(@"(?:评为|评定为|定为)\s*[“""「]?(?<g>优秀|良好|不合格|合格|优|良|中|差)(?=[”""」，,。；;\s(（]|等|级|$)")]
    private static partial Regex GradeRatedAs();

    // ---- narrative sections and their items ------------------------------------------------

    private static LegacySections ParseSections(string text)
    {
        var headings = TopHeading().Matches(text).ToList();

        string? Section(Func<string, bool> isWanted)
        {
            for (var i = 0; i < headings.Count; i++)
            {
                if (!isWanted(headings[i].Groups["title"].Value))
                {
                    continue;
                }

                var start = headings[i].Index + headings[i].Length;
                var end = i + 1 < headings.Count ? headings[i + 1].Index : text.Length;
                var body = text[start..end].Trim();
                return body.Length > 0 ? body : null;
            }

            return null;
        }

        return new LegacySections(
            Section(t => t.Contains("基本情况", StringComparison.Ordinal) || t.Contains("概况", StringComparison.Ordinal)),
            Section(t => t.Contains("评价", StringComparison.Ordinal) || t.Contains("分析", StringComparison.Ordinal) || t.Contains("自评", StringComparison.Ordinal)),
            Section(t => t.Contains("问题", StringComparison.Ordinal)),
            Section(t => t.Contains("措施", StringComparison.Ordinal) || t.Contains("改进", StringComparison.Ordinal)
                || t.Contains("建议", StringComparison.Ordinal) || t.Contains("整改", StringComparison.Ordinal)));
    }

    /// <summary>Splits "（一）…（二）…" (or "1. … 2. …", "(1) … (2) …") items of a section; each item's text without its marker.</summary>
    private static List<string> SplitItems(string? section)
    {
        if (section is null)
        {
            return [];
        }

        var lines = section.Split('\n');
        Regex? marker = null;
        foreach (var candidate in new[] { ChineseItemMarker(), ParenDigitItemMarker(), DigitItemMarker() })
        {
            if (lines.Any(l => candidate.IsMatch(l)))
            {
                marker = candidate;
                break;
            }
        }

        if (marker is null)
        {
            return [];
        }

        var items = new List<string>();
        List<string>? current = null;
        foreach (var line in lines)
        {
            var m = marker.Match(line);
            if (m.Success)
            {
                Flush();
                current = [line[m.Length..]];
            }
            else
            {
                current?.Add(line);
            }
        }

        Flush();
        return items;

        void Flush()
        {
            if (current is null)
            {
                return;
            }

            var item = LegacyText.JoinLines(current);
            if (item.Length > 0)
            {
                items.Add(item);
            }
        }
    }

    [GeneratedRegex(@"^[ \t]*(?<num>[一二三四五六七八九十]{1,3})[、.][ \t]*(?<title>[^\n。]{1,40}?)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex TopHeading();

    [GeneratedRegex(@"^\s*[(（][一二三四五六七八九十]{1,3}[)）]\s*")]
    private static partial Regex ChineseItemMarker();

    [GeneratedRegex(@"^\s*[(（]\d{1,2}[)）]\s*")]
    private static partial Regex ParenDigitItemMarker();

    [GeneratedRegex(@"^\s*\d{1,2}[.、](?!\d)\s*")]
    private static partial Regex DigitItemMarker();
}
