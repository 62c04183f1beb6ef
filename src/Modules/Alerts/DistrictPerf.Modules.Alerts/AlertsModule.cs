using DistrictPerf.Modules.Alerts.Features;
using FluentValidation;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.Modules.Alerts;

/// <summary>Alerts module: monthly budget-execution warnings, escalation, notifications, the monthly ranking.</summary>
public static class AlertsModule
{
    public static IServiceCollection AddAlertsModule(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions());
        services.AddScoped<EmailOutbox>();
        services.AddScoped<MonthlyWarningJob>();
        services.AddScoped<WarningWriter>();
        services.AddSingleton<WarningJobHooks>();
        services.AddValidatorsFromAssembly(typeof(AlertsModule).Assembly, includeInternalTypes: true);
        return services;
    }

    public static void MapAlertsEndpoints(IEndpointRouteBuilder host, IEndpointRouteBuilder bureau, IEndpointRouteBuilder api)
    {
        AlertEndpoints.Map(host, bureau, api);
        WarningSettingsHandler.Map(host);
    }

    public static System.Reflection.Assembly Assembly => typeof(AlertsModule).Assembly;
}
