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

internal sealed record SpendingDto(
    Guid Id, DateOnly Date, Guid LineId, string LineCode, BudgetKind LineKind, decimal Amount, string? VoucherRef, string? Memo,
    Guid? ReversalOfId, string? ReversalReason, Guid? ImportJobId);

internal sealed record SpendingPage(IReadOnlyList<SpendingDto> Items, int Total, int Page, int PageSize);

internal sealed record ListSpending(int Year, int? Month, Guid? LineId, int Page, int PageSize) : IQuery<SpendingPage>;

internal sealed record CreateSpendingBody(DateOnly? Date, Guid? LineId, decimal? Amount, string? VoucherRef, string? Memo);

internal sealed record CreateSpending(int Year, DateOnly? Date, Guid? LineId, decimal? Amount, string? VoucherRef, string? Memo) : ICommand<SpendingDto>;

internal sealed record ReverseSpendingBody(string? Reason, DateOnly? Date);

/// <summary>Corrects an entry with a reversing (红字) entry; the original stays.</summary>
internal sealed record ReverseSpending(int Year, Guid Id, string? Reason, DateOnly? Date) : ICommand<SpendingDto>;

internal sealed record DeleteSpending(int Year, Guid Id) : ICommand<Unit>;

internal sealed class DeleteSpendingValidator : AbstractValidator<DeleteSpending>
{
    public DeleteSpendingValidator()
    {
        RuleFor(x => x.Year).MustBeFiscalYear();
        RuleFor(x => x.Id).NotEmpty();
    }
}

internal sealed class CreateSpendingValidator : AbstractValidator<CreateSpending>
{
    public CreateSpendingValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Date).NotNull().InFiscalYear(c => c.Year);
        RuleFor(x => x.LineId).NotNull();
        RuleFor(x => x.Amount).ValidAmount();
        RuleFor(x => x.VoucherRef).MaximumLength(SpendingEntry.VoucherMaxLength).MustBePlainText();
        RuleFor(x => x.Memo).MaximumLength(SpendingEntry.MemoMaxLength).MustBePlainMultilineText();
    }
}

internal sealed class ReverseSpendingValidator : AbstractValidator<ReverseSpending>
{
    public ReverseSpendingValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(SpendingEntry.MemoMaxLength);
        RuleFor(x => x.Date).InFiscalYear(c => c.Year).When(x => x.Date is not null);
    }
}

