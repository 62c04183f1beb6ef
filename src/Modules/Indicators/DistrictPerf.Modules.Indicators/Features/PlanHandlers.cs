using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Indicators.Domain;
using DistrictPerf.Modules.Indicators.Localization;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Localization;
using DistrictPerf.SharedKernel.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Indicators.Features;

internal sealed record GoalBody(string? OverallGoal, string? QuantitativeTargets, string? ConcurrencyStamp);

internal sealed record SaveGoal(int Year, string? OverallGoal, string? QuantitativeTargets, string? ConcurrencyStamp) : ICommand<PerformanceGoalDto>;

internal sealed record PerformanceGoalDto(string? OverallGoal, string? QuantitativeTargets, string? ConcurrencyStamp);

/// <param name="DeclaredIndicatorCount">"设置 N 个关键绩效指标" as the report's narrative states it (0 = none stated); absent = unchanged</param>
/// <param name="DeclaredIndicatorNames">the indicator names the narrative lists, in order, duplicates kept (the checker compares them with the
/// count and the indicators); absent = unchanged, empty = none</param>
internal sealed record TaskBody(
    int? Number, string? Name, string? ExpectedGoal, string? Completion, decimal? Funds, string? ConcurrencyStamp,
    int? DeclaredIndicatorCount = null, IReadOnlyList<string>? DeclaredIndicatorNames = null);

internal sealed record SaveTask(
    int Year, Guid? Id, int? Number, string? Name, string? ExpectedGoal, string? Completion, decimal? Funds, string? ConcurrencyStamp,
    int? DeclaredIndicatorCount = null, IReadOnlyList<string>? DeclaredIndicatorNames = null) : ICommand<PlanItemSaved>
{
    public static SaveTask From(int year, Guid? id, TaskBody b) =>
        new(year, id, b.Number, b.Name, b.ExpectedGoal, b.Completion, b.Funds, id is null ? null : b.ConcurrencyStamp, b.DeclaredIndicatorCount, b.DeclaredIndicatorNames);
}

/// <summary>What an update of a task or indicator needs next: its id and new stamp.</summary>
internal sealed record PlanItemSaved(Guid Id, string? ConcurrencyStamp);

internal sealed record IndicatorBody(
    string? Level1, string? Level2, string? Name, IndicatorDirection? Direction, string? Target, string? AdjustedTarget, string? Actual,
    decimal? Weight, bool? IsCore, QualitativeRating? Rating, decimal? Share, string? DeviationReason, string? ImprovementMeasure,
    string? OverAchievementExplanation, string? ConcurrencyStamp);

internal sealed record SaveIndicator(int Year, Guid TaskId, Guid? Id, IndicatorBody Body) : ICommand<PlanItemSaved>;

internal sealed record DeletePlanItem(int Year, Guid Id, bool IsTask) : ICommand<Unit>;

internal sealed class DeletePlanItemValidator : AbstractValidator<DeletePlanItem>
{
    public DeletePlanItemValidator()
    {
        RuleFor(x => x.Year).MustBeFiscalYear();
        RuleFor(x => x.Id).NotEmpty();
    }
}

internal sealed class SaveGoalValidator : AbstractValidator<SaveGoal>
{
    public SaveGoalValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.OverallGoal).MaximumLength(PerformanceGoal.TextMaxLength);
        RuleFor(x => x.QuantitativeTargets).MaximumLength(PerformanceGoal.TextMaxLength);
    }
}

