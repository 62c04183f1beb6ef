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

/// <summary>
/// Runs before the app serves: applies migrations (no manual step), creates the fixed roles,
/// the bootstrap host admin, and — when asked — the demo data.
/// </summary>
internal static class DatabaseInitializer
{
    public static async Task InitializeAsync(IServiceProvider services, bool seedDemo, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        var options = sp.GetRequiredService<DatabaseOptions>();
        var db = sp.GetRequiredService<DistrictPerfDbContext>();

        if (options.MigrateOnStartup)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                await db.Database.MigrateAsync(cancellationToken);
            }
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
}
