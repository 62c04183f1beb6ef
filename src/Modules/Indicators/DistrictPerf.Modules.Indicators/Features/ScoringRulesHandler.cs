using System.Text.Json;
using DistrictPerf.Modules.Indicators.Contracts;
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

/// <summary>The year's scoring rules with the stamp that the next save must send back (null: never saved, defaults apply).</summary>
internal sealed record ScoringRulesDocument(int FiscalYear, ScoringRules Rules, string? ConcurrencyStamp);

internal sealed record SaveScoringRulesBody(ScoringRules? Rules, string? ConcurrencyStamp);

internal sealed record GetScoringRules(int Year) : IQuery<ScoringRulesDocument>;

/// <summary>Sets the year's rules. The first save of a year sends no stamp; every later one the stamp it read (409 if stale).</summary>
internal sealed record SaveScoringRules(int Year, ScoringRules? Rules, string? ConcurrencyStamp) : ICommand<ScoringRulesDocument>;

internal sealed class SaveScoringRulesValidator : AbstractValidator<SaveScoringRules>
{
    public SaveScoringRulesValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Year).MustBeFiscalYear();
        RuleFor(x => x.Rules).NotNull();
        When(x => x.Rules is not null, () =>
        {
            RuleFor(x => x.Rules!.Grades).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage(_ => IndicatorsMessages.Required)
                .Must(g => g.All(b => b is not null && !string.IsNullOrWhiteSpace(b.Grade) && b.Grade.Length <= 8))
                .WithMessage(_ => IndicatorsMessages.GradesInvalid).WithErrorCode("indicators.grades_invalid")
                .Must(g => g.Count > 0 && !g.Zip(g.Skip(1)).Any(p => p.First.MinScore <= p.Second.MinScore))
                .WithMessage(_ => IndicatorsMessages.GradesOrder).WithErrorCode("indicators.grades_order")
                .OverridePropertyName("rules.grades");
            RuleFor(x => x.Rules!.QualitativeBands).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage(_ => IndicatorsMessages.Required)
                .Must(b => b.All(x => x is not null)).WithMessage(_ => IndicatorsMessages.Required).WithErrorCode("required")
                .Must(b => !b.Any(x => x.MinShare < 0 || x.MaxShare > 1 || x.MinShare > x.MaxShare))
                .WithMessage(_ => IndicatorsMessages.BandsInvalid).WithErrorCode("indicators.bands_invalid")
                .OverridePropertyName("rules.qualitativeBands");
            RuleFor(x => x.Rules!.ExecutionCaps).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage(_ => IndicatorsMessages.Required)
                .Must(c => c.All(x => x is not null)).WithMessage(_ => IndicatorsMessages.Required).WithErrorCode("required")
                .OverridePropertyName("rules.executionCaps");
            RuleFor(x => x.Rules!)
                .Must(r => r.ExecutionWeight + r.OutputWeight + r.OutcomeWeight + r.SatisfactionWeight == 100m)
                .WithMessage(x => IndicatorsMessages.WeightsSum(x.Rules!.ExecutionWeight + x.Rules.OutputWeight + x.Rules.OutcomeWeight + x.Rules.SatisfactionWeight))
                .WithErrorCode("indicators.weights_sum")
                .OverridePropertyName("rules.outputWeight");
            RuleFor(x => x.Rules!.OverAchievementThreshold).GreaterThanOrEqualTo(1m)
                .WithMessage(_ => IndicatorsMessages.OverAchievementThreshold)
                .OverridePropertyName("rules.overAchievementThreshold");
        });
    }
}

internal sealed class ScoringRulesHandler(DbContext db, IPerformancePlans plans)
    : IQueryHandler<GetScoringRules, ScoringRulesDocument>, ICommandHandler<SaveScoringRules, ScoringRulesDocument>
{
    public async ValueTask<ScoringRulesDocument> Handle(GetScoringRules query, CancellationToken cancellationToken)
    {
        FiscalYear.Ensure(query.Year);
        var stamp = await db.Set<ScoringRuleSet>().AsNoTracking().Where(r => r.FiscalYear == query.Year).Select(r => r.ConcurrencyStamp).FirstOrDefaultAsync(cancellationToken);
        return new ScoringRulesDocument(query.Year, await plans.RulesAsync(query.Year, cancellationToken), stamp);
    }

    public async ValueTask<ScoringRulesDocument> Handle(SaveScoringRules command, CancellationToken cancellationToken)
    {
        var set = await db.LoadForSaveAsync<ScoringRuleSet>(
            s => s.FiscalYear == command.Year, () => new ScoringRuleSet { FiscalYear = command.Year },
            command.ConcurrencyStamp, IndicatorsMessages.RulesChanged, cancellationToken);
        set.RulesJson = JsonSerializer.Serialize(command.Rules, PerformancePlans.Json);
        return new ScoringRulesDocument(command.Year, command.Rules!, set.ConcurrencyStamp);
    }

    internal static void Map(IEndpointRouteBuilder host)
    {
        host.MapGet("/scoring-rules/{year:int}", async (int year, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new GetScoringRules(year), ct)))
            .RequirePermission(Permissions.HostBureausView).WithName("GetScoringRules")
            .WithSummary("年度评分规则（含保存所需的 concurrencyStamp）/ The year's scoring rules with the stamp a save needs");

        host.MapPut("/scoring-rules/{year:int}", async (int year, SaveScoringRulesBody body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new SaveScoringRules(year, body.Rules, body.ConcurrencyStamp), ct)))
            .RequirePermission(Permissions.HostScoringRulesManage).WithName("SaveScoringRules")
            .WithSummary("设置年度评分规则（只影响草稿，已审定报告保留快照）/ Set the year's rules (drafts follow; approved reports keep their snapshot)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
