using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Bureaus.Domain;
using DistrictPerf.Modules.Bureaus.Localization;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Messaging;
using DistrictPerf.SharedKernel.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Bureaus.Features.HostSide;

internal sealed record UpdateBureauBody(string? Name, string? District, string? ConcurrencyStamp);

/// <summary>Renames a bureau or moves it to another district name.</summary>
internal sealed record UpdateBureau(Guid Id, string? Name, string? District, string? ConcurrencyStamp) : ICommand<BureauDto>;

internal sealed record ChangeBureauStatusBody(string? ConcurrencyStamp);

/// <summary>Disables (its users can no longer sign in or act) or re-enables a bureau. Data is kept.</summary>
internal sealed record ChangeBureauStatus(Guid Id, bool Active, string? ConcurrencyStamp) : ICommand<BureauDto>;

internal sealed class UpdateBureauValidator : AbstractValidator<UpdateBureau>
{
    public UpdateBureauValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Bureau.NameMaxLength).MustBePlainText();
        RuleFor(x => x.District).NotEmpty().MaximumLength(Bureau.DistrictMaxLength).MustBePlainText();
        RuleFor(x => x.ConcurrencyStamp).NotEmpty();
    }
}

internal sealed class ChangeBureauStatusValidator : AbstractValidator<ChangeBureauStatus>
{
    public ChangeBureauStatusValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.ConcurrencyStamp).NotEmpty();
    }
}

internal sealed class UpdateBureauHandler(DbContext db, IBureauDirectory directory, TimeProvider clock, AfterCommit afterCommit)
    : ICommandHandler<UpdateBureau, BureauDto>, ICommandHandler<ChangeBureauStatus, BureauDto>
{
    public async ValueTask<BureauDto> Handle(UpdateBureau command, CancellationToken cancellationToken)
    {
        var bureau = await Load(command.Id, cancellationToken);
        db.ExpectConcurrencyStamp(bureau, command.ConcurrencyStamp);
        bureau.Name = command.Name!.Trim();
        bureau.District = command.District!.Trim();
        afterCommit.Add(() => directory.Invalidate(bureau.Id));
        return BureauDto.From(bureau);
    }

    public async ValueTask<BureauDto> Handle(ChangeBureauStatus command, CancellationToken cancellationToken)
    {
        var bureau = await Load(command.Id, cancellationToken);
        db.ExpectConcurrencyStamp(bureau, command.ConcurrencyStamp);
        if (bureau.IsActive == command.Active)
        {
            throw command.Active
                ? new ConflictException(BureausMessages.AlreadyActive, code: "conflict.bureaus.already_active")
                : new ConflictException(BureausMessages.AlreadyDisabled, code: "conflict.bureaus.already_disabled");
        }

        bureau.IsActive = command.Active;
        bureau.DisabledAt = command.Active ? null : clock.GetUtcNow().UtcDateTime;
        afterCommit.Add(() => directory.Invalidate(bureau.Id));
        return BureauDto.From(bureau);
    }

    private async Task<Bureau> Load(Guid id, CancellationToken ct) =>
        await db.Set<Bureau>().FirstOrDefaultAsync(b => b.Id == id, ct) ?? throw new NotFoundException("Bureau", id);

    internal static void Map(IEndpointRouteBuilder host)
    {
        host.MapPut("/bureaus/{id:guid}", async (Guid id, UpdateBureauBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new UpdateBureau(id, body.Name, body.District, body.ConcurrencyStamp), ct)))
            .RequirePermission(Permissions.HostBureausManage)
            .WithName("UpdateBureau")
            .WithSummary("部门改名 / Rename a bureau")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        host.MapPost("/bureaus/{id:guid}/disable", async (Guid id, ChangeBureauStatusBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ChangeBureauStatus(id, false, body.ConcurrencyStamp), ct)))
            .RequirePermission(Permissions.HostBureausManage)
            .WithName("DisableBureau")
            .WithSummary("停用部门 / Disable a bureau")
            .ProducesProblem(StatusCodes.Status409Conflict);

        host.MapPost("/bureaus/{id:guid}/enable", async (Guid id, ChangeBureauStatusBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ChangeBureauStatus(id, true, body.ConcurrencyStamp), ct)))
            .RequirePermission(Permissions.HostBureausManage)
            .WithName("EnableBureau")
            .WithSummary("启用部门 / Re-enable a bureau")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
