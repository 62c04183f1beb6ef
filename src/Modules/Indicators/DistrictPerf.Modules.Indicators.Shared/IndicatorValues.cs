namespace DistrictPerf.Modules.Indicators.Contracts;

/// <summary>How an indicator is judged (domain-rules §3).</summary>
public enum IndicatorDirection
{
    /// <summary>≥ target (more is better): "≥50宗", "50 宗以上", "3册文本", "1500亿元"</summary>
    AtLeast,

    /// <summary>≤ target (less is better): "≤5天", "不超过 5 天"</summary>
    AtMost,

    /// <summary>= target: "=100%" (within a tolerance)</summary>
    Equal,

    /// <summary>qualitative text: "没有负面影响", "符合", "为企业提供…渠道"</summary>
    Qualitative,

    /// <summary>yes/no: "是", "否"</summary>
    YesNo,
}

/// <summary>
/// A target or actual text parsed into operator, number and unit where it is numeric.
/// <see cref="Text"/> is always the original text. Never invents a number: a text without
/// one has <see cref="Number"/> null.
/// </summary>
/// <param name="Text">the original text, trimmed</param>
/// <param name="Operator">"≥", "≤", "=", or null when the text states none (a bare number)</param>
/// <param name="Number">the (first relevant) number, exact decimal; for "90%" it is 90 with unit "%"</param>
/// <param name="Unit">unit as written after the number, spaces removed, e.g. "宗", "%", "册文本", "亿元", "万m²", "次", "人"</param>
/// <param name="YesNo">true for 是/有/符合 yes-no answers, false for 否/无, null otherwise</param>
public sealed record ParsedValue(string Text, string? Operator, decimal? Number, string? Unit, bool? YesNo)
{
    public bool IsNumeric => Number is not null;
}

/// <summary>
/// Parsing of target/actual texts and the achievement they imply.
/// </summary>
/// <remarks>
/// Parsing rules:
/// <list type="bullet">
/// <item>Full-width forms (０-９, ％, ＞, ＝, ．, …) are folded to ASCII and all whitespace is removed before
/// scanning, so "200 万 m ² " reads as 200 "万m²" and "≥５０宗" as ≥ 50 "宗". The full-width comma "，" is kept
/// (it separates clauses); an ASCII "1,500" is read as 1500.</item>
/// <item>Only Arabic digits count as numbers (Chinese numerals such as "一年" are not read: no number is invented).
/// Years ("2021年") and list markers ("1." / "2、" at the start of a clause) are skipped.</item>
/// <item>The unit is what follows the number up to punctuation, the next digit or an operator word (以上, 以下, 以内…);
/// "余"/"多" right after the number ("100 余项") is dropped; "%"/"‰" is a unit on its own; "m2"/"m3" become "m²"/"m³".</item>
/// <item>The operator is the nearest ≥ ≤ = (also ≧ ≦ &gt;= &lt;=, and &gt; / &lt; read as ≥ / ≤) before the number, else
/// the first operator word (不超过/不高于/以下/以内/低于… → ≤; 不少于/不低于/以上/至少/超过… → ≥); null when the text
/// has no number.</item>
/// <item><see cref="ParsedValue.YesNo"/> is set when the text, or its first clause, is a bare answer: 是/有/符合/yes → true,
/// 否/无/没有/不是/不符合/no → false. <see cref="InferDirection"/> treats only 是/否/有/无 (and their variants) as
/// <see cref="IndicatorDirection.YesNo"/>; 符合/不符合 stays <see cref="IndicatorDirection.Qualitative"/>, since its
/// actual is usually a sentence that has to be judged.</item>
/// </list>
/// </remarks>
public static class IndicatorValues
{
    private static readonly string[] YesWords = ["是", "有", "是的", "yes", "y", "true", "√", "✓", "✔"];
    private static readonly string[] NoWords = ["否", "无", "没有", "不是", "no", "n", "false", "×", "✗", "✘"];
    private const string ConformYes = "符合";
    private const string ConformNo = "不符合";

