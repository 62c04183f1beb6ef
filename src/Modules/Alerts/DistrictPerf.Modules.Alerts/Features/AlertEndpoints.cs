using System.Text.Json;
using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Localization;
using DistrictPerf.SharedKernel.Tenancy;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace DistrictPerf.Modules.Alerts.Features;

internal sealed record WarningDto(Guid BureauId, int FiscalYear, int Month, WarningScope Scope, WarningLevel Level, decimal? ExecutionRate, decimal TimeProgress, decimal? GapPoints, decimal? ProjectedYearEndRate, bool ForecastWarning, bool Interview)
{
    public static WarningDto From(BudgetWarning w) => new(
        w.TenantId ?? Guid.Empty, w.FiscalYear, w.Month, w.Scope, w.Level, Money.ToPercent(w.ExecutionRate), Money.ToPercent(w.TimeProgress)!.Value,
        w.GapPoints is { } g ? Money.RoundHalfUp(g) : null, Money.ToPercent(w.ProjectedYearEndRate), w.ForecastWarning, w.Interview);
}

internal sealed record RankingRow(int Rank, Guid BureauId, string Code, string Name, decimal? ExecutionRate, decimal? GapPoints, WarningLevel? Level);

internal sealed record PublicRankingRow(int Rank, string Name, decimal? ExecutionRate);

internal sealed record RunDto(Guid Id, int FiscalYear, int Month, string Trigger, DateTime StartedAt, DateTime? FinishedAt, int BureausEvaluated, int BureausFailed, IReadOnlyList<RunFailureDto>? Failures)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static RunDto From(WarningRun r) => new(r.Id, r.FiscalYear, r.Month, r.Trigger, r.StartedAt, r.FinishedAt, r.BureausEvaluated, r.BureausFailed,
        r.FailuresJson is null ? null : JsonSerializer.Deserialize<List<RunFailureDto>>(r.FailuresJson, Web));
}

/// <summary>A bureau that failed in a run (its code and the error's type); a failure of the run as a whole has no bureau.</summary>
internal sealed record RunFailureDto(Guid? BureauId, string? Code, string Error);

/// <summary>A bureau on the interview list (约谈名单) for a month: its name and that month's whole-budget warning.</summary>
internal sealed record InterviewDto(string? Bureau, WarningDto Warning);

