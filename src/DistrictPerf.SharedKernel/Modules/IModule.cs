using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DistrictPerf.SharedKernel.Modules;

/// <summary>
/// One module of the monolith, contributing everything it owns in one place (ABP's module class):
/// its services, EF Core configurations, endpoints, permissions and recurring jobs. The host keeps
/// one list of modules (<c>ModuleCatalog</c>) that the composition root, the DbContext and the
/// architecture tests all read; adding a module is adding one line there.
/// </summary>
public interface IModule
{
    /// <summary>Short name, e.g. <c>Budgets</c>.</summary>
    string Name { get; }

    /// <summary>The implementation assembly (handlers, validators, EF configurations).</summary>
    Assembly Assembly => GetType().Assembly;

    /// <summary>The module's Contracts assembly (what other modules may see), if it has one.</summary>
    Assembly? ContractsAssembly => null;

    /// <summary>The permissions this module's endpoints require (each owned by exactly one module).</summary>
    IReadOnlyCollection<string> Permissions { get; }

    void AddServices(ModuleServices module);

    /// <summary>EF Core configuration of the module's entities in the one shared context.</summary>
    void ConfigureModel(ModelBuilder builder) => builder.ApplyConfigurationsFromAssembly(Assembly);

    void MapEndpoints(ModuleEndpoints endpoints);

    /// <summary>Recurring jobs the module runs (registered with the job server by the host).</summary>
    void ConfigureJobs(IRecurringJobs jobs, IConfiguration configuration)
    {
    }

    /// <summary>
    /// Runs the module's hot read paths once at start-up, before the app reports itself ready, so that the first
    /// user's request pays no JIT, no EF query compilation and no first-use loading: called with a scope whose current
    /// bureau is <paramref name="bureau"/> (the bureau of the most recent report, so that real rows are read, or a bureau
    /// without rows in an empty database). It must not write anything and returns nothing to anybody.
    /// </summary>
    Task WarmUpAsync(IServiceProvider services, Guid bureau, int year, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The module's hot requests (the pages' first reads), which the warm-up then sends through the request pipeline
    /// in process as a user of <paramref name="bureau"/> or of the finance bureau (<see cref="WarmUpRequest"/>); each
    /// must write nothing and answer 2xx on that bureau's data.
    /// </summary>
    IEnumerable<WarmUpRequest> WarmUpRequests(Guid bureau, int year) => [];
}

/// <summary>What a module may use to register its services.</summary>
/// <param name="DbContextType">The shared DbContext type (for libraries that need it, e.g. Identity's EF stores).</param>
/// <param name="DataDirectory">The application's data folder, absolute.</param>
public sealed record ModuleServices(
    IServiceCollection Services, IConfiguration Configuration, IHostEnvironment Environment, Type DbContextType, string DataDirectory);

/// <summary>The route groups a module maps into: <c>/api</c>, <c>/api/host</c> (finance bureau) and <c>/api/bureau</c> (the current bureau).</summary>
public sealed record ModuleEndpoints(IEndpointRouteBuilder Api, IEndpointRouteBuilder Host, IEndpointRouteBuilder Bureau);

/// <summary>Registers recurring jobs without the module knowing the job server (Hangfire in the host).</summary>
public interface IRecurringJobs
{
    /// <param name="id">Stable job id (kept across deployments).</param>
    /// <param name="run">The job method, resolved from DI when it runs.</param>
    /// <param name="cron">Cron expression, in <paramref name="timeZone"/> (the host's Jobs:TimeZone when null).</param>
    void Add<TJob>(string id, Expression<Func<TJob, Task>> run, string cron, TimeZoneInfo? timeZone = null)
        where TJob : notnull;
}
