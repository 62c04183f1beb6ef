using DistrictPerf.Modules.Reports.Features;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Modules;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Perm = DistrictPerf.SharedKernel.Authorization.Permissions;

namespace DistrictPerf.Modules.Reports;

/// <summary>Reports module: the self-evaluation report, its workflow, consistency checks, legacy import and exports.</summary>
public sealed class ReportsModule : IModule
{
    public string Name => "Reports";

    public System.Reflection.Assembly? ContractsAssembly => typeof(Contracts.IReportSearchSource).Assembly;

    public IReadOnlyCollection<string> Permissions =>
        [Perm.HostReportsView, Perm.HostReportsReview, Perm.HostReportsPublish, Perm.ReportsView, Perm.ReportsEdit, Perm.ReportsSubmit];

    public void AddServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddScoped<ReportViews>();
        services.AddScoped<ReportWorkflow>();
        services.AddScoped<HostReports>();
        services.AddScoped<Contracts.IReportSearchSource, ReportSearchSource>();
        services.AddScoped<Contracts.IReportOverview, ReportOverview>();
        services.AddValidatorsFromAssembly(typeof(ReportsModule).Assembly, includeInternalTypes: true);
    }

    public void MapEndpoints(ModuleEndpoints endpoints)
    {
        var reports = endpoints.Bureau.MapGroup("/reports/{year:int}");
        reports.WithTags("Reports（自评报告）").RequireBureauContext();
        ReportEndpoints.MapBureau(reports);
        ReportEndpoints.MapHost(endpoints.Host);
    }
}
