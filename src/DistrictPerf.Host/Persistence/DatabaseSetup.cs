using DistrictPerf.SharedKernel.Auditing;
using DistrictPerf.SharedKernel.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DistrictPerf.Host.Persistence;

internal enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>The <c>Database</c> configuration section.</summary>
internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default, embedded) or <c>SqlServer</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder of the SQLite file (and later of other embedded data); relative to the content root.</summary>
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>
    /// Apply pending migrations and seed the roles and bootstrap administrator at start-up (default true).
    /// False (web pods of a production install): wait for the schema instead, seed nothing.
    /// </summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Without <see cref="MigrateOnStartup"/>: how long to wait for the schema before failing (default 10 minutes).</summary>
    public TimeSpan SchemaWaitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Without <see cref="MigrateOnStartup"/>: how often to look again (default 5 seconds).</summary>
    public TimeSpan SchemaWaitInterval { get; set; } = TimeSpan.FromSeconds(5);
}

internal static class DatabaseSetup
{
    public const string ConnectionStringName = "DistrictPerf";

    private static readonly string? MigrationsAssembly = typeof(DatabaseSetup).Assembly.GetName().Name;

    public static IServiceCollection AddDistrictPerfDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        var auditing = new AuditingOptions();
        foreach (var type in DistrictPerfDbContext.ExternalHostLevelEntities)
        {
            auditing.IgnoredTypes.Add(type);
        }

        services.AddSingleton(auditing);
        // Stateless (the tenant, the user and the clock are read when a save runs): one instance, so that the context
        // options are built once for the process and the contexts can be pooled (AddDbContextPool: a request leases a
        // context whose internal services are already built, and returns it reset — its change tracker empty).
        services.AddSingleton<AuditingInterceptor>();
        services.AddScoped<BulkUpsert>();
        var connectionString = configuration.GetConnectionString(ConnectionStringName);

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                connectionString = SqliteConnectionString(connectionString, options, environment.ContentRootPath);
                services.AddDbContextPool<SqliteDistrictPerfDbContext>((sp, o) => o
                    .UseSqlite(connectionString, s => s.MigrationsAssembly(MigrationsAssembly))
                    .AddInterceptors(sp.GetRequiredService<AuditingInterceptor>()));
                services.AddScoped<DistrictPerfDbContext>(sp => sp.GetRequiredService<SqliteDistrictPerfDbContext>());
                break;
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        $"Database:Provider is SqlServer but ConnectionStrings:{ConnectionStringName} is empty.");
                }

                services.AddDbContextPool<SqlServerDistrictPerfDbContext>((sp, o) => o
                    .UseSqlServer(connectionString, s => s.EnableRetryOnFailure())
                    .AddInterceptors(sp.GetRequiredService<AuditingInterceptor>()));
                services.AddScoped<DistrictPerfDbContext>(sp => sp.GetRequiredService<SqlServerDistrictPerfDbContext>());
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'.");
        }

        services.AddScoped<DbContext>(sp => sp.GetRequiredService<DistrictPerfDbContext>());
        // Reads of a bureau's data served from memory while its data version is unchanged (SharedKernel.Persistence.ReadCache).
        services.AddSingleton<SharedKernel.Persistence.ReadCacheStore>();
        services.AddScoped<SharedKernel.Persistence.ReadCache>();
        services.AddScoped<SharedKernel.Persistence.DataVersionReader>();

        // Cookie and bearer-token protection keys live in the database, so every replica
        // (and every restart) can read what another one issued; encrypted at rest with the
        // DataProtection:CertificatePath certificate when one is configured (DataProtectionSetup).
        services.AddDataProtection()
            .SetApplicationName("DistrictPerf")
            .PersistKeysToDbContext<DistrictPerfDbContext>()
            .ProtectKeysAsConfigured(configuration, environment);
        return services;
    }

    /// <summary>
    /// The SQLite connection string: the configured one, or a file <c>districtperf.db</c> in the
    /// data folder. Relative paths are resolved against the content root; the folder is created.
    /// </summary>
    public static string SqliteConnectionString(string? configured, DatabaseOptions options, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "" : configured);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            builder.DataSource = Path.Combine(options.DataDirectory, "districtperf.db");
        }

        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }

        var folder = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        builder.Pooling = true;
        return builder.ToString();
    }
}

/// <summary>Lets <c>dotnet ef</c> build the SQLite context without starting the app.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDistrictPerfDbContext>
{
    public SqliteDistrictPerfDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDistrictPerfDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the SQL Server context; no server is contacted to add migrations or script them.</summary>
internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerDistrictPerfDbContext>
{
    public SqlServerDistrictPerfDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerDistrictPerfDbContext>().UseSqlServer("Server=localhost;Database=DistrictPerf;Integrated Security=true;TrustServerCertificate=true").Options);
}
