using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DistrictPerf.Modules.Identity.Auth;

/// <summary>
/// Cookie re-validation runs before tenant resolution; it must look the user up inside the
/// user's own bureau, or the tenant filter would hide the user and sign every bureau user out.
/// </summary>
internal sealed class TenantAwareSecurityStampValidator(
    IOptions<SecurityStampValidatorOptions> options,
    SignInManager<AppUser> signInManager,
    ILoggerFactory logger,
    ICurrentTenant currentTenant)
    : SecurityStampValidator<AppUser>(options, signInManager, logger)
{
    public override async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        using (currentTenant.Change(DistrictPerfClaims.HomeTenantOf(context.Principal)))
        {
            await base.ValidateAsync(context);
        }
    }
}
