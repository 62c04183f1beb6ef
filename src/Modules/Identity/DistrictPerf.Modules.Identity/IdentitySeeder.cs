using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.Modules.Identity.Features.Users;
using DistrictPerf.SharedKernel.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Identity;

/// <summary>Creates the fixed roles and (when configured) the first host administrator.</summary>
internal sealed class IdentitySeeder(RoleManager<AppRole> roles, UserManager<AppUser> users)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var definition in Roles.Definitions)
        {
            var role = await roles.FindByNameAsync(definition.Name);
            if (role is null)
            {
                role = new AppRole { Name = definition.Name, Side = definition.Side, DisplayName = definition.DisplayNameZh };
                (await roles.CreateAsync(role)).ThrowIfFailed();
            }
            else if (role.Side != definition.Side || role.DisplayName != definition.DisplayNameZh)
            {
                role.Side = definition.Side;
                role.DisplayName = definition.DisplayNameZh;
                (await roles.UpdateAsync(role)).ThrowIfFailed();
            }
        }
    }

    /// <summary>
    /// Creates a user in the current tenant unless one with that name exists there.
    /// Returns false when the user already existed.
    /// </summary>
    public async Task<bool> EnsureUserAsync(Guid? tenantId, string userName, string password, string? displayName, params string[] roleNames)
    {
        if (await users.FindByNameAsync(userName) is not null)
        {
            return false;
        }

        var user = new AppUser { TenantId = tenantId, UserName = userName, DisplayName = displayName };
        (await users.CreateAsync(user, password)).ThrowIfFailed();
        (await users.AddToRolesAsync(user, roleNames)).ThrowIfFailed();
        return true;
    }

    /// <summary>True when the host has at least one user (so no bootstrap is needed).</summary>
    public Task<bool> HostHasUsersAsync() => users.Users.AnyAsync(u => u.TenantId == null);
}
