using System.Diagnostics;
using DistrictPerf.Host.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Benchmarks;

/// <summary>
/// Writes the Budgets benchmark dataset into a SQLite file migrated like the app's:
/// <see cref="Bureaus"/> bureaus × <see cref="LinesPerBureau"/> lines × 12 months of spending
/// (2,000 × 50 × 12 = 1.2 M spending rows), one adjustment per fifth line, all for <see cref="Year"/>.
/// Deterministic (fixed seed), so every run measures the same data.
/// </summary>
internal static class DatasetGenerator
{
    public const int Year = 2021;
    public const int Bureaus = 2_000;
    public const int LinesPerBureau = 50;

    public static async Task<string> EnsureAsync(string path, int bureaus = Bureaus, int linesPerBureau = LinesPerBureau)
    {
        var marker = path + ".complete";
        if (File.Exists(path) && File.Exists(marker) && File.ReadAllText(marker) == $"{bureaus}x{linesPerBureau}")
        {
            // A dataset from an older build: bring its schema up to date (data stays).
            var existing = new DbContextOptionsBuilder<SqliteDistrictPerfDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
            await using var db = new SqliteDistrictPerfDbContext(existing);
            await db.Database.MigrateAsync();
            return path;
        }

        foreach (var f in new[] { path, path + "-wal", path + "-shm", marker })
        {
            File.Delete(f);
        }

        var clock = Stopwatch.StartNew();
        var options = new DbContextOptionsBuilder<SqliteDistrictPerfDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
        await using (var db = new SqliteDistrictPerfDbContext(options))
        {
            await db.Database.MigrateAsync();
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await Exec(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();

        var now = "2021-01-01 00:00:00";
        var random = new Random(20211231);
        var bureau = Command(connection, tx, "INSERT INTO Bureaus (Id, Code, Name, District, IsActive, CreatedAt, ConcurrencyStamp) VALUES ($id, $code, $name, '基准区', 1, $now, 'x')", "$id", "$code", "$name", "$now");
        var line = Command(connection, tx, "INSERT INTO BudgetLines (Id, TenantId, FiscalYear, Code, Name, Kind, InitialFen, CreatedAt, ConcurrencyStamp) VALUES ($id, $t, $y, $code, $name, $kind, $fen, $now, 'x')", "$id", "$t", "$y", "$code", "$name", "$kind", "$fen", "$now");
        var adjustment = Command(connection, tx, "INSERT INTO BudgetAdjustments (Id, TenantId, FiscalYear, Month, Date, LineId, LineKind, Kind, AmountFen, Reason, Fingerprint, CreatedAt) VALUES ($id, $t, $y, $m, $d, $line, $lk, 'Decrease', $fen, '调减', $fp, $now)", "$id", "$t", "$y", "$m", "$d", "$line", "$lk", "$fen", "$fp", "$now");
        var spending = Command(connection, tx, "INSERT INTO SpendingEntries (Id, TenantId, FiscalYear, Month, Date, LineId, LineKind, AmountFen, VoucherRef, Fingerprint, CreatedAt) VALUES ($id, $t, $y, $m, $d, $line, $lk, $fen, $v, $fp, $now)", "$id", "$t", "$y", "$m", "$d", "$line", "$lk", "$fen", "$v", "$fp", "$now");

        for (var b = 0; b < bureaus; b++)
        {
            var tenant = Id(random);
            Run(bureau, tenant, $"B{b:0000}", $"基准局{b:0000}", now);
            for (var l = 0; l < linesPerBureau; l++)
            {
                var lineId = Id(random);
                var kind = l < 10 ? "Basic" : "Project";
                var initial = random.NextInt64(1_000_000, 100_000_000) * 100; // 1万 to 100万 yuan, whole yuan
                Run(line, lineId, tenant, Year, $"L{l:00}", $"项目{l:00}", kind, initial, now);
                if (l % 5 == 0)
                {
                    var month = random.Next(4, 10);
                    Run(adjustment, Id(random), tenant, Year, month, $"{Year}-{month:00}-15", lineId, kind, -(initial / 10), Guid.NewGuid().ToString("N")[..32], now);
                }

                for (var m = 1; m <= 12; m++)
                {
                    var amount = initial / 12 * random.Next(60, 110) / 100;
                    Run(spending, Id(random), tenant, Year, m, $"{Year}-{m:00}-20", lineId, kind, amount, $"记-{m:00}-{l:00}", Guid.NewGuid().ToString("N")[..32], now);
                }
            }
        }

        await tx.CommitAsync();
        await Exec(connection, "ANALYZE;");
        File.WriteAllText(marker, $"{bureaus}x{linesPerBureau}");
        Console.WriteLine($"Generated {bureaus:N0} bureaus × {linesPerBureau} lines × 12 months into {path} in {clock.Elapsed.TotalSeconds:0.0} s");
        return path;
    }

    // EF Core's SQLite provider stores Guid as upper-case text.
    private static string Id(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString().ToUpperInvariant();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var p in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = p });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }

    private static async Task Exec(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
