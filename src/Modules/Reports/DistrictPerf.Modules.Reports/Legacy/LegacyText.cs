using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DistrictPerf.Modules.Reports.Legacy;

/// <summary>
/// Text clean-up for PDF-extracted Chinese reports: full-width digits/letters to ASCII, and the
/// spaces a PDF extractor leaves inside words ("部门 整体支出", "完 成 策 方 案", "5,278.33 万元").
/// </summary>
internal static partial class LegacyText
{
    /// <summary>
    /// Full-width digits, letters and number symbols (％．＋－／) to ASCII; ideographic and no-break
    /// spaces to ' '; CR/LF to LF; zero-width characters dropped. Chinese punctuation (，。（）“”) is kept.
    /// Tabs and line breaks are kept (table rows are tab-separated).
    /// </summary>
    public static string NormalizeWidth(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\r':
                    if (i + 1 >= text.Length || text[i + 1] != '\n')
                    {
                        sb.Append('\n');
                    }

                    continue;
                case '\u200B' or '\u200C' or '\u200D' or '\uFEFF':
                    continue;
                case '\u3000' or '\u00A0' or '\u2002' or '\u2003' or '\u2009' or '\u202F':
                    sb.Append(' ');
                    continue;
                case '\u2212':
                    sb.Append('-');
                    continue;
                case >= '\uFF10' and <= '\uFF19':
                case >= '\uFF21' and <= '\uFF3A':
                case >= '\uFF41' and <= '\uFF5A':
                case '\uFF05' or '\uFF0E' or '\uFF0B' or '\uFF0D' or '\uFF0F':
                    sb.Append((char)(c - 0xFEE0));
                    continue;
                default:
                    sb.Append(c);
                    continue;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Removes runs of spaces next to a CJK character or CJK punctuation (both sides of a Chinese
    /// word, and between a number and its Chinese unit), before % ² ³ ‰, and at the start/end of
    /// a line or table cell. Spaces between two Latin words or numbers are kept (collapsed to one).
    /// </summary>
    public static string CollapseSpaces(string text)
    {
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != ' ')
            {
                sb.Append(c);
                i++;
                continue;
            }

            var j = i;
            while (j < text.Length && text[j] == ' ')
            {
                j++;
            }

            var prev = sb.Length > 0 ? sb[sb.Length - 1] : '\n';
            var next = j < text.Length ? text[j] : '\n';
            var drop = prev is '\n' or '\t' || next is '\n' or '\t'
                || IsCjk(prev) || IsCjk(next) || next is '%' or '²' or '³' or '‰';
            if (!drop)
            {
                sb.Append(' ');
            }

            i = j;
        }

        return sb.ToString();
    }

    /// <summary>Both steps: <see cref="NormalizeWidth"/> then <see cref="CollapseSpaces"/>, trimmed.</summary>
    public static string Clean(string text) => CollapseSpaces(NormalizeWidth(text)).Trim();

    public static bool IsCjk(char c) =>
        c is (>= '\u2E80' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFE30' and <= '\uFE4F')
            or (>= '\uFF00' and <= '\uFFEF') or (>= '\u2018' and <= '\u201F') or '…' or '—' or '·';

    /// <summary>Joins wrapped lines of one paragraph: no separator unless two Latin letters/digits meet.</summary>
    public static string JoinLines(IEnumerable<string> lines)
    {
        var sb = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (sb.Length > 0 && char.IsAsciiLetterOrDigit(sb[sb.Length - 1]) && char.IsAsciiLetterOrDigit(line[0]))
            {
                sb.Append(' ');
            }

            sb.Append(line);
        }

        return sb.ToString();
    }

    /// <summary>Appends a continuation (a table cell split over a page break) to a text.</summary>
    public static string? Append(string? existing, string addition)
    {
        if (addition.Length == 0)
        {
            return existing;
        }

        return string.IsNullOrEmpty(existing) ? addition : JoinLines([existing, addition]);
    }

    /// <summary>Trims whitespace and clause punctuation (，,。.；;：:、) from both ends.</summary>
    public static string TrimPunctuation(string text) => text.Trim().Trim('，', ',', '。', '.', '；', ';', '：', ':', '、', ' ', '\t', '\n');

    /// <summary>"5,278.33" / "-625.85" / "96.05" → decimal; null when not a number.</summary>
    public static decimal? ParseDecimal(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var cleaned = text.Replace(",", string.Empty, StringComparison.Ordinal).Replace("+", string.Empty, StringComparison.Ordinal).Trim();
        return decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
    }

    /// <summary>An amount in 元 as 万元, exactly (no rounding; trailing zeros of the division dropped).</summary>
    public static decimal YuanToWan(decimal yuan) => Trim(yuan / 10_000m);

    /// <summary>The same value without trailing zeros (132.0000 → 132).</summary>
    public static decimal Trim(decimal value) => value / 1.0000000000000000000000000000m;

    /// <summary>Display width of a text in a fixed-width rendering: CJK and full-width characters count 2, others 1.</summary>
    public static int DisplayWidth(ReadOnlySpan<char> text)
    {
        var width = 0;
        foreach (var c in text)
        {
            width += c == '\t' ? 8 : IsCjk(c) || c is '％' or '，' ? 2 : 1;
        }

        return width;
    }

    /// <summary>"6" / "10" / "六" / "十" / "十二" / "二十一" / "两" → int; null otherwise.</summary>
    public static int? ParseSmallInt(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        const string digits = "零一二三四五六七八九";
        static int Digit(char c) => c == '两' ? 2 : digits.IndexOf(c, StringComparison.Ordinal);

        var ten = text.IndexOf('十', StringComparison.Ordinal);
        if (ten < 0)
        {
            return text.Length == 1 && Digit(text[0]) >= 0 ? Digit(text[0]) : null;
        }

        var tensPart = text[..ten];
        var unitsPart = text[(ten + 1)..];
        var tens = tensPart.Length == 0 ? 1 : tensPart.Length == 1 && Digit(tensPart[0]) > 0 ? Digit(tensPart[0]) : -1;
        var units = unitsPart.Length == 0 ? 0 : unitsPart.Length == 1 && Digit(unitsPart[0]) >= 0 ? Digit(unitsPart[0]) : -1;
        return tens < 0 || units < 0 ? null : (tens * 10) + units;
    }

    /// <summary>A number as printed in these reports: optional sign, thousands commas, decimals.</summary>
    public const string Number = @"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?";

    /// <summary>A top-level heading line "一、基本情况" or a sub-heading "(一) 部门概况" / "（三）主要工作成效".</summary>
    public static bool IsHeading(string line) => HeadingPattern().IsMatch(line);

    [GeneratedRegex(@"^\s*(?:[一二三四五六七八九十]{1,3}[、.]|[(（][一二三四五六七八九十]{1,3}[)）])")]
    private static partial Regex HeadingPattern();
}