    // Ordered: the negated forms come first because "不超过" contains "超过", "不少于" contains "少于", …
    private static readonly (string Word, string Operator)[] OperatorWords =
    [
        ("不超过", "≤"), ("不高于", "≤"), ("不多于", "≤"), ("不大于", "≤"),
        ("不少于", "≥"), ("不低于", "≥"), ("不小于", "≥"),
        ("以上", "≥"), ("以下", "≤"), ("以内", "≤"), ("之内", "≤"),
        ("至少", "≥"), ("至多", "≤"), ("最多", "≤"), ("最少", "≥"),
        ("超过", "≥"), ("高于", "≥"), ("大于", "≥"), ("多于", "≥"),
        ("低于", "≤"), ("少于", "≤"), ("小于", "≤"),
    ];

    // Where a unit ends when it runs into an operator word: "50宗以上项目开工" → "宗".
    private static readonly string[] UnitStopWords = ["及以上", "以上", "及以下", "以下", "以内", "之内", "左右"];

    /// <summary>Parses "≥50宗", "50 宗以上", "100%", "3 册文本", "1500亿元", "200 万 m ²", "没有负面影响", "是", "实际完成90%", "服务90人", "26次".</summary>
    public static ParsedValue Parse(string? text) => ParseActual(text, expectedUnit: null);

    /// <summary>
    /// Parses an actual text (usually a sentence with several numbers, e.g. "2021 年实际完成 38 次，达到预期目标"),
    /// taking the first number whose unit matches <paramref name="expectedUnit"/> (the target's unit), else the
    /// first number; years and list markers are never taken. With a null unit this is <see cref="Parse"/>.
    /// </summary>
    public static ParsedValue ParseActual(string? text, string? expectedUnit)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        var compact = Compact(trimmed);
        var yesNo = ParseYesNo(compact);
        var candidates = Scan(compact);
        if (candidates.Count == 0)
        {
            return new ParsedValue(trimmed, null, null, null, yesNo);
        }

        var chosen = candidates[0];
        if (!string.IsNullOrEmpty(expectedUnit))
        {
            foreach (var candidate in candidates)
            {
                if (UnitsMatch(expectedUnit, candidate.Unit))
                {
                    chosen = candidate;
                    break;
                }
            }
        }

