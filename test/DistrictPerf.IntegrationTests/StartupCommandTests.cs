using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace DistrictPerf.IntegrationTests;

/// <summary>
/// The Host's own process with <c>--migrate</c> (the chart's migration job) and <c>--wait-for-schema</c>
/// (the web pods' init container, the same start-up path as a web pod with <c>Database:MigrateOnStartup=false</c>),
/// on a fresh SQLite folder: migrate seeds and exits; waiting seeds nothing, fails clearly on an unmigrated
/// database and succeeds once it is migrated.
/// </summary>
public sealed class StartupCommandTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "districtperf-startup-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The Host's build output next to this test build (same configuration and framework).</summary>
    private static string HostDll()
    {
        var testBin = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(testBin);
        var configuration = Path.GetFileName(Path.GetDirectoryName(testBin)!);
        var root = new DirectoryInfo(testBin);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "DistrictPerf.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root!.FullName, "src", "DistrictPerf.Host", "bin", configuration, framework, "DistrictPerf.Host.dll");
        File.Exists(dll).ShouldBeTrue(dll);
        return dll;
    }

    private async Task<(int ExitCode, string Output)> RunHostAsync(params string[] args)
    {
        var dll = HostDll();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Database__DataDirectory"] = _data;
        start.Environment["Logging__Json"] = "false";
        start.Environment["Search__LucenePath"] = Path.Combine(_data, "search-index");
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the host did not exit: {string.Join(' ', args)}\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "districtperf.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private long TableCount() => Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('Roles', 'Users')");

    [Fact]
    public async Task Migrate_applies_every_migration_seeds_the_roles_and_the_bootstrap_admin_then_exits()
    {
        var (exit, output) = await RunHostAsync("--migrate", "--Bootstrap:HostAdminUserName=root", "--Bootstrap:HostAdminPassword=Root#Pass2026");

        exit.ShouldBe(0, output);
        output.ShouldNotContain("Now listening");
        var migrations = typeof(DistrictPerf.Host.Persistence.DatabaseSetup).Assembly.GetTypes()
            .Count(t => t.Namespace == "DistrictPerf.Host.Migrations.Sqlite" && t.IsSubclassOf(typeof(Microsoft.EntityFrameworkCore.Migrations.Migration)));
        migrations.ShouldBeGreaterThan(0);
        Scalar("SELECT count(*) FROM __EFMigrationsHistory").ShouldBe(migrations);
        Scalar("SELECT count(*) FROM Roles").ShouldBeGreaterThan(0);
        Scalar("SELECT count(*) FROM Users WHERE UserName = 'root' AND TenantId IS NULL").ShouldBe(1);

        // Again (an upgrade with nothing new): no error, nothing doubled.
        (exit, output) = await RunHostAsync("--migrate", "--Bootstrap:HostAdminUserName=root", "--Bootstrap:HostAdminPassword=Root#Pass2026");
        exit.ShouldBe(0, output);
        Scalar("SELECT count(*) FROM Users WHERE UserName = 'root'").ShouldBe(1);
    }

    [Fact]
    public async Task Waiting_for_the_schema_fails_clearly_on_an_unmigrated_database_seeds_nothing_and_passes_after_migrate()
    {
        var (exit, output) = await RunHostAsync(
            "--wait-for-schema", "--Database:SchemaWaitTimeout=00:00:02", "--Database:SchemaWaitInterval=00:00:00.500",
            "--Bootstrap:HostAdminUserName=root", "--Bootstrap:HostAdminPassword=Root#Pass2026");

        exit.ShouldNotBe(0);
        output.ShouldContain("The database schema is not ready");
        output.ShouldContain("--migrate");
        TableCount().ShouldBe(0); // nothing created: no tables, no roles, no administrator

        (exit, output) = await RunHostAsync("--migrate");
        exit.ShouldBe(0, output);
        Scalar("SELECT count(*) FROM Users").ShouldBe(0);

        // A web pod's start-up path (migrations off) on a migrated database: ready at once, and it creates no administrator.
        (exit, output) = await RunHostAsync(
            "--wait-for-schema", "--Database:SchemaWaitTimeout=00:00:02",
            "--Bootstrap:HostAdminUserName=root", "--Bootstrap:HostAdminPassword=Root#Pass2026");
        exit.ShouldBe(0, output);
        Scalar("SELECT count(*) FROM Users").ShouldBe(0);
    }
}
