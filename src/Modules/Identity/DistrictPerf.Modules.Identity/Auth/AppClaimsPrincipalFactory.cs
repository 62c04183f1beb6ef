using System.Globalization;
using System.Security.Claims;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.SharedKernel.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DistrictPerf.Modules.Identity.Auth;

/// <summary>Adds the user's bureau (tenant id and code) and display name to the principal.</summary>
internal sealed class AppClaimsPrincipalFactory(
    UserManager<AppUser> userManager,
    RoleManager<AppRole> roleManager,
    IOptions<IdentityOptions> options,
    IBureauDirectory bureaus)
    : UserClaimsPrincipalFactory<AppUser, AppRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.TenantId is { } tenantId)
        {
            identity.AddClaim(new Claim(DistrictPerfClaims.TenantId, tenantId.ToString("D", CultureInfo.InvariantCulture)));
            var bureau = await bureaus.FindAsync(tenantId);
            if (bureau is not null)
            {
                identity.AddClaim(new Claim(DistrictPerfClaims.BureauCode, bureau.Code));
            }
        }

        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.AddClaim(new Claim(DistrictPerfClaims.DisplayName, user.DisplayName));
        }

        return identity;
    }
}