internal sealed class SpendingHandler(DbContext db, TimeProvider clock)
    : IQueryHandler<ListSpending, SpendingPage>, ICommandHandler<CreateSpending, SpendingDto>,
      ICommandHandler<ReverseSpending, SpendingDto>, ICommandHandler<DeleteSpending, Unit>
{
    public const int MaxPageSize = 500;

    public async ValueTask<SpendingPage> Handle(ListSpending query, CancellationToken cancellationToken)
    {
        BudgetRules.EnsureYear(query.Year);
        if (query.Month is { } month)
        {
            BudgetRules.EnsureMonth(month);
        }

        if (query.Page is < 1 or > 1_000_000 || query.PageSize is < 1 or > MaxPageSize)
        {
            throw new FieldValidationException(query.Page < 1 ? "page" : "pageSize", BudgetsMessages.SpendingPageRange(MaxPageSize), "page_range");
        }

        var rows = from s in db.Set<SpendingEntry>().AsNoTracking()
                   join l in db.Set<BudgetLine>() on s.LineId equals l.Id
                   where s.FiscalYear == query.Year
                   select new { s, l.Code };
        if (query.Month is { } m)
        {
            rows = rows.Where(r => r.s.Month == m);
        }

        if (query.LineId is { } lineId)
        {
            rows = rows.Where(r => r.s.LineId == lineId);
        }

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderBy(r => r.s.Date).ThenBy(r => r.s.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new SpendingPage(items.Select(r => ToDto(r.s, r.Code)).ToList(), total, query.Page, query.PageSize);
    }

    public async ValueTask<SpendingDto> Handle(CreateSpending command, CancellationToken cancellationToken)
    {
        BudgetRules.EnsureYear(command.Year);
        var line = await db.Set<BudgetLine>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == command.LineId && l.FiscalYear == command.Year, cancellationToken)
            ?? throw new FieldValidationException("lineId", BudgetsMessages.LineUnknown, "budgets.line_unknown");
        var date = command.Date!.Value;
        await BudgetRules.EnsureMonthOpenAsync(db, command.Year, date.Month, "date", cancellationToken);
        var amountFen = Money.ToFen(command.Amount!.Value);
        var voucher = Clean(command.VoucherRef);
        var memo = Clean(command.Memo);
        var entry = new SpendingEntry
        {
            FiscalYear = command.Year,
            Month = date.Month,
            Date = date,
            LineId = line.Id,
            LineKind = line.Kind,
            AmountFen = amountFen,
            VoucherRef = voucher,
            Memo = memo,
            Fingerprint = BudgetRules.SpendingFingerprint(line.Code, date, amountFen, voucher, memo),
        };
        await EnsureNew(command.Year, entry.Fingerprint, cancellationToken);
        db.Add(entry);
        return ToDto(entry, line.Code);
    }

    public async ValueTask<SpendingDto> Handle(ReverseSpending command, CancellationToken cancellationToken)
    {
        var original = await Load(command.Year, command.Id, cancellationToken);
        if (original.ReversalOfId is not null)
        {
            throw new ConflictException(BudgetsMessages.ReversalOfReversal, code: "conflict.budgets.reversal_of_reversal");
        }

        if (await db.Set<SpendingEntry>().AnyAsync(s => s.ReversalOfId == original.Id, cancellationToken))
        {
            throw new ConflictException(BudgetsMessages.AlreadyReversed, code: "conflict.budgets.already_reversed");
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var date = command.Date ?? (today.Year == command.Year ? today : new DateOnly(command.Year, 12, 31));
        if (date < original.Date)
        {
            throw new FieldValidationException("date", BudgetsMessages.ReversalBeforeOriginal, "budgets.reversal_before_original");
        }

        await BudgetRules.EnsureMonthOpenAsync(db, command.Year, date.Month, "date", cancellationToken);
        var lineCode = await db.Set<BudgetLine>().Where(l => l.Id == original.LineId).Select(l => l.Code).SingleAsync(cancellationToken);
        var reversal = new SpendingEntry
        {
            FiscalYear = command.Year,
            Month = date.Month,
            Date = date,
            LineId = original.LineId,
            LineKind = original.LineKind,
            AmountFen = -original.AmountFen,
            VoucherRef = original.VoucherRef,
            Memo = $"冲销 {original.Date:yyyy-MM-dd} {original.VoucherRef}".Trim(),
            ReversalOfId = original.Id,
            ReversalReason = command.Reason!.Trim(),
            Fingerprint = "",
        };
        reversal.Fingerprint = BudgetRules.SpendingFingerprint(lineCode, date, reversal.AmountFen, reversal.VoucherRef, reversal.Memo);
        await EnsureNew(command.Year, reversal.Fingerprint, cancellationToken);
        db.Add(reversal);
        return ToDto(reversal, lineCode);
    }

    public async ValueTask<Unit> Handle(DeleteSpending command, CancellationToken cancellationToken)
    {
        var entry = await Load(command.Year, command.Id, cancellationToken);
        await BudgetRules.EnsureMonthOpenAsync(db, command.Year, entry.Month, "date", cancellationToken);
        if (entry.ReversalOfId is not null || await db.Set<SpendingEntry>().AnyAsync(s => s.ReversalOfId == entry.Id, cancellationToken))
        {
            throw new ConflictException(BudgetsMessages.ReversedEntriesKept, code: "conflict.budgets.reversed_entries_kept");
        }

        db.Remove(entry);
        return Unit.Value;
    }

    private async Task EnsureNew(int year, string fingerprint, CancellationToken ct)
    {
        if (await db.Set<SpendingEntry>().AnyAsync(s => s.FiscalYear == year && s.Fingerprint == fingerprint, ct))
        {
            throw new ConflictException(BudgetsMessages.SpendingDuplicate, code: "conflict.budgets.spending_duplicate");
        }
    }

    private async Task<SpendingEntry> Load(int year, Guid id, CancellationToken ct)
    {
        BudgetRules.EnsureYear(year);
        return await db.Set<SpendingEntry>().FirstOrDefaultAsync(s => s.Id == id && s.FiscalYear == year, ct)
            ?? throw new NotFoundException("SpendingEntry", id);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static SpendingDto ToDto(SpendingEntry s, string lineCode) =>
        new(s.Id, s.Date, s.LineId, lineCode, s.LineKind, Money.FromFen(s.AmountFen), s.VoucherRef, s.Memo, s.ReversalOfId, s.ReversalReason, s.ImportJobId);

    internal static void Map(IEndpointRouteBuilder budgets)
    {
        budgets.MapGet("/spending", async (int year, int? month, Guid? lineId, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ListSpending(year, month, lineId, page ?? 1, pageSize ?? 100), ct)))
            .RequirePermission(Permissions.BudgetsView)
            .WithName("ListSpending")
            .WithSummary("支出明细 / Spending entries");

        budgets.MapPost("/spending", async (int year, CreateSpendingBody b, IMediator m, CancellationToken ct) =>
            {
                var dto = await m.Send(new CreateSpending(year, b.Date, b.LineId, b.Amount, b.VoucherRef, b.Memo), ct);
                return TypedResults.Created($"/api/bureau/budgets/{year}/spending/{dto.Id}", dto);
            })
            .RequirePermission(Permissions.BudgetsEdit)
            .WithName("CreateSpending")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        budgets.MapPost("/spending/{id:guid}/reverse", async (int year, Guid id, ReverseSpendingBody b, IMediator m, CancellationToken ct) =>
            {
                var dto = await m.Send(new ReverseSpending(year, id, b.Reason, b.Date), ct);
                return TypedResults.Created($"/api/bureau/budgets/{year}/spending/{dto.Id}", dto);
            })
            .RequirePermission(Permissions.BudgetsEdit)
            .WithName("ReverseSpending")
            .WithSummary("冲销（红字更正）/ Reverse an entry with a correcting entry")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        budgets.MapDelete("/spending/{id:guid}", async (int year, Guid id, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new DeleteSpending(year, id), ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permissions.BudgetsEdit)
            .WithName("DeleteSpending")
            .WithSummary("删除未结账月份的支出 / Delete an entry of an open month")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
