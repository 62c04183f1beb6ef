using DistrictPerf.Modules.Alerts.Features;
using DistrictPerf.SharedKernel.Modules;
using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Perm = DistrictPerf.SharedKernel.Authorization.Permissions;

namespace DistrictPerf.Modules.Alerts;

/// <summary>Alerts module: monthly budget-execution warnings, escalation, notifications, the monthly ranking.</summary>
public sealed class AlertsModule : IModule
{
    /// <summary>Stable ids of the module's recurring jobs.</summary>
    public const string WarningJobId = "monthly-budget-warnings";
    public const string EmailJobId = "email-outbox";

    public string Name => "Alerts";

    public System.Reflection.Assembly? ContractsAssembly => typeof(IWarningOverview).Assembly;

    public IReadOnlyCollection<string> Permissions => [Perm.HostAlertsView, Perm.HostAlertsRun, Perm.AlertsView];

    public void AddServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddSingleton(module.Configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions());
        services.AddScoped<EmailOutbox>();
        services.AddScoped<MonthlyWarningJob>();
        services.AddScoped<WarningWriter>();
        services.AddScoped<IWarningOverview, WarningOverview>();
        services.AddSingleton<WarningJobHooks>();
        services.AddValidatorsFromAssembly(typeof(AlertsModule).Assembly, includeInternalTypes: true);
    }

    public IEnumerable<WarmUpRequest> WarmUpRequests(Guid bureau, int year) =>
    [
        new("/api/inbox"), new($"/api/bureau/alerts/{year}/warnings"), new("/api/inbox", WarmUpCaller.Host),
        new($"/api/host/alerts/{year}/12/ranking", WarmUpCaller.Host),
    ];

    public void MapEndpoints(ModuleEndpoints endpoints)
    {
        AlertEndpoints.Map(endpoints.Host, endpoints.Bureau, endpoints.Api);
        WarningSettingsHandler.Map(endpoints.Host);
    }

    public void ConfigureJobs(IRecurringJobs jobs, IConfiguration configuration)
    {
        // 02:00 on the 1st in the host's Jobs:TimeZone (Asia/Shanghai) unless Jobs:WarningCron says otherwise.
        jobs.Add<MonthlyWarningJob>(WarningJobId, job => job.RunPreviousMonthAsync(), configuration.GetValue("Jobs:WarningCron", "0 2 1 * *")!);
        jobs.Add<EmailOutbox>(EmailJobId, outbox => outbox.DispatchAsync(), "* * * * *");
        jobs.Add<MonthlyWarningJob>(MonthlyWarningJob.AbandonedRunsJobId, job => job.CloseAbandonedRunsAsync(), "*/5 * * * *");
    }
}
