using System.Text.Json;
using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.Modules.Alerts.Localization;
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

namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>The year's warning settings with the stamp that the next save must send back (null: never saved, defaults apply).</summary>
internal sealed record WarningSettingsDocument(int FiscalYear, WarningSettings Settings, string? ConcurrencyStamp);

internal sealed record SaveWarningSettingsBody(WarningSettings? Settings, string? ConcurrencyStamp);

internal sealed record GetWarningSettings(int Year) : IQuery<WarningSettingsDocument>;

/// <summary>Per-year warning settings: mode (gap/ratio), time progress (months/days/milestones), thresholds, forecast, escalation.</summary>
internal sealed record SaveWarningSettings(int Year, WarningSettings? Settings, string? ConcurrencyStamp) : ICommand<WarningSettingsDocument>;

internal sealed class SaveWarningSettingsValidator : AbstractValidator<SaveWarningSettings>
{
    public SaveWarningSettingsValidator()
    {
        RuleFor(x => x.Year).MustBeFiscalYear();
        RuleFor(x => x.Settings).NotNull();
        When(x => x.Settings is not null, () =>
        {
            RuleFor(x => x.Settings!).Must(s => s.RedGap <= s.YellowGap && s.YellowGap <= 0)
                .WithMessage(_ => AlertsMessages.GapOrder).WithErrorCode("alerts.gap_order").OverridePropertyName("settings.yellowGap");
            RuleFor(x => x.Settings!).Must(s => s.RedRatio <= s.YellowRatio && s.YellowRatio <= 1 && s.RedRatio >= 0)
                .WithMessage(_ => AlertsMessages.RatioOrder).WithErrorCode("alerts.ratio_order").OverridePropertyName("settings.yellowRatio");
            RuleFor(x => x.Settings!.ForecastFromMonth).InclusiveBetween(1, 12).OverridePropertyName("settings.forecastFromMonth");
            RuleFor(x => x.Settings!).Must(s => s.ForecastThreshold is >= 0 and <= 1 && s.ForecastScoreCapRate is null or (>= 0 and <= 1))
                .WithMessage(_ => AlertsMessages.ZeroToOne).WithErrorCode("alerts.zero_to_one").OverridePropertyName("settings.forecastThreshold");
            RuleFor(x => x.Settings!.InterviewAfterRedMonths).InclusiveBetween(2, 12).OverridePropertyName("settings.interviewAfterRedMonths");
            RuleFor(x => x.Settings!.Milestones)
                .Must(m => m is null || (!m.Keys.Any(k => k is < 1 or > 12) && !m.Values.Any(v => v is < 0 or > 1)
                    && !m.OrderBy(kv => kv.Key).Zip(m.OrderBy(kv => kv.Key).Skip(1)).Any(p => p.First.Value > p.Second.Value)))
                .WithMessage(_ => AlertsMessages.MilestonesInvalid).WithErrorCode("alerts.milestones_invalid")
                .OverridePropertyName("settings.milestones");
        });
    }
}

internal sealed class WarningSettingsHandler(DbContext db)
    : IQueryHandler<GetWarningSettings, WarningSettingsDocument>, ICommandHandler<SaveWarningSettings, WarningSettingsDocument>
{
    public async ValueTask<WarningSettingsDocument> Handle(GetWarningSettings query, CancellationToken cancellationToken)
    {
        FiscalYear.Ensure(query.Year);
        var stamp = await db.Set<WarningSettingsSet>().AsNoTracking().Where(s => s.FiscalYear == query.Year).Select(s => s.ConcurrencyStamp).FirstOrDefaultAsync(cancellationToken);
        return new WarningSettingsDocument(query.Year, await WarningSettingsStore.LoadAsync(db, query.Year, cancellationToken), stamp);
    }

    public async ValueTask<WarningSettingsDocument> Handle(SaveWarningSettings command, CancellationToken cancellationToken)
    {
        var set = await db.LoadForSaveAsync<WarningSettingsSet>(
            s => s.FiscalYear == command.Year, () => new WarningSettingsSet { FiscalYear = command.Year },
            command.ConcurrencyStamp, AlertsMessages.SettingsChanged, cancellationToken);
        set.SettingsJson = JsonSerializer.Serialize(command.Settings, WarningSettingsStore.Json);
        return new WarningSettingsDocument(command.Year, command.Settings!, set.ConcurrencyStamp);
    }

    public static void Map(IEndpointRouteBuilder host)
    {
        host.MapGet("/alerts/settings/{year:int}", async (int year, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new GetWarningSettings(year), ct)))
            .RequirePermission(Permissions.HostAlertsView).WithTags("Alerts（预警）").WithName("GetWarningSettings")
            .WithSummary("年度预警规则（含保存所需的 concurrencyStamp）/ The year's warning rules with the stamp a save needs");

        host.MapPut("/alerts/settings/{year:int}", async (int year, SaveWarningSettingsBody body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new SaveWarningSettings(year, body.Settings, body.ConcurrencyStamp), ct)))
            .RequirePermission(Permissions.HostAlertsRun).WithTags("Alerts（预警）").WithName("SaveWarningSettings")
            .WithSummary("设置年度预警规则（差距/比率模式、序时进度口径、阈值、预测、约谈）/ Set the year's warning rules")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
