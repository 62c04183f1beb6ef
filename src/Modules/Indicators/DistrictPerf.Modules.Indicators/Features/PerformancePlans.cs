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
        var weights = EffectiveWeights(indicators, rules);
        var byTask = indicators.ToLookup(i => i.TaskId);
        var planTasks = tasks.Select(t => new PlanTask(
            t.Id, t.Number, t.Name, t.ExpectedGoal, t.Completion, Money.FromFen(t.FundsFen), t.DeclaredIndicatorCount,
            string.IsNullOrEmpty(t.DeclaredIndicatorNames) ? [] : t.DeclaredIndicatorNames.Split('\n'),
            byTask[t.Id].Select(i => ToPlan(i, weights[i.Id], rules)).ToList(), t.ConcurrencyStamp)).ToList();
        var executionScore = Scoring.ExecutionScore(executionRate, rules);
        var indicatorScore = planTasks.SelectMany(t => t.Indicators).Sum(i => i.Score ?? 0m);
        var total = Scoring.Total(executionScore, planTasks.SelectMany(t => t.Indicators).Select(i => i.Score ?? 0m), executionRate, rules);
        return new PerformancePlan(year, goal?.OverallGoal, goal?.QuantitativeTargets, planTasks, executionRate, executionScore, indicatorScore, total, Scoring.Grade(total, rules), rules, goal?.ConcurrencyStamp);
    }

    private static PlanIndicator ToPlan(Indicator i, decimal weight, ScoringRules rules)
    {
        var target = IndicatorValues.Parse(string.IsNullOrWhiteSpace(i.AdjustedTarget) ? i.Target : i.AdjustedTarget);
        var actual = IndicatorValues.Parse(i.Actual);
        if (i.Direction == IndicatorDirection.YesNo && actual.YesNo is null && i.Rating is { } judged)
        {
            // A yes/no indicator whose actual is a sentence ("已协调解决问题 100 余项，达到预期目标"): the recorded judgement answers it.
            actual = actual with { YesNo = judged == QualitativeRating.Achieved };
        }
        var score = Scoring.Score(new IndicatorScoreInput(i.Direction, weight, target, actual, i.Rating, i.Share), rules);
        return new PlanIndicator(
            i.Id, i.Order, i.Level1, i.Level2, i.Name, i.Direction, target.Unit, i.Target, i.AdjustedTarget, i.Actual, weight, i.IsCore, i.Rating,
            score.CompletionRatio, score.Score, score.Achieved, score.OverAchieved, i.DeviationReason, i.ImprovementMeasure, i.OverAchievementExplanation,
            i.ConcurrencyStamp);
    }

    /// <summary>
    /// Entered weights when any is set; otherwise derived from the rules' split: 产出 / 效益 / 满意度
    /// shares of (100 − execution weight), a missing level's share going to the others in
    /// proportion, each level's share spread evenly over its indicators (indicators without a
    /// known level count as 产出).
    /// </summary>
    internal static Dictionary<Guid, decimal> EffectiveWeights(List<Indicator> indicators, ScoringRules rules)
    {
        if (indicators.Count == 0 || indicators.Any(i => i.Weight > 0))
        {
            return indicators.ToDictionary(i => i.Id, i => i.Weight);
        }

        static string Level(Indicator i) => i.Level1 switch
        {
            "效益" => "效益",
            "满意度" => "满意度",
            _ => "产出",
        };
        var shares = new Dictionary<string, decimal> { ["产出"] = rules.OutputWeight, ["效益"] = rules.OutcomeWeight, ["满意度"] = rules.SatisfactionWeight };
        var present = indicators.Select(Level).Distinct().ToList();
        var pool = 100m - rules.ExecutionWeight;
        var presentShare = present.Sum(l => shares[l]);
        var counts = indicators.GroupBy(Level).ToDictionary(g => g.Key, g => g.Count());
        return indicators.ToDictionary(
            i => i.Id,
            i => presentShare == 0 ? pool / indicators.Count : pool * shares[Level(i)] / presentShare / counts[Level(i)]);
    }
}
