using System.Text.RegularExpressions;
using DistrictPerf.SharedKernel.Domain;

namespace DistrictPerf.Modules.Reports.Consistency;

/// <summary>
/// Figures the narrative states against the live data (domain-rules §2): 预算执行率, 预算调整率, 年初预算,
/// 调整后预算, 实际支出, 调减/调增 amounts, and the self-reported score and grade.
/// A number is compared only when a known label ends at most a few characters before it, in the same
/// clause, with nothing in between that makes it a target, a comparison, a breakdown or another period.
/// Data are rounded half-up to 2 decimals (or to the text's own precision when it gives more); any
/// difference, even 0.01, is a finding.
/// </summary>
internal static partial class NarrativeFigureRules
{
    private const int MaxGapChars = 6;

    public static void Check(ReportSnapshot report, string sectionKey, string original, string folded, FindingList findings)
    {
        foreach (Match m in FigureWithUnit().Matches(folded))
        {
            var numGroup = m.Groups["num"];
            if (!TextScan.TryParseNumber(numGroup.Value, out var claimed))
            {
                continue;
            }

            var unit = m.Groups["unit"].Value.Replace(" ", string.Empty, StringComparison.Ordinal);
            if (FollowedByQualifier().IsMatch(folded.AsSpan(m.Index + m.Length)))
            {
                continue;
            }

            if (FindLabel(folded, m.Index) is not { } label)
            {
                continue;
            }

            var excerpt = TextScan.ClauseExcerpt(original, folded, label.Start, m.Index + m.Length);
            var decimals = Math.Max(2, DecimalPlaces(claimed));
            var stated = numGroup.Value.Replace(" ", string.Empty, StringComparison.Ordinal) + (unit == "%" ? "%" : " " + unit);
            Compare(report, label.Concept, unit, claimed, decimals, stated, sectionKey, m.Index, excerpt, findings);
        }

        CheckGrade(report, sectionKey, original, folded, findings);
    }

    private static void Compare(
        ReportSnapshot report, Concept concept, string unit, decimal claimed, int decimals, string stated,
        string sectionKey, int position, string excerpt, FindingList findings)
    {
        var budget = report.Budget;
        switch (concept)
        {
            case Concept.ExecutionRate or Concept.AdjustmentRate when unit == "%":
            {
                var ratio = concept == Concept.ExecutionRate ? budget?.ExecutionRate : budget?.AdjustmentRate;
                if (ratio is not { } r)
                {
                    return;
                }

                var actual = Money.RoundHalfUp(r * 100m, decimals);
                if (actual != claimed)
                {
                    var (zh, en) = Names(concept);
                    findings.AddSection(sectionKey, position, FindingSeverity.Error, "text.rate-mismatch",
                        $"正文称{zh}为 {stated}，数据计算为 {TextScan.Percent(actual)}（差 {TextScan.Plain(Math.Abs(claimed - actual))} 个百分点） / " +
                        $"The text says the {en} is {stated}, the data give {TextScan.Percent(actual)}",
                        excerpt);
                }

                return;
            }

            case Concept.Initial or Concept.Adjusted or Concept.Spending or Concept.Decrease or Concept.Increase
                when unit is "元" or "万元" or "亿元":
            {
                if (budget is null)
                {
                    return;
                }

                decimal? yuan = concept switch
                {
                    Concept.Initial => budget.Initial,
                    Concept.Adjusted => budget.Adjusted,
                    Concept.Spending => budget.Spending,
                    // Only the net adjustment is known: compare 调减 with a net decrease and 调增 with a net increase.
                    Concept.Decrease => budget.AdjustmentNet < 0 ? -budget.AdjustmentNet : null,
                    Concept.Increase => budget.AdjustmentNet > 0 ? budget.AdjustmentNet : null,
                    _ => null,
                };
                if (yuan is not { } y)
                {
                    return;
                }

                var divisor = unit switch { "万元" => 10_000m, "亿元" => 100_000_000m, _ => 1m };
                var actual = Money.RoundHalfUp(y / divisor, decimals);
                if (actual != claimed)
                {
                    var (zh, en) = Names(concept);
                    var shown = $"{TextScan.Amount(actual)} {unit}";
                    findings.AddSection(sectionKey, position, FindingSeverity.Error, "text.amount-mismatch",
                        $"正文称{zh}为 {stated}，数据为 {shown} / The text says the {en} is {stated}, the data give {shown}",
                        excerpt);
                }

                return;
            }

            case Concept.SelfScore when unit == "分":
            {
                var expected = report.SelfScore ?? (report.ComputedScore is { } c ? Money.RoundHalfUp(c) : null);
                if (expected is not { } e || Money.RoundHalfUp(e, decimals) == claimed)
                {
                    return;
                }

                var source = report.SelfScore is null ? "计算得分" : "填报的自评分";
                var sourceEn = report.SelfScore is null ? "computed score" : "self-reported score";
                findings.AddSection(sectionKey, position, FindingSeverity.Error, "text.score-mismatch",
                    $"正文称自评分为 {stated}，{source}为 {TextScan.Plain(Money.RoundHalfUp(e, decimals))} 分 / " +
                    $"The text says the self-evaluation score is {stated}, the {sourceEn} is {TextScan.Plain(Money.RoundHalfUp(e, decimals))}",
                    excerpt);
                return;
            }

            default:
                return;
        }
    }

