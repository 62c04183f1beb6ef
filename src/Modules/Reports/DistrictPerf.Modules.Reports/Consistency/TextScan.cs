using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DistrictPerf.Modules.Reports.Consistency;

/// <summary>
/// Text helpers for narratives extracted from PDFs: full-width folding (length-preserving, so
/// positions in the folded text are positions in the original), number parsing, clause and
/// sentence boundaries, and verbatim excerpts.
/// </summary>
internal static partial class TextScan
{
    /// <summary>
    /// Folds full-width digits, ％, ．, full-width Latin letters and odd spaces to ASCII, one char for one char
    /// (so indices stay valid in the original text). Chinese punctuation (，；：（）) is kept.
    /// </summary>
    public static string Fold(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            chars[i] = c switch
            {
                >= '０' and <= '９' => (char)(c - '０' + '0'),
                >= 'Ａ' and <= 'Ｚ' => (char)(c - 'Ａ' + 'A'),
                >= 'ａ' and <= 'ｚ' => (char)(c - 'ａ' + 'a'),
                '％' => '%',
                '．' => '.',
                '\u3000' or '\u00A0' or '\u2002' or '\u2003' or '\u2009' or '\u202F' => ' ',
                _ => c,
            };
        }

        return new string(chars);
    }

    /// <summary>"5,278.33" / "5278.33" / "96.05" → decimal; Chinese numerals 一…九十九 too (for counts).</summary>
    public static bool TryParseNumber(string raw, out decimal value)
    {
        var s = raw.Replace(",", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        return TryParseChineseNumeral(s, out value);
    }

    private static bool TryParseChineseNumeral(string s, out decimal value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }

        static int Digit(char c) => "零一二三四五六七八九".IndexOf(c, StringComparison.Ordinal) is var i and >= 0 ? i : c == '两' ? 2 : -1;

        var ten = s.IndexOf('十', StringComparison.Ordinal);
        if (ten < 0)
        {
            if (s.Length != 1 || Digit(s[0]) < 0)
            {
                return false;
            }

            value = Digit(s[0]);
            return true;
        }

        var tens = ten == 0 ? 1 : ten == 1 ? Digit(s[0]) : -1;
        var units = ten == s.Length - 1 ? 0 : ten == s.Length - 2 ? Digit(s[^1]) : -1;
        if (tens < 1 || units < 0)
        {
            return false;
        }

        value = (tens * 10) + units;
        return true;
    }

    /// <summary>A clause ends at Chinese/ASCII sentence punctuation, a line break, 、, or an ASCII comma that is not a thousands separator.</summary>
    public static bool IsClauseBreak(string text, int i)
    {
        var c = text[i];
        return c switch
        {
            '，' or '。' or '；' or ';' or '！' or '？' or '!' or '?' or '、' or '\n' or '\r' => true,
            ',' => !(i > 0 && char.IsAsciiDigit(text[i - 1]) && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])),
            _ => false,
        };
    }

    public static bool IsSentenceBreak(char c) => c is '。' or '；' or ';' or '！' or '？' or '!' or '?';

    /// <summary>Start index of the clause that contains <paramref name="index"/> (looking back at most <paramref name="max"/> chars).</summary>
    public static int ClauseStart(string text, int index, int max = 40)
    {
        var limit = Math.Max(0, index - max);
        for (var i = index - 1; i >= limit; i--)
        {
            if (IsClauseBreak(text, i))
            {
                return i + 1;
            }
        }

        return limit;
    }

    public static int ClauseEnd(string text, int index, int max = 40)
    {
        var limit = Math.Min(text.Length, index + max);
        for (var i = index; i < limit; i++)
        {
            if (IsClauseBreak(text, i))
            {
                return i;
            }
        }

        return limit;
    }

    /// <summary>The clause around [start, end), verbatim from <paramref name="original"/> (trimmed), so a UI can find and highlight it.</summary>
    public static string ClauseExcerpt(string original, string folded, int start, int end)
    {
        var s = ClauseStart(folded, start);
        var e = ClauseEnd(folded, end);
        return Verbatim(original, s, e);
    }

    public static string Verbatim(string original, int start, int end) => original[start..end].Trim();

    /// <summary>Sentences (split on 。；！？ — not on line breaks, which PDFs put mid-sentence) as [start, end) ranges.</summary>
    public static IEnumerable<(int Start, int End)> Sentences(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsSentenceBreak(text[i]))
            {
                if (i > start)
                {
                    yield return (start, i);
                }

                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return (start, text.Length);
        }
    }

    /// <summary>Indicator names compared loosely: folded, lower-case, without whitespace, quotes and punctuation.</summary>
    public static string NameKey(string name)
    {
        var folded = Fold(name);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    public static bool IsCjk(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';

    public static string Percent(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "%";

    public static string Amount(decimal value) => value.ToString("#,##0.00", CultureInfo.InvariantCulture);

    public static string Fixed2(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A number as written, without trailing zeros (a score stored as 95.0 reads "95").</summary>
    public static string Plain(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    /// <summary>Whitespace collapsed — for names quoted inside messages.</summary>
    public static string Squash(string s) => WhitespaceRun().Replace(s.Trim(), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();
}
