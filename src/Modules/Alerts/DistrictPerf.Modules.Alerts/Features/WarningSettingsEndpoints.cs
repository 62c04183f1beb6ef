using DistrictPerf.SharedKernel.Domain;
using System.Text.Json;
using System.Text.Json.Serialization;
using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>Per-year warning settings: mode (gap/ratio), time progress (months/days/milestones), thresholds, forecast, escalation.</summary>
internal static class WarningSettingsStore
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<WarningSettings> LoadAsync(DbContext db, int year, CancellationToken ct)
    {
        var set = await db.Set<WarningSettingsSet>().AsNoTracking().FirstOrDefaultAsync(s => s.FiscalYear == year, ct);
        return set is null ? WarningSettings.Default : JsonSerializer.Deserialize<WarningSettings>(set.SettingsJson, Json) ?? WarningSettings.Default;
    }

    public static void Map(IEndpointRouteBuilder host)
    {
        host.MapGet("/alerts/settings/{year:int}", async (int year, DbContext db, HttpContext http, CancellationToken ct) =>
            {
                ETags.Set(http, await db.Set<WarningSettingsSet>().Where(s => s.FiscalYear == year).Select(s => s.ConcurrencyStamp).FirstOrDefaultAsync(ct));
                return TypedResults.Ok(await LoadAsync(db, year, ct));
            })
            .RequirePermission(Permissions.HostAlertsView).WithTags("Alerts（预警）").WithName("GetWarningSettings");

        host.MapPut("/alerts/settings/{year:int}", async (int year, WarningSettings settings, DbContext db, HttpContext http, CancellationToken ct) =>
            {
                Validate(year, settings);
                var set = await db.Set<WarningSettingsSet>().FirstOrDefaultAsync(s => s.FiscalYear == year, ct);
                ETags.EnsureIfMatch(http.Request, set?.ConcurrencyStamp);
                if (set is null)
                {
                    set = new WarningSettingsSet { FiscalYear = year };
                    db.Add(set);
                }

                set.SettingsJson = JsonSerializer.Serialize(settings, Json);
                await db.SaveChangesAsync(ct);
                ETags.Set(http, set.ConcurrencyStamp);
                return TypedResults.Ok(settings);
            })
            .RequirePermission(Permissions.HostAlertsRun).WithTags("Alerts（预警）").WithName("SaveWarningSettings")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithSummary("设置年度预警规则（差距/比率模式、序时进度口径、阈值、预测、约谈）/ Set the year's warning rules")
            .ProducesValidationProblem();
    }

    private static void Validate(int year, WarningSettings s)
    {
        var errors = new Dictionary<string, string[]>();
        if (!FiscalYear.IsValid(year))
        {
            errors["year"] = [FiscalYear.YearMessage];
        }

        if (!(s.RedGap <= s.YellowGap && s.YellowGap <= 0))
        {
            errors["yellowGap"] = ["须满足 红色阈值 ≤ 黄色阈值 ≤ 0 / redGap ≤ yellowGap ≤ 0."];
        }

        if (!(s.RedRatio <= s.YellowRatio && s.YellowRatio <= 1 && s.RedRatio >= 0))
        {
            errors["yellowRatio"] = ["须满足 0 ≤ 红色比率 ≤ 黄色比率 ≤ 1 / 0 ≤ redRatio ≤ yellowRatio ≤ 1."];
        }

        if (s.ForecastFromMonth is < 1 or > 12)
        {
            errors["forecastFromMonth"] = ["1–12."];
        }

        if (s.ForecastThreshold is < 0 or > 1 || s.ForecastScoreCapRate is < 0 or > 1)
        {
            errors["forecastThreshold"] = ["0–1."];
        }

        if (s.InterviewAfterRedMonths is < 2 or > 12)
        {
            errors["interviewAfterRedMonths"] = ["2–12."];
        }

        if (s.Milestones is { } m && (m.Keys.Any(k => k is < 1 or > 12) || m.Values.Any(v => v is < 0 or > 1)
            || m.OrderBy(kv => kv.Key).Zip(m.OrderBy(kv => kv.Key).Skip(1)).Any(p => p.First.Value > p.Second.Value)))
        {
            errors["milestones"] = ["月份 1–12，进度 0–1 且逐月不减 / Months 1–12, progress 0–1, non-decreasing."];
        }

        if (errors.Count > 0)
        {
            throw new FieldValidationException(errors);
        }
    }
}