internal sealed record NotificationDto(Guid Id, string Title, string Body, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>Warnings, the monthly ranking (通报), run history and backfill, and each user's inbox.</summary>
internal static class AlertEndpoints
{
    public static void Map(IEndpointRouteBuilder host, IEndpointRouteBuilder bureau, IEndpointRouteBuilder api)
    {
        host.MapPost("/alerts/runs", async (RunBody body, bool? wait, IMediator m, CancellationToken ct) =>
            {
                var started = await m.Send(new RunWarnings(body.Year, body.Month, wait == true), ct);
                return started.RunId is not null
                    ? Results.Ok(started)
                    : Results.Accepted("/api/host/alerts/runs", started);
            })
            .RequirePermission(Permissions.HostAlertsRun).WithTags("Alerts（预警）").WithName("RunWarningJob")
            .WithSummary("补跑某月预警（默认交给后台任务，答 202 与 jobId；wait=true 同步执行，答 200 与 runId）/ Run the warning job for a month")
            .Produces<RunStarted>(StatusCodes.Status200OK)
            .Produces<RunStarted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict); // the month already has a run in progress

        host.MapGet("/alerts/runs", async (int? year, DbContext db, CancellationToken ct) =>
            {
                var runs = await db.Set<WarningRun>().AsNoTracking().Where(r => year == null || r.FiscalYear == year)
                    .OrderByDescending(r => r.StartedAt).Take(100).ToListAsync(ct);
                return TypedResults.Ok(runs.Select(RunDto.From).ToList());
            })
            .RequirePermission(Permissions.HostAlertsView).WithTags("Alerts（预警）").WithName("ListWarningRuns");

        host.MapGet("/alerts/{year:int}/{month:int}/warnings", async (int year, int month, DbContext db, CancellationToken ct) =>
            {
                Validate(year, month);
                var rows = await db.Set<BudgetWarning>().IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
                    .Where(w => w.FiscalYear == year && w.Month == month).ToListAsync(ct);
                return TypedResults.Ok(rows.Select(WarningDto.From).ToList());
            })
            .RequirePermission(Permissions.HostAlertsView).WithTags("Alerts（预警）").WithName("ListAllWarnings");

        host.MapGet("/alerts/interviews", async (int year, DbContext db, IBureauDirectory bureaus, CancellationToken ct) =>
            {
                var rows = await db.Set<BudgetWarning>().IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
                    .Where(w => w.FiscalYear == year && w.Interview).OrderBy(w => w.Month).ToListAsync(ct);
                var names = (await bureaus.ListAsync(ct)).ToDictionary(b => b.Id);
                return TypedResults.Ok(rows.Select(w => new InterviewDto(names.GetValueOrDefault(w.TenantId!.Value)?.Name, WarningDto.From(w))).ToList());
            })
            .RequirePermission(Permissions.HostAlertsView).WithTags("Alerts（预警）").WithName("InterviewList").WithSummary("约谈名单 / Bureaus three months red in a row");

        host.MapGet("/alerts/{year:int}/{month:int}/ranking", async (int year, int month, DbContext db, IBureauDirectory bureaus, CancellationToken ct) =>
                TypedResults.Ok(await Ranking(db, bureaus, year, month, ct)))
            .RequirePermission(Permissions.HostAlertsView).WithTags("Alerts（预警）").WithName("HostRanking").WithSummary("月度通报：各部门累计执行率、差距与预警等级 / Monthly ranking");

        host.MapGet("/alerts/{year:int}/{month:int}/ranking.xlsx", async (int year, int month, DbContext db, IBureauDirectory bureaus, CancellationToken ct) =>
                Xlsx((await Ranking(db, bureaus, year, month, ct)).Select(r => new Dictionary<string, object?>
                {
                    ["排名"] = r.Rank, ["部门代码"] = r.Code, ["部门"] = r.Name, ["累计执行率(%)"] = r.ExecutionRate, ["与序时进度差距(百分点)"] = r.GapPoints,
                    ["预警等级"] = r.Level is { } l ? WarningRules.Label(l) : "",
                }).ToList(), $"{year}年{month}月预算执行通报.xlsx"))
            .RequirePermission(Permissions.HostAlertsView).WithTags("Alerts（预警）").WithName("HostRankingXlsx");

        var alerts = bureau.MapGroup("/alerts/{year:int}");
        alerts.WithTags("Alerts（预警）").RequireBureauContext();
        alerts.MapGet("/warnings", async (int year, DbContext db, CancellationToken ct) =>
                TypedResults.Ok((await db.Set<BudgetWarning>().AsNoTracking().Where(w => w.FiscalYear == year).OrderBy(w => w.Month).ThenBy(w => w.Scope).ToListAsync(ct)).Select(WarningDto.From).ToList()))
            .RequirePermission(Permissions.AlertsView).WithName("OwnWarnings");

        // Bureaus see the ranking with names and rates only (no other bureau's gap or level).
        alerts.MapGet("/{month:int}/ranking", async (int year, int month, DbContext db, IBureauDirectory bureaus, ICurrentTenant tenant, CancellationToken ct) =>
                TypedResults.Ok((await Ranking(db, bureaus, year, month, ct)).Select(r => new PublicRankingRow(r.Rank, r.Name, r.ExecutionRate)).ToList()))
            .RequirePermission(Permissions.AlertsView).WithName("BureauRanking");

        alerts.MapGet("/{month:int}/ranking.xlsx", async (int year, int month, DbContext db, IBureauDirectory bureaus, CancellationToken ct) =>
                Xlsx((await Ranking(db, bureaus, year, month, ct)).Select(r => new Dictionary<string, object?> { ["排名"] = r.Rank, ["部门"] = r.Name, ["累计执行率(%)"] = r.ExecutionRate }).ToList(),
                    $"{year}年{month}月预算执行通报.xlsx"))
            .RequirePermission(Permissions.AlertsView).WithName("BureauRankingXlsx");

        var inbox = api.MapGroup("/inbox").WithTags("Inbox（消息）").RequireAuthorization();
        inbox.MapGet("/", async (bool? unread, DbContext db, ICurrentUser user, CancellationToken ct) =>
            {
                var me = user.Id ?? throw new ForbiddenException(SharedMessages.NoUser);
                var rows = await db.Set<Notification>().AsNoTracking().Where(n => n.UserId == me && (unread != true || n.ReadAt == null))
                    .OrderByDescending(n => n.CreatedAt).Take(200).ToListAsync(ct);
                return TypedResults.Ok(rows.Select(n => new NotificationDto(n.Id, n.Title, n.Body, n.CreatedAt, n.ReadAt)).ToList());
            })
            .WithName("Inbox").WithSummary("我的消息（预警、约谈通知）/ My notifications");
        inbox.MapPost("/{id:guid}/read", async (Guid id, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new MarkNotificationRead(id), ct);
                return TypedResults.NoContent();
            })
            .WithName("MarkNotificationRead");
    }

    /// <summary>All bureaus by cumulative execution rate (Total scope of the month's run); explicit cross-bureau read.</summary>
    private static async Task<List<RankingRow>> Ranking(DbContext db, IBureauDirectory bureaus, int year, int month, CancellationToken ct)
    {
        Validate(year, month);
        var warnings = await db.Set<BudgetWarning>().IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
            .Where(w => w.FiscalYear == year && w.Month == month && w.Scope == WarningScope.Total).ToListAsync(ct);
        var names = (await bureaus.ListAsync(ct)).ToDictionary(b => b.Id);
        var rank = 0;
        return warnings
            .Where(w => names.ContainsKey(w.TenantId!.Value))
            .OrderByDescending(w => w.ExecutionRate ?? -1m).ThenBy(w => names[w.TenantId!.Value].Code)
            .Select(w => new RankingRow(++rank, w.TenantId!.Value, names[w.TenantId.Value].Code, names[w.TenantId.Value].Name,
                Money.ToPercent(w.ExecutionRate), w.GapPoints is { } g ? Money.RoundHalfUp(g) : null, w.Level))
            .ToList();
    }

    private static (int Year, int Month) Validate(int? year, int? month)
    {
        var errors = new FieldErrors();
        if (!FiscalYear.IsValid(year))
        {
            errors.Add("year", ErrorCodes.FiscalYearRange, FiscalYear.YearMessage);
        }

        if (!FiscalYear.IsValidMonth(month))
        {
            errors.Add("month", ErrorCodes.MonthRange, FiscalYear.MonthMessage);
        }

        return errors.Count > 0 ? throw errors.ToException() : (year!.Value, month!.Value);
    }

    private static IResult Xlsx(List<Dictionary<string, object?>> rows, string fileName)
    {
        var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, new Dictionary<string, object> { ["通报"] = rows });
        stream.Position = 0;
        return Results.File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileName);
    }
}
