using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Budgets.Localization;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Budgets.Features;

internal sealed record AdjustmentDto(
    Guid Id, DateOnly Date, Guid LineId, string LineCode, BudgetKind LineKind, AdjustmentKind Kind, decimal Amount, string Reason,
    AdjustmentExclusion? ExcludedFromRate, Guid? ImportJobId);

internal sealed record ListAdjustments(int Year) : IQuery<IReadOnlyList<AdjustmentDto>>;

internal sealed record CreateAdjustmentBody(DateOnly? Date, Guid? LineId, AdjustmentKind? Kind, decimal? Amount, string? Reason, AdjustmentExclusion? ExcludedFromRate);

internal sealed record CreateAdjustment(int Year, DateOnly? Date, Guid? LineId, AdjustmentKind? Kind, decimal? Amount, string? Reason, AdjustmentExclusion? ExcludedFromRate)
    : ICommand<AdjustmentDto>;

internal sealed record DeleteAdjustment(int Year, Guid Id) : ICommand<Unit>;

internal sealed class DeleteAdjustmentValidator : AbstractValidator<DeleteAdjustment>
{
    public DeleteAdjustmentValidator()
    {
        RuleFor(x => x.Year).MustBeFiscalYear();
        RuleFor(x => x.Id).NotEmpty();
    }
}

internal sealed class CreateAdjustmentValidator : AbstractValidator<CreateAdjustment>
{
    public CreateAdjustmentValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Date).NotNull().InFiscalYear(c => c.Year);
        RuleFor(x => x.LineId).NotNull();
        RuleFor(x => x.Kind).NotNull();
        RuleFor(x => x.Amount).ValidAmount(allowNegative: true)
            .Must((c, a) => SignMatches(c.Kind, a!.Value))
            .WithMessage(_ => BudgetsMessages.AdjustmentSign).WithErrorCode("budgets.adjustment_sign");
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(BudgetAdjustment.ReasonMaxLength);
    }

    public static bool SignMatches(AdjustmentKind? kind, decimal amount) => kind switch
    {
        AdjustmentKind.Increase => amount > 0,
        AdjustmentKind.Decrease => amount < 0,
        _ => true,
    };
}

internal sealed class AdjustmentsHandler(DbContext db)
    : IQueryHandler<ListAdjustments, IReadOnlyList<AdjustmentDto>>, ICommandHandler<CreateAdjustment, AdjustmentDto>, ICommandHandler<DeleteAdjustment, Unit>
{
    public async ValueTask<IReadOnlyList<AdjustmentDto>> Handle(ListAdjustments query, CancellationToken cancellationToken)
    {
        BudgetRules.EnsureYear(query.Year);
        var rows = await (from a in db.Set<BudgetAdjustment>().AsNoTracking()
                          join l in db.Set<BudgetLine>() on a.LineId equals l.Id
                          where a.FiscalYear == query.Year
                          orderby a.Date, l.Code
                          select new { a, l.Code })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new AdjustmentDto(r.a.Id, r.a.Date, r.a.LineId, r.Code, r.a.LineKind, r.a.Kind, Money.FromFen(r.a.AmountFen), r.a.Reason, r.a.ExcludedFromRate, r.a.ImportJobId)).ToList();
    }

    public async ValueTask<AdjustmentDto> Handle(CreateAdjustment command, CancellationToken cancellationToken)
    {
        BudgetRules.EnsureYear(command.Year);
        var line = await db.Set<BudgetLine>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == command.LineId && l.FiscalYear == command.Year, cancellationToken)
            ?? throw new FieldValidationException("lineId", BudgetsMessages.LineUnknown, "budgets.line_unknown");
        var date = command.Date!.Value;
        await BudgetRules.EnsureMonthOpenAsync(db, command.Year, date.Month, "date", cancellationToken);
        var amountFen = Money.ToFen(command.Amount!.Value);
        var reason = command.Reason!.Trim();
        var fingerprint = BudgetRules.AdjustmentFingerprint(line.Code, date, command.Kind!.Value, amountFen, reason);
        if (await db.Set<BudgetAdjustment>().AnyAsync(a => a.FiscalYear == command.Year && a.Fingerprint == fingerprint, cancellationToken))
        {
            throw new ConflictException(BudgetsMessages.AdjustmentDuplicate, code: "conflict.budgets.adjustment_duplicate");
        }

        var adjustment = new BudgetAdjustment
        {
            FiscalYear = command.Year,
            Month = date.Month,
            Date = date,
            LineId = line.Id,
            LineKind = line.Kind,
            Kind = command.Kind.Value,
            AmountFen = amountFen,
            Reason = reason,
            ExcludedFromRate = command.ExcludedFromRate,
            Fingerprint = fingerprint,
        };
        db.Add(adjustment);
        return new AdjustmentDto(adjustment.Id, date, line.Id, line.Code, line.Kind, adjustment.Kind, command.Amount.Value, reason, adjustment.ExcludedFromRate, null);
    }

    public async ValueTask<Unit> Handle(DeleteAdjustment command, CancellationToken cancellationToken)
    {
        BudgetRules.EnsureYear(command.Year);
        var adjustment = await db.Set<BudgetAdjustment>().FirstOrDefaultAsync(a => a.Id == command.Id && a.FiscalYear == command.Year, cancellationToken)
            ?? throw new NotFoundException("BudgetAdjustment", command.Id);
        await BudgetRules.EnsureMonthOpenAsync(db, command.Year, adjustment.Month, "date", cancellationToken);
        db.Remove(adjustment);
        return Unit.Value;
    }

    internal static void Map(IEndpointRouteBuilder budgets)
    {
        budgets.MapGet("/adjustments", async (int year, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new ListAdjustments(year), ct)))
            .RequirePermission(Permissions.BudgetsView)
            .WithName("ListBudgetAdjustments")
            .WithSummary("预算调整 / Budget adjustments of a fiscal year");

        budgets.MapPost("/adjustments", async (int year, CreateAdjustmentBody b, IMediator m, CancellationToken ct) =>
            {
                var dto = await m.Send(new CreateAdjustment(year, b.Date, b.LineId, b.Kind, b.Amount, b.Reason, b.ExcludedFromRate), ct);
                return TypedResults.Created($"/api/bureau/budgets/{year}/adjustments/{dto.Id}", dto);
            })
            .RequirePermission(Permissions.BudgetsEdit)
            .WithName("CreateBudgetAdjustment")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        budgets.MapDelete("/adjustments/{id:guid}", async (int year, Guid id, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new DeleteAdjustment(year, id), ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permissions.BudgetsEdit)
            .WithName("DeleteBudgetAdjustment")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
