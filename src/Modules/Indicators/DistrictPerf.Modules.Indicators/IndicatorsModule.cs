using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Indicators.Features;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Modules;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Perm = DistrictPerf.SharedKernel.Authorization.Permissions;

namespace DistrictPerf.Modules.Indicators;

/// <summary>Indicators module: goals, main tasks, indicators, scoring rules and computed scores.</summary>
public sealed class IndicatorsModule : IModule
{
    public string Name => "Indicators";

    public System.Reflection.Assembly? ContractsAssembly => typeof(IPerformancePlans).Assembly;

    public IReadOnlyCollection<string> Permissions => [Perm.HostScoringRulesManage, Perm.PlanView, Perm.PlanEdit];

    public void AddServices(ModuleServices module)
    {
        module.Services.AddScoped<IPerformancePlans, PerformancePlans>();
        module.Services.AddScoped<IPlanOverview, PlanOverview>();
        module.Services.AddValidatorsFromAssembly(typeof(IndicatorsModule).Assembly, includeInternalTypes: true);
    }

    public IEnumerable<WarmUpRequest> WarmUpRequests(Guid bureau, int year) =>
        [new($"/api/bureau/performance/{year}"), new($"/api/host/bureaus/{bureau}/plan/{year}", WarmUpCaller.Host)];

    public void MapEndpoints(ModuleEndpoints endpoints)
    {
        var plan = endpoints.Bureau.MapGroup("/performance/{year:int}");
        plan.WithTags("Performance（绩效目标与指标）").RequireBureauContext();
        PlanHandlers.Map(plan);
        ReorderIndicatorsHandler.Map(plan);
        ScoringRulesHandler.Map(endpoints.Host);
        HostPlanEndpoint.Map(endpoints.Host);
    }
}
