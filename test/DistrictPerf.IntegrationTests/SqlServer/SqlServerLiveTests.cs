using System.Net;
using System.Net.Http.Json;
using DistrictPerf.Host.Persistence;
using DistrictPerf.IntegrationTests.Alerts;
using DistrictPerf.IntegrationTests.Budgets;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.IntegrationTests.Reports;
using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.Modules.Alerts.Features;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.IntegrationTests.SqlServer;

/// <summary>A fact that runs only when <c>DISTRICTPERF_SQLSERVER</c> holds a SQL Server connection string; otherwise it is reported as skipped.</summary>
public sealed class LiveSqlServerFactAttribute : FactAttribute
{
    public const string ConnectionVariable = "DISTRICTPERF_SQLSERVER";

    public LiveSqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ConnectionVariable)))
        {
            Skip = $"Set {ConnectionVariable} to a SQL Server connection string (a login that may create and drop databases) to run against a real server.";
        }
    }
}

/// <summary>
/// The whole app on a real SQL Server, in a throw-away database (DistrictPerfLive_…) created by the
/// app's own migrations and dropped afterwards; Hangfire uses its SQL Server storage in it.
/// </summary>
public sealed class LiveSqlServerApp : IAsyncLifetime
{
    public AppFixture? App { get; private set; }

    public string? ConnectionString { get; private set; }

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(LiveSqlServerFactAttribute.ConnectionVariable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return;
        }

        ConnectionString = new SqlConnectionStringBuilder(configured) { InitialCatalog = "DistrictPerfLive_" + Guid.NewGuid().ToString("N")[..12] }.ConnectionString;
        App = AppFixture.WithSettings(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            [$"ConnectionStrings:{DatabaseSetup.ConnectionStringName}"] = ConnectionString,
        });
        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (App is null)
        {
            return;
        }

        await ((IAsyncLifetime)App).DisposeAsync();
        await DropDatabaseAsync(ConnectionString!);
    }

    /// <summary>Drops the database named by <paramref name="connectionString"/>, if it exists.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        SqlConnection.ClearAllPools();
        var builder = new SqlConnectionStringBuilder(connectionString);
        var database = builder.InitialCatalog;
        builder.InitialCatalog = "master";
        await using var connection = new SqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var drop = connection.CreateCommand();
        drop.CommandText = $"IF DB_ID(N'{database}') IS NOT NULL BEGIN ALTER DATABASE [{database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{database}]; END";
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// Every transaction site on a real SQL Server with <c>EnableRetryOnFailure</c>, through the API as
/// production runs it: commands (bureau, users, budget, month close), the spreadsheet import, the
/// report (legacy) import, the monthly job with its run guard, and the filtered unique indexes.
/// </summary>
public sealed class SqlServerLiveTests(LiveSqlServerApp live) : IClassFixture<LiveSqlServerApp>
{
    private AppFixture App => live.App!;

