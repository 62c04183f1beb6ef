using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Bureaus.Features.HostSide;
using DistrictPerf.Modules.Bureaus.Features.Profile;
using DistrictPerf.SharedKernel.Modules;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Perm = DistrictPerf.SharedKernel.Authorization.Permissions;

namespace DistrictPerf.Modules.Bureaus;

/// <summary>Bureaus module: the tenant register (host side) and each bureau's profile (bureau side).</summary>
public sealed class BureausModule : IModule
{
    public string Name => "Bureaus";

    public System.Reflection.Assembly? ContractsAssembly => typeof(IBureauDirectory).Assembly;

    public IReadOnlyCollection<string> Permissions => [Perm.HostBureausView, Perm.HostBureausManage, Perm.ProfileView, Perm.ProfileEdit];

    public void AddServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddMemoryCache();
        services.AddSingleton<IBureauDirectory, BureauDirectory>();
        services.AddScoped<BureauSeeder>();
        services.AddScoped<IBureauProfiles, BureauProfiles>();
        services.AddValidatorsFromAssembly(typeof(BureausModule).Assembly, includeInternalTypes: true);
    }

    public IEnumerable<WarmUpRequest> WarmUpRequests(Guid bureau, int year) =>
        [new("/api/bureau/profile"), new("/api/host/bureaus", WarmUpCaller.Host), new($"/api/host/bureaus/{bureau}/profile", WarmUpCaller.Host)];

    public void MapEndpoints(ModuleEndpoints endpoints)
    {
        CreateBureauHandler.Map(endpoints.Host);
        ListBureausHandler.Map(endpoints.Host);
        UpdateBureauHandler.Map(endpoints.Host);
        GetProfileHandler.MapHostSide(endpoints.Host);
        GetProfileHandler.MapBureauSide(endpoints.Bureau);
        UpdateProfileHandler.Map(endpoints.Bureau);
    }
}
