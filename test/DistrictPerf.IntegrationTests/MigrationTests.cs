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
            await using (var db = new SqliteDistrictPerfDbContext(options, new CurrentTenant()))
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
