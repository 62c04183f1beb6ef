using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Budgets.Localization;
using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Budgets.Features;

internal sealed record BudgetLineDto(
    Guid Id, int FiscalYear, string Code, string Name, BudgetKind Kind, string? FundingSource, Guid? MainTaskId,
    decimal Initial, string? ConcurrencyStamp)
{
    public static BudgetLineDto From(BudgetLine l) =>
        new(l.Id, l.FiscalYear, l.Code, l.Name, l.Kind, l.FundingSource, l.MainTaskId, Money.FromFen(l.InitialFen), l.ConcurrencyStamp);
}

internal sealed record ListLines(int Year) : IQuery<IReadOnlyList<BudgetLineDto>>;

internal sealed record CreateLineBody(string? Code, string? Name, BudgetKind? Kind, string? FundingSource, Guid? MainTaskId, decimal? Initial);

internal sealed record CreateLine(int Year, string? Code, string? Name, BudgetKind? Kind, string? FundingSource, Guid? MainTaskId, decimal? Initial)
    : ICommand<BudgetLineDto>;

internal sealed record UpdateLineBody(string? Name, BudgetKind? Kind, string? FundingSource, Guid? MainTaskId, decimal? Initial, string? ConcurrencyStamp);

internal sealed record UpdateLine(int Year, Guid Id, string? Name, BudgetKind? Kind, string? FundingSource, Guid? MainTaskId, decimal? Initial, string? ConcurrencyStamp)
    : ICommand<BudgetLineDto>;

internal sealed record DeleteLine(int Year, Guid Id) : ICommand<Unit>;

internal sealed class DeleteLineValidator : AbstractValidator<DeleteLine>
{
    public DeleteLineValidator()
    {
        RuleFor(x => x.Year).MustBeFiscalYear();
        RuleFor(x => x.Id).NotEmpty();
    }
}

internal sealed class CreateLineValidator : AbstractValidator<CreateLine>
{
    public CreateLineValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Code).NotEmpty().MaximumLength(BudgetLine.CodeMaxLength).Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$")
            .WithMessage(_ => BudgetsMessages.LineCodeFormat).WithErrorCode("budgets.line_code_format");
        RuleFor(x => x.Name).NotEmpty().MaximumLength(BudgetLine.NameMaxLength).MustBePlainText();
        RuleFor(x => x.Kind).NotNull();
        RuleFor(x => x.FundingSource).MaximumLength(BudgetLine.FundingSourceMaxLength).MustBePlainText();
        RuleFor(x => x.Initial).ValidAmount(allowZero: true);
    }
}

internal sealed class UpdateLineValidator : AbstractValidator<UpdateLine>
{
    public UpdateLineValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Name).NotEmpty().MaximumLength(BudgetLine.NameMaxLength).MustBePlainText();
        RuleFor(x => x.Kind).NotNull();
        RuleFor(x => x.FundingSource).MaximumLength(BudgetLine.FundingSourceMaxLength).MustBePlainText();
        RuleFor(x => x.Initial).ValidAmount(allowZero: true);
        RuleFor(x => x.ConcurrencyStamp).NotEmpty();
    }
}

