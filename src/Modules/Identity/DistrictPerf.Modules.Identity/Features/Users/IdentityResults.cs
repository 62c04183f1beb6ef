using System.Text.RegularExpressions;
using DistrictPerf.Modules.Identity.Localization;
using DistrictPerf.SharedKernel.Errors;
using Microsoft.AspNetCore.Identity;

namespace DistrictPerf.Modules.Identity.Features.Users;

internal static partial class IdentityResults
{
    /// <summary>
    /// Turns Identity's errors into 400 (naming the field; Identity's error code is the field code)
    /// or 409 (stale stamp).
    /// </summary>
    public static void ThrowIfFailed(this IdentityResult result, string fieldPrefix = "", string passwordField = "password")
    {
        if (result.Succeeded)
        {
            return;
        }

        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            throw ConflictException.Concurrency();
        }

        var errors = new FieldErrors();
        foreach (var error in result.Errors)
        {
            errors.Add(Prefix(fieldPrefix, FieldOf(error.Code, passwordField)), error.Code, Message(error));
        }

        throw errors.ToException();
    }

    /// <summary>
    /// Identity's describer writes English only: the errors a user can cause are read from our
    /// resources in the request's language. Their one argument (a length, a name) is taken from the
    /// describer's text; anything else keeps Identity's description.
    /// </summary>
    internal static string Message(IdentityError error)
    {
        var number = NumberPattern().Match(error.Description) is { Success: true } n ? n.Value : null;
        var quoted = QuotedPattern().Match(error.Description) is { Success: true } q ? q.Groups[1].Value : null;
        return error.Code switch
        {
            nameof(IdentityErrorDescriber.PasswordTooShort) when number is not null => IdentityMessages.PasswordTooShort(number),
            nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) when number is not null => IdentityMessages.PasswordRequiresUniqueChars(number),
            nameof(IdentityErrorDescriber.PasswordRequiresDigit) => IdentityMessages.PasswordRequiresDigit,
            nameof(IdentityErrorDescriber.PasswordRequiresLower) => IdentityMessages.PasswordRequiresLower,
            nameof(IdentityErrorDescriber.PasswordRequiresUpper) => IdentityMessages.PasswordRequiresUpper,
            nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric) => IdentityMessages.PasswordRequiresNonAlphanumeric,
            nameof(IdentityErrorDescriber.PasswordMismatch) => IdentityMessages.CurrentPasswordWrong,
            nameof(IdentityErrorDescriber.DuplicateUserName) when quoted is not null => IdentityMessages.DuplicateUserName(quoted),
            nameof(IdentityErrorDescriber.InvalidUserName) when quoted is not null => IdentityMessages.InvalidUserName(quoted),
            nameof(IdentityErrorDescriber.DuplicateEmail) when quoted is not null => IdentityMessages.DuplicateEmail(quoted),
            nameof(IdentityErrorDescriber.InvalidEmail) when quoted is not null => IdentityMessages.InvalidEmail(quoted),
            _ => error.Description,
        };
    }

    private static string FieldOf(string code, string passwordField) => code switch
    {
        nameof(IdentityErrorDescriber.PasswordMismatch) => "currentPassword", // changing one's own password
        _ when code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
        "DuplicateUserName" or "InvalidUserName" => "userName",
        "DuplicateEmail" or "InvalidEmail" => "email",
        "InvalidRoleName" or "UserAlreadyInRole" or "UserNotInRole" => "roles",
        _ => "user",
    };

    private static string Prefix(string prefix, string field) => prefix.Length == 0 ? field : $"{prefix}.{field}";

    [GeneratedRegex(@"\d+")]
    private static partial Regex NumberPattern();

    [GeneratedRegex("'(.*)'")]
    private static partial Regex QuotedPattern();
}
