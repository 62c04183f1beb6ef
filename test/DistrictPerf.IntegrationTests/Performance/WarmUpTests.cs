using System.Net;
using System.Net.Http.Json;
using DistrictPerf.Host.Infrastructure;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.IntegrationTests.Security.Probe;
using DistrictPerf.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DistrictPerf.IntegrationTests.Performance;

/// <summary>
/// The start-up warm-up runs the hot read paths before readiness says "ready", reads a real bureau's rows when there
/// are any, sends the modules' hot requests through the request pipeline, keeps nothing in the read cache and writes
/// nothing. (What it saves is measured by scripts/bench-warm-start.sh, not here.)
/// </summary>
public sealed class WarmUpTests : IAsyncLifetime
{
    private AppFixture _app = null!;

    public Task InitializeAsync()
    {
        // Two rounds: the later rounds and the wait for the runtime's background compilation run too.
        _app = AppFixture.WithSettings(new Dictionary<string, string?> { ["Startup:WarmUpRounds"] = "2" });
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
        var warmUp = _app.Services.GetRequiredService<WarmUp>();
        await warmUp.RunAsync(DistrictPerf.Host.Modules.ModuleCatalog.All, CancellationToken.None);
        DatabaseFingerprint.Differences(before, fingerprint.Take()).ShouldBeEmpty();
        warmUp.FailedModules.ShouldBeEmpty();
        (await health.CheckHealthAsync(c => c.Name == "warm-up")).Status.ShouldBe(HealthStatus.Healthy);

        // Through the request pipeline, as the demo bureau's user and the finance bureau's: every module's hot page
        // answered 200 (a refused user or a missing permission would show here), and the refused session 401 on both
        // schemes.
        warmUp.FailedRequests.ShouldBeEmpty();
        var sent = warmUp.SentRequests;
        foreach (var path in (string[])["/api/bureau/reports/2021 ", "/api/bureau/budgets/2021/figures ", "/api/bureau/performance/2021 ",
                     "/api/host/dashboard/2021?month=12 ", "/api/host/search?", "/api/bureau/reports/2021/legacy-import/preview "])
        {
            sent.ShouldContain(r => r.Contains(path, StringComparison.Ordinal) && r.EndsWith("→ 200", StringComparison.Ordinal), path);
        }

        sent.Count(r => r.EndsWith("→ 200", StringComparison.Ordinal)).ShouldBe(sent.Count - 2, string.Join(Environment.NewLine, sent));
        sent.ShouldContain("GET /api/auth/me (Authorization) → 401");
        sent.ShouldContain("GET /api/auth/me (Cookie) → 401");

        // Warm code, not data: nothing it read is kept, so the first real read of each bureau computes its values.
        _app.Services.GetRequiredService<ReadCacheStore>().Count.ShouldBe(0);
        var editor = await _app.SignInAsync(DistrictPerf.Host.Seeding.DemoData.BureauCode, "editor", DistrictPerf.Host.Seeding.DemoData.Password);
        (await editor.GetAsync("/api/bureau/budgets/2021/figures")).StatusCode.ShouldBe(HttpStatusCode.OK);
        _app.Services.GetRequiredService<ReadCacheStore>().Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_disabled_bureau_is_not_the_warm_ups_sample()
    {
        // The demo bureau (the only one with a report and users) disabled: its users would be refused, so the warm-up
        // sends no bureau request rather than warming the refusal (and logging it at every start).
        await _app.SeedDemoAsync();
        var root = await _app.RootAsync();
        var demo = (await (await root.GetAsync("/api/host/bureaus")).ReadJsonAsync()).EnumerateArray()
            .Single(b => b.GetProperty("code").GetString() == DistrictPerf.Host.Seeding.DemoData.BureauCode);
        (await root.PostAsJsonAsync($"/api/host/bureaus/{demo.GetProperty("id").GetGuid()}/disable", new
        {
            concurrencyStamp = demo.GetProperty("concurrencyStamp").GetString(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var warmUp = _app.Services.GetRequiredService<WarmUp>();
        await warmUp.RunAsync(DistrictPerf.Host.Modules.ModuleCatalog.All, CancellationToken.None);

        warmUp.FailedRequests.ShouldBeEmpty();
        warmUp.SentRequests.ShouldNotContain(r => r.StartsWith("GET /api/bureau/", StringComparison.Ordinal), string.Join(Environment.NewLine, warmUp.SentRequests));
        warmUp.SentRequests.ShouldContain(r => r.StartsWith("GET /api/host/dashboard/", StringComparison.Ordinal) && r.EndsWith("→ 200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_sent_in_process_ends_as_a_servers_does_and_its_services_are_disposed()
    {
        await using var app = AppFixture.With(services =>
        {
            services.AddSingleton<Disposals>();
            services.AddScoped<ScopeProbe>();
            services.AddSingleton<IStartupFilter, ProbeFilter>();
        });
        await ((IAsyncLifetime)app).InitializeAsync();
        var disposals = app.Services.GetRequiredService<Disposals>();
        var before = disposals.Count;

        var status = await app.Services.GetRequiredService<RequestPipeline>()
            .SendAsync(new DistrictPerf.SharedKernel.Modules.WarmUpRequest("/health/live"), null, [], CancellationToken.None);

        status.ShouldBe(200);
        // The request's scope (and with it a pooled DbContext) is disposed when the response completes, as on the server.
        disposals.Count.ShouldBe(before + 1);
    }

    private sealed class Disposals
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    private sealed class ScopeProbe(Disposals disposals) : IDisposable
    {
        public void Dispose() => disposals.Add();
    }

    /// <summary>Resolves a scoped service in every request (inside the warm-up's kept pipeline).</summary>
    private sealed class ProbeFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.RequestServices.GetRequiredService<ScopeProbe>();
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
