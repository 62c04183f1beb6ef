using System.Security.Claims;
using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
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
/// security stamp changed since it was issued (deactivation, new password, role change) stops
/// working within <see cref="BearerCheckOptions.Interval"/> — the request becomes anonymous (401).
/// Results are cached per (user, stamp) for that interval, so a busy client costs one lookup per interval.
/// </summary>
internal sealed class BearerSecurityStampCheck(
    IHttpContextAccessor http, SignInManager<AppUser> signInManager, ICurrentTenant currentTenant, IMemoryCache cache, IOptions<BearerCheckOptions> options)
    : IClaimsTransformation
{
    private const string CheckedKey = "DistrictPerf.BearerChecked";

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        var context = http.HttpContext;
        if (context is null || principal.Identity?.IsAuthenticated != true
            || !context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return principal;
        }

        if (context.Items.TryGetValue(CheckedKey, out var done) && done is bool ok)
        {
            return ok ? principal : Anonymous;
        }

        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var stamp = principal.FindFirstValue(signInManager.Options.ClaimsIdentity.SecurityStampClaimType) ?? "";
        var key = $"bearer-check:{userId}:{stamp}";
        if (!cache.TryGetValue(key, out bool valid))
        {
            var claim = principal.FindFirstValue(DistrictPerfClaims.TenantId);
            Guid? tenant = Guid.TryParse(claim, out var id) ? id : null;
            using (currentTenant.Change(tenant))
            {
                valid = stamp.Length > 0 && await signInManager.ValidateSecurityStampAsync(principal) is { IsActive: true };
            }

            if (options.Value.Interval > TimeSpan.Zero)
            {
                cache.Set(key, valid, options.Value.Interval);
            }
        }

        context.Items[CheckedKey] = valid;
        return valid ? principal : Anonymous;
    }

    private static ClaimsPrincipal Anonymous => new(new ClaimsIdentity());
}
