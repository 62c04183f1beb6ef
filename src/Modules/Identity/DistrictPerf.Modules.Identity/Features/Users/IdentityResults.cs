using DistrictPerf.SharedKernel.Errors;
using Microsoft.AspNetCore.Identity;

namespace DistrictPerf.Modules.Identity.Features.Users;

internal static class IdentityResults
{
    /// <summary>Turns Identity's errors into 400 (naming the field) or 409 (stale stamp).</summary>
    public static void ThrowIfFailed(this IdentityResult result, string fieldPrefix = "", string passwordField = "password")
    {
        if (result.Succeeded)
        {
            return;
        }

        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            throw new ConflictException("数据已被他人修改，请刷新后重试 / The record was changed by someone else; reload and try again.", "concurrencyStamp");
        }

        var errors = result.Errors
            .GroupBy(e => Prefix(fieldPrefix, FieldOf(e.Code, passwordField)))
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
        throw new FieldValidationException(errors);
    }

    private static string FieldOf(string code, string passwordField) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
        "DuplicateUserName" or "InvalidUserName" => "userName",
        "DuplicateEmail" or "InvalidEmail" => "email",
        "InvalidRoleName" or "UserAlreadyInRole" or "UserNotInRole" => "roles",
        _ => "user",
    };

    private static string Prefix(string prefix, string field) => prefix.Length == 0 ? field : $"{prefix}.{field}";
}
