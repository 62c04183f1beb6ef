using System.Net;
using DistrictPerf.Host.Infrastructure;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.IntegrationTests.Security.Probe;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DistrictPerf.IntegrationTests.Performance;

/// <summary>
/// The start-up warm-up runs the hot read paths before readiness says "ready", reads a real bureau's rows when there
/// are any, and writes nothing. (What it saves is measured by scripts/bench-warm-start.sh, not here.)
/// </summary>
public sealed class WarmUpTests : IAsyncLifetime
{
    private AppFixture _app = null!;

    public Task InitializeAsync()
    {
        _app = AppFixture.WithSettings(new Dictionary<string, string?>());
        return ((IAsyncLifetime)_app).InitializeAsync();
    }

    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task Readiness_waits_for_the_warm_up_and_the_warm_up_writes_nothing()
    {
        var health = _app.Services.GetRequiredService<HealthCheckService>();
        var report = await health.CheckHealthAsync(c => c.Name == "warm-up");
        for (var i = 0; i < 120 && report.Status != HealthStatus.Healthy; i++)
        {
            // Until it has run, readiness is "warming up" (a 503 for the load balancer).
            report.Entries["warm-up"].Description.ShouldBe("warming up");
            await Task.Delay(250);
            report = await health.CheckHealthAsync(c => c.Name == "warm-up");
        }

        report.Status.ShouldBe(HealthStatus.Healthy);
        report.Entries["warm-up"].Description!.ShouldStartWith("warmed up in");
        (await _app.Anonymous().GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        _app.Services.GetRequiredService<WarmUp>().FailedModules.ShouldBeEmpty();

        // Again on the demo bureau's data (its report, plan and budget are read): not one row changes.
        await _app.SeedDemoAsync();
        using var fingerprint = new DatabaseFingerprint(Path.Combine(_app.DataDirectory, "districtperf.db"));
        var before = fingerprint.Take();
        await _app.Services.GetRequiredService<WarmUp>().RunAsync(DistrictPerf.Host.Modules.ModuleCatalog.All, CancellationToken.None);
        DatabaseFingerprint.Differences(before, fingerprint.Take()).ShouldBeEmpty();
        _app.Services.GetRequiredService<WarmUp>().FailedModules.ShouldBeEmpty();
        (await health.CheckHealthAsync(c => c.Name == "warm-up")).Status.ShouldBe(HealthStatus.Healthy);
    }
}
