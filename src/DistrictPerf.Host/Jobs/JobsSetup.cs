using System.Security.Claims;
using DistrictPerf.Host.Persistence;
using DistrictPerf.Modules.Alerts.Features;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Modules;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.Storage.SQLite;

namespace DistrictPerf.Host.Jobs;

/// <summary>The <c>Jobs</c> section.</summary>
internal sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run the Hangfire server in this process (false for web-only replicas).</summary>
    public bool Server { get; set; } = true;

    /// <summary>Serve the API and UI; false on worker-only replicas (health endpoints stay).</summary>
    public bool Web { get; set; } = true;

    /// <summary>When the monthly warning job runs (cron, in <see cref="TimeZone"/>): 02:00 on the 1st.</summary>
    public string WarningCron { get; set; } = "0 2 1 * *";

    /// <summary>IANA time zone of the cron (not "China Standard Time": that is a Windows id).</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public int WorkerCount { get; set; } = 2;
}

internal static class JobsSetup
{
    public static IServiceCollection AddDistrictPerfJobs(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        services.AddSingleton(options);
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        // The storage and the job activator are this application's own services. Hangfire's defaults take them from
        // static globals (JobStorage.Current, JobActivator.Current) that the last application started in the process
        // sets: with several in one process (the tests' replicas) a server could run its jobs with another application's
        // disposed services, or poll another's storage.
        services.AddSingleton<JobStorage>(_ => database.Provider == DatabaseProvider.SqlServer
            ? new Hangfire.SqlServer.SqlServerStorage(configuration.GetConnectionString(DatabaseSetup.ConnectionStringName))
            : SqliteStorage(environment, database));
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .UseStorage(sp.GetRequiredService<JobStorage>()));

        if (options.Server)
        {
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = Math.Max(1, options.WorkerCount);
                o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            });
        }

        services.AddScoped<IWarningRetryScheduler, HangfireWarningScheduler>();
        services.AddScoped<IWarningJobQueue, HangfireWarningScheduler>();
        services.AddScoped<DistrictPerf.Modules.Budgets.Import.IImportJobQueue, HangfireImportQueue>();
        return services;
    }

    /// <summary>Registers (or updates) every module's recurring jobs, in the configured time zone.</summary>
    /// <summary>Hangfire's SQLite storage: the same data folder as the database, its own file (the storage manages its schema).</summary>
    private static SQLiteStorage SqliteStorage(IHostEnvironment environment, DatabaseOptions database)
    {
        var folder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, database.DataDirectory));
        Directory.CreateDirectory(folder);
        // A job whose server died is handed to a server again after the invisibility timeout: 5 minutes, not the
        // storage's default 30 (SQL Server storage: its sliding invisibility timeout, 5 minutes by default). A live
        // job running longer would be delivered twice: the monthly job and the imports refuse a second runner.
        return new SQLiteStorage(Path.Combine(folder, "hangfire.db"), new SQLiteStorageOptions
        {
            QueuePollInterval = TimeSpan.FromSeconds(1),
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
        });
    }

    public static void ScheduleRecurringJobs(IServiceProvider services, IEnumerable<IModule> modules)
    {
        var options = services.GetRequiredService<JobsOptions>();
        var jobs = new HangfireRecurringJobs(services.GetRequiredService<IRecurringJobManager>(), TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone));
        var configuration = services.GetRequiredService<IConfiguration>();
        foreach (var module in modules)
        {
            module.ConfigureJobs(jobs, configuration);
        }
    }

    /// <summary>The dashboard authorizes with its own filter (host administrators only), declared here as its rule.</summary>
    public static void MapJobsDashboard(this WebApplication app) =>
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            DashboardTitle = "DistrictPerf 后台任务 / Jobs",
            Authorization = [new HostAdminDashboardFilter()],
            DisplayStorageConnectionString = false,
        }).AllowAnonymous();
}

/// <summary>
/// Hangfire's log provider is a process-wide static, set by the last application configured: with several applications
/// in one process (the tests' replicas) a Hangfire object created in one could ask the disposed logger factory of
/// another and fail. Hangfire's own provider over the application's loggers, which logs nothing rather than fail
/// once that factory is gone.
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory loggers) : Hangfire.Logging.ILogProvider
{
    private readonly Hangfire.AspNetCore.AspNetCoreLogProvider _inner = new(loggers);

    public Hangfire.Logging.ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : Hangfire.Logging.ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}

/// <summary>A module's recurring jobs, registered with Hangfire.</summary>
internal sealed class HangfireRecurringJobs(IRecurringJobManager manager, TimeZoneInfo defaultTimeZone) : IRecurringJobs
{
    public void Add<TJob>(string id, System.Linq.Expressions.Expression<Func<TJob, Task>> run, string cron, TimeZoneInfo? timeZone = null)
        where TJob : notnull =>
        manager.AddOrUpdate(id, run, cron, new RecurringJobOptions { TimeZone = timeZone ?? defaultTimeZone });
}

/// <summary>The dashboard is for the finance bureau's administrators: anyone else gets 401 (anonymous) or 403.</summary>
internal sealed class HostAdminDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true
            && user.FindFirst(DistrictPerfClaims.TenantId) is null
            && user.FindAll(ClaimTypes.Role).Any(r => r.Value == Roles.HostAdmin);
    }
}

/// <summary>
/// Queued uploads run on any server of the job system (a web-only replica stores the file and enqueues; a worker
/// runs it). A job found busy elsewhere is retried by Hangfire's automatic retry, with its growing delay.
/// </summary>
internal sealed class HangfireImportQueue(IBackgroundJobClient jobs) : DistrictPerf.Modules.Budgets.Import.IImportJobQueue
{
    public void Enqueue(Guid jobId, Guid tenantId) =>
        jobs.Enqueue<DistrictPerf.Modules.Budgets.Import.ImportJobRunner>(runner => runner.RunAsync(jobId, tenantId, CancellationToken.None));
}

internal sealed class HangfireWarningScheduler(IBackgroundJobClient jobs) : IWarningRetryScheduler, IWarningJobQueue
{
    public void ScheduleRetry(Guid runId, Guid bureauId, int year, int month) =>
        jobs.Schedule<MonthlyWarningJob>(job => job.RetryBureauAsync(runId, bureauId, year, month), TimeSpan.FromSeconds(2));

    public string Enqueue(int year, int month) =>
        jobs.Enqueue<MonthlyWarningJob>(job => job.RunAsync(year, month, "backfill", CancellationToken.None));
}
