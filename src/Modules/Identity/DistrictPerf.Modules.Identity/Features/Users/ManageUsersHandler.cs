using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Identity.Contracts;
using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.Modules.Identity.Localization;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Tenancy;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace DistrictPerf.Modules.Identity.Features.Users;

internal sealed record CreateUser(string? UserName, string? Password, string? DisplayName, string? Email, IReadOnlyList<string?>? Roles) : ICommand<UserDto>;

internal sealed record UpdateUserBody(string? DisplayName, string? Email, IReadOnlyList<string?>? Roles, bool? IsActive, string? ConcurrencyStamp);

internal sealed record UpdateUser(Guid Id, string? DisplayName, string? Email, IReadOnlyList<string?>? Roles, bool? IsActive, string? ConcurrencyStamp) : ICommand<UserDto>;

internal sealed record DeleteUser(Guid Id) : ICommand<Unit>;

internal sealed class DeleteUserValidator : AbstractValidator<DeleteUser>
{
    public DeleteUserValidator() => RuleFor(x => x.Id).NotEmpty();
}

internal sealed record ResetPasswordBody(string? NewPassword);

internal sealed record ResetPassword(Guid Id, string? NewPassword) : ICommand<Unit>;

internal sealed class CreateUserValidator : AbstractValidator<CreateUser>
{
    public CreateUserValidator(ICurrentTenant tenant)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.UserName).NotEmpty().MaximumLength(64).Matches(UserRules.UserNamePattern)
            .WithMessage(_ => IdentityMessages.UserNameFormat).WithErrorCode("identity.user_name_format");
        RuleFor(x => x.Password).NotEmpty().MaximumLength(128);
        RuleFor(x => x.DisplayName).MaximumLength(AppUser.DisplayNameMaxLength).MustBePlainText();
        RuleFor(x => x.Email).MaximumLength(256).EmailAddress().When(x => !string.IsNullOrEmpty(x.Email));
        RuleFor(x => x.Roles).ValidRoles(tenant);
    }
}

internal sealed class UpdateUserValidator : AbstractValidator<UpdateUser>
{
    public UpdateUserValidator(ICurrentTenant tenant)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.DisplayName).MaximumLength(AppUser.DisplayNameMaxLength).MustBePlainText();
        RuleFor(x => x.Email).MaximumLength(256).EmailAddress().When(x => !string.IsNullOrEmpty(x.Email));
        RuleFor(x => x.Roles).ValidRoles(tenant);
        RuleFor(x => x.IsActive).NotNull();
        RuleFor(x => x.ConcurrencyStamp).NotEmpty();
    }
}

internal sealed class ResetPasswordValidator : AbstractValidator<ResetPassword>
{
    public ResetPasswordValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.NewPassword).NotEmpty().MaximumLength(128);
    }
}

