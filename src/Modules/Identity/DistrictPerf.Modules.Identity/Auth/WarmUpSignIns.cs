using System.Security.Claims;
using System.Security.Cryptography;
using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.SharedKernel.Modules;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DistrictPerf.Modules.Identity.Auth;

/// <inheritdoc cref="IWarmUpSignIns"/>
internal sealed class WarmUpSignIns(
    DbContext db, ICurrentTenant currentTenant, IUserClaimsPrincipalFactory<AppUser> principals,
    IOptionsMonitor<BearerTokenOptions> bearer, IOptionsMonitor<CookieAuthenticationOptions> cookies, TimeProvider clock)
    : IWarmUpSignIns
{
    /// <summary>How many users are weighed for the principal with the most permissions.</summary>
    private const int Candidates = 10;

    public async Task<ClaimsPrincipal?> PrincipalAsync(Guid? bureau, CancellationToken cancellationToken)
    {
        using (currentTenant.Change(bureau))
        {
            var users = await db.Set<AppUser>().AsNoTracking()
                .Where(u => u.TenantId == bureau && u.IsActive)
                .OrderBy(u => u.UserName)
                .Take(Candidates)
                .ToListAsync(cancellationToken);
            ClaimsPrincipal? best = null;
            foreach (var user in users)
            {
                var principal = await principals.CreateAsync(user);
                if (best is null || principal.Claims.Count() > best.Claims.Count())
                {
                    best = principal;
                }
            }

            return best;
        }
    }

    public IReadOnlyList<(string Header, string Value)> UnknownSessionCredentials(ClaimsPrincipal principal)
    {
        // A session id no sign-in ever made (sign-ins make 32 hex digits): the check looks it up and finds nothing.
        var identity = new ClaimsIdentity(principal.Claims, IdentityConstants.ApplicationScheme);
        identity.AddClaim(new Claim(SignInSessions.SessionClaim, "warm-up-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));
        var properties = new AuthenticationProperties { ExpiresUtc = clock.GetUtcNow().AddMinutes(1) };
        var token = bearer.Get(IdentityConstants.BearerScheme).BearerTokenProtector
            .Protect(new AuthenticationTicket(new ClaimsPrincipal(identity), properties, IdentityConstants.BearerScheme));
        var cookie = cookies.Get(IdentityConstants.ApplicationScheme);
        var ticket = cookie.TicketDataFormat.Protect(new AuthenticationTicket(new ClaimsPrincipal(identity), properties, IdentityConstants.ApplicationScheme));
        return [("Authorization", "Bearer " + token), ("Cookie", cookie.Cookie.Name + "=" + ticket)];
    }
}
