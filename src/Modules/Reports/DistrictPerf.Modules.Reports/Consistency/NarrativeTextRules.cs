using System.Text.RegularExpressions;

namespace DistrictPerf.Modules.Reports.Consistency;

/// <summary>Contradictions inside the narrative itself (domain-rules §5), and narrative claims the indicators contradict.</summary>
internal static partial class NarrativeTextRules
{
    private const int MinLabelChars = 3;
    private const int MaxLabelChars = 12;

    /// <summary>A count of an administrative unit found in the text.</summary>
    public sealed record CountMention(string Noun, decimal Value, string SectionKey, int Position, string Excerpt);

    // ---- text.label-two-values ------------------------------------------------------------------

    /// <summary>
    /// "总建筑面积约 7000 万平方米，总建筑面积约 220 万平方米": the same label (≥ 3 CJK chars, exact) with the same
    /// unit and two different numbers in one sentence. Not flagged when the two are separated by "其中" or by
    /// a counted subject ("工业用地 1 宗，计容建筑面积 5 万平方米" — a breakdown by subject).
    /// Warning: the pairing is heuristic and the data cannot tell which value is right, so it must not block.
    /// </summary>
    public static void CheckLabelTwoValues(string sectionKey, string original, string folded, FindingList findings)
    {
        foreach (var (start, end) in TextScan.Sentences(folded))
        {
            var sentence = folded[start..end];
            var seen = new List<(string Label, string Unit, decimal Value, string Number, int LabelStart, int End)>();
            foreach (Match m in Measure().Matches(sentence))
            {
                if (!TextScan.TryParseNumber(m.Groups["num"].Value, out var value))
                {
                    continue;
                }

                var (label, labelStart) = LabelBefore(sentence, m.Index);
                if (label.Length < MinLabelChars)
                {
                    continue;
                }

                var unit = CanonicalUnit(m.Groups["unit"].Value);
                var numberText = m.Groups["num"].Value;
                var previous = seen.FindLast(x => x.Label == label && x.Unit == unit);
                if (previous.Label is not null && previous.Value != value)
                {
                    var between = sentence[previous.End..labelStart];
                    if (!BreakdownBetween().IsMatch(between))
                    {
                        var excerpt = TextScan.Verbatim(original, start + previous.LabelStart, start + m.Index + m.Length);
                        findings.AddSection(sectionKey, start + previous.LabelStart, FindingSeverity.Warning, "text.label-two-values",
                            $"同一句中“{label}”给出两个不同的值：{previous.Number} {unit} 与 {numberText} {unit} / " +
                            $"The same sentence gives “{label}” two different values: {previous.Number} and {numberText} {unit}",
                            excerpt);
                    }
                }

                seen.Add((label, unit, value, numberText, labelStart, m.Index + m.Length));
            }
        }
    }

    private static (string Label, int Start) LabelBefore(string sentence, int numberStart)
    {
        var i = numberStart;
        while (i > 0 && char.IsWhiteSpace(sentence[i - 1]))
        {
            i--;
        }

        // Fillers between a label and its number: 约, 为, 达, 共计…
        for (var pass = 0; pass < 2; pass++)
        {
            var before = sentence[..i];
            var filler = Fillers.FirstOrDefault(f => before.EndsWith(f, StringComparison.Ordinal));
            if (filler is null)
            {
                break;
            }

            i -= filler.Length;
            while (i > 0 && char.IsWhiteSpace(sentence[i - 1]))
            {
                i--;
            }
        }

        var end = i;
        while (i > 0 && TextScan.IsCjk(sentence[i - 1]) && end - i < MaxLabelChars)
        {
            i--;
        }

        return (sentence[i..end], i);
    }

    private static readonly string[] Fillers = ["约为", "约", "为", "达到", "达", "共计", "共", "合计", "超过", "超", "近", "逾", "是", "：", ":"];

    private static string CanonicalUnit(string unit)
    {
        var u = unit.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        return u switch
        {
            "万m²" or "万m2" => "万平方米",
            "m²" or "m2" => "平方米",
            "千米" => "公里",
            _ => u,
        };
    }

    // ---- text.count-mismatch --------------------------------------------------------------------

    /// <summary>Counts like "11 个镇街", "16个街镇", "内设科室 7 个" (镇街 = 街镇 = 镇（街）; 内设科室 = 科室).</summary>
    public static IEnumerable<CountMention> FindCounts(string sectionKey, string original, string folded)
    {
        var taken = new List<(int Start, int End)>();
        foreach (var regex in new[] { CountForward(), CountReversed() })
        {
            foreach (Match m in regex.Matches(folded))
            {
                if (taken.Any(t => m.Index < t.End && t.Start < m.Index + m.Length))
                {
                    continue;
                }

                // "其中 3 个镇街" is a part of something, not a competing total.
                var lookBack = folded[Math.Max(0, m.Index - 4)..m.Index];
                if (lookBack.Contains("其中", StringComparison.Ordinal) || !TextScan.TryParseNumber(m.Groups["num"].Value, out var value))
                {
                    continue;
                }

                taken.Add((m.Index, m.Index + m.Length));
                yield return new CountMention(CanonicalNoun(m.Groups["noun"].Value), value, sectionKey, m.Index,
                    TextScan.ClauseExcerpt(original, folded, m.Index, m.Index + m.Length));
            }
        }
    }

