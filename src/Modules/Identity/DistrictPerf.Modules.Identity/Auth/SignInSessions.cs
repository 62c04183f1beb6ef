using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DistrictPerf.Modules.Identity.Auth;

/// <summary>
/// Server-side sign-in sessions. Every sign-in (cookie or bearer) creates one, a row of Identity's
/// <c>UserTokens</c> table (login provider <see cref="Provider"/>, name = the session id, value =
/// "expiry:current refresh token id"), and its cookie or tokens carry the session id
/// (<see cref="SessionClaim"/>) and, for bearer sign-ins, the refresh token's id (<see cref="RefreshClaim"/>).
/// <list type="bullet">
/// <item>Every authenticated request checks that the user exists, is active, has the security stamp the sign-in carries,
/// and that the session still exists and has not expired. The answer of the last check (one query by primary keys) is
/// kept in the process (<see cref="SessionCache"/>) under the data version (<see cref="DataVersion"/>) of the user's
/// bureau — or of the host's data for a finance-bureau user — and reused only while the database still holds that
/// version: the request reads it in the same statement that gives the read cache its versions
/// (<see cref="DataVersionReader"/>), so a check costs no query of its own until something changes. Everything that
/// can end a session renews that version in the transaction that ends it: a change to the user (deactivation, password,
/// roles: the security stamp) through SaveChanges, a sign-out and a replayed refresh token explicitly
/// (<see cref="EndSessionAsync"/>). Every replica sees the new version on its next request.</item>
/// <item>Sign-out deletes the session: its cookie (also a copy of it), access and refresh tokens stop at once.</item>
/// <item>A refresh token is good once: refreshing replaces the session's refresh token id; presenting an older
/// one again (a replay) deletes the session — the whole token family ends.</item>
/// <item>Deactivation, a password or role change renew the security stamp: every session of the user ends at once.</item>
/// </list>
/// </summary>
internal sealed class SignInSessions(
    DbContext db, UnitOfWork unitOfWork, ICurrentTenant currentTenant, TimeProvider clock, IOptionsMonitor<BearerTokenOptions> bearer,
    DataVersionReader versions, SessionCache cache)
{
    public const string Provider = "[DistrictPerf:Session]";
    public const string SessionClaim = "dp:sid";
    public const string RefreshClaim = "dp:rt";
    private const string CheckedKey = "DistrictPerf.SessionCheck";

    private sealed record SessionRow(string? SecurityStamp, bool IsActive, string? Value);

    /// <summary>A good session as the last check found it: its refresh token id and when it expires (unix seconds).</summary>
    private sealed record Checked(string RefreshId, long ExpiresAt);

    /// <summary>How long a session row is kept: the refresh token's lifetime (also the longest a cookie session lasts).</summary>
    private TimeSpan Lifetime => bearer.Get(IdentityConstants.BearerScheme).RefreshTokenExpiration;

    private static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    private string Value(string refreshId) =>
        clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + refreshId;

    private bool Expired(string value) => ExpiresAt(value) <= clock.GetUtcNow().ToUnixTimeSeconds();

    private static long ExpiresAt(string value) =>
        long.TryParse(value.AsSpan(0, Math.Max(0, value.IndexOf(':'))), NumberStyles.None, CultureInfo.InvariantCulture, out var expires) ? expires : 0;

    private static string RefreshIdOf(string value) => value[(value.IndexOf(':') + 1)..];

    /// <summary>Starts a session for the user (in the user's tenant) and returns the claims its sign-in carries.</summary>
    public async Task<Claim[]> StartAsync(AppUser user, bool bearerToken)
    {
        var sessionId = NewId();
        var refreshId = bearerToken ? NewId() : "";
        using (currentTenant.Change(user.TenantId))
        {
            await unitOfWork.ExecuteAsync(async ct =>
            {
                // The user's ended sessions go first (a session row lives at most the refresh token's lifetime).
                var mine = await db.Set<AppUserToken>().AsNoTracking()
                    .Where(t => t.UserId == user.Id && t.LoginProvider == Provider)
                    .Select(t => new { t.Name, t.Value })
                    .ToListAsync(ct);
                var ended = mine.Where(t => t.Value is null || Expired(t.Value)).Select(t => t.Name).ToList();
                if (ended.Count > 0)
                {
                    await db.Set<AppUserToken>().Where(t => t.UserId == user.Id && t.LoginProvider == Provider && ended.Contains(t.Name)).ExecuteDeleteAsync(ct);
                }

                db.Set<AppUserToken>().Add(new AppUserToken
                {
                    UserId = user.Id,
                    TenantId = user.TenantId,
                    LoginProvider = Provider,
                    Name = sessionId,
                    Value = Value(refreshId),
                });
            });

            return bearerToken
                ? [new Claim(SessionClaim, sessionId), new Claim(RefreshClaim, refreshId)]
                : [new Claim(SessionClaim, sessionId)];
        }
    }

    /// <summary>Ends the principal's session (sign-out).</summary>
    public async Task EndAsync(ClaimsPrincipal principal)
    {
        if (principal.FindFirstValue(SessionClaim) is not { } sessionId || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return;
        }

        await EndSessionAsync(DistrictPerfClaims.HomeTenantOf(principal), userId, sessionId);
    }

    /// <summary>
    /// Deletes a session and, in the same transaction, renews the data version of the user's bureau (or the host's), so
    /// that no replica keeps accepting the session from its <see cref="SessionCache"/>.
    /// </summary>
    private async Task EndSessionAsync(Guid? home, Guid userId, string sessionId)
    {
        cache.Forget(sessionId);
        using (currentTenant.Change(home))
        {
            await unitOfWork.ExecuteAsync(async ct =>
            {
                await db.Set<AppUserToken>().Where(t => t.UserId == userId && t.LoginProvider == Provider && t.Name == sessionId).ExecuteDeleteAsync(ct);
                await DataVersions.BumpAsync(db, [DataVersion.ScopeOf(home)], ct);
            });
        }

        cache.Forget(sessionId);
    }

    /// <summary>
    /// Whether the principal's user and session are still good: from <see cref="SessionCache"/> while the data version
    /// of the user's bureau is the one the last check ran under, else one query; at most once per request.
    /// </summary>
    public static async Task<bool> IsValidAsync(HttpContext context, ClaimsPrincipal principal)
    {
        if (context.Items.TryGetValue(CheckedKey, out var cached) && cached is bool known)
        {
            return known;
        }

        var valid = await context.RequestServices.GetRequiredService<SignInSessions>().IsValidAsync(principal, context.RequestAborted);
        context.Items[CheckedKey] = valid;
        return valid;
    }

    private async Task<bool> IsValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (Identify(principal) is not (string sessionId, string stamp, Guid userId))
        {
            return false;
        }

        // The version is read before the check: a change committed in between makes the kept answer newer than its
        // version (checked again next time), never older.
        var home = DistrictPerfClaims.HomeTenantOf(principal);
        var version = await versions.StampAsync(DataVersion.ScopeOf(home), cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (cache.Find(sessionId) is { } entry && entry.UserId == userId && entry.Home == home && entry.SecurityStamp == stamp
            && entry.Version == version && entry.ExpiresAt > now)
        {
            return true;
        }

        if (await CheckAsync(principal) is not { } good)
        {
            cache.Forget(sessionId);
            return false;
        }

        cache.Keep(sessionId, new SessionCache.Entry(userId, home, stamp, version, good.ExpiresAt));
        return true;
    }

    private static readonly string SecurityStampClaim = new IdentityOptions().ClaimsIdentity.SecurityStampClaimType;

    /// <summary>The session id, security stamp and user id a sign-in carries; null when one is missing.</summary>
    private static (string SessionId, string Stamp, Guid UserId)? Identify(ClaimsPrincipal principal) =>
        principal.FindFirstValue(SessionClaim) is { } sessionId
        && principal.FindFirstValue(SecurityStampClaim) is { Length: > 0 } stamp
        && Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            ? (sessionId, stamp, userId)
            : null;

    /// <summary>The session's refresh token id and expiry when the principal's user and session are good, else null (one query).</summary>
    private async Task<Checked?> CheckAsync(ClaimsPrincipal principal)
    {
        if (Identify(principal) is not (string sessionId, string stamp, Guid userId))
        {
            return null;
        }

        using (currentTenant.Change(DistrictPerfClaims.HomeTenantOf(principal)))
        {
            var row = await db.Set<AppUser>().AsNoTracking()
                .Where(u => u.Id == userId)
                .Select(u => new SessionRow(u.SecurityStamp, u.IsActive,
                    db.Set<AppUserToken>().Where(t => t.UserId == u.Id && t.LoginProvider == Provider && t.Name == sessionId).Select(t => t.Value).FirstOrDefault()))
                .FirstOrDefaultAsync();
            return row is { IsActive: true, Value: { } value } && row.SecurityStamp == stamp && !Expired(value)
                ? new Checked(RefreshIdOf(value), ExpiresAt(value))
                : null;
        }
    }

    /// <summary>
    /// Uses a refresh token's principal once: the user (active, same stamp) with the claims of the next
    /// refresh token, or null. A refresh token that is not the session's current one ends the session.
    /// </summary>
    public async Task<(AppUser User, Claim[] Claims)?> RotateAsync(ClaimsPrincipal principal, UserManager<AppUser> users)
    {
        var current = (await CheckAsync(principal))?.RefreshId;
        var presented = principal.FindFirstValue(RefreshClaim);
        if (current is null || string.IsNullOrEmpty(presented))
        {
            return null;
        }

        var sessionId = principal.FindFirstValue(SessionClaim)!;
        var userId = Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!);
        using (currentTenant.Change(DistrictPerfClaims.HomeTenantOf(principal)))
        {
            var session = db.Set<AppUserToken>().Where(t => t.UserId == userId && t.LoginProvider == Provider && t.Name == sessionId);
            var next = NewId();
            var rotated = current == presented
                && await session.Where(t => t.Value!.EndsWith(":" + presented)).ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, Value(next))) == 1;
            if (!rotated)
            {
                // A replay (or a race between two uses): the token family ends.
                await EndSessionAsync(DistrictPerfClaims.HomeTenantOf(principal), userId, sessionId);
                return null;
            }

            return await users.FindByIdAsync(userId.ToString()) is { IsActive: true } user
                ? (user, [new Claim(SessionClaim, sessionId), new Claim(RefreshClaim, next)])
                : null;
        }
    }

    /// <summary>The cookie's per-request check: a cookie whose session or user is gone or changed is refused and removed.</summary>
    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null || !await IsValidAsync(context.HttpContext, context.Principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>
    /// The bearer token's per-request check, which also authenticates the request: the token is decrypted here — once
    /// per process, <see cref="BearerTickets"/> (the handler would decrypt it a second time) — its expiry checked as the
    /// handler does on every request, then its user and session; a valid token's ticket is handed to the handler as the
    /// result.
    /// </summary>
    public static async Task ValidateBearerAsync(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var ticket = context.HttpContext.RequestServices.GetRequiredService<BearerTickets>().Unprotect(header["Bearer ".Length..].Trim(), context.Options.BearerTokenProtector);
        if (ticket?.Principal is not { } principal || ticket.Properties.ExpiresUtc is not { } expires)
        {
            context.Fail("Unprotected token failed");
            return;
        }

        if ((context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow() >= expires)
        {
            context.Fail("Token expired");
            return;
        }

        if (!await IsValidAsync(context.HttpContext, principal))
        {
            context.Fail("The token's session ended or its user was deactivated or changed; sign in again.");
            return;
        }

        context.Principal = principal;
        context.Properties = ticket.Properties;
        context.Success();
    }
}