        return new ParsedValue(trimmed, FindOperator(compact, chosen.Start), chosen.Value, chosen.Unit, yesNo);
    }

    /// <summary>The direction a target text implies: ≥/以上/不少于 → AtLeast, ≤/以下/不超过/以内 → AtMost, "=" → Equal, 是/否 → YesNo, a bare number → AtLeast, no number → Qualitative.</summary>
    public static IndicatorDirection InferDirection(ParsedValue target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.YesNo is not null && !IsConformityAnswer(target.Text))
        {
            return IndicatorDirection.YesNo;
        }

        if (target.Number is null)
        {
            return IndicatorDirection.Qualitative;
        }

        return target.Operator switch
        {
            "≤" => IndicatorDirection.AtMost,
            "=" => IndicatorDirection.Equal,
            _ => IndicatorDirection.AtLeast,
        };
    }

    /// <summary>
    /// Completion ratio of actual against target (1 = exactly on target), from unrounded values:
    /// AtLeast → A ÷ T; AtMost → T ÷ A; Equal → min(A,T) ÷ max(A,T); YesNo → 1 when the answers
    /// agree, else 0. Null when it cannot be computed (qualitative, missing numbers, T = 0 for
    /// AtLeast, A = 0 for AtMost). When the target is a percentage and the actual text is a
    /// bare percentage of completion ("实际完成90%") the ratio is that percentage ÷ 100 … only
    /// if the target's unit is not "%" (for a "100%" target, 90% ÷ 100% = 0.9 as usual).
    /// </summary>
    /// <remarks>
    /// The actual's number is chosen by the target's unit: when <paramref name="actual"/>'s own number has another
    /// unit and its text holds a number with the target's unit, that one is used ("2021 年实际完成 38 次" → 38 for a
    /// "35 次" target; "完成 4 册策划文本" → 4 for "3 册文本").
    /// </remarks>
    public static decimal? CompletionRatio(IndicatorDirection direction, ParsedValue target, ParsedValue actual)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(actual);
        switch (direction)
        {
            case IndicatorDirection.Qualitative:
                return null;
            case IndicatorDirection.YesNo:
                return target.YesNo is { } t && actual.YesNo is { } a ? (t == a ? 1m : 0m) : null;
        }

        if (target.Number is not { } targetNumber || ResolveActual(target, actual) is not { } resolved)
        {
            return null;
        }

        if (resolved.IsCompletionPercentage)
        {
            return resolved.Number / 100m;
        }

        var actualNumber = resolved.Number;
        return direction switch
        {
            IndicatorDirection.AtLeast => targetNumber == 0m ? null : actualNumber / targetNumber,
            IndicatorDirection.AtMost => actualNumber == 0m ? null : targetNumber / actualNumber,
            IndicatorDirection.Equal => EqualRatio(actualNumber, targetNumber),
            _ => null,
        };
    }

    /// <summary>The actual's number as compared with the target; null when there is none.</summary>
    internal static ResolvedActual? ResolveActual(ParsedValue target, ParsedValue actual)
    {
        decimal? number = actual.Number;
        var unit = actual.Unit;
        if (!string.IsNullOrEmpty(target.Unit) && !UnitsMatch(target.Unit, unit) && actual.Text.Length > 0)
        {
            var reparsed = ParseActual(actual.Text, target.Unit);
            if (reparsed.Number is not null && UnitsMatch(target.Unit, reparsed.Unit))
            {
                number = reparsed.Number;
                unit = reparsed.Unit;
            }
            else if (number is null)
            {
                number = reparsed.Number;
                unit = reparsed.Unit;
            }
        }

        if (number is not { } value)
        {
            return null;
        }

        return new ResolvedActual(value, unit, unit == "%" && target.Unit != "%");
    }

    internal sealed record ResolvedActual(decimal Number, string? Unit, bool IsCompletionPercentage);

    private static decimal? EqualRatio(decimal actual, decimal target)
    {
        var max = Math.Max(actual, target);
        var min = Math.Min(actual, target);
        if (max == min)
        {
            return 1m;
        }

        return max == 0m ? null : min / max;
    }

    private static bool UnitsMatch(string? expected, string? unit)
    {
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(unit))
        {
            return false;
        }

        // "宗" ~ "宗项目开工", "册文本" ~ "册策划文本"; but "万m²" is not "万元": a magnitude alone does not match.
        return unit.StartsWith(expected, StringComparison.Ordinal)
            || expected.StartsWith(unit, StringComparison.Ordinal)
            || (unit[0] == expected[0] && !IsMagnitude(unit[0]));
    }

    private static bool IsMagnitude(char c) => c is '十' or '百' or '千' or '万' or '亿';

    private static bool IsConformityAnswer(string text)
    {
        var answer = FirstClause(Compact(text));
        return answer is ConformYes or ConformNo;
    }

    private static bool? ParseYesNo(string compact)
    {
        var answer = FirstClause(compact).ToLowerInvariant();
        if (answer.Length == 0)
        {
            return null;
        }

        if (answer == ConformYes || Array.IndexOf(YesWords, answer) >= 0)
        {
            return true;
        }

        if (answer == ConformNo || Array.IndexOf(NoWords, answer) >= 0)
        {
            return false;
        }

        return null;
    }

    private static string FirstClause(string compact)
    {
        var end = 0;
        while (end < compact.Length && !IsClauseBreak(compact[end]))
        {
            end++;
        }

        return compact[..end];
    }

    private static bool IsClauseBreak(char c) => c is '，' or ',' or '。' or '.' or '；' or ';' or '：' or ':' or '、' or '!' or '?' or '！' or '？' or '(' or '（';

    private static string? FindOperator(string compact, int numberStart)
    {
        for (var i = numberStart - 1; i >= 0; i--)
        {
            switch (compact[i])
            {
                case '≥' or '>':
                    return "≥";
                case '≤' or '<':
                    return "≤";
                case '=':
                    return i > 0 && compact[i - 1] == '>' ? "≥" : i > 0 && compact[i - 1] == '<' ? "≤" : "=";
            }
        }

        foreach (var (word, op) in OperatorWords)
        {
            if (compact.Contains(word, StringComparison.Ordinal))
            {
                return op;
            }
        }

        return null;
    }

    /// <summary>Folds full-width forms and look-alike operators to their plain forms and drops all whitespace.</summary>
    private static string Compact(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            builder.Append(c switch
            {
                '，' => c, // a clause separator, not a thousands separator
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '≧' or '⩾' => '≥',
                '≦' or '⩽' => '≤',
                _ => c,
            });
        }

        return builder.ToString();
    }

    private readonly record struct Candidate(int Start, decimal Value, string? Unit);

    private static List<Candidate> Scan(string s)
    {
        var result = new List<Candidate>();
        var i = 0;
        while (i < s.Length)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                i++;
                continue;
            }

            var start = i;
            var digits = new System.Text.StringBuilder();
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                digits.Append(s[i++]);
            }

            // ASCII thousands separators: "1,500", "12,345,678".
            if (digits.Length <= 3)
            {
                while (i < s.Length && s[i] == ',' && IsDigitRun(s, i + 1, 3))
                {
                    digits.Append(s, i + 1, 3);
                    i += 4;
                }
            }

            var hasFraction = false;
            if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
            {
                hasFraction = true;
                digits.Append('.');
                i++;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    digits.Append(s[i++]);
                }
            }

            if (!decimal.TryParse(digits.ToString(), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var isYear = !hasFraction && digits.Length == 4 && value is >= 1900m and <= 2100m && i < s.Length && s[i] == '年';
            var isListMarker = !hasFraction && i < s.Length && (s[i] == '、' || s[i] == '.' || s[i] == ')' || s[i] == '）')
                && (start == 0 || !char.IsLetterOrDigit(s[start - 1]));
            if (isYear || isListMarker)
            {
                continue;
            }

            var (unit, next) = ReadUnit(s, i);
            result.Add(new Candidate(start, value, unit));
            i = next;
        }

        return result;
    }

    private static bool IsDigitRun(string s, int from, int count)
    {
        if (from + count > s.Length)
        {
            return false;
        }

        for (var k = from; k < from + count; k++)
        {
            if (!char.IsAsciiDigit(s[k]))
            {
                return false;
            }
        }

        return from + count == s.Length || !char.IsAsciiDigit(s[from + count]);
    }

    private static (string? Unit, int Next) ReadUnit(string s, int from)
    {
        if (from < s.Length && s[from] is '%' or '‰')
        {
            return (s[from].ToString(), from + 1);
        }

        var j = from;
        while (j < s.Length && IsUnitChar(s[j]))
        {
            j++;
        }

        var unit = s[from..j];

        // "万m2" written without the superscript.
        if (unit.EndsWith('m') && j < s.Length && s[j] is '2' or '3' && (j + 1 == s.Length || !char.IsAsciiDigit(s[j + 1])))
        {
            unit += s[j] == '2' ? "²" : "³";
            j++;
        }

        // "100 余项", "100多家": approximately 100 of the unit.
        if (unit.Length > 1 && unit[0] is '余' or '多')
        {
            unit = unit[1..];
        }

        var cut = unit.Length;
        foreach (var stop in UnitStopWords)
        {
            var at = unit.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && at < cut)
            {
                cut = at;
            }
        }

        unit = unit[..cut];
        return (unit.Length == 0 ? null : unit, j);
    }

    private static bool IsUnitChar(char c) => char.IsLetter(c) || c is '²' or '³' or '°' or '℃' or '/' or '‰' or '%';
}
