using System.Diagnostics;
using System.Security.Claims;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Persistence;
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
/// Runs the hot paths once after start-up, in two passes over the most recent report's bureau and year (else a bureau
/// with users, else a bureau that has no rows): every module's in-process warm-up (<see cref="IModule.WarmUpAsync"/>:
/// figures and curve, the host view, a report built with its plan, budget and checker, the legacy parser, …), then the
/// modules' hot requests (<see cref="IModule.WarmUpRequests"/>) sent through the application's own request pipeline
/// (<see cref="RequestPipeline"/>, in process) as one of the bureau's users and one of the finance bureau's — routing,
/// authentication, tenant resolution, authorization, binding, the handler and the JSON writing all run once — plus
/// one bearer token and one cookie of a session that does not exist, which run the per-request session check and are
/// refused. Nothing is written, and nothing it reads is kept in the read cache: it warms code, not data. Until it has finished, readiness (<c>/health/ready</c>) says "warming up", so a load balancer sends the first
/// user to a warm replica. <c>Startup:WarmUp=false</c> turns it off. A failing step is logged and skipped: warming
/// never keeps the app from becoming ready.
/// </summary>
internal sealed class WarmUp(IServiceProvider services, RequestPipeline pipeline, IConfiguration configuration, ILogger<WarmUp> logger) : IHealthCheck
{
    private volatile bool _done;
    private readonly List<string> _failed = [];
    private readonly List<string> _failedRequests = [];
    private readonly List<string> _sent = [];

    /// <summary>The requests of the last run that did not answer as expected (logged as warnings), "METHOD path → status".</summary>
    public IReadOnlyList<string> FailedRequests
    {
        get
        {
            lock (_failed)
            {
                return [.. _failedRequests];
            }
        }
    }

    /// <summary>The requests the last run sent through the pipeline, "METHOD path → status".</summary>
    public IReadOnlyList<string> SentRequests
    {
        get
        {
            lock (_failed)
            {
                return [.. _sent];
            }
        }
    }

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
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the warm-up has finished (or at once when it is off); never fails.</summary>
    public Task Completion => Enabled ? _completion.Task : Task.CompletedTask;

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

        // Warm code, not data: what the warm-up reads is not kept, so the first read of every bureau (the sample's
        // too) still computes its values — as the benchmark measures it.
        ReadCacheStore.KeepNothingInThisFlow();
        var started = Stopwatch.GetTimestamp();
        lock (_failed)
        {
            _failed.Clear();
            _failedRequests.Clear();
            _sent.Clear();
        }

