using DistrictPerf.SharedKernel.Localization;
using FluentValidation;

namespace DistrictPerf.SharedKernel.Domain;

/// <summary>
/// Names and codes are plain text: no control characters (U+0000–U+001F, U+007F; line breaks and tabs only where
/// multi-line text is allowed) and no text-direction controls (U+200E/U+200F, U+202A–U+202E, U+2066–U+2069), which
/// can make a name display as something else (e.g. a right-to-left override turning "txt.exe" around).
/// </summary>
public static class PlainText
{
    public const string Code = "control_characters";

    public static bool IsPlain(string? text, bool multiline = false)
    {
        if (text is null)
        {
            return true;
        }

        foreach (var c in text)
        {
            if (c is '\n' or '\r' or '\t' ? !multiline : IsForbidden(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsForbidden(char c) =>
        c < '\u0020' || c == '\u007F' || c is '\u200E' or '\u200F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    /// <summary>FluentValidation: a single-line name or code without control characters (code <c>control_characters</c>).</summary>
    public static IRuleBuilderOptions<T, string?> MustBePlainText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(t => IsPlain(t)).WithMessage(_ => SharedMessages.ControlCharacters).WithErrorCode(Code);

    /// <summary>FluentValidation: multi-line text (line breaks and tabs allowed) without other control characters.</summary>
    public static IRuleBuilderOptions<T, string?> MustBePlainMultilineText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(t => IsPlain(t, multiline: true)).WithMessage(_ => SharedMessages.ControlCharacters).WithErrorCode(Code);
}