internal sealed class ManageUsersHandler(
    UserManager<AppUser> userManager, IUserProvisioner provisioner, ICurrentTenant tenant, ICurrentUser currentUser)
    : ICommandHandler<CreateUser, UserDto>, ICommandHandler<UpdateUser, UserDto>,
      ICommandHandler<DeleteUser, Unit>, ICommandHandler<ResetPassword, Unit>
{
    private string AdminRole => tenant.Id is null ? Roles.HostAdmin : Roles.BureauAdmin;

    public async ValueTask<UserDto> Handle(CreateUser command, CancellationToken cancellationToken)
    {
        var roles = command.Roles!.Select(r => r!).Distinct(StringComparer.Ordinal).ToList();
        var id = await provisioner.CreateAsync(
            new NewUser(command.UserName!.Trim(), command.Password!, command.DisplayName, command.Email, roles), "", cancellationToken);
        var user = await Load(id);
        return UserDto.From(user, roles);
    }

    public async ValueTask<UserDto> Handle(UpdateUser command, CancellationToken cancellationToken)
    {
        var user = await Load(command.Id);
        if (!string.Equals(user.ConcurrencyStamp, command.ConcurrencyStamp, StringComparison.Ordinal))
        {
            throw ConflictException.Concurrency();
        }

        var wanted = command.Roles!.Select(r => r!).Distinct(StringComparer.Ordinal).ToList();
        var current = await userManager.GetRolesAsync(user);
        var losesAdmin = current.Contains(AdminRole) && (!wanted.Contains(AdminRole) || command.IsActive == false);
        if (losesAdmin)
        {
            await EnsureAnotherAdmin(user);
        }

        user.DisplayName = string.IsNullOrWhiteSpace(command.DisplayName) ? null : command.DisplayName.Trim();
        (await userManager.SetEmailAsync(user, string.IsNullOrWhiteSpace(command.Email) ? null : command.Email.Trim())).ThrowIfFailed();
        var activeChanged = user.IsActive != command.IsActive;
        if (activeChanged)
        {
            user.IsActive = command.IsActive!.Value;
            // Sign the user out everywhere (cookies are re-validated against the stamp).
            await userManager.UpdateSecurityStampAsync(user);
        }

        (await userManager.RemoveFromRolesAsync(user, current.Except(wanted))).ThrowIfFailed();
        (await userManager.AddToRolesAsync(user, wanted.Except(current))).ThrowIfFailed();
        if (!activeChanged && !current.ToHashSet().SetEquals(wanted))
        {
            // Roles travel in the sign-in: re-issue it (cookies and tokens are re-checked against the stamp).
            await userManager.UpdateSecurityStampAsync(user);
        }
        (await userManager.UpdateAsync(user)).ThrowIfFailed();
        return UserDto.From(user, wanted);
    }

    public async ValueTask<Unit> Handle(DeleteUser command, CancellationToken cancellationToken)
    {
        var user = await Load(command.Id);
        if (user.Id == currentUser.Id)
        {
            throw new ConflictException(IdentityMessages.CannotDeleteSelf, code: "conflict.identity.delete_self");
        }

        if (await userManager.IsInRoleAsync(user, AdminRole))
        {
            await EnsureAnotherAdmin(user);
        }

        (await userManager.DeleteAsync(user)).ThrowIfFailed();
        return Unit.Value;
    }

    public async ValueTask<Unit> Handle(ResetPassword command, CancellationToken cancellationToken)
    {
        var user = await Load(command.Id);
        var token = await userManager.GeneratePasswordResetTokenAsync(user);
        (await userManager.ResetPasswordAsync(user, token, command.NewPassword!)).ThrowIfFailed(passwordField: "newPassword");
        await userManager.SetLockoutEndDateAsync(user, null);
        await userManager.ResetAccessFailedCountAsync(user);
        return Unit.Value;
    }

    /// <summary>A bureau (and the host) always keeps at least one active administrator.</summary>
    private async Task EnsureAnotherAdmin(AppUser user)
    {
        var admins = await userManager.GetUsersInRoleAsync(AdminRole);
        if (!admins.Any(a => a.Id != user.Id && a.IsActive))
        {
            throw new ConflictException(IdentityMessages.LastAdmin, "roles", "conflict.identity.last_admin");
        }
    }

    // UserManager.FindByIdAsync goes through the tenant filter: another bureau's user is simply not found (404).
    private async Task<AppUser> Load(Guid id) =>
        await userManager.FindByIdAsync(id.ToString()) ?? throw new NotFoundException("User", id);

    internal static void Map(IEndpointRouteBuilder users)
    {
        users.MapPost("/", async (CreateUser command, IMediator mediator, CancellationToken ct) =>
            {
                var dto = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/users/{dto.Id}", dto);
            })
            .RequirePermission(Permissions.UsersManage)
            .WithName("CreateUser")
            .ProducesValidationProblem();

        users.MapPut("/{id:guid}", async (Guid id, UpdateUserBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new UpdateUser(id, body.DisplayName, body.Email, body.Roles, body.IsActive, body.ConcurrencyStamp), ct)))
            .RequirePermission(Permissions.UsersManage)
            .WithName("UpdateUser")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        users.MapDelete("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new DeleteUser(id), ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permissions.UsersManage)
            .WithName("DeleteUser")
            .ProducesProblem(StatusCodes.Status404NotFound);

        users.MapPost("/{id:guid}/reset-password", async (Guid id, ResetPasswordBody body, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new ResetPassword(id, body.NewPassword), ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permissions.UsersManage)
            .WithName("ResetUserPassword")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
