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
        _leanConnectionString = LeanFloor.Ensure(path);
    }

    private string _leanConnectionString = "";

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

    /// <summary>
    /// The floor: the same three aggregates over lean copies of the tables (integer bureau numbers and kinds, only the
    /// columns the aggregate reads, one covering index each) in a separate file — what a schema made for this one query
    /// would cost, the distance the host view's general schema (GUID text keys, audit columns) adds.
    /// </summary>
    [Benchmark(Description = "lean floor: integer keys, covering indexes, raw SQL")]
    public async Task<int> LeanFloor_()
    {
        await using var connection = new SqliteConnection(_leanConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT 0, b, k, SUM(f), 0 FROM lines GROUP BY b, k
            UNION ALL SELECT 1, b, k, SUM(f), SUM(r) FROM adjustments WHERE m <= $m GROUP BY b, k
            UNION ALL SELECT 2, b, k, SUM(f), 0 FROM spending WHERE m <= $m GROUP BY b, k
            """;
        command.Parameters.AddWithValue("$m", Month);
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows++;
        }

        return rows;
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

/// <summary>Builds (once) the lean copy of the dataset's budget tables for <see cref="HostViewBenchmarks.LeanFloor_"/>.</summary>
internal static class LeanFloor
{
    public static string Ensure(string datasetPath)
    {
        var lean = Path.ChangeExtension(datasetPath, ".lean.db");
        var connectionString = $"Data Source={lean}";
        if (File.Exists(lean))
        {
            return connectionString + ";Mode=ReadOnly";
        }

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            ATTACH DATABASE '{datasetPath.Replace("'", "''", StringComparison.Ordinal)}' AS src;
            CREATE TABLE bureaus (b INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
            INSERT INTO bureaus (id) SELECT Id FROM src.Bureaus ORDER BY Code;
            CREATE TABLE lines (b INTEGER NOT NULL, k INTEGER NOT NULL, f INTEGER NOT NULL);
            INSERT INTO lines SELECT x.b, CASE l.Kind WHEN 'Basic' THEN 0 ELSE 1 END, l.InitialFen
                FROM src.BudgetLines l JOIN bureaus x ON x.id = l.TenantId WHERE l.FiscalYear = {DatasetGenerator.Year};
            CREATE INDEX lines_cover ON lines (b, k, f);
            CREATE TABLE adjustments (m INTEGER NOT NULL, b INTEGER NOT NULL, k INTEGER NOT NULL, f INTEGER NOT NULL, r INTEGER NOT NULL);
            INSERT INTO adjustments SELECT a.Month, x.b, CASE a.LineKind WHEN 'Basic' THEN 0 ELSE 1 END, a.AmountFen,
                CASE WHEN a.ExcludedFromRate IS NULL THEN ABS(a.AmountFen) ELSE 0 END
                FROM src.BudgetAdjustments a JOIN bureaus x ON x.id = a.TenantId WHERE a.FiscalYear = {DatasetGenerator.Year};
            CREATE INDEX adjustments_cover ON adjustments (m, b, k, f, r);
            CREATE TABLE spending (m INTEGER NOT NULL, b INTEGER NOT NULL, k INTEGER NOT NULL, f INTEGER NOT NULL);
            INSERT INTO spending SELECT s.Month, x.b, CASE s.LineKind WHEN 'Basic' THEN 0 ELSE 1 END, s.AmountFen
                FROM src.SpendingEntries s JOIN bureaus x ON x.id = s.TenantId WHERE s.FiscalYear = {DatasetGenerator.Year};
            CREATE INDEX spending_cover ON spending (m, b, k, f);
            ANALYZE;
            """;
        command.CommandTimeout = 600;
        command.ExecuteNonQuery();
        return connectionString + ";Mode=ReadOnly";
    }
}
