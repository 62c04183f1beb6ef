using BenchmarkDotNet.Attributes;
using DistrictPerf.Host.Persistence;
using DistrictPerf.Modules.Budgets.Features;
using DistrictPerf.Modules.Bureaus;
using DistrictPerf.SharedKernel.Tenancy;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.Benchmarks;

/// <summary>
/// Budgets issue benchmark: the host view (every bureau's figures to the end of June) over the
/// 1.2 M-row dataset, against the same aggregate written as one raw SQL query on the same file.
/// </summary>
[MemoryDiagnoser]
public class HostViewBenchmarks
{
    public const int Month = 6;

    private ServiceProvider _services = null!;
    private string _connectionString = "";

    [GlobalSetup]
    public void Setup()
    {
        var path = Environment.GetEnvironmentVariable("DISTRICTPERF_BENCH_DB")
            ?? Path.Combine(Path.GetTempPath(), "districtperf-bench.db");
        DatasetGenerator.EnsureAsync(path).GetAwaiter().GetResult();
        _connectionString = $"Data Source={path};Mode=ReadOnly";

        var services = new ServiceCollection();
        services.AddSingleton<ICurrentTenant, CurrentTenant>();
        services.AddDbContext<SqliteDistrictPerfDbContext>(o => o.UseSqlite(_connectionString).UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));
        services.AddScoped<DbContext>(sp => sp.GetRequiredService<SqliteDistrictPerfDbContext>());
        services.AddMemoryCache();
        services.AddSingleton<DistrictPerf.Modules.Bureaus.Contracts.IBureauDirectory, DistrictPerf.Modules.Bureaus.BureauDirectory>();
        services.AddScoped<HostFiguresQuery>();
        _services = services.BuildServiceProvider();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Baseline: the whole aggregate as one SQL statement, rows read into tuples.</summary>
    [Benchmark(Baseline = true, Description = "raw SQL, one query")]
    public async Task<int> RawSql()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            WITH i AS (SELECT TenantId, Kind, SUM(InitialFen) AS f FROM BudgetLines WHERE FiscalYear = $y GROUP BY TenantId, Kind),
                 a AS (SELECT TenantId, LineKind AS Kind, SUM(AmountFen) AS f, SUM(CASE WHEN ExcludedFromRate IS NULL THEN ABS(AmountFen) ELSE 0 END) AS r
                       FROM BudgetAdjustments WHERE FiscalYear = $y AND Month <= $m GROUP BY TenantId, LineKind),
                 s AS (SELECT TenantId, LineKind AS Kind, SUM(AmountFen) AS f FROM SpendingEntries WHERE FiscalYear = $y AND Month <= $m GROUP BY TenantId, LineKind)
            SELECT b.Id, b.Code, b.Name, i.Kind, i.f, a.f, a.r, s.f
            FROM Bureaus b
            LEFT JOIN i ON i.TenantId = b.Id
            LEFT JOIN a ON a.TenantId = i.TenantId AND a.Kind = i.Kind
            LEFT JOIN s ON s.TenantId = i.TenantId AND s.Kind = i.Kind
            ORDER BY b.Code
            """;
        command.Parameters.AddWithValue("$y", DatasetGenerator.Year);
        command.Parameters.AddWithValue("$m", Month);
        var rows = new List<(string, string, string, string?, long, long, long, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? 0 : reader.GetInt64(4), reader.IsDBNull(5) ? 0 : reader.GetInt64(5),
                reader.IsDBNull(6) ? 0 : reader.GetInt64(6), reader.IsDBNull(7) ? 0 : reader.GetInt64(7)));
        }

        return rows.Count;
    }

    /// <summary>The API's host view: the same figures through EF Core, with rates and display values, as the endpoint returns them.</summary>
    [Benchmark(Description = "host view (EF Core, 3 grouped queries + bureau list, DTOs)")]
    public async Task<int> HostView()
    {
        await using var scope = _services.CreateAsyncScope();
        var query = scope.ServiceProvider.GetRequiredService<HostFiguresQuery>();
        var result = await ((IQueryHandler<GetHostFigures, HostFiguresDto>)query).Handle(new GetHostFigures(DatasetGenerator.Year, Month), CancellationToken.None);
        return result.Bureaus.Count;
    }
}
