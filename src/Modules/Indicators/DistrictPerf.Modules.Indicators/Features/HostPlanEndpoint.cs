using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DistrictPerf.Modules.Indicators.Features;

/// <summary>
/// The finance bureau reads one bureau's performance plan (read-only): the same query and figures as the bureau's own
/// plan page, run inside that bureau (the tenant is switched for the read, as the host report endpoints do).
/// </summary>
internal static class HostPlanEndpoint
{
    internal static void Map(IEndpointRouteBuilder host) =>
        host.MapGet("/bureaus/{id:guid}/plan/{year:int}", async (Guid id, int year, IBureauDirectory bureaus, ICurrentTenant tenant, IPerformancePlans plans, CancellationToken ct) =>
            {
                PlanHandlers.EnsureYear(year);
                _ = await bureaus.FindAsync(id, ct) ?? throw new NotFoundException("Bureau", id);
                using (tenant.Change(id))
                {
                    return TypedResults.Ok(await plans.GetAsync(year, null, ct));
                }
            })
            .RequirePermission(Permissions.HostReportsView)
            .WithTags("Performance（绩效目标与指标）")
            .WithName("GetBureauPlanAsHost")
            .WithSummary("财政局查看一个部门的年度目标、主要任务、绩效指标及计算得分（只读）/ One bureau's goals, tasks, indicators and computed scores (host, read-only)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
