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

/// <summary>Parsing of target/actual texts and the achievement they imply.</summary>
public static class IndicatorValues
{
    /// <summary>Parses "≥50宗", "50 宗以上", "100%", "3 册文本", "1500亿元", "200 万 m ²", "没有负面影响", "是", "实际完成90%", "服务90人", "26次".</summary>
    public static ParsedValue Parse(string? text) => throw new NotImplementedException();

    /// <summary>The direction a target text implies: ≥/以上/不少于 → AtLeast, ≤/以下/不超过/以内 → AtMost, "=" → Equal, 是/否 → YesNo, a bare number → AtLeast, no number → Qualitative.</summary>
    public static IndicatorDirection InferDirection(ParsedValue target) => throw new NotImplementedException();

    /// <summary>
    /// Completion ratio of actual against target (1 = exactly on target), from unrounded values:
    /// AtLeast → A ÷ T; AtMost → T ÷ A; Equal → min(A,T) ÷ max(A,T); YesNo → 1 when the answers
    /// agree, else 0. Null when it cannot be computed (qualitative, missing numbers, T = 0 for
    /// AtLeast, A = 0 for AtMost). When the target is a percentage and the actual text is a
    /// bare percentage of completion ("实际完成90%") the ratio is that percentage ÷ 100 … only
    /// if the target's unit is not "%" (for a "100%" target, 90% ÷ 100% = 0.9 as usual).
    /// </summary>
    public static decimal? CompletionRatio(IndicatorDirection direction, ParsedValue target, ParsedValue actual) => throw new NotImplementedException();
}
