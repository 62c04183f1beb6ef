using System.Text.Json;
using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Indicators.Domain;
using DistrictPerf.SharedKernel.Domain;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Indicators.Features;

/// <summary>The current bureau's plan with computed completion, scores and grade (domain-rules §3).</summary>
internal sealed class PerformancePlans(DbContext db, IPlanExecutionRate executionRate, Mediator.IPublisher publisher) : IPerformancePlans
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public async Task<ScoringRules> RulesAsync(int fiscalYear, CancellationToken cancellationToken = default)
    {
        var set = await db.Set<ScoringRuleSet>().AsNoTracking().FirstOrDefaultAsync(r => r.FiscalYear == fiscalYear, cancellationToken);
        return set is null ? ScoringRules.Default : JsonSerializer.Deserialize<ScoringRules>(set.RulesJson, Json) ?? ScoringRules.Default;
    }

    public Task<bool> TaskExistsAsync(int fiscalYear, Guid taskId, CancellationToken cancellationToken = default) =>
        db.Set<MainTask>().AnyAsync(t => t.Id == taskId && t.FiscalYear == fiscalYear, cancellationToken);

    public async Task<PerformancePlan> GetAsync(int fiscalYear, ScoringRules? rules = null, CancellationToken cancellationToken = default)
    {
        rules ??= await RulesAsync(fiscalYear, cancellationToken);
        var goal = await db.Set<PerformanceGoal>().AsNoTracking().FirstOrDefaultAsync(g => g.FiscalYear == fiscalYear, cancellationToken);
        var tasks = await db.Set<MainTask>().AsNoTracking().Where(t => t.FiscalYear == fiscalYear).OrderBy(t => t.Number).ToListAsync(cancellationToken);
        var indicators = await db.Set<Indicator>().AsNoTracking().Where(i => i.FiscalYear == fiscalYear).OrderBy(i => i.Order).ToListAsync(cancellationToken);
        var rate = await executionRate.ExecutionRateAsync(fiscalYear, cancellationToken);
        return Compute(fiscalYear, goal, tasks, indicators, rate, rules);
    }

    public async Task ReplaceAsync(int fiscalYear, string? overallGoal, IReadOnlyList<NewPlanTask> tasks, CancellationToken cancellationToken = default)
    {
        var oldIndicators = await db.Set<Indicator>().Where(i => i.FiscalYear == fiscalYear).ToListAsync(cancellationToken);
        var oldTasks = await db.Set<MainTask>().Where(t => t.FiscalYear == fiscalYear).ToListAsync(cancellationToken);
        db.RemoveRange(oldIndicators);
        db.RemoveRange(oldTasks);
        if (oldTasks.Count > 0)
        {
            await publisher.Publish(new MainTasksDeleted(fiscalYear, oldTasks.Select(t => t.Id).ToList()), cancellationToken);
        }

        var goal = await db.Set<PerformanceGoal>().FirstOrDefaultAsync(g => g.FiscalYear == fiscalYear, cancellationToken);
        if (goal is null)
        {
            db.Add(new PerformanceGoal { FiscalYear = fiscalYear, OverallGoal = Clip(overallGoal, PerformanceGoal.TextMaxLength) });
        }
        else if (overallGoal is not null)
        {
            goal.OverallGoal = Clip(overallGoal, PerformanceGoal.TextMaxLength);
        }

        foreach (var t in tasks)
        {
            var task = new MainTask
            {
                FiscalYear = fiscalYear, Number = t.Number, Name = Clip(t.Name, MainTask.NameMaxLength)!,
                ExpectedGoal = Clip(t.ExpectedGoal, MainTask.TextMaxLength), Completion = Clip(t.Completion, MainTask.TextMaxLength),
                FundsFen = t.FundsYuan is { } f ? Money.ToFen(Money.RoundHalfUp(f)) : 0,
                DeclaredIndicatorCount = t.DeclaredIndicatorCount,
                DeclaredIndicatorNames = t.DeclaredIndicatorNames.Count == 0 ? null : Clip(string.Join('\n', t.DeclaredIndicatorNames), MainTask.TextMaxLength),
            };
            db.Add(task);
            var order = 0;
            foreach (var i in t.Indicators)
            {
                var target = IndicatorValues.Parse(i.Target);
                db.Add(new Indicator
                {
                    FiscalYear = fiscalYear, TaskId = task.Id, Order = ++order, Name = Clip(i.Name, Indicator.NameMaxLength)!,
                    Direction = IndicatorValues.InferDirection(target), Target = Clip(i.Target, Indicator.TextMaxLength)!,
                    Actual = Clip(i.Actual, Indicator.TextMaxLength)!, IsCore = true,
                    Rating = IndicatorValues.InferDirection(target) is IndicatorDirection.Qualitative or IndicatorDirection.YesNo && i.Achieved is { } a
                        ? (a ? QualitativeRating.Achieved : QualitativeRating.NotAchieved)
                        : null,
                    DeviationReason = Clip(i.DeviationReason, Indicator.TextMaxLength),
                });
            }
        }

    }

    private static string? Clip(string? text, int max) => text is null ? null : text.Length <= max ? text : text[..max];

    internal static PerformancePlan Compute(int year, PerformanceGoal? goal, List<MainTask> tasks, List<Indicator> indicators, decimal? executionRate, ScoringRules rules)
    {
        var scores = PlanScoring.Compute(indicators.Select(Input).ToList(), executionRate, rules);
        var byTask = indicators.ToLookup(i => i.TaskId);
        var planTasks = tasks.Select(t => new PlanTask(
            t.Id, t.Number, t.Name, t.ExpectedGoal, t.Completion, Money.FromFen(t.FundsFen), t.DeclaredIndicatorCount,
            string.IsNullOrEmpty(t.DeclaredIndicatorNames) ? [] : t.DeclaredIndicatorNames.Split('\n'),
            byTask[t.Id].Select(i => ToPlan(i, scores.Indicators[i.Id])).ToList(), t.ConcurrencyStamp)).ToList();
        return new PerformancePlan(year, goal?.OverallGoal, goal?.QuantitativeTargets, planTasks, executionRate, scores.ExecutionScore, scores.IndicatorScore,
            scores.TotalScore, scores.Grade, rules, goal?.ConcurrencyStamp);
    }

    internal static PlanScoringInput Input(Indicator i) =>
        new(i.Id, i.Level1, i.Direction, i.Target, i.AdjustedTarget, i.Actual, i.Weight, i.Rating, i.Share);

    private static PlanIndicator ToPlan(Indicator i, IndicatorReading reading) => new(
        i.Id, i.Order, i.Level1, i.Level2, i.Name, i.Direction, reading.Target.Unit, i.Target, i.AdjustedTarget, i.Actual, reading.Weight, i.IsCore, i.Rating,
        reading.Score.CompletionRatio, reading.Score.Score, reading.Score.Achieved, reading.Score.OverAchieved, i.DeviationReason, i.ImprovementMeasure,
        i.OverAchievementExplanation, i.ConcurrencyStamp)
    {
        EnteredWeight = i.Weight,
        Share = i.Share,
        TargetOperator = reading.Target.Operator,
        TargetNumber = reading.Target.Number,
        ActualNumber = reading.ActualNumber,
        ActualUnit = reading.ActualUnit,
    };
}
