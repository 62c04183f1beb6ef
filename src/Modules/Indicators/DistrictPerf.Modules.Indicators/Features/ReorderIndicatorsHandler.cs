using DistrictPerf.Modules.Indicators.Domain;
using DistrictPerf.Modules.Indicators.Localization;
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

namespace DistrictPerf.Modules.Indicators.Features;

/// <summary>An indicator in the new order, with the stamp the client read.</summary>
internal sealed record IndicatorPosition(Guid Id, string? ConcurrencyStamp);

internal sealed record IndicatorOrderBody(IReadOnlyList<IndicatorPosition>? Indicators);

/// <summary>Puts a task's indicators in the order given (all of them, each once): one request for a move.</summary>
internal sealed record ReorderIndicators(int Year, Guid TaskId, IReadOnlyList<IndicatorPosition>? Indicators) : ICommand<IReadOnlyList<PlanItemSaved>>;

internal sealed class ReorderIndicatorsValidator : AbstractValidator<ReorderIndicators>
{
    public ReorderIndicatorsValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Year).MustBeFiscalYear();
        RuleFor(x => x.Indicators).NotEmpty()
            // Null items are reported by the rule for each item below (this one must not throw on them).
            .Must(list => list!.Where(i => i is not null).Select(i => i.Id).Distinct().Count() == list!.Count(i => i is not null))
            .WithMessage(_ => IndicatorsMessages.IndicatorOrderMismatch).WithErrorCode("indicators.order_mismatch");
        RuleForEach(x => x.Indicators).NotNull().ChildRules(i =>
        {
            i.RuleFor(p => p.Id).NotEmpty();
            i.RuleFor(p => p.ConcurrencyStamp).NotEmpty();
        });
    }
}

/// <summary>Moving an indicator changes its order: like any update, it needs the stamp read, and renews it.</summary>
internal sealed class ReorderIndicatorsHandler(DbContext db) : ICommandHandler<ReorderIndicators, IReadOnlyList<PlanItemSaved>>
{
    public async ValueTask<IReadOnlyList<PlanItemSaved>> Handle(ReorderIndicators command, CancellationToken cancellationToken)
    {
        PlanHandlers.EnsureYear(command.Year);
        if (!await db.Set<MainTask>().AnyAsync(t => t.Id == command.TaskId && t.FiscalYear == command.Year, cancellationToken))
        {
            throw new NotFoundException("MainTask", command.TaskId);
        }

        var indicators = await db.Set<Indicator>().Where(i => i.TaskId == command.TaskId).ToDictionaryAsync(i => i.Id, cancellationToken);
        var positions = command.Indicators!;
        if (positions.Count != indicators.Count || positions.Any(p => !indicators.ContainsKey(p.Id)))
        {
            // Someone added or deleted an indicator of the task since the list was read.
            throw new FieldValidationException("indicators", IndicatorsMessages.IndicatorOrderMismatch, "indicators.order_mismatch");
        }

        var saved = new List<PlanItemSaved>(positions.Count);
        for (var at = 0; at < positions.Count; at++)
        {
            var indicator = indicators[positions[at].Id];
            if (indicator.Order != at + 1)
            {
                db.ExpectConcurrencyStamp(indicator, positions[at].ConcurrencyStamp);
                indicator.Order = at + 1;
            }

            saved.Add(new PlanItemSaved(indicator.Id, indicator.ConcurrencyStamp));
        }

        return saved;
    }

    internal static void Map(IEndpointRouteBuilder plan) =>
        plan.MapPut("/tasks/{taskId:guid}/indicators/order", async (int year, Guid taskId, IndicatorOrderBody b, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ReorderIndicators(year, taskId, b.Indicators), ct)))
            .RequirePermission(Permissions.PlanEdit)
            .WithName("ReorderIndicators")
            .WithSummary("调整任务内绩效指标的顺序 / Put a task's indicators in a new order")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
