using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Bureaus.Domain;
using DistrictPerf.Modules.Bureaus.Localization;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Tenancy;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Bureaus.Features.HostSide;

internal sealed record CreateBureauAdmin(string? UserName, string? Password, string? DisplayName, string? Email);

/// <summary>The finance bureau creates a bureau together with its first administrator.</summary>
internal sealed record CreateBureau(string? Code, string? Name, string? District, CreateBureauAdmin? Admin) : ICommand<BureauDto>;

internal sealed class CreateBureauValidator : AbstractValidator<CreateBureau>
{
    public CreateBureauValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Code).NotEmpty().MaximumLength(Bureau.CodeMaxLength).Matches(BureauRules.CodePattern)
            .WithMessage(_ => BureausMessages.CodeFormat).WithErrorCode("bureaus.code_format");
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Bureau.NameMaxLength).MustBePlainText();
        RuleFor(x => x.District).NotEmpty().MaximumLength(Bureau.DistrictMaxLength).MustBePlainText();
        RuleFor(x => x.Admin).NotNull();
        RuleFor(x => x.Admin!.UserName).NotEmpty().MaximumLength(64).MustBePlainText().When(x => x.Admin is not null);
        RuleFor(x => x.Admin!.Password).NotEmpty().MaximumLength(128).When(x => x.Admin is not null);
        RuleFor(x => x.Admin!.DisplayName).MaximumLength(64).MustBePlainText().When(x => x.Admin is not null);
        RuleFor(x => x.Admin!.Email).MaximumLength(256).EmailAddress().When(x => x.Admin?.Email is { Length: > 0 });
    }
}

internal sealed class CreateBureauHandler(
    DbContext db, ICurrentTenant currentTenant, IUserProvisioner users, IBureauDirectory directory)
    : ICommandHandler<CreateBureau, BureauDto>
{
    public async ValueTask<BureauDto> Handle(CreateBureau command, CancellationToken cancellationToken)
    {
        var code = BureauRules.NormalizeCode(command.Code!);
        if (await db.Set<Bureau>().AnyAsync(b => b.Code == code, cancellationToken))
        {
            throw new ConflictException(BureausMessages.CodeTaken(code), "code", "conflict.bureaus.code_taken");
        }

        var bureau = new Bureau { Code = code, Name = command.Name!.Trim(), District = command.District!.Trim() };
        db.Add(bureau);

        // The bureau's own rows are written inside the bureau's tenant scope.
        using (currentTenant.Change(bureau.Id))
        {
            db.Add(new BureauProfile());
            var admin = command.Admin!;
            await users.CreateAsync(
                new NewUser(admin.UserName!.Trim(), admin.Password!, admin.DisplayName, admin.Email, [Roles.BureauAdmin]),
                "admin",
                cancellationToken);
        }

        directory.Invalidate(bureau.Id);
        return BureauDto.From(bureau);
    }

    internal static void Map(IEndpointRouteBuilder host) =>
        host.MapPost("/bureaus", async (CreateBureau command, IMediator mediator, CancellationToken ct) =>
            {
                var dto = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/host/bureaus/{dto.Id}", dto);
            })
            .RequirePermission(Permissions.HostBureausManage)
            .WithName("CreateBureau")
            .WithSummary("创建部门及其首个管理员 / Create a bureau with its first admin user")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
