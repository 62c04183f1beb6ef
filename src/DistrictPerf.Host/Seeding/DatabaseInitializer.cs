using DistrictPerf.Host.Persistence;
using DistrictPerf.Modules.Identity;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Host.Seeding;

/// <summary>The <c>Bootstrap</c> section: the first host administrator of a fresh production database.</summary>
internal sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";
    public string? HostAdminUserName { get; set; }
    public string? HostAdminPassword { get; set; }
}

/// <summary>What the process does with the database before (or instead of) serving.</summary>
internal enum StartupCommand
{
    /// <summary>Serve: with <c>Database:MigrateOnStartup</c> apply migrations and seed, else wait for the schema and seed nothing.</summary>
    Serve,

    /// <summary><c>--migrate</c>: apply migrations, create the roles, the bootstrap administrator (and demo data if asked), then exit.</summary>
    Migrate,

    /// <summary><c>--wait-for-schema</c>: wait until every migration of this build is applied (seed nothing), then exit.</summary>
    WaitForSchema,
}

/// <summary>
/// Runs before the app serves. With <c>Database:MigrateOnStartup</c> (the embedded default) it applies
/// migrations, creates the fixed roles, the bootstrap host admin and — when asked — the demo data.
/// Without it (web pods of a production install) it only waits until the schema is there (someone
/// else — the migration job, <c>--migrate</c> — migrates and seeds), so that replicas starting
/// together neither crash on an unmigrated database nor race to create the same administrator.
/// </summary>
internal static class DatabaseInitializer
{
    /// <summary>The command-line switch of a migration job: migrate, seed, exit.</summary>
    public const string MigrateSwitch = "--migrate";

    /// <summary>The command-line switch of an init container: wait for the schema, exit.</summary>
    public const string WaitForSchemaSwitch = "--wait-for-schema";

    /// <summary>Takes the command switches out of <paramref name="args"/> (the configuration reader would reject them).</summary>
    public static StartupCommand ParseCommand(ref string[] args)
    {
        var command = args.Contains(MigrateSwitch) ? StartupCommand.Migrate
            : args.Contains(WaitForSchemaSwitch) ? StartupCommand.WaitForSchema
            : StartupCommand.Serve;
        args = args.Where(a => a != MigrateSwitch && a != WaitForSchemaSwitch).ToArray();
        return command;
    }

    public static async Task InitializeAsync(IServiceProvider services, bool seedDemo, CancellationToken cancellationToken = default) =>
        await RunAsync(services, services.GetRequiredService<DatabaseOptions>().MigrateOnStartup ? StartupCommand.Migrate : StartupCommand.WaitForSchema, seedDemo, cancellationToken);

    public static async Task RunAsync(IServiceProvider services, StartupCommand command, bool seedDemo, CancellationToken cancellationToken = default)
    {
        if (command == StartupCommand.Serve)
        {
            await InitializeAsync(services, seedDemo, cancellationToken);
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        var options = sp.GetRequiredService<DatabaseOptions>();
        var db = sp.GetRequiredService<DistrictPerfDbContext>();

        if (command == StartupCommand.WaitForSchema)
        {
            await WaitForSchemaAsync(db, options, logger, cancellationToken);
            return;
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // Readers do not block the writer (and the other way round).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var tenant = sp.GetRequiredService<ICurrentTenant>();
        using (tenant.Change(null))
        {
            var seeder = sp.GetRequiredService<IdentitySeeder>();
            await seeder.EnsureRolesAsync();

            var bootstrap = sp.GetRequiredService<IConfiguration>().GetSection(BootstrapOptions.Section).Get<BootstrapOptions>();
            if (!string.IsNullOrWhiteSpace(bootstrap?.HostAdminUserName) && !string.IsNullOrEmpty(bootstrap.HostAdminPassword)
                && await seeder.EnsureUserAsync(null, bootstrap.HostAdminUserName, bootstrap.HostAdminPassword, "财政局管理员", Roles.HostAdmin))
            {
                logger.LogInformation("Created bootstrap host administrator {UserName}", bootstrap.HostAdminUserName);
            }

            if (seedDemo)
            {
                await DemoData.SeedAsync(sp, cancellationToken);
            }
            else if (!await seeder.HostHasUsersAsync())
            {
                logger.LogWarning("The host has no users. Set Bootstrap:HostAdminUserName and Bootstrap:HostAdminPassword (or run with --seed-demo) to create the first finance-bureau administrator.");
            }
        }
    }

    /// <summary>
    /// Polls until the database answers and has no pending migration of this build, every
    /// <c>Database:SchemaWaitInterval</c>, for at most <c>Database:SchemaWaitTimeout</c>; then fails with a clear message.
    /// </summary>
    private static async Task WaitForSchemaAsync(DistrictPerfDbContext db, DatabaseOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.SchemaWaitTimeout;
        var attempt = 0;
        while (true)
        {
            attempt++;
            string reason;
            try
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                if (pending.Count == 0)
                {
                    if (attempt > 1)
                    {
                        logger.LogInformation("The database schema is up to date after {Attempts} attempt(s)", attempt);
                    }

                    return;
                }

                reason = $"{pending.Count} migration(s) not applied yet ({string.Join(", ", pending)})";
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                reason = $"the database does not answer yet ({ex.GetType().Name}: {ex.Message})";
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException(
                    $"The database schema is not ready after {options.SchemaWaitTimeout}: {reason}. Database:MigrateOnStartup is false, so this process "
                    + $"does not migrate: run the migration job (or 'dotnet DistrictPerf.Host.dll {MigrateSwitch}') first.");
            }

            logger.LogWarning("Waiting for the database schema (attempt {Attempt}): {Reason}", attempt, reason);
            await Task.Delay(options.SchemaWaitInterval, cancellationToken);
        }
    }
}