internal sealed class SaveTaskValidator : AbstractValidator<SaveTask>
{
    public SaveTaskValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Number).NotNull().InclusiveBetween(1, 99);
        RuleFor(x => x.Name).NotEmpty().MaximumLength(MainTask.NameMaxLength).MustBePlainText();
        RuleFor(x => x.ExpectedGoal).MaximumLength(MainTask.TextMaxLength);
        RuleFor(x => x.Completion).MaximumLength(MainTask.TextMaxLength);
        RuleFor(x => x.Funds).NotNull().GreaterThanOrEqualTo(0).LessThanOrEqualTo(Money.MaxYuan)
            .Must(f => Money.HasAtMostTwoDecimals(f!.Value)).WithMessage(_ => SharedMessages.AtMostTwoDecimals).WithErrorCode(ErrorCodes.AmountDecimals);
        RuleFor(x => x.ConcurrencyStamp).NotEmpty().When(x => x.Id is not null);
        RuleFor(x => x.DeclaredIndicatorCount).InclusiveBetween(0, MaxDeclaredNames);
        RuleFor(x => x.DeclaredIndicatorNames).Must(n => n!.Count <= MaxDeclaredNames)
            .WithMessage(_ => IndicatorsMessages.TooManyDeclaredNames(MaxDeclaredNames)).WithErrorCode("indicators.declared_names_too_many")
            .When(x => x.DeclaredIndicatorNames is not null);
        RuleForEach(x => x.DeclaredIndicatorNames).Must(n => n is not null && n.Trim().Length <= Indicator.NameMaxLength && !n.Contains('\n') && !n.Contains('\r'))
            .WithMessage(_ => IndicatorsMessages.DeclaredNameInvalid(Indicator.NameMaxLength)).WithErrorCode("indicators.declared_name_invalid")
            .OverridePropertyName("declaredIndicatorNames");
    }

    /// <summary>A task's narrative lists a few dozen names at most; 200 × 200 characters stays inside the column.</summary>
    internal const int MaxDeclaredNames = 99;
}

internal sealed class SaveIndicatorValidator : AbstractValidator<SaveIndicator>
{
    private static readonly string[] Levels1 = ["产出", "效益", "满意度", "决策", "过程"];

    public SaveIndicatorValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Body.Name).NotEmpty().MaximumLength(Indicator.NameMaxLength).MustBePlainText().OverridePropertyName("name");
        RuleFor(x => x.Body.Level1).Must(l => l is null || Levels1.Contains(l)).OverridePropertyName("level1")
            .WithMessage(_ => IndicatorsMessages.Level1Invalid).WithErrorCode("indicators.level1_invalid");
        RuleFor(x => x.Body.Level2).MaximumLength(20).OverridePropertyName("level2");
        RuleFor(x => x.Body.Direction).NotNull().OverridePropertyName("direction");
        RuleFor(x => x.Body.Target).NotEmpty().MaximumLength(Indicator.TextMaxLength).OverridePropertyName("target");
        RuleFor(x => x.Body.AdjustedTarget).MaximumLength(Indicator.TextMaxLength).OverridePropertyName("adjustedTarget");
        RuleFor(x => x.Body.Actual).MaximumLength(Indicator.TextMaxLength).OverridePropertyName("actual");
        RuleFor(x => x.Body.Weight).InclusiveBetween(0, 100).PrecisionScale(9, 4, true).OverridePropertyName("weight");
        RuleFor(x => x.Body.Share).InclusiveBetween(0, 1).PrecisionScale(9, 4, true).OverridePropertyName("share");
        RuleFor(x => x.Body.DeviationReason).MaximumLength(Indicator.TextMaxLength).OverridePropertyName("deviationReason");
        RuleFor(x => x.Body.ImprovementMeasure).MaximumLength(Indicator.TextMaxLength).OverridePropertyName("improvementMeasure");
        RuleFor(x => x.Body.OverAchievementExplanation).MaximumLength(Indicator.TextMaxLength).OverridePropertyName("overAchievementExplanation");
        RuleFor(x => x.Body.ConcurrencyStamp).NotEmpty().When(x => x.Id is not null).OverridePropertyName("concurrencyStamp");
    }
}

