using DistrictPerf.SharedKernel.Domain;
using FluentValidation;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Budgets.Localization;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Budgets.Features;

internal sealed record MonthStatusDto(int Month, bool Closed, DateTime? ClosedAt, Guid? ClosedBy);

internal sealed record ListMonths(int Year) : IQuery<IReadOnlyList<MonthStatusDto>>;

/// <summary>月度结账: the month's spending and adjustments become final.</summary>
internal sealed record CloseMonth(int Year, int Month) : ICommand<MonthStatusDto>;

internal sealed class CloseMonthValidator : AbstractValidator<CloseMonth>
{
    public CloseMonthValidator()
    {
        RuleFor(x => x.Year).MustBeFiscalYear();
        RuleFor(x => x.Month).MustBeMonth();
    }
}

internal sealed class MonthsHandler(DbContext db) : IQueryHandler<ListMonths, IReadOnlyList<MonthStatusDto>>, ICommandHandler<CloseMonth, MonthStatusDto>
{
    public async ValueTask<IReadOnlyList<MonthStatusDto>> Handle(ListMonths query, CancellationToken cancellationToken)
    {
        BudgetRules.EnsureYear(query.Year);
        var closed = await db.Set<ClosedMonth>().AsNoTracking().Where(m => m.FiscalYear == query.Year).ToDictionaryAsync(m => m.Month, cancellationToken);
        return Enumerable.Range(1, 12)
            .Select(m => closed.TryGetValue(m, out var c) ? new MonthStatusDto(m, true, c.CreatedAt, c.CreatedBy) : new MonthStatusDto(m, false, null, null))
            .ToList();
    }

    public async ValueTask<MonthStatusDto> Handle(CloseMonth command, CancellationToken cancellationToken)
    {
        BudgetRules.EnsureYear(command.Year);
        BudgetRules.EnsureMonth(command.Month);
        if (await db.Set<ClosedMonth>().AnyAsync(m => m.FiscalYear == command.Year && m.Month == command.Month, cancellationToken))
        {
            throw new ConflictException(BudgetsMessages.MonthAlreadyClosed(command.Year, command.Month), code: "conflict.budgets.month_already_closed");
        }

        var closed = new ClosedMonth { FiscalYear = command.Year, Month = command.Month };
        db.Add(closed);
        return new MonthStatusDto(closed.Month, true, closed.CreatedAt, closed.CreatedBy);
    }

    internal static void Map(IEndpointRouteBuilder budgets)
    {
        budgets.MapGet("/months", async (int year, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new ListMonths(year), ct)))
            .RequirePermission(Permissions.BudgetsView)
            .WithName("ListMonths")
            .WithSummary("各月结账状态 / Which months are closed");

        budgets.MapPost("/months/{month:int}/close", async (int year, int month, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new CloseMonth(year, month), ct)))
            .RequirePermission(Permissions.BudgetsCloseMonth)
            .WithName("CloseMonth")
            .WithSummary("月度结账 / Close a month")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
