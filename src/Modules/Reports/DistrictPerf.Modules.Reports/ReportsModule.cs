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

    /// <summary>
    /// A report built as the report page reads it (the bureau's live plan and budget, its history, the checker, JSON as the
    /// endpoint writes it), and the legacy parser and checker on a short report: the paths of the report page and of an import.
    /// </summary>
    public async Task WarmUpAsync(IServiceProvider services, Guid bureau, int year, CancellationToken cancellationToken)
    {
        var views = services.GetRequiredService<ReportViews>();
        Domain.SelfEvaluationReport report;
        try
        {
            report = await views.CurrentAsync(year, cancellationToken);
        }
        catch (SharedKernel.Errors.NotFoundException)
        {
            report = new Domain.SelfEvaluationReport
            {
                TenantId = bureau, FiscalYear = year, BasicInfo = WarmUpText, Evaluation = "本年度较好地完成各项既定目标。",
                SelfScore = 90m, SelfGrade = "优",
            };
        }

        var view = await views.BuildAsync(report, cancellationToken);
        var json = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(view, json);
        try
        {
            // The import preview as its endpoint runs it (recognition, parser, checker, comparison with the plan); writes nothing.
            await services.GetRequiredService<Mediator.IMediator>().Send(new PreviewLegacyReport(year, WarmUpText), cancellationToken);
        }
        catch (Exception e) when (e is SharedKernel.Errors.ProblemException or FluentValidation.ValidationException)
        {
            Legacy.LegacyReportParser.Parse(WarmUpText); // a sample the recogniser refuses still warms the parser
        }
    }

    /// <summary>A short self-evaluation in the usual layout (sections, budget sentence, a table 1 row) for the warm-up.</summary>
    internal const string WarmUpText = """
        示例单位 2021 年部门整体支出绩效自评报告
        一、基本情况
        （一）部门概况
        本部门内设科室 2 个，负责全区招商引资工作。2021 年部门整体年初预算安排 3,000.00 万元，年中预算调减 100.00 万元，预算调整率为 3.33%，调整后预算数 2,900.00 万元，年度实际支出 2,800.00 万元，年度预算支出执行率为 96.55%。
        二、绩效自评情况
        2021 年度绩效部门整体支出绩效自评结果为“优”，自评分值为 91.00 分，本年度较好地完成各项既定目标。
        表 1 部门整体支出绩效目标完成情况表 单位：万元
        号	主要任务	预期目标	目标完成情况	关键指标及目标值	指标完成情况	任务涉及资金
        1	统筹招商工作	举办招商引资活动。	已举办招商推介活动 12 次	举办招商推介活动次数，目标值为“10 次”。	实际完成 12 次，达到预期目标。	100.00
        三、存在的问题及原因分析
        预算执行进度有待加快。
        四、下一步改进措施
        加强预算执行管理。
        """;


    public IEnumerable<WarmUpRequest> WarmUpRequests(Guid bureau, int year)
    {
        // The import preview as the web client sends it: the sample report as a text file in a form.
        using var form = new System.Net.Http.MultipartFormDataContent("warm-up");
        var file = new System.Net.Http.StringContent(WarmUpText, System.Text.Encoding.UTF8, "text/plain");
        form.Add(file, "file", "warm-up.txt");
        using var body = new MemoryStream();
        form.CopyTo(body, null, CancellationToken.None);
        return
        [
            new($"/api/bureau/reports/{year}"), new($"/api/bureau/reports/{year}/check"),
            new($"/api/bureau/reports/{year}/legacy-import/preview") { Method = "POST", ContentType = form.Headers.ContentType!.ToString(), Body = body.ToArray() },
            new($"/api/host/reports?year={year}", WarmUpCaller.Host),
        ];
    }

    public void MapEndpoints(ModuleEndpoints endpoints)
    {
        var reports = endpoints.Bureau.MapGroup("/reports/{year:int}");
        reports.WithTags("Reports（自评报告）").RequireBureauContext();
        ReportEndpoints.MapBureau(reports);
        ReportEndpoints.MapHost(endpoints.Host);
    }
}