    private static void CheckGrade(ReportSnapshot report, string sectionKey, string original, string folded, FindingList findings)
    {
        var expected = NormalizeGrade(report.SelfGrade ?? report.ComputedGrade);
        if (expected is null)
        {
            return;
        }

        foreach (Match m in GradeClaim().Matches(folded))
        {
            var stated = NormalizeGrade(m.Groups["g"].Value);
            if (stated is null || stated == expected)
            {
                continue;
            }

            var source = report.SelfGrade is null ? "计算等级" : "填报的自评等级";
            var sourceEn = report.SelfGrade is null ? "computed grade" : "self-reported grade";
            findings.AddSection(sectionKey, m.Index, FindingSeverity.Error, "text.grade-mismatch",
                $"正文称自评结果为“{stated}”，{source}为“{expected}” / The text says the grade is {stated}, the {sourceEn} is {expected}",
                TextScan.ClauseExcerpt(original, folded, m.Index, m.Index + m.Length));
        }
    }

    /// <summary>优秀→优, 良好→良, 中等→中, 较差→差; other strings are kept (trimmed).</summary>
    public static string? NormalizeGrade(string? grade)
    {
        if (string.IsNullOrWhiteSpace(grade))
        {
            return null;
        }

        var g = grade.Trim();
        return g switch
        {
            "优秀" => "优",
            "良好" => "良",
            "中等" => "中",
            "较差" => "差",
            _ => g,
        };
    }

    private static (Concept Concept, int Start)? FindLabel(string folded, int numberStart)
    {
        var clauseStart = TextScan.ClauseStart(folded, numberStart, 30);
        var window = folded[clauseStart..numberStart];
        Match? last = null;
        foreach (Match l in Label().Matches(window))
        {
            last = l;
        }

        if (last is null)
        {
            return null;
        }

        var gap = window[(last.Index + last.Length)..];
        var gapCompact = gap.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal);
        if (gapCompact.Length > MaxGapChars || gapCompact.Any(char.IsAsciiDigit) || GapQualifier().IsMatch(gapCompact))
        {
            return null;
        }

        // Whatever qualifies the label from before it: another scope (项目, 基本支出, 其中…) or another period.
        var prefix = window[..last.Index];
        if (ScopeQualifier().IsMatch(prefix))
        {
            return null;
        }

        var concept = ConceptOf(last);
        if (concept is Concept.ExecutionRate or Concept.Spending && PeriodQualifier().IsMatch(prefix))
        {
            return null;
        }

        return (concept, clauseStart + last.Index);
    }

    private static Concept ConceptOf(Match m) =>
        m.Groups["exec"].Success ? Concept.ExecutionRate
        : m.Groups["adjrate"].Success ? Concept.AdjustmentRate
        : m.Groups["adjusted"].Success ? Concept.Adjusted
        : m.Groups["initial"].Success ? Concept.Initial
        : m.Groups["spend"].Success ? Concept.Spending
        : m.Groups["cut"].Success ? Concept.Decrease
        : m.Groups["raise"].Success ? Concept.Increase
        : Concept.SelfScore;

    private static (string Zh, string En) Names(Concept concept) => concept switch
    {
        Concept.ExecutionRate => ("预算执行率", "budget execution rate"),
        Concept.AdjustmentRate => ("预算调整率", "budget adjustment rate"),
        Concept.Initial => ("年初预算", "initial budget"),
        Concept.Adjusted => ("调整后预算", "adjusted budget"),
        Concept.Spending => ("实际支出", "actual spending"),
        Concept.Decrease => ("预算调减数", "budget decrease"),
        Concept.Increase => ("预算调增数", "budget increase"),
        _ => ("自评分", "self-evaluation score"),
    };

    private static int DecimalPlaces(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    private enum Concept
    {
        ExecutionRate,
        AdjustmentRate,
        Initial,
        Adjusted,
        Spending,
        Decrease,
        Increase,
        SelfScore,
    }

    /// <summary>A number (thousands separators allowed, PDF spaces before the unit) with a money, percent or score unit.</summary>
    [GeneratedRegex(@"(?<![\d.,])(?<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?<unit>%|万\s*元|亿\s*元|元|分(?![别钟期批类项]))")]
    private static partial Regex FigureWithUnit();

    [GeneratedRegex(@"(?<exec>执行率)|(?<adjrate>调整率)|(?<adjusted>调整后(?:的)?(?:部门)?(?:整体)?预算)|(?<initial>年初(?:部门)?(?:整体)?预算)|(?<spend>实际支出|支出决算)|(?<cut>调减|追减|核减)|(?<raise>调增|追加)|(?<score>自评(?:总)?(?:分值|得分|分数|总分|分))")]
    private static partial Regex Label();

    /// <summary>Between label and number: the figure is a target, a threshold, a change, a breakdown.</summary>
    [GeneratedRegex(@"不低于|不少于|不超过|不高于|低于|高于|超过|未达|达不到|目标|力争|确保|要求|应|≥|≤|>|<|提高|提升|下降|降低|增长|增加|减少|同比|较|比|序时|差额|结余|节约|平均|分别|约|近|超")]
    private static partial Regex GapQualifier();

    [GeneratedRegex(@"^\s*(?:以上|以下|以内|左右|多|余|的目标|目标)")]
    private static partial Regex FollowedByQualifier();

    [GeneratedRegex(@"项目|专项|资金|基本支出|其中|任务|上年|去年|上一年|同期|全市|全区|全省")]
    private static partial Regex ScopeQualifier();

    [GeneratedRegex(@"(?<!\d)(?:[1-9]|1[01])\s*月|季度|上半年")]
    private static partial Regex PeriodQualifier();

    [GeneratedRegex(@"自评(?:结果|等级|结论)\s*(?:(?:为|是|：|:)\s*[“""「『]?|[“""「『])\s*(?<g>优秀|优|良好|良|中等|中|较差|差)(?=[”""」』\s，。,；;]|$)")]
    private static partial Regex GradeClaim();
}
