using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DistrictPerf.Host.Persistence;
using DistrictPerf.IntegrationTests.Budgets;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.IntegrationTests.Reports;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests;

/// <summary>
/// <c>--copy-database --from-sqlite</c> (the move from the embedded install to SQL Server), run as the Host's own
/// process on real SQLite files: the target here is a second SQLite file — the same code path as SQL Server, the
/// provider chosen by configuration (the SQL Server provider's side: <see cref="SqlServer.DatabaseCopyStandInTests"/>
/// and the live suite).
/// </summary>
public sealed class DatabaseCopyTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "districtperf-copy-" + Guid.NewGuid().ToString("N"));

    private string SourceFile => Path.Combine(_work, "source", "districtperf.db");

    private string TargetDirectory => Path.Combine(_work, "target");

    private string TargetFile => Path.Combine(TargetDirectory, "districtperf.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task<(int ExitCode, string Output)> CopyAsync(params string[] extra) =>
        HostProcess.RunAsync(TargetDirectory, null, [DatabaseCopy.CopySwitch, DatabaseCopy.FromSqliteSwitch, SourceFile, .. extra]);

    /// <summary>Every row of every table of a SQLite file (the migrations' history included), each value with its storage class, rows sorted.</summary>
    private static Dictionary<string, List<string>> Dump(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new Dictionary<string, List<string>>();
        foreach (var table in tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) switch
                {
                    DBNull => $"{reader.GetName(i)}=NULL",
                    byte[] bytes => $"{reader.GetName(i)}=blob:{Convert.ToBase64String(bytes)}",
                    var value => $"{reader.GetName(i)}={value.GetType().Name}:{Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}",
                })));
            }

            rows.Sort(StringComparer.Ordinal);
            dump[table] = rows;
        }

        return dump;
    }

    private static long Scalar(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A consistent backup of a running app's database (SQLite's online backup, what docs/operations.md asks of the operator).</summary>
    private static void Backup(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        using var source = new SqliteConnection($"Data Source={from};Pooling=False");
        using var destination = new SqliteConnection($"Data Source={to};Pooling=False");
        source.Open();
        destination.Open();
        source.BackupDatabase(destination);
    }

    [Fact]
    public async Task AnInstallWithData_IsCopiedRowForRow_AndTheAppServesItUnchanged_OldPasswordsAndTokensIncluded()
    {
        Dictionary<string, List<string>> before;
        string figures1, figures2, report1, report2, plan2;
        AuthenticationHeaderValue oldToken;
        TestBureau bureau1, bureau2;

        var source = new AppFixture();
        await source.InitializeAsync();
        try
        {
            await source.SeedDemoAsync();
            bureau1 = await source.CreateBureauAsync();
            await bureau1.Admin.EnterReferenceBudgetAsync();
            (await bureau1.Admin.PostAsync($"{BudgetApi.Base()}/months/1/close", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
            await bureau1.AddUserAsync("editor", "BureauEditor");
            await bureau1.Admin.LegacyImportAsync();

            bureau2 = await source.CreateBureauAsync();
            var line = await bureau2.Admin.AddLineAsync("XM-07", 1_234_567.89m);
            await bureau2.Admin.AddSpendingAsync(line, "2021-03-31", 0.01m);
            await bureau2.Admin.AddSpendingAsync(line, "2021-04-30", 98_765.43m);
            await bureau2.Admin.AddAdjustmentAsync(line, "2021-05-01", 10_000.05m, "Increase");
            await bureau2.Admin.CleanReportAsync();

            figures1 = (await bureau1.Admin.FiguresAsync()).GetRawText();
            figures2 = (await bureau2.Admin.FiguresAsync()).GetRawText();
            report1 = (await bureau1.Admin.ReportAsync()).GetRawText();
            report2 = (await bureau2.Admin.ReportAsync()).GetRawText();
            plan2 = await (await bureau2.Admin.GetAsync(ReportApi.Plan)).Content.ReadAsStringAsync();
            oldToken = bureau1.Admin.DefaultRequestHeaders.Authorization!;

            Backup(Path.Combine(source.DataDirectory, "districtperf.db"), SourceFile);
        }
        finally
        {
            await ((IAsyncLifetime)source).DisposeAsync();
        }

        before = Dump(SourceFile);
        foreach (var table in new[] { "Bureaus", "Users", "UserRoles", "DataProtectionKeys", "AuditLog", "BudgetLines", "SpendingEntries", "BudgetAdjustments", "ClosedMonths", "MainTasks", "Indicators", "SelfEvaluationReports" })
        {
            before[table].ShouldNotBeEmpty(table); // the copy below has something to prove in each
        }

        var (exit, output) = await CopyAsync();

        exit.ShouldBe(DatabaseCopy.Succeeded, output);
        output.ShouldContain("OK: ");
        output.ShouldNotContain("MISMATCH");
        output.ShouldContain($"SpendingEntries");
        output.ShouldContain("rebuild", Case.Insensitive); // the operator's next steps
        output.ShouldMatch($@"(?m)^Users\s+{before["Users"].Count}\s+{before["Users"].Count}\s*$");

        // Every table, every row, every column, as stored (keys, stamps, tenant ids, amounts, dates, the key ring).
        var after = Dump(TargetFile);
        after.Keys.Order().ShouldBe(before.Keys.Order());
        foreach (var (table, rows) in before)
        {
            after[table].ShouldBe(rows, $"table {table}");
        }

        // The app on the copy: the same figures, reports and plan; old passwords sign in; a token issued by the old install still works.
        var target = AppFixture.OnDataDirectory(TargetDirectory);
        await target.InitializeAsync();
        try
        {
            foreach (var (table, rows) in before)
            {
                Scalar(TargetFile, $"SELECT count(*) FROM \"{table}\"").ShouldBe(rows.Count, $"table {table} after the app started on the copy");
            }

            var admin1 = await target.SignInAsync(bureau1.Code, "admin", AppFixture.UserPassword);
            (await admin1.FiguresAsync()).GetRawText().ShouldBe(figures1);
            (await admin1.ReportAsync()).GetRawText().ShouldBe(report1);
            await target.SignInAsync(bureau1.Code, "editor", AppFixture.UserPassword);
            await target.RootAsync();

            var admin2 = await target.SignInAsync(bureau2.Code, "admin", AppFixture.UserPassword);
            (await admin2.FiguresAsync()).GetRawText().ShouldBe(figures2);
            (await admin2.ReportAsync()).GetRawText().ShouldBe(report2);
            (await (await admin2.GetAsync(ReportApi.Plan)).Content.ReadAsStringAsync()).ShouldBe(plan2);

            var old = target.Anonymous();
            old.DefaultRequestHeaders.Authorization = oldToken;
            (await old.FiguresAsync()).GetRawText().ShouldBe(figures1);
        }
        finally
        {
            await ((IAsyncLifetime)target).DisposeAsync();
        }
    }

    [Fact]
    public async Task ATargetHoldingData_IsRefusedAndLeftAsItWas_UnlessTheOperatorAsksToReplaceIt()
    {
        var sourceDirectory = Path.GetDirectoryName(SourceFile)!;
        (await HostProcess.RunAsync(sourceDirectory, null, "--migrate", "--seed-demo")).ExitCode.ShouldBe(0);
        // The new install was started once: roles and its bootstrap administrator exist.
        (await HostProcess.RunAsync(TargetDirectory, null, "--migrate", "--Bootstrap:HostAdminUserName=root", "--Bootstrap:HostAdminPassword=Root#Pass2026")).ExitCode.ShouldBe(0);
        var targetBefore = Dump(TargetFile);
        targetBefore["Users"].Count.ShouldBe(1);

        var (exit, output) = await CopyAsync();

        exit.ShouldBe(DatabaseCopy.Refused, output);
        output.ShouldContain("already holds data");
        output.ShouldContain("Roles");
        output.ShouldContain(DatabaseCopy.ReplaceTargetSwitch);
        output.ShouldContain("Nothing was written");
        var unchanged = Dump(TargetFile);
        foreach (var (table, rows) in targetBefore)
        {
            unchanged[table].ShouldBe(rows, table);
        }

        (exit, output) = await CopyAsync(DatabaseCopy.ReplaceTargetSwitch);

        exit.ShouldBe(DatabaseCopy.Succeeded, output);
        var source = Dump(SourceFile);
        var replaced = Dump(TargetFile);
        foreach (var (table, rows) in source)
        {
            replaced[table].ShouldBe(rows, table);
        }

        Scalar(TargetFile, "SELECT count(*) FROM Users WHERE UserName = 'root'").ShouldBe(0); // the target's own rows are gone
    }

    [Fact]
    public async Task ASourceBehindThisBuildsMigrations_IsRefused_AndTheTargetIsNotTouched()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SourceFile)!);
        var options = new DbContextOptionsBuilder<SqliteDistrictPerfDbContext>().UseSqlite($"Data Source={SourceFile};Pooling=False").Options;
        await using (var db = new SqliteDistrictPerfDbContext(options))
        {
            var all = db.Database.GetMigrations().ToList();
            await db.GetInfrastructure().GetRequiredService<IMigrator>().MigrateAsync(all[^2]);
        }

        var (exit, output) = await CopyAsync();

        exit.ShouldBe(DatabaseCopy.Refused, output);
        output.ShouldContain("not at this build's latest migration");
        output.ShouldContain("--migrate");
        (File.Exists(TargetFile) ? Scalar(TargetFile, "SELECT count(*) FROM sqlite_master WHERE type = 'table'") : 0).ShouldBe(0);

        (exit, output) = await HostProcess.RunAsync(TargetDirectory, null, DatabaseCopy.CopySwitch);
        exit.ShouldBe(DatabaseCopy.Refused, output);
        output.ShouldContain(DatabaseCopy.FromSqliteSwitch);
    }
}
