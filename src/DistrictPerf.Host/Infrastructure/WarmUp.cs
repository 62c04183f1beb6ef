using System.Diagnostics;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Modules;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DistrictPerf.Host.Infrastructure;

/// <summary>
/// Runs every module's hot read paths once after start-up (<see cref="IModule.WarmUpAsync"/>: a bureau's figures and
/// curve, the host view, a report built with its plan, budget and checker, the legacy parser, …) plus the token
/// protector, as a bureau that has no rows — nothing is written. Until it has finished, readiness
/// (<c>/health/ready</c>) says "warming up", so a load balancer sends the first user to a warm replica and that user
/// pays no JIT, EF query compilation or first-use loading. <c>Startup:WarmUp=false</c> turns it off. A failing step
/// is logged and skipped: warming never keeps the app from becoming ready.
/// </summary>
internal sealed class WarmUp(IServiceProvider services, IConfiguration configuration, ILogger<WarmUp> logger) : IHealthCheck
{
    private volatile bool _done;
    private readonly List<string> _failed = [];

    /// <summary>The modules whose warm-up failed in the last run (logged as warnings).</summary>
    public IReadOnlyList<string> FailedModules
    {
        get
        {
            lock (_failed)
            {
                return [.. _failed];
            }
        }
    }
    private TimeSpan _took;

    public bool Enabled => configuration.GetValue("Startup:WarmUp", true);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!Enabled || _done
            ? HealthCheckResult.Healthy(Enabled ? $"warmed up in {_took.TotalMilliseconds:0} ms" : "warm-up off")
            : HealthCheckResult.Unhealthy("warming up"));

    public async Task RunAsync(IEnumerable<IModule> modules, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        lock (_failed)
        {
            _failed.Clear();
        }

        var bureau = Guid.NewGuid();
        var year = Math.Clamp(DateTime.UtcNow.Year, FiscalYear.Min, FiscalYear.Max);
        try
        {
            Protector();
            // Reading real rows warms what an empty result never runs (materialisation, the checker on a full plan):
            // the most recent report's bureau and year, read in-process only; an empty database warms on an empty bureau.
            if (await SampleAsync(cancellationToken) is { } sample)
            {
                (bureau, year) = (sample.Bureau, sample.Year);
            }

            foreach (var module in modules)
            {
                try
                {
                    await using var scope = services.CreateAsyncScope();
                    using var _ = scope.ServiceProvider.GetRequiredService<ICurrentTenant>().Change(bureau);
                    await module.WarmUpAsync(scope.ServiceProvider, bureau, year, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Warm-up of module {Module} failed; its first request will be slower", module.Name);
                    lock (_failed)
                    {
                        _failed.Add(module.Name);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        finally
        {
            _took = Stopwatch.GetElapsedTime(started);
            _done = true;
        }

        logger.LogInformation("Warm-up finished in {ElapsedMs:0} ms", _took.TotalMilliseconds);
    }

    private sealed record Sample(Guid Bureau, int Year);

    private async Task<Sample?> SampleAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Persistence.DistrictPerfDbContext>();
        return await db.Database.SqlQueryRaw<Sample>("SELECT TenantId AS Bureau, FiscalYear AS Year FROM SelfEvaluationReports WHERE TenantId IS NOT NULL")
            .OrderByDescending(s => s.Year).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Loads the data-protection key ring and runs the bearer token's protector once.</summary>
    private void Protector()
    {
        var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("DistrictPerf.WarmUp");
        protector.Unprotect(protector.Protect([1, 2, 3]));
        services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme).BearerTokenProtector.Unprotect("warm-up");
    }
}
