using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.Modules.Identity.Localization;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Tenancy;
using FluentValidation;

namespace DistrictPerf.Modules.Identity.Features.Users;

internal sealed record UserDto(
    Guid Id, string UserName, string? DisplayName, string? Email, bool IsActive,
    IReadOnlyList<string> Roles, DateTimeOffset? LockedOutUntil, DateTime CreatedAt, string? ConcurrencyStamp)
{
    internal static UserDto From(AppUser u, IEnumerable<string> roles) =>
        new(u.Id, u.UserName!, u.DisplayName, u.Email, u.IsActive, roles.Order(StringComparer.Ordinal).ToList(),
            u.LockoutEnd, u.CreatedAt, u.ConcurrencyStamp);
}

internal static class UserRules
{
    public const string UserNamePattern = "^[A-Za-z0-9._@-]+$";

    /// <summary>Roles assignable in the current context: host roles on the host, bureau roles in a bureau.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string?>?> ValidRoles<T>(this IRuleBuilder<T, IReadOnlyList<string?>?> rule, ICurrentTenant tenant) =>
        rule.NotNull()
            .Must(r => r!.Count > 0).WithMessage(_ => IdentityMessages.RoleRequired).WithErrorCode("identity.role_required")
            .Must(r => r!.All(name => name is not null && Roles.Find(name) is { } def && def.Side == (tenant.Id is null ? RoleSide.Host : RoleSide.Bureau)))
            .WithMessage(_ => IdentityMessages.RoleInvalid(string.Join("、", Roles.Definitions.Where(d => d.Side == (tenant.Id is null ? RoleSide.Host : RoleSide.Bureau)).Select(d => d.Name))))
            .WithErrorCode("identity.role_invalid");
}
