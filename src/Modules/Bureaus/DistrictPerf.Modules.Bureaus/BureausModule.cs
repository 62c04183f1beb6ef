using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Bureaus.Features.HostSide;
using DistrictPerf.Modules.Bureaus.Features.Profile;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.Modules.Bureaus;

/// <summary>Bureaus module: the tenant register (host side) and each bureau's profile (bureau side).</summary>
public static class BureausModule
{
    public static IServiceCollection AddBureausModule(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<IBureauDirectory, BureauDirectory>();
        services.AddScoped<BureauSeeder>();
        services.AddValidatorsFromAssembly(typeof(BureausModule).Assembly, includeInternalTypes: true);
        return services;
    }

    /// <param name="host">The <c>/api/host</c> group (finance bureau endpoints).</param>
    /// <param name="bureau">The <c>/api/bureau</c> group (endpoints on the current bureau's data).</param>
    public static void MapBureausEndpoints(IEndpointRouteBuilder host, IEndpointRouteBuilder bureau)
    {
        CreateBureauHandler.Map(host);
        ListBureausHandler.Map(host);
        UpdateBureauHandler.Map(host);
        GetProfileHandler.MapHostSide(host);
        GetProfileHandler.MapBureauSide(bureau);
        UpdateProfileHandler.Map(bureau);
    }

    /// <summary>The assembly holding this module's EF Core entity configurations.</summary>
    public static System.Reflection.Assembly Assembly => typeof(BureausModule).Assembly;
}
