using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.Modules.Identity.Features.Users;
using DistrictPerf.Modules.Identity.Localization;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Localization;
using DistrictPerf.SharedKernel.Tenancy;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace DistrictPerf.Modules.Identity.Features.Account;

/// <summary>The signed-in user changes their own password (never anyone else's: there is no id to name).</summary>
internal sealed record ChangeOwnPassword(string? CurrentPassword, string? NewPassword) : ICommand<Unit>;

internal sealed class ChangeOwnPasswordValidator : AbstractValidator<ChangeOwnPassword>
{
    public ChangeOwnPasswordValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.CurrentPassword).NotEmpty().MaximumLength(128);
        RuleFor(x => x.NewPassword).NotEmpty().MaximumLength(128)
            .Must((command, newPassword) => !string.Equals(newPassword, command.CurrentPassword, StringComparison.Ordinal))
            .WithMessage(_ => IdentityMessages.NewPasswordSameAsCurrent).WithErrorCode("identity.password_unchanged");
    }
}

/// <summary>
/// Checks the current password and sets the new one under the password policy (Identity's
/// reasons, localized, at <c>newPassword</c>; a wrong current password at <c>currentPassword</c>).
/// Identity renews the security stamp with the password: the user's other cookies (at their next
/// re-validation), bearer tokens and refresh tokens stop working. The endpoint keeps the caller's
/// own cookie session by re-issuing it with the new stamp.
/// </summary>
internal sealed class ChangeOwnPasswordHandler(UserManager<AppUser> users, ICurrentUser currentUser, ICurrentTenant tenant)
    : ICommandHandler<ChangeOwnPassword, Unit>
{
    public async ValueTask<Unit> Handle(ChangeOwnPassword command, CancellationToken cancellationToken)
    {
        var id = currentUser.Id ?? throw new ForbiddenException(SharedMessages.NoUser);
        if (tenant.Id != currentUser.HomeTenantId)
        {
            // The endpoint acts in the caller's own bureau (or the host); nothing else is reachable from here.
            throw new ForbiddenException(SharedMessages.NoUser);
        }

        var user = await users.FindByIdAsync(id.ToString()) ?? throw new NotFoundException("User", id);
        (await users.ChangePasswordAsync(user, command.CurrentPassword!, command.NewPassword!)).ThrowIfFailed(passwordField: "newPassword");
        return Unit.Value;
    }

    internal static void Map(IEndpointRouteBuilder auth) =>
        auth.MapPost("/change-password", async (
                ChangeOwnPassword command, IMediator mediator, ICurrentUser me, ICurrentTenant tenant, SignInManager<AppUser> signIn,
                HttpContext http, CancellationToken ct) =>
            {
                // A host user acting in a bureau (__tenant) still changes their own, host-side account.
                using (tenant.Change(me.HomeTenantId))
                {
                    await mediator.Send(command, ct);

                    // Keep this session: re-issue its cookie with the new stamp (a no-op for a bearer
                    // caller, whose token ends with the old stamp: it signs in again with the new password).
                    // The cookie keeps its session (Auth.SignInSessions); only the stamp in it is new.
                    var bearer = http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
                    if (!bearer && http.User.FindFirst(Auth.SignInSessions.SessionClaim) is { } session
                        && me.Id is { } id && await signIn.UserManager.FindByIdAsync(id.ToString()) is { } user)
                    {
                        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
                        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new System.Security.Claims.Claim(session.Type, session.Value)]);
                    }
                }

                return TypedResults.NoContent();
            })
            .RequireAuthorization()
            .WithName("ChangeOwnPassword")
            .WithSummary("修改本人密码（其他会话随之失效，当前 Cookie 会话保持登录）/ Change your own password (other sessions end; this cookie session stays)")
            .ProducesValidationProblem();
}
