using DistrictPerf.Modules.Reports.Features;
using DistrictPerf.SharedKernel.Http;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.Modules.Reports;

/// <summary>Reports module: the self-evaluation report, its workflow, consistency checks, legacy import and exports.</summary>
public static class ReportsModule
{
    public static IServiceCollection AddReportsModule(this IServiceCollection services)
    {
        services.AddScoped<ReportViews>();
        services.AddScoped<ReportWorkflow>();
        services.AddScoped<HostReports>();
        services.AddValidatorsFromAssembly(typeof(ReportsModule).Assembly, includeInternalTypes: true);
        services.AddScoped<DistrictPerf.Modules.Reports.Contracts.IReportSearchSource, ReportSearchSource>();
        return services;
    }

    public static void MapReportsEndpoints(IEndpointRouteBuilder host, IEndpointRouteBuilder bureau)
    {
        var reports = bureau.MapGroup("/reports/{year:int}");
        reports.WithTags("Reports（自评报告）").RequireBureauContext();
        ReportEndpoints.MapBureau(reports);
        ReportEndpoints.MapHost(host);
    }

    public static System.Reflection.Assembly Assembly => typeof(ReportsModule).Assembly;
}