internal sealed class LinesHandler(DbContext db, IPerformancePlans plans)
    : IQueryHandler<ListLines, IReadOnlyList<BudgetLineDto>>, ICommandHandler<CreateLine, BudgetLineDto>,
      ICommandHandler<UpdateLine, BudgetLineDto>, ICommandHandler<DeleteLine, Unit>
{
    /// <summary>A line may point at one of this bureau's main tasks of the same year, or at none.</summary>
    private async Task EnsureTask(int year, Guid? taskId, CancellationToken cancellationToken)
    {
        if (taskId is { } id && !await plans.TaskExistsAsync(year, id, cancellationToken))
        {
            throw new FieldValidationException("mainTaskId", BudgetsMessages.MainTaskUnknown(year), "budgets.main_task_unknown");
        }
    }

    public async ValueTask<IReadOnlyList<BudgetLineDto>> Handle(ListLines query, CancellationToken cancellationToken)
    {
        BudgetRules.EnsureYear(query.Year);
        var lines = await db.Set<BudgetLine>().AsNoTracking().Where(l => l.FiscalYear == query.Year).OrderBy(l => l.Code).ToListAsync(cancellationToken);
        return lines.Select(BudgetLineDto.From).ToList();
    }

    public async ValueTask<BudgetLineDto> Handle(CreateLine command, CancellationToken cancellationToken)
    {
        BudgetRules.EnsureYear(command.Year);
        var code = command.Code!.Trim().ToUpperInvariant();
        if (await db.Set<BudgetLine>().AnyAsync(l => l.FiscalYear == command.Year && l.Code == code, cancellationToken))
        {
            throw new ConflictException(BudgetsMessages.LineCodeExists(code, command.Year), "code", "conflict.budgets.line_code_exists");
        }

        await EnsureTask(command.Year, command.MainTaskId, cancellationToken);
        var line = new BudgetLine
        {
            FiscalYear = command.Year,
            Code = code,
            Name = command.Name!.Trim(),
            Kind = command.Kind!.Value,
            FundingSource = string.IsNullOrWhiteSpace(command.FundingSource) ? null : command.FundingSource.Trim(),
            MainTaskId = command.MainTaskId,
            InitialFen = Money.ToFen(command.Initial!.Value),
        };
        db.Add(line);
        return BudgetLineDto.From(line);
    }

    public async ValueTask<BudgetLineDto> Handle(UpdateLine command, CancellationToken cancellationToken)
    {
        var line = await Load(command.Year, command.Id, cancellationToken);
        db.ExpectConcurrencyStamp(line, command.ConcurrencyStamp);
        if (command.MainTaskId != line.MainTaskId)
        {
            await EnsureTask(command.Year, command.MainTaskId, cancellationToken);
        }

        line.Name = command.Name!.Trim();
        line.FundingSource = string.IsNullOrWhiteSpace(command.FundingSource) ? null : command.FundingSource.Trim();
        line.MainTaskId = command.MainTaskId;
        line.InitialFen = Money.ToFen(command.Initial!.Value);
        if (line.Kind != command.Kind)
        {
            var closed = await db.Set<ClosedMonth>().Where(m => m.FiscalYear == command.Year).Select(m => m.Month).ToListAsync(cancellationToken);
            if (closed.Count > 0
                && (await db.Set<SpendingEntry>().AnyAsync(s => s.LineId == line.Id && closed.Contains(s.Month), cancellationToken)
                    || await db.Set<BudgetAdjustment>().AnyAsync(a => a.LineId == line.Id && closed.Contains(a.Month), cancellationToken)))
            {
                throw new ConflictException(BudgetsMessages.LineKindLocked, "kind", "conflict.budgets.line_kind_locked");
            }

            // Figures group by the kind copied onto adjustments and spending; keep the copies in step.
            line.Kind = command.Kind!.Value;
            await db.Set<BudgetAdjustment>().Where(a => a.LineId == line.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LineKind, line.Kind), cancellationToken);
            await db.Set<SpendingEntry>().Where(a => a.LineId == line.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LineKind, line.Kind), cancellationToken);
        }

        db.Entry(line).Property(l => l.Name).IsModified = true;
        return BudgetLineDto.From(line);
    }

    public async ValueTask<Unit> Handle(DeleteLine command, CancellationToken cancellationToken)
    {
        var line = await Load(command.Year, command.Id, cancellationToken);
        if (await db.Set<BudgetAdjustment>().AnyAsync(a => a.LineId == line.Id, cancellationToken)
            || await db.Set<SpendingEntry>().AnyAsync(s => s.LineId == line.Id, cancellationToken))
        {
            throw new ConflictException(BudgetsMessages.LineInUse, code: "conflict.budgets.line_in_use");
        }

        db.Remove(line);
        return Unit.Value;
    }

    private async Task<BudgetLine> Load(int year, Guid id, CancellationToken ct)
    {
        BudgetRules.EnsureYear(year);
        return await db.Set<BudgetLine>().FirstOrDefaultAsync(l => l.Id == id && l.FiscalYear == year, ct)
            ?? throw new NotFoundException("BudgetLine", id);
    }

    internal static void Map(IEndpointRouteBuilder budgets)
    {
        budgets.MapGet("/lines", async (int year, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new ListLines(year), ct)))
            .RequirePermission(Permissions.BudgetsView)
            .WithName("ListBudgetLines")
            .WithSummary("预算项目 / Budget lines of a fiscal year");

        budgets.MapPost("/lines", async (int year, CreateLineBody b, IMediator m, CancellationToken ct) =>
            {
                var dto = await m.Send(new CreateLine(year, b.Code, b.Name, b.Kind, b.FundingSource, b.MainTaskId, b.Initial), ct);
                return TypedResults.Created($"/api/bureau/budgets/{year}/lines/{dto.Id}", dto);
            })
            .RequirePermission(Permissions.BudgetsEdit)
            .WithName("CreateBudgetLine")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        budgets.MapPut("/lines/{id:guid}", async (int year, Guid id, UpdateLineBody b, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new UpdateLine(year, id, b.Name, b.Kind, b.FundingSource, b.MainTaskId, b.Initial, b.ConcurrencyStamp), ct)))
            .RequirePermission(Permissions.BudgetsEdit)
            .WithName("UpdateBudgetLine")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        budgets.MapDelete("/lines/{id:guid}", async (int year, Guid id, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new DeleteLine(year, id), ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permissions.BudgetsEdit)
            .WithName("DeleteBudgetLine")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