    /// <summary>
    /// One Warning per noun whose counts differ anywhere in the narrative ("联合 11 个镇街" vs "16个街镇（13场）"),
    /// located at the first mention that disagrees with the first one.
    /// </summary>
    public static void CheckCounts(IEnumerable<CountMention> mentions, FindingList findings)
    {
        var byNoun = mentions
            .OrderBy(x => FindingList.SectionRank(x.SectionKey))
            .ThenBy(x => x.SectionKey, StringComparer.Ordinal)
            .ThenBy(x => x.Position)
            .GroupBy(x => x.Noun, StringComparer.Ordinal);
        foreach (var group in byNoun)
        {
            var list = group.ToList();
            var first = list[0];
            if (list.FirstOrDefault(x => x.Value != first.Value) is not { } other)
            {
                continue;
            }

            var values = list.Select(x => x.Value).Distinct().ToList();
            var quoted = string.Join("；", values.Select(v => list.First(x => x.Value == v)).Select(x => $"“{x.Excerpt}”（{FindingList.SectionLocation(x.SectionKey)}）"));
            findings.AddSection(other.SectionKey, other.Position, FindingSeverity.Warning, "text.count-mismatch",
                $"“{group.Key}”的数量前后不一致：{string.Join(" 与 ", values.Select(v => TextScan.Plain(v) + " 个"))}。{quoted} / " +
                $"The number of {group.Key} differs between places: {string.Join(" vs ", values.Select(TextScan.Plain))}",
                other.Excerpt);
        }
    }

    private static string CanonicalNoun(string noun)
    {
        var n = noun.Replace(" ", string.Empty, StringComparison.Ordinal);
        return n switch
        {
            "街镇" or "镇街" or "镇（街）" or "镇(街)" => "镇街",
            "内设科室" => "科室",
            "下属事业单位" => "事业单位",
            _ => n,
        };
    }

    // ---- text.all-achieved-claim ----------------------------------------------------------------

    /// <summary>"全部完成" / "均达到" / "均已完成" / "全面完成"… about targets, indicators or tasks while an indicator is not achieved.</summary>
    public static void CheckAllAchievedClaims(string sectionKey, string original, string folded, IReadOnlyList<SnapshotIndicator> shortfalls, FindingList findings)
    {
        if (shortfalls.Count == 0)
        {
            return;
        }

        var names = string.Join("、", shortfalls.Take(3).Select(x => "“" + TextScan.Squash(x.Name) + "”")) + (shortfalls.Count > 3 ? $"等 {shortfalls.Count} 个" : string.Empty);
        foreach (var (start, end) in TextScan.Sentences(folded))
        {
            var sentence = folded[start..end];
            if (!ClaimSubject().IsMatch(sentence))
            {
                continue;
            }

            foreach (Match m in AllAchieved().Matches(sentence))
            {
                var before = sentence[Math.Max(0, m.Index - 10)..m.Index];
                var justBefore = sentence[Math.Max(0, m.Index - 3)..m.Index];
                if (Negation().IsMatch(justBefore) || Intention().IsMatch(before))
                {
                    continue;
                }

                findings.AddSection(sectionKey, start + m.Index, FindingSeverity.Error, "text.all-achieved-claim",
                    $"正文称“{m.Value}”，但有 {shortfalls.Count} 个指标未达到目标：{names} / " +
                    $"The text claims “{m.Value}” (all achieved) but {shortfalls.Count} indicator(s) fell short",
                    TextScan.Verbatim(original, start, end));
                break;
            }
        }
    }

    [GeneratedRegex(@"(?<![\d.,])(?<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?<unit>万\s*平方米|平方米|万\s*m\s*[²2]|m\s*[²2]|万\s*亩|亩|亿\s*元|万\s*元|元|公里|千米|%)")]
    private static partial Regex Measure();

    [GeneratedRegex(@"其中|\d\s*(?:宗|个|家|项|处|户|栋|座|所|名|人|次|场|批|块)")]
    private static partial Regex BreakdownBetween();

    [GeneratedRegex(@"(?<![\d.])(?<num>\d+|[一二两三四五六七八九十]{1,3}(?=\s*个))\s*个?\s*(?<noun>镇街|街镇|镇\s*[（(]\s*街\s*[）)]|街道|内设科室|科室|内设机构|下属事业单位|事业单位|镇(?![政委]))")]
    private static partial Regex CountForward();

    [GeneratedRegex(@"(?<noun>内设科室|科室|内设机构|下属事业单位|事业单位|镇街|街镇)\s*(?:共有|共|有|合计)?\s*(?<num>\d+|[一二两三四五六七八九十]{1,3})\s*个")]
    private static partial Regex CountReversed();

    [GeneratedRegex(@"(?:全部|全面|均已|均|都已|全都|圆满)(?:完成|达到|达成|实现)")]
    private static partial Regex AllAchieved();

    [GeneratedRegex(@"目标|指标|任务")]
    private static partial Regex ClaimSubject();

    [GeneratedRegex(@"未|没|不|无|非")]
    private static partial Regex Negation();

    [GeneratedRegex(@"确保|力争|争取|计划|将|要|努力|推动|保证|拟|预计|如何|是否")]
    private static partial Regex Intention();
}
