using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Http;

namespace DistrictPerf.Host.Features.Dashboard;

/// <summary>The finance bureau's comparison dashboard and its department view (read-only, host users only).</summary>
internal static class DashboardEndpoints
{
    public static void Map(RouteGroupBuilder host)
    {
        var dashboard = host.MapGroup("/dashboard/{year:int}").WithTags("Dashboard（财政局看板）")
            .RequirePermission(Permissions.HostBudgetsView)
            .RequirePermission(Permissions.HostAlertsView)
            .RequirePermission(Permissions.HostReportsView);

        dashboard.MapGet("/", async (int year, int? month, DashboardQuery query, CancellationToken ct) =>
                TypedResults.Ok(await query.ForYearAsync(year, month ?? 12, ct)))
            .WithName("GetHostDashboard")
            .WithSummary("财政局看板：各部门截至某月末的预算执行、预警、评分与报告状态，全区合计，各部门月度曲线与预警热力（一次请求）/ "
                + "Every department to a month's end — figures, warnings, scores, report status — with district totals and the charts' data, in one request")
            .ProducesValidationProblem();

        dashboard.MapGet("/bureaus/{bureauId:guid}", async (int year, Guid bureauId, DashboardQuery query, CancellationToken ct) =>
                TypedResults.Ok(await query.ForBureauAsync(year, bureauId, ct)))
            .WithName("GetHostDashboardBureau")
            .WithSummary("财政局查看一个部门：逐月预算执行与序时进度、预警、评分与报告状态（只读）/ One department month by month, its warnings, plan score and report (read-only)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