    [LiveSqlServerFact]
    public async Task Commands_TheSpreadsheetImport_AndTheReportImport_Commit()
    {
        var bureau = await App.CreateBureauAsync(); // bureau + its admin: one command, Identity's saves included
        await bureau.AddUserAsync("editor", "BureauEditor");
        var line = await bureau.Admin.AddLineAsync("L1", 1_000m);
        await bureau.Admin.AddSpendingAsync(line, "2021-01-05", 100m);
        (await bureau.Admin.PostAsync($"{BudgetApi.Base()}/months/1/close", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var workbook = BudgetImportTests.Workbook(
            [BudgetImportTests.LineRow("JB-01", "人员及公用经费", "基本支出", 30_000_000m)],
            null,
            [BudgetImportTests.SpendingRow(new DateTime(2021, 3, 31), "JB-01", 14_500_000m, "记-03-001")]);
        var job = await (await BudgetImportTests.Upload(bureau.Admin, workbook, "live.xlsx")).ReadJsonAsync();
        job.GetProperty("status").GetString().ShouldBe("Succeeded", job.ToString());
        job.GetProperty("spendingAdded").GetInt32().ShouldBe(1);

        var other = await App.CreateBureauAsync();
        var imported = await other.Admin.LegacyImportAsync();
        imported.GetProperty("report").GetProperty("status").GetString().ShouldBe("Draft");
    }

    [LiveSqlServerFact]
    public async Task TheMonthlyJob_RunsOnce_AndRefusesAConcurrentRunOfTheSameMonth()
    {
        const int year = 2031;
        await WarningJobTests.BureauWithSpending(App, year, 1_200m, ("2031-01-05", 100m));
        var root = await App.RootAsync();
        var run = await (await root.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { year, month = 1 })).ReadJsonAsync();
        var runId = run.GetProperty("runId").GetGuid();
        (await App.WithDbAsync(db => db.Set<WarningRun>().SingleAsync(r => r.Id == runId))).FinishedAt.ShouldNotBeNull();

        // Another process holding month 2: the filtered unique index refuses a second unfinished run.
        await App.WithDbAsync(async db =>
        {
            db.Add(new WarningRun { FiscalYear = year, Month = 2, Trigger = "other-replica", StartedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var refused = await root.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { year, month = 2 });
        (await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe(MonthlyWarningJob.RunInProgressCode);
    }

    [LiveSqlServerFact]
    public async Task HostLevelNotifications_AreUniquePerUserAndKey()
    {
        var user = Guid.NewGuid();
        Notification New() => new() { TenantId = null, UserId = user, DedupeKey = "live", Title = "t", Body = "b", CreatedAt = DateTime.UtcNow };
        await App.WithDbAsync(async db =>
        {
            db.Add(New());
            return await db.SaveChangesAsync();
        });
        var refused = await Should.ThrowAsync<DbUpdateException>(() => App.WithDbAsync(async db =>
        {
            db.Add(New());
            return await db.SaveChangesAsync();
        }));
        refused.InnerException.ShouldBeOfType<SqlException>().Number.ShouldBeOneOf(2601, 2627);
    }

    /// <summary>
    /// <c>--copy-database</c> from an embedded install (the Host's process: <c>--migrate --seed-demo</c> on a SQLite folder)
    /// into a new, empty database on the live server: migrated, filled, counts and sums equal; a second copy is refused.
    /// </summary>
    [LiveSqlServerFact]
    public async Task TheCopyFromAnEmbeddedInstall_FillsAnEmptyDatabase_AndRefusesASecondCopy()
    {
        var folder = Path.Combine(Path.GetTempPath(), "districtperf-live-copy-" + Guid.NewGuid().ToString("N"));
        var target = new SqlConnectionStringBuilder(Environment.GetEnvironmentVariable(LiveSqlServerFactAttribute.ConnectionVariable))
        {
            InitialCatalog = "DistrictPerfCopy_" + Guid.NewGuid().ToString("N")[..12],
        }.ConnectionString;
        var toSqlServer = new Dictionary<string, string>
        {
            ["Database__Provider"] = "SqlServer",
            [$"ConnectionStrings__{DatabaseSetup.ConnectionStringName}"] = target,
        };
        try
        {
            (await HostProcess.RunAsync(folder, null, "--migrate", "--seed-demo")).ExitCode.ShouldBe(0);
            var source = Path.Combine(folder, "districtperf.db");

            var (exit, output) = await HostProcess.RunAsync(folder, toSqlServer, DatabaseCopy.CopySwitch, DatabaseCopy.FromSqliteSwitch, source);
            exit.ShouldBe(DatabaseCopy.Succeeded, output);
            output.ShouldContain("OK: ");
            output.ShouldNotContain("MISMATCH");

            (exit, output) = await HostProcess.RunAsync(folder, toSqlServer, DatabaseCopy.CopySwitch, DatabaseCopy.FromSqliteSwitch, source);
            exit.ShouldBe(DatabaseCopy.Refused, output);
            output.ShouldContain("already holds data");
        }
        finally
        {
            await LiveSqlServerApp.DropDatabaseAsync(target);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
