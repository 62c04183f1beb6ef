using System.Security.Claims;
using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DistrictPerf.Modules.Identity.Auth;

/// <summary>How often a bearer token's user is re-checked (deactivated, password or roles changed).</summary>
internal sealed class BearerCheckOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Bearer access tokens live an hour and ASP.NET Core does not re-validate them. This check does,
/// like the cookie's security-stamp validator: a token whose user is gone, deactivated, or whose
/// security stamp changed since it was issued (deactivation, new password, role change) fails
/// authentication (401) within <see cref="BearerCheckOptions.Interval"/>. Results are cached per
/// (user, stamp) for that interval, so a busy client costs one lookup per interval.
/// </summary>
internal static class BearerSecurityStampCheck
{
    /// <summary>
    /// The principal's user if it still exists, is active and has the security stamp the principal
    /// was issued with — looked up in the user's own bureau (the tenant filter would hide it otherwise).
    /// Shared by this check and the refresh endpoint.
    /// </summary>
    public static async Task<AppUser?> ActiveUserAsync(SignInManager<AppUser> signInManager, ICurrentTenant currentTenant, ClaimsPrincipal principal)
    {
        using (currentTenant.Change(DistrictPerfClaims.HomeTenantOf(principal)))
        {
            return await signInManager.ValidateSecurityStampAsync(principal) is { IsActive: true } user ? user : null;
        }
    }

    public static async Task OnMessageReceivedAsync(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var token = header["Bearer ".Length..].Trim();
        var ticket = context.Options.BearerTokenProtector.Unprotect(token);
        if (ticket?.Principal is not { } principal)
        {
            return; // the handler rejects it
        }

        var services = context.HttpContext.RequestServices;
        var signInManager = services.GetRequiredService<SignInManager<AppUser>>();
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var stamp = principal.FindFirstValue(signInManager.Options.ClaimsIdentity.SecurityStampClaimType) ?? "";
        var cache = services.GetRequiredService<IMemoryCache>();
        var key = $"bearer-check:{userId}:{stamp}";
        if (!cache.TryGetValue(key, out bool valid))
        {
            valid = stamp.Length > 0 && await ActiveUserAsync(signInManager, services.GetRequiredService<ICurrentTenant>(), principal) is not null;

            var interval = services.GetRequiredService<IOptions<BearerCheckOptions>>().Value.Interval;
            if (interval > TimeSpan.Zero)
            {
                cache.Set(key, valid, interval);
            }
        }

        if (!valid)
        {
            context.Fail("The token's user was deactivated or changed; sign in again.");
        }
    }
}
