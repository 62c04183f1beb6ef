using System.Security.Claims;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.Modules.Identity.Localization;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DistrictPerf.Modules.Identity.Auth;

/// <param name="BureauCode">The bureau's code; leave empty to sign in as a finance-bureau (host) user.</param>
internal sealed record LoginRequest(string? BureauCode, string? UserName, string? Password);

internal sealed record RefreshRequest(string? RefreshToken);

internal sealed record MeResponse(
    Guid Id, string UserName, string? DisplayName, Guid? BureauId, string? BureauCode,
    Guid? ActingBureauId, IReadOnlyList<string> Roles, IReadOnlyList<string> Permissions);

/// <summary>Sign-in (cookie for the web UI, bearer token for the API), refresh, sign-out, who-am-I, change one's own password.</summary>
internal static class AuthEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");

        auth.MapPost("/login", Login)
            .AllowAnonymous()
            .WithName("Login")
            .WithSummary("登录：useCookies=true 写入 Cookie，否则返回 Bearer 令牌 / Sign in: cookie when useCookies=true, else a bearer token")
            .Produces<AccessTokenResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(SignInThrottle.PolicyName);

        auth.MapPost("/refresh", Refresh)
            .AllowAnonymous()
            .WithName("RefreshToken")
            .WithSummary("用刷新令牌换取新令牌（刷新令牌只能使用一次）/ Exchange a refresh token, good once, for new tokens")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        auth.MapPost("/logout", async (ClaimsPrincipal principal, SignInSessions sessions, SignInManager<AppUser> signInManager) =>
            {
                // Ends this session at once: its cookie (and any copy of it), access and refresh tokens.
                await sessions.EndAsync(principal);
                await signInManager.SignOutAsync();
                return TypedResults.NoContent();
            })
            .RequireAuthorization()
            .WithName("Logout");

        auth.MapGet("/me", Me).RequireAuthorization().WithName("Me").Produces<MeResponse>()
            .WithSummary("当前用户、所属部门、角色与权限 / The signed-in user, bureau, roles and permissions");

        Features.Account.ChangeOwnPasswordHandler.Map(auth);
    }

    private static async Task<IResult> Login(
        LoginRequest request,
        bool? useCookies,
        HttpContext http,
        SignInManager<AppUser> signInManager,
        SignInSessions sessions,
        SignInThrottle throttle,
        IPasswordHasher<AppUser> hasher,
        IBureauDirectory bureaus,
        ICurrentTenant currentTenant)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            errors.Add("userName", "required", IdentityMessages.UserNameRequired);
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "required", IdentityMessages.PasswordRequired);
        }

        errors.ThrowIfAny();

        var account = SignInThrottle.AccountKey(request.BureauCode, request.UserName);
        var address = SignInThrottle.AddressKey(http);
        if (throttle.Check(account, address) is { } wait)
        {
            await SignInThrottle.WriteTooManyAsync(http, wait);
            return TypedResults.Empty;
        }

        // Every failure does the same work (one password hash) and gets the same answer, so neither
        // the time nor the response tells whether the bureau or the account exists.
        BureauInfo? bureau = null;
        if (!string.IsNullOrWhiteSpace(request.BureauCode))
        {
            bureau = await bureaus.FindByCodeAsync(request.BureauCode);
            if (bureau is null)
            {
                DummyHash.Verify(hasher, request.Password!);
                throttle.Failed(account, address);
                return InvalidCredentials();
            }
        }

        using (currentTenant.Change(bureau?.Id))
        {
            var user = await signInManager.UserManager.FindByNameAsync(request.UserName!.Trim());
            bool passwordOk;
            if (user is null)
            {
                DummyHash.Verify(hasher, request.Password!);
                passwordOk = false;
            }
            else
            {
                passwordOk = await signInManager.UserManager.CheckPasswordAsync(user, request.Password!);
            }

            if (user is null || !passwordOk || !user.IsActive || await signInManager.UserManager.IsLockedOutAsync(user))
            {
                throttle.Failed(account, address);
                return InvalidCredentials();
            }

            if (bureau is { IsActive: false })
            {
                // Only someone who knows the password learns that the bureau is disabled.
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: IdentityMessages.BureauDisabledTitle,
                    detail: IdentityMessages.BureauDisabled,
                    extensions: ErrorCodes.Extensions("bureau_disabled"));
            }

            throttle.Succeeded(account, address);
            var bearerToken = useCookies != true;
            signInManager.AuthenticationScheme = bearerToken ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme;
            var claims = await sessions.StartAsync(user, bearerToken);
            await signInManager.SignInWithClaimsAsync(user, isPersistent: false, [.. claims, new Claim("amr", "pwd")]);

            // The sign-in handler has written the cookie or the token response.
            return TypedResults.Empty;
        }
    }

    private static ProblemHttpResult InvalidCredentials() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: IdentityMessages.SignInFailedTitle,
            detail: IdentityMessages.SignInFailed,
            extensions: ErrorCodes.Extensions("invalid_credentials"));

    private static async Task<IResult> Refresh(
        RefreshRequest request,
        IServiceProvider services,
        TimeProvider clock,
        SignInSessions sessions)
    {
        var signInManager = services.GetRequiredService<SignInManager<AppUser>>();
        var bearerOptions = services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var ticket = string.IsNullOrEmpty(request.RefreshToken) ? null : bearerOptions.RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires)
        {
            return InvalidCredentials();
        }

        // One use: the session's refresh token is replaced; an old one presented again ends the session.
        if (await sessions.RotateAsync(ticket.Principal, signInManager.UserManager) is not { } rotated)
        {
            return InvalidCredentials();
        }

        var (user, claims) = rotated;

        var principal = await signInManager.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaims(claims);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<IResult> Me(ClaimsPrincipal principal, UserManager<AppUser> users, ICurrentTenant currentTenant)
    {
        var home = DistrictPerfClaims.HomeTenantOf(principal);
        var acting = currentTenant.Id;
        using (currentTenant.Change(home))
        {
            var user = await users.GetUserAsync(principal);
            if (user is null)
            {
                return TypedResults.Unauthorized();
            }

            var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
            var permissions = Permissions.All.Where(p => Roles.Grants(roles, p)).Order(StringComparer.Ordinal).ToList();
            return TypedResults.Ok(new MeResponse(
                user.Id, user.UserName!, user.DisplayName, user.TenantId,
                principal.FindFirst(DistrictPerfClaims.BureauCode)?.Value,
                acting, roles, permissions));
        }
    }
}

/// <summary>A password hash of no account, verified when there is no account, so that this costs what a real check costs.</summary>
internal static class DummyHash
{
    private static string? _hash;

    public static bool Verify(IPasswordHasher<AppUser> hasher, string password)
    {
        var dummy = new AppUser { UserName = "-" };
        _hash ??= hasher.HashPassword(dummy, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)));
        return hasher.VerifyHashedPassword(dummy, _hash, password) != PasswordVerificationResult.Failed;
    }
}
