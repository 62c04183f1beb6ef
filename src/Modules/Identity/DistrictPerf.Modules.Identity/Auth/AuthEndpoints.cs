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
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        auth.MapPost("/refresh", Refresh)
            .AllowAnonymous()
            .WithName("RefreshToken")
            .Produces<AccessTokenResponse>();

        auth.MapPost("/logout", async (SignInManager<AppUser> signInManager) =>
            {
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
        SignInManager<AppUser> signInManager,
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

        Guid? tenantId = null;
        if (!string.IsNullOrWhiteSpace(request.BureauCode))
        {
            var bureau = await bureaus.FindByCodeAsync(request.BureauCode);
            if (bureau is null)
            {
                return InvalidCredentials();
            }

            if (!bureau.IsActive)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: IdentityMessages.BureauDisabledTitle,
                    detail: IdentityMessages.BureauDisabled,
                    extensions: ErrorCodes.Extensions("bureau_disabled"));
            }

            tenantId = bureau.Id;
        }

        using (currentTenant.Change(tenantId))
        {
            var user = await signInManager.UserManager.FindByNameAsync(request.UserName!.Trim());
            if (user is { IsActive: false })
            {
                return InvalidCredentials();
            }

            signInManager.AuthenticationScheme = useCookies == true
                ? IdentityConstants.ApplicationScheme
                : IdentityConstants.BearerScheme;
            var result = await signInManager.PasswordSignInAsync(request.UserName.Trim(), request.Password!, isPersistent: false, lockoutOnFailure: true);
            if (result.IsLockedOut)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: IdentityMessages.LockedOutTitle,
                    detail: IdentityMessages.LockedOut,
                    extensions: ErrorCodes.Extensions("locked_out"));
            }

            if (!result.Succeeded)
            {
                return InvalidCredentials();
            }

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
        ICurrentTenant currentTenant)
    {
        var signInManager = services.GetRequiredService<SignInManager<AppUser>>();
        var bearerOptions = services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var ticket = string.IsNullOrEmpty(request.RefreshToken) ? null : bearerOptions.RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires)
        {
            return InvalidCredentials();
        }

        using (currentTenant.Change(DistrictPerfClaims.HomeTenantOf(ticket.Principal)))
        {
            if (await BearerSecurityStampCheck.ActiveUserAsync(signInManager, currentTenant, ticket.Principal) is not { } user)
            {
                return InvalidCredentials();
            }

            var principal = await signInManager.CreateUserPrincipalAsync(user);
            return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
        }
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
