using BenchmarkDotNet.Attributes;
using DistrictPerf.Host.Persistence;
using DistrictPerf.Modules.Alerts.Features;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Features;
using DistrictPerf.Modules.Bureaus;
using DistrictPerf.Modules.Identity.Contracts;
using DistrictPerf.SharedKernel.Auditing;
using DistrictPerf.SharedKernel.Messaging;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DistrictPerf.Benchmarks;

/// <summary>
/// Alerts issue benchmark: the monthly warning job for June over the 2,000-bureau dataset
/// (every bureau: Total, 基本支出 and 项目支出 levels upserted), against the same computation
/// as one raw SQL statement (aggregate, level, upsert) on the same file. Each iteration is one
/// whole run; the dataset has no users, so no notifications are written by either.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 8, invocationCount: 1)]
public class WarningJobBenchmarks
{
    private ServiceProvider _services = null!;
    private string _connectionString = "";

    [GlobalSetup]
    public void Setup()
    {
        var path = Environment.GetEnvironmentVariable("DISTRICTPERF_BENCH_DB") ?? Path.Combine(Path.GetTempPath(), "districtperf-bench.db");
        DatasetGenerator.EnsureAsync(path).GetAwaiter().GetResult();
        _connectionString = $"Data Source={path}";
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ICurrentTenant, CurrentTenant>();
        services.AddSingleton<IAuditContext, SystemAudit>();
        services.AddSingleton(new AuditingOptions());
        services.AddScoped<AuditingInterceptor>();
        services.AddScoped<BulkUpsert>();
        services.AddDbContext<SqliteDistrictPerfDbContext>((sp, o) => o.UseSqlite(_connectionString).AddInterceptors(sp.GetRequiredService<AuditingInterceptor>()));
        services.AddScoped<DbContext>(sp => sp.GetRequiredService<SqliteDistrictPerfDbContext>());
        services.AddMemoryCache();
        services.AddSingleton<DistrictPerf.Modules.Bureaus.Contracts.IBureauDirectory, DistrictPerf.Modules.Bureaus.BureauDirectory>();
        services.AddScoped<IBudgetFiguresQuery, HostFiguresQuery>();
        services.AddSingleton<IUserDirectory, NoUsers>();
        services.AddSingleton<WarningJobHooks>();
        services.AddSingleton<IWarningRetryScheduler, NoRetries>();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddScoped<AfterCommit>();
        services.AddScoped<UnitOfWork>();
        services.AddScoped<WarningWriter>();
        services.AddScoped<MonthlyWarningJob>();
        _services = services.BuildServiceProvider();

        // Start from no warnings, so both methods do the same work (first run inserts, later runs update).
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var clear = connection.CreateCommand();
        clear.CommandText = "DELETE FROM BudgetWarnings; DELETE FROM WarningRuns; DELETE FROM AuditLog WHERE EntityType IN ('BudgetWarning', 'WarningRun');";
        clear.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
    }

    [Benchmark(Baseline = true, Description = "raw SQL: aggregate + levels + upsert, one statement")]
    public async Task<int> RawSql()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            WITH i AS (SELECT TenantId, Kind, SUM(InitialFen) AS f FROM BudgetLines WHERE FiscalYear = $y GROUP BY TenantId, Kind),
                 a AS (SELECT TenantId, LineKind AS Kind, SUM(AmountFen) AS f FROM BudgetAdjustments WHERE FiscalYear = $y AND Month <= $m GROUP BY TenantId, LineKind),
                 s AS (SELECT TenantId, LineKind AS Kind, SUM(AmountFen) AS f FROM SpendingEntries WHERE FiscalYear = $y AND Month <= $m GROUP BY TenantId, LineKind),
                 k AS (SELECT i.TenantId, i.Kind AS Scope, i.f + COALESCE(a.f, 0) AS adjusted, COALESCE(s.f, 0) AS spent
                       FROM i LEFT JOIN a ON a.TenantId = i.TenantId AND a.Kind = i.Kind LEFT JOIN s ON s.TenantId = i.TenantId AND s.Kind = i.Kind),
                 t AS (SELECT TenantId, Scope, adjusted, spent FROM k UNION ALL SELECT TenantId, 'Total', SUM(adjusted), SUM(spent) FROM k GROUP BY TenantId),
                 r AS (SELECT TenantId, Scope, CASE WHEN adjusted = 0 THEN NULL ELSE spent * 1.0 / adjusted END AS e FROM t)
            INSERT INTO BudgetWarnings (Id, TenantId, FiscalYear, Month, Scope, Level, ExecutionRate, TimeProgress, GapPoints, ProjectedYearEndRate, ForecastWarning, Interview, RunId, CreatedAt)
            SELECT upper(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21, 12)), TenantId, $y, $m, Scope,
                   CASE WHEN e IS NULL THEN 'Green' WHEN (e - $p) * 100 <= -20 THEN 'Red' WHEN (e - $p) * 100 <= -5 THEN 'Yellow' ELSE 'Green' END,
                   e, $p, (e - $p) * 100, e / $p, CASE WHEN e / $p < 0.9 THEN 1 ELSE 0 END, 0, $run, datetime('now')
            FROM (SELECT r.*, hex(randomblob(16)) AS h FROM r) WHERE true
            ON CONFLICT (TenantId, FiscalYear, Month, Scope) DO UPDATE SET
                Level = excluded.Level, ExecutionRate = excluded.ExecutionRate, TimeProgress = excluded.TimeProgress, GapPoints = excluded.GapPoints,
                ProjectedYearEndRate = excluded.ProjectedYearEndRate, ForecastWarning = excluded.ForecastWarning, RunId = excluded.RunId
            """;
        command.Parameters.AddWithValue("$y", DatasetGenerator.Year);
        command.Parameters.AddWithValue("$m", HostViewBenchmarks.Month);
        command.Parameters.AddWithValue("$p", HostViewBenchmarks.Month / 12.0);
        command.Parameters.AddWithValue("$run", Guid.NewGuid().ToString().ToUpperInvariant());
        return await command.ExecuteNonQueryAsync();
    }

    [Benchmark(Description = "the warning job (EF Core set-based reads, rules in C#, one set-based upsert)")]
    public async Task<Guid> Job()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MonthlyWarningJob>().RunAsync(DatasetGenerator.Year, HostViewBenchmarks.Month, "benchmark", CancellationToken.None);
    }

    private sealed class SystemAudit : IAuditContext
    {
        public Guid? UserId => null;
        public string? UserName => "benchmark";
        public string? CorrelationId => null;
    }

    private sealed class NoUsers : IUserDirectory
    {
        public Task<IReadOnlyList<UserContact>> ActiveUsersInRolesAsync(IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<UserContact>>([]);

        public Task<ILookup<Guid, UserContact>> ActiveUsersByBureauAsync(IReadOnlyCollection<Guid> bureauIds, IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default) =>
            Task.FromResult(Array.Empty<(Guid, UserContact)>().ToLookup(x => x.Item1, x => x.Item2));
    }

    private sealed class NoRetries : IWarningRetryScheduler
    {
        public void ScheduleRetry(Guid runId, Guid bureauId, int year, int month)
        {
        }
    }
}