/// <summary>Goals, main tasks and indicators of the current bureau.</summary>
internal sealed class PlanHandlers(DbContext db, IPublisher publisher)
    : ICommandHandler<SaveGoal, PerformanceGoalDto>, ICommandHandler<SaveTask, PlanItemSaved>, ICommandHandler<SaveIndicator, PlanItemSaved>, ICommandHandler<DeletePlanItem, Unit>
{
    public async ValueTask<PerformanceGoalDto> Handle(SaveGoal command, CancellationToken cancellationToken)
    {
        EnsureYear(command.Year);
        var goal = await db.Set<PerformanceGoal>().FirstOrDefaultAsync(g => g.FiscalYear == command.Year, cancellationToken);
        if (goal is null)
        {
            goal = new PerformanceGoal { FiscalYear = command.Year };
            db.Add(goal);
        }
        else
        {
            db.ExpectConcurrencyStamp(goal, command.ConcurrencyStamp);
        }

        goal.OverallGoal = command.OverallGoal?.Trim();
        goal.QuantitativeTargets = command.QuantitativeTargets?.Trim();
        return new PerformanceGoalDto(goal.OverallGoal, goal.QuantitativeTargets, goal.ConcurrencyStamp);
    }

    public async ValueTask<PlanItemSaved> Handle(SaveTask command, CancellationToken cancellationToken)
    {
        EnsureYear(command.Year);
        MainTask task;
        if (command.Id is { } id)
        {
            task = await db.Set<MainTask>().FirstOrDefaultAsync(t => t.Id == id && t.FiscalYear == command.Year, cancellationToken) ?? throw new NotFoundException("MainTask", id);
            db.ExpectConcurrencyStamp(task, command.ConcurrencyStamp);
            db.Entry(task).Property(t => t.Name).IsModified = true;
        }
        else
        {
            task = new MainTask { FiscalYear = command.Year };
            db.Add(task);
        }

        if (await db.Set<MainTask>().AnyAsync(t => t.FiscalYear == command.Year && t.Number == command.Number && t.Id != task.Id, cancellationToken))
        {
            throw new ConflictException(IndicatorsMessages.TaskNumberTaken(command.Number!.Value), "number", "conflict.indicators.task_number_taken");
        }

        task.Number = command.Number!.Value;
        task.Name = command.Name!.Trim();
        task.ExpectedGoal = command.ExpectedGoal?.Trim();
        task.Completion = command.Completion?.Trim();
        task.FundsFen = Money.ToFen(command.Funds!.Value);
        if (command.DeclaredIndicatorCount is { } declared)
        {
            task.DeclaredIndicatorCount = declared == 0 ? null : declared;
        }

        if (command.DeclaredIndicatorNames is { } names)
        {
            var kept = names.Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
            task.DeclaredIndicatorNames = kept.Count == 0 ? null : string.Join('\n', kept);
        }

        return new PlanItemSaved(task.Id, task.ConcurrencyStamp);
    }

    public async ValueTask<PlanItemSaved> Handle(SaveIndicator command, CancellationToken cancellationToken)
    {
        EnsureYear(command.Year);
        if (!await db.Set<MainTask>().AnyAsync(t => t.Id == command.TaskId && t.FiscalYear == command.Year, cancellationToken))
        {
            throw new NotFoundException("MainTask", command.TaskId);
        }

        var b = command.Body;
        Indicator indicator;
        if (command.Id is { } id)
        {
            indicator = await db.Set<Indicator>().FirstOrDefaultAsync(i => i.Id == id && i.TaskId == command.TaskId, cancellationToken) ?? throw new NotFoundException("Indicator", id);
            db.ExpectConcurrencyStamp(indicator, b.ConcurrencyStamp);
            db.Entry(indicator).Property(i => i.Name).IsModified = true;
        }
        else
        {
            var order = await db.Set<Indicator>().Where(i => i.TaskId == command.TaskId).Select(i => (int?)i.Order).MaxAsync(cancellationToken) ?? 0;
            indicator = new Indicator { FiscalYear = command.Year, TaskId = command.TaskId, Order = order + 1 };
            db.Add(indicator);
        }

        indicator.Level1 = b.Level1;
        indicator.Level2 = b.Level2?.Trim();
        indicator.Name = b.Name!.Trim();
        indicator.Direction = b.Direction!.Value;
        indicator.Target = b.Target!.Trim();
        indicator.AdjustedTarget = string.IsNullOrWhiteSpace(b.AdjustedTarget) ? null : b.AdjustedTarget.Trim();
        indicator.Actual = b.Actual?.Trim() ?? "";
        indicator.Weight = b.Weight ?? 0m;
        indicator.IsCore = b.IsCore ?? false;
        indicator.Rating = b.Rating;
        indicator.Share = b.Share;
        indicator.DeviationReason = Blank(b.DeviationReason);
        indicator.ImprovementMeasure = Blank(b.ImprovementMeasure);
        indicator.OverAchievementExplanation = Blank(b.OverAchievementExplanation);
        return new PlanItemSaved(indicator.Id, indicator.ConcurrencyStamp);
    }

    public async ValueTask<Unit> Handle(DeletePlanItem command, CancellationToken cancellationToken)
    {
        EnsureYear(command.Year);
        if (command.IsTask)
        {
            var task = await db.Set<MainTask>().FirstOrDefaultAsync(t => t.Id == command.Id && t.FiscalYear == command.Year, cancellationToken) ?? throw new NotFoundException("MainTask", command.Id);
            db.RemoveRange(await db.Set<Indicator>().Where(i => i.TaskId == task.Id).ToListAsync(cancellationToken));
            db.Remove(task);

            // Budget lines that fund the task are unlinked in this unit of work (Budgets handles it).
            await publisher.Publish(new MainTasksDeleted(command.Year, [task.Id]), cancellationToken);
        }
        else
        {
            db.Remove(await db.Set<Indicator>().FirstOrDefaultAsync(i => i.Id == command.Id && i.FiscalYear == command.Year, cancellationToken) ?? throw new NotFoundException("Indicator", command.Id));
        }

        return Unit.Value;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    internal static void EnsureYear(int year) => FiscalYear.Ensure(year);

    internal static void Map(IEndpointRouteBuilder plan)
    {
        plan.MapGet("/", async (int year, IPerformancePlans plans, CancellationToken ct) =>
            {
                EnsureYear(year);
                return TypedResults.Ok(await plans.GetAsync(year, null, ct));
            })
            .RequirePermission(Permissions.PlanView)
            .WithName("GetPerformancePlan")
            .WithSummary("年度目标、主要任务、绩效指标及计算得分 / Goals, tasks, indicators with computed completion and scores");

        plan.MapPut("/goal", async (int year, GoalBody b, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new SaveGoal(year, b.OverallGoal, b.QuantitativeTargets, b.ConcurrencyStamp), ct)))
            .RequirePermission(Permissions.PlanEdit).WithName("SaveGoal").ProducesValidationProblem();

        plan.MapPost("/tasks", async (int year, TaskBody b, IMediator m, CancellationToken ct) =>
                TypedResults.Created($"/api/bureau/performance/{year}", await m.Send(SaveTask.From(year, null, b), ct)))
            .RequirePermission(Permissions.PlanEdit).WithName("CreateTask").ProducesValidationProblem();

        plan.MapPut("/tasks/{id:guid}", async (int year, Guid id, TaskBody b, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(SaveTask.From(year, id, b), ct)))
            .RequirePermission(Permissions.PlanEdit).WithName("UpdateTask").ProducesValidationProblem();

        plan.MapDelete("/tasks/{id:guid}", async (int year, Guid id, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new DeletePlanItem(year, id, true), ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permissions.PlanEdit).WithName("DeleteTask");

        // An indicator's write answers with the plan's figures as computed from the committed plan (the
        // command returns the id; the view is read after the unit of work): an editor needs no second request.
        plan.MapPost("/tasks/{taskId:guid}/indicators", async (int year, Guid taskId, IndicatorBody b, IMediator m, IPerformancePlans plans, CancellationToken ct) =>
            {
                var saved = await m.Send(new SaveIndicator(year, taskId, null, b), ct);
                return TypedResults.Created($"/api/bureau/performance/{year}", new IndicatorSaved(saved.Id, saved.ConcurrencyStamp, PlanFigures.From(await plans.GetAsync(year, null, ct))));
            })
            .RequirePermission(Permissions.PlanEdit).WithName("CreateIndicator").ProducesValidationProblem();

        plan.MapPut("/tasks/{taskId:guid}/indicators/{id:guid}", async (int year, Guid taskId, Guid id, IndicatorBody b, IMediator m, IPerformancePlans plans, CancellationToken ct) =>
            {
                var saved = await m.Send(new SaveIndicator(year, taskId, id, b), ct);
                return TypedResults.Ok(new IndicatorSaved(saved.Id, saved.ConcurrencyStamp, PlanFigures.From(await plans.GetAsync(year, null, ct))));
            })
            .RequirePermission(Permissions.PlanEdit).WithName("UpdateIndicator").ProducesValidationProblem();

        plan.MapDelete("/indicators/{id:guid}", async (int year, Guid id, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new DeletePlanItem(year, id, false), ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permissions.PlanEdit).WithName("DeleteIndicator");
    }
}