        var bureau = Guid.NewGuid();
        var year = Math.Clamp(DateTime.UtcNow.Year, FiscalYear.Min, FiscalYear.Max);
        try
        {
            Protector();
            // Reading real rows warms what an empty result never runs (materialisation, the checker on a full plan):
            // the most recent report's bureau and year (nothing read leaves the process); an empty database warms on
            // an empty bureau.
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

            try
            {
                await RequestsAsync(modules, bureau, year, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Warm-up requests failed; the first requests will be slower");
                lock (_failed)
                {
                    _failedRequests.Add($"warm-up requests → {e.GetType().Name}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception e)
        {
            // E.g. the database unreachable for the sample: readiness's own database check reports that.
            logger.LogWarning(e, "Warm-up failed; the first requests will be slower");
            return;
        }
        finally
        {
            _took = Stopwatch.GetElapsedTime(started);
            _done = true;
            _completion.TrySetResult();
        }

        logger.LogInformation("Warm-up finished in {ElapsedMs:0} ms ({Requests} requests through the pipeline)", _took.TotalMilliseconds, SentRequests.Count);
    }

    /// <summary>The modules' hot requests and the host's own (the dashboard), then the refused session on both schemes.</summary>
    private async Task RequestsAsync(IEnumerable<IModule> modules, Guid bureau, int year, CancellationToken cancellationToken)
    {
        // A worker-only replica (Jobs:Web=false) maps no API.
        if (!pipeline.Built || !services.GetRequiredService<Jobs.JobsOptions>().Web)
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var signIns = scope.ServiceProvider.GetRequiredService<IWarmUpSignIns>();
        var users = new Dictionary<WarmUpCaller, ClaimsPrincipal?>
        {
            [WarmUpCaller.Bureau] = await signIns.PrincipalAsync(bureau, cancellationToken),
            [WarmUpCaller.Host] = await signIns.PrincipalAsync(null, cancellationToken),
        };
        WarmUpRequest[] own =
        [
            new($"/api/host/dashboard/{year}?month=12", WarmUpCaller.Host),
            new($"/api/host/dashboard/{year}/bureaus/{bureau}", WarmUpCaller.Host),
        ];
        var requests = modules.SelectMany(m => m.WarmUpRequests(bureau, year)).Concat(own).Where(r => users[r.Caller] is not null).ToList();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var request in requests)
            {
                // 2xx, or a 4xx of the data (a bureau without a report yet answers 404): the path ran. A refusal of
                // the warm-up's user or a server error is worth a warning.
                await SendAsync(request, users[request.Caller], [], status => status is >= 200 and < 300 or 400 or 404 or 409, round == 0, cancellationToken);
            }
        }

        if ((users[WarmUpCaller.Bureau] ?? users[WarmUpCaller.Host]) is { } someone)
        {
            foreach (var credential in signIns.UnknownSessionCredentials(someone))
            {
                await SendAsync(new WarmUpRequest("/api/auth/me"), null, [credential], status => status == StatusCodes.Status401Unauthorized, true, cancellationToken);
            }
        }

        if (Rounds > 1)
        {
            await JitSettledAsync(cancellationToken);
        }
    }

    /// <summary>
    /// How many times the requests are sent: the runtime recompiles a method optimised in the background once it has
    /// been called 30 times (tiered compilation), so a few dozen rounds bring the hot paths to their optimised code
    /// before the first user arrives (<c>Startup:WarmUpRounds</c>; with more than one, the warm-up then waits for that
    /// background compilation to finish).
    /// </summary>
    private int Rounds => Math.Clamp(configuration.GetValue("Startup:WarmUpRounds", 40), 1, 1000);

    /// <summary>Waits (at most 10 s) until the runtime has compiled no method for 200 ms: the background recompilation is done.</summary>
    private static async Task JitSettledAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
        var count = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(200, cancellationToken);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == count)
            {
                return;
            }

            count = now;
        }
    }

    /// <summary>
    /// Sends one request; the first round records and reports how it answered (a warning when not as
    /// <paramref name="expected"/>), the later rounds only repeat it.
    /// </summary>
    private async Task SendAsync(
        WarmUpRequest request, ClaimsPrincipal? user, (string, string)[] headers, Func<int, bool> expected, bool first, CancellationToken cancellationToken)
    {
        var what = $"{request.Method} {request.Path}{(headers.Length > 0 ? " (" + headers[0].Item1 + ")" : "")}";
        try
        {
            var status = await pipeline.SendAsync(request, user, headers, cancellationToken);
            if (!first)
            {
                return;
            }

            var answered = expected(status);
            logger.Log(answered ? LogLevel.Debug : LogLevel.Warning, "Warm-up request {Request} answered {Status}{Consequence}", what, status,
                answered ? "" : "; its first request will be slower");
            lock (_failed)
            {
                _sent.Add($"{what} → {status}");
                if (!answered)
                {
                    _failedRequests.Add($"{what} → {status}");
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && first)
        {
            logger.LogWarning(e, "Warm-up request {Request} failed; its first request will be slower", what);
            lock (_failed)
            {
                _failedRequests.Add($"{what} → {e.GetType().Name}");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug(e, "Warm-up request {Request} failed in a later round", what);
        }
    }

    private sealed record Sample(Guid Bureau, int Year);

    private async Task<Sample?> SampleAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Persistence.DistrictPerfDbContext>();
        // An enabled bureau's: a disabled one's users are refused, and the requests would warm the refusal.
        const string enabled = "TenantId IN (SELECT Id FROM Bureaus WHERE IsActive = 1)";
        var report = await db.Database.SqlQueryRaw<Sample>("SELECT TenantId AS Bureau, FiscalYear AS Year FROM SelfEvaluationReports WHERE " + enabled)
            .OrderByDescending(s => s.Year).ThenBy(s => s.Bureau).FirstOrDefaultAsync(cancellationToken);
        if (report is not null)
        {
            return report;
        }

        // No report yet (a new installation): a bureau that has users, so that the requests run as one of them.
        var withUsers = await db.Database.SqlQueryRaw<Guid>("SELECT TenantId AS Value FROM Users WHERE IsActive = 1 AND " + enabled)
            .OrderBy(b => b).FirstOrDefaultAsync(cancellationToken);
        return withUsers == Guid.Empty ? null : new Sample(withUsers, Math.Clamp(DateTime.UtcNow.Year, FiscalYear.Min, FiscalYear.Max));
    }

    /// <summary>Loads the data-protection key ring and runs the bearer token's protector once.</summary>
    private void Protector()
    {
        var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("DistrictPerf.WarmUp");
        protector.Unprotect(protector.Protect([1, 2, 3]));
        services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme).BearerTokenProtector.Unprotect("warm-up");
    }
}
