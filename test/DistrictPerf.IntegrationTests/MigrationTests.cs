using DistrictPerf.Host.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace DistrictPerf.IntegrationTests;

public sealed class MigrationTests
{
    [Fact]
    public async Task SqliteMigrations_ApplyToAnEmptyFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"districtperf-migrate-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteDistrictPerfDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options;
            await using (var db = new SqliteDistrictPerfDbContext(options))
            {
                await db.Database.MigrateAsync();
                (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
                (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(db.Database.GetMigrations());
            }

            await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            var tables = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            tables.ShouldContain("Bureaus");
            tables.ShouldContain("BureauProfiles");
            tables.ShouldContain("BureauProfileEntries");
            tables.ShouldContain("Users");
            tables.ShouldContain("AuditLog");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TheRunGuardMigration_ClosesAllButTheNewestOpenRun_AndKeepsTheFirstHostLevelNotification()
    {
        var file = Path.Combine(Path.GetTempPath(), $"districtperf-migrate-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteDistrictPerfDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options;
            await using var db = new SqliteDistrictPerfDbContext(options);
            var migrator = db.GetInfrastructure().GetRequiredService<IMigrator>();
            var guard = db.Database.GetMigrations().Single(m => m.EndsWith("_WarningRunGuardAndHostNotificationDedupe", StringComparison.Ordinal));
            var previous = db.Database.GetMigrations().TakeWhile(m => m != guard).Last();
            await migrator.MigrateAsync(previous);

            // What the old code could leave: two unfinished runs of one month, a host-level notification twice.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO WarningRuns (Id, FiscalYear, Month, "Trigger", StartedAt, BureausEvaluated, BureausFailed, CreatedAt)
                VALUES ('00000000-0000-0000-0000-000000000001', 2024, 5, 'old', '2024-06-01 02:00:00', 0, 0, '2024-06-01 02:00:00'),
                       ('00000000-0000-0000-0000-000000000002', 2024, 5, 'new', '2024-06-01 03:00:00', 0, 0, '2024-06-01 03:00:00'),
                       ('00000000-0000-0000-0000-000000000003', 2024, 6, 'other', '2024-07-01 02:00:00', 0, 0, '2024-07-01 02:00:00');
                INSERT INTO Notifications (Id, TenantId, UserId, DedupeKey, Title, Body, CreatedAt, EmailAttempts)
                VALUES ('00000000-0000-0000-0000-00000000000a', NULL, '00000000-0000-0000-0000-0000000000aa', 'k', 't', 'b', '2024-06-01 02:00:00', 0),
                       ('00000000-0000-0000-0000-00000000000b', NULL, '00000000-0000-0000-0000-0000000000aa', 'k', 't', 'b', '2024-06-01 03:00:00', 0);
                """);

            await migrator.MigrateAsync();

            var open = await db.Database.SqlQueryRaw<string>("SELECT \"Trigger\" AS Value FROM WarningRuns WHERE FinishedAt IS NULL ORDER BY \"Trigger\"").ToListAsync();
            open.ShouldBe(["new", "other"]);
            (await db.Database.SqlQueryRaw<string>("SELECT FailuresJson AS Value FROM WarningRuns WHERE \"Trigger\" = 'old'").SingleAsync()).ShouldContain("Abandoned");
            (await db.Database.SqlQueryRaw<string>("SELECT Id AS Value FROM Notifications").ToListAsync())
                .ShouldBe(["00000000-0000-0000-0000-00000000000a"]);
            await Should.ThrowAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync(
                "INSERT INTO WarningRuns (Id, FiscalYear, Month, \"Trigger\", StartedAt, BureausEvaluated, BureausFailed, CreatedAt) " +
                "VALUES ('00000000-0000-0000-0000-000000000004', 2024, 5, 'second', '2024-06-01 04:00:00', 0, 0, '2024-06-01 04:00:00')"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public void Migrations_AreUpToDateWithTheModel_ForBothProviders()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        sqlite.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add <Name> --context SqliteDistrictPerfDbContext");
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);
        sqlServer.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add <Name> --context SqlServerDistrictPerfDbContext");
    }

    [Fact]
    public void SqlServerIdempotentScript_ParsesWithZeroErrors()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.GetInfrastructure().GetRequiredService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        script.ShouldContain("CREATE TABLE [Bureaus]");
        script.ShouldContain("IF NOT EXISTS");

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);
        errors.ShouldBeEmpty(string.Join(Environment.NewLine, errors.Select(e => $"{e.Line}:{e.Column} {e.Message}")));
    }
}
