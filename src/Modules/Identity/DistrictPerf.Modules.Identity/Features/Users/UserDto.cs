using DistrictPerf.Modules.Identity.Domain;
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
            .Must(r => r!.Count > 0).WithMessage("至少指定一个角色 / At least one role is required.")
            .Must(r => r!.All(name => name is not null && Roles.Find(name) is { } def && def.Side == (tenant.Id is null ? RoleSide.Host : RoleSide.Bureau)))
            .WithMessage(_ => $"角色无效；可选：{string.Join("、", Roles.Definitions.Where(d => d.Side == (tenant.Id is null ? RoleSide.Host : RoleSide.Bureau)).Select(d => d.Name))} / Invalid role for this side.");
}
