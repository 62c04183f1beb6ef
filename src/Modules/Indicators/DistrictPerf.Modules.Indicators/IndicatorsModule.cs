using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Indicators.Features;
using DistrictPerf.SharedKernel.Http;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.Modules.Indicators;

/// <summary>Indicators module: goals, main tasks, indicators, scoring rules and computed scores.</summary>
public static class IndicatorsModule
{
    public static IServiceCollection AddIndicatorsModule(this IServiceCollection services)
    {
        services.AddScoped<IPerformancePlans, PerformancePlans>();
        services.AddValidatorsFromAssembly(typeof(IndicatorsModule).Assembly, includeInternalTypes: true);
        return services;
    }

    public static void MapIndicatorsEndpoints(IEndpointRouteBuilder host, IEndpointRouteBuilder bureau)
    {
        var plan = bureau.MapGroup("/performance/{year:int}");
        plan.WithTags("Performance（绩效目标与指标）").RequireBureauContext();
        PlanHandlers.Map(plan);
        ScoringRulesHandler.Map(host);
    }

    public static System.Reflection.Assembly Assembly => typeof(IndicatorsModule).Assembly;
}
