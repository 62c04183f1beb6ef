using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Identity.Contracts;
using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace DistrictPerf.Modules.Identity.Features.Users;

internal sealed class UserProvisioner(UserManager<AppUser> userManager, ICurrentTenant currentTenant) : IUserProvisioner
{
    public async Task<Guid> CreateAsync(NewUser spec, string fieldPrefix, CancellationToken cancellationToken = default)
    {
        var user = new AppUser
        {
            TenantId = currentTenant.Id,
            UserName = spec.UserName,
            DisplayName = string.IsNullOrWhiteSpace(spec.DisplayName) ? null : spec.DisplayName.Trim(),
            Email = string.IsNullOrWhiteSpace(spec.Email) ? null : spec.Email.Trim(),
        };
        (await userManager.CreateAsync(user, spec.Password)).ThrowIfFailed(fieldPrefix);
        (await userManager.AddToRolesAsync(user, spec.Roles)).ThrowIfFailed(fieldPrefix);
        return user.Id;
    }
}
