using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using Mediator;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Reports.Features;

internal sealed record RevisionDto(Guid Id, int Revision, ReportStatus Status, DateTime CreatedAt, DateTime? SubmittedAt, DateTime? ReviewedAt, DateTime? PublishedAt);

/// <summary>
/// A row of the finance bureau's list: the latest revision of a bureau's report for a year. The computed score and grade
/// and the counts of the checker's errors and warnings are those of the report's last write (<paramref name="CheckedAt"/>;
/// for a submitted report its submission, for an approved or published one its frozen snapshot); null before any.
/// </summary>
internal sealed record HostReportRow(
    Guid Id, Guid BureauId, string BureauCode, string BureauName, int FiscalYear, int Revision, ReportStatus Status,
    decimal? SelfScore, string? SelfGrade, DateTime? SubmittedAt,
    decimal? ComputedScore, string? ComputedGrade, int? Errors, int? Warnings, DateTime? CheckedAt, DateTime? ReviewedAt, DateTime? PublishedAt);

/// <summary>The self-evaluation report: bureau side (draft, edit, check, submit, revise, legacy import, export) and host side (list, read, return, approve, publish, export).</summary>
internal static class ReportEndpoints
{
    public static void MapBureau(IEndpointRouteBuilder reports)
    {
        // The report as read: its rows, the bureau's plan and budget, and the finance bureau's rules and register (bureau
        // name) — served from memory while none of them changed (ReadCache).
        reports.MapGet("/", async (int year, ReportViews views, ReadCache cache, CancellationToken ct) =>
                SerializedOnce.Ok(await cache.GetAsync("reports.view", Year(year), "", withHostData: true,
                    async c => await views.BuildAsync(await views.CurrentAsync(year, c), c), ct)))
            .RequirePermission(Permissions.ReportsView).WithName("GetReport")
            .WithSummary("本部门当年自评报告（含自动生成的预算概况、表 1、得分与检查结果）/ The self-evaluation with generated parts, scores and findings");

        reports.MapPost("/", async (int year, IMediator m, ReportViews views, CancellationToken ct) =>
            {
                await m.Send(new CreateReport(year), ct);
                return TypedResults.Created($"/api/bureau/reports/{year}", await views.BuildAsync(await views.CurrentAsync(year, ct), ct));
            })
            .RequirePermission(Permissions.ReportsEdit).WithName("CreateReport").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        reports.MapPut("/", async (int year, ReportBody body, IMediator m, ReportViews views, CancellationToken ct) =>
            {
                await m.Send(new UpdateReport(year, body), ct);
                return TypedResults.Ok(await views.BuildAsync(await views.CurrentAsync(year, ct), ct)); // findings are returned on every save
            })
            .RequirePermission(Permissions.ReportsEdit).WithName("UpdateReport").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        reports.MapGet("/check", async (int year, ReportViews views, CancellationToken ct) =>
                TypedResults.Ok((await views.BuildAsync(await views.CurrentAsync(Year(year), ct), ct)).Findings))
            .RequirePermission(Permissions.ReportsView).WithName("CheckReport").WithSummary("一致性检查 / Consistency check");

        reports.MapPost("/submit", async (int year, ActionBody? body, IMediator m, ReportViews views, CancellationToken ct) =>
            {
                await m.Send(new SubmitReport(year, body?.Comment, body?.ConcurrencyStamp), ct);
                return TypedResults.Ok(await views.BuildAsync(await views.CurrentAsync(year, ct), ct));
            })
            .RequirePermission(Permissions.ReportsSubmit).WithName("SubmitReport")
            .WithSummary("提交财政局审核（须带 concurrencyStamp；存在错误级问题时拒绝，返回 422 和问题清单）/ Submit; refused with 422 and the findings while errors remain")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict);

        reports.MapPost("/revise", async (int year, ActionBody? body, IMediator m, ReportViews views, CancellationToken ct) =>
            {
                await m.Send(new ReviseReport(year, body?.ConcurrencyStamp), ct);
                return TypedResults.Created($"/api/bureau/reports/{year}", await views.BuildAsync(await views.CurrentAsync(year, ct), ct));
            })
            .RequirePermission(Permissions.ReportsEdit).WithName("ReviseReport")
            .WithSummary("基于已审定报告建立新修订版（保留旧版；须带 concurrencyStamp）/ New revision of an approved report; the old one is kept")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        reports.MapGet("/revisions", async (int year, DbContext db, CancellationToken ct) =>
            {
                return TypedResults.Ok(await RevisionsAsync(db, Year(year), ct));
            })
            .RequirePermission(Permissions.ReportsView).WithName("ListReportRevisions");

        reports.MapGet("/revisions/{revision:int}", async (int year, int revision, DbContext db, ReportViews views, CancellationToken ct) =>
            {
                var y = Year(year);
                var report = await db.Set<SelfEvaluationReport>().AsNoTracking().FirstOrDefaultAsync(r => r.FiscalYear == y && r.Revision == revision, ct)
                    ?? throw new NotFoundException("SelfEvaluationReport", $"{year}/{revision}");
                return TypedResults.Ok(await views.BuildAsync(report, ct));
            })
            .RequirePermission(Permissions.ReportsView).WithName("GetReportRevision");

        reports.MapPost("/legacy-import/preview", async (int year, HttpRequest request, IMediator m, CancellationToken ct) =>
            {
                Year(year);
                var input = await LegacyImportRequest.ReadAsync(request, ct);
                return TypedResults.Ok(await m.Send(new PreviewLegacyReport(year, input.Text, input.Field), ct));
            })
            .RequirePermission(Permissions.ReportsEdit)
            .RequirePermission(Permissions.PlanEdit)
            .DisableAntiforgery() // bearer or SameSite=Lax cookie, as the import itself
            .WithName("PreviewLegacyImport")
            .WithSummary("预览导入既有报告（不写入任何数据）：读出的数字、任务与指标、章节，未能识别的内容，以及导入将替换的草稿与计划 / Preview an import: what was read, what was not, what it would replace; writes nothing")
            .WithDescription("请求体：multipart/form-data（file = 报告文件：.txt（UTF-8、带 BOM 的 UTF-8/UTF-16 或 GB18030/GBK，不超过 4 MB）、带文字的 .pdf 或 .docx（不超过 20 MB），按文件内容识别格式；或 text = 粘贴的全文），或 JSON {\"text\": \"…\"}。"
                + "乱码、二进制内容、扫描版或加密 PDF、旧版 .doc、无法识别报告结构时返回 400，问题指明 file 或 text；读出的是项目支出绩效自评表、空白模板或报告片段时返回 422（kind = project_table、template、fragment，recognised 与 missing 列出识别到和缺少的部分）。"
                + "报告所写部门或年度与本部门、所选年度不符时列在 mismatches 中，导入须确认。"
                + " / Body: multipart (file = the report as .txt, .pdf with text or .docx, recognised by content; or text) or JSON {\"text\"}. Garbage, binary content, a scanned or encrypted PDF, an old .doc or no recognisable report: 400 naming file or text;"
                + " a project-level table, a blank template or a fragment: 422 with kind, recognised and missing. A stated bureau or year other than the target is listed in mismatches; the import needs confirmMismatch=true.")
            .AddOpenApiOperationTransformer(LegacyImportRequest.DocumentBodyAsync)
            .Produces<LegacyImportPreview>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        reports.MapPost("/legacy-import", LegacyImport)
            .RequirePermission(Permissions.ReportsEdit)
            .RequirePermission(Permissions.PlanEdit)
            .DisableAntiforgery()
            .WithName("LegacyImportReport")
            .WithSummary("导入既有报告的纯文本（粘贴 JSON {text} 或上传 .txt）→ 草稿、任务与指标、报告所述数字及未能提取的清单 / Import the plain text of an existing report")
            .WithDescription("请求体同预览（400 与 422 亦同）。本年度已有报告草稿或绩效计划时须带 replace=true（否则 409，field = replace，不写入）；替换时原草稿（或无报告时原计划）保存为已被替代的修订版，冻结其任务与指标。报告已提交或已审定时 409。"
                + "报告所写部门或年度与本部门、所选年度不符时须带 confirmMismatch=true（否则 409，field = confirmMismatch，不写入）。"
                + "报告所述的内设机构、下属单位和主要职能仅在 applyProfile=true（查询参数或表单字段）时写入部门概况（需编辑部门概况的权限，否则 403），否则部门概况不变。"
                + " / Body as the preview. Over an existing draft or plan replace=true is required (else 409 naming replace, nothing written); the replaced draft (or plan) is kept as a superseded revision with its tasks and indicators frozen."
                + " A report naming another bureau or year needs confirmMismatch=true (else 409 naming confirmMismatch)."
                + " The sections, subordinate units and duties the report states are written into the bureau profile only with applyProfile=true (query or form field; needs the profile-edit permission, else 403); without it the profile is unchanged.")
            .AddOpenApiOperationTransformer(LegacyImportRequest.DocumentBodyAsync)
            .Produces<LegacyImportResult>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        ReportExports.MapBureau(reports);
    }

    public static void MapHost(IEndpointRouteBuilder host)
    {
        host.MapGet("/reports", async (int? year, ReportStatus? status, DbContext db, IBureauDirectory bureaus, CancellationToken ct) =>
            {
                // Explicit cross-bureau read: the latest revision of every bureau's report.
                var query = db.Set<SelfEvaluationReport>().IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking().Where(r => r.Status != ReportStatus.Superseded);
                if (year is { } y)
                {
                    query = query.Where(r => r.FiscalYear == y);
                }

                // One query for every row: the checker's verdict was kept on each report when it was written (see HostReportRow).
                var rows = await query.Select(r => new
                {
                    r.Id, r.TenantId, r.FiscalYear, r.Revision, r.Status, r.SelfScore, r.SelfGrade, r.SubmittedAt,
                    r.CheckedScore, r.CheckedGrade, r.CheckedErrors, r.CheckedWarnings, r.CheckedAt, r.ReviewedAt, r.PublishedAt,
                }).ToListAsync(ct);
                var latest = rows.GroupBy(r => (r.TenantId, r.FiscalYear)).Select(g => g.OrderByDescending(r => r.Revision).First());
                if (status is { } s)
                {
                    latest = latest.Where(r => r.Status == s);
                }

                var names = (await bureaus.ListAsync(ct)).ToDictionary(b => b.Id);
                return TypedResults.Ok(latest
                    .Select(r => new HostReportRow(
                        r.Id, r.TenantId!.Value, names.GetValueOrDefault(r.TenantId.Value)?.Code ?? "", names.GetValueOrDefault(r.TenantId.Value)?.Name ?? "",
                        r.FiscalYear, r.Revision, r.Status, r.SelfScore, r.SelfGrade, r.SubmittedAt,
                        r.CheckedScore, r.CheckedGrade, r.CheckedErrors, r.CheckedWarnings, r.CheckedAt, r.ReviewedAt, r.PublishedAt))
                    .OrderBy(r => r.FiscalYear).ThenBy(r => r.BureauCode).ToList());
            })
            .RequirePermission(Permissions.HostReportsView).WithName("ListAllReports")
            .WithSummary("各部门自评报告状态（最新版本；含最近一次保存/流转时的系统评分与检查问题数）/ Every bureau's report status, with the computed score and the checker's counts as of its last write");

        host.MapGet("/reports/{id:guid}", async (Guid id, HostReports hostReports, CancellationToken ct) =>
                TypedResults.Ok(await hostReports.InBureauAsync(id, async views => await views.BuildAsync(await views.ByIdAsync(id, ct), ct), ct)))
            .RequirePermission(Permissions.HostReportsView).WithName("GetBureauReport");

        host.MapGet("/reports/{id:guid}/revisions", async (Guid id, HostReports hostReports, DbContext db, CancellationToken ct) =>
                TypedResults.Ok(await hostReports.InBureauAsync(id, async _ =>
                {
                    // Inside the report's bureau: every revision of the same year, oldest first.
                    var year = await db.Set<SelfEvaluationReport>().Where(r => r.Id == id).Select(r => r.FiscalYear).FirstAsync(ct);
                    return await RevisionsAsync(db, year, ct);
                }, ct)))
            .RequirePermission(Permissions.HostReportsView).WithName("ListBureauReportRevisions")
            .WithSummary("同一部门同一年度报告的全部版本 / Every revision of that bureau's report for the year");

        foreach (var (action, name) in new[] { (ReportAction.Return, "return"), (ReportAction.Approve, "approve"), (ReportAction.Publish, "publish") })
        {
            host.MapPost($"/reports/{{id:guid}}/{name}", async (Guid id, ActionBody? body, HostReports hostReports, IMediator m, CancellationToken ct) =>
                    TypedResults.Ok(await hostReports.InBureauAsync(id, async views =>
                    {
                        // The whole unit of work (checks, write, save) runs inside the report's bureau.
                        await m.Send(new ReviewReport(id, action, body?.Comment, body?.ConcurrencyStamp), ct);
                        return await views.BuildAsync(await views.ByIdAsync(id, ct), ct);
                    }, ct)))
                .RequirePermission(action == ReportAction.Publish ? Permissions.HostReportsPublish : Permissions.HostReportsReview)
                .WithName($"{action}Report")
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status409Conflict);
        }

        ReportExports.MapHost(host);
    }

    private static async Task<IResult> LegacyImport(int year, bool? replace, bool? confirmMismatch, bool? applyProfile, HttpRequest request, IMediator m, ReportViews views, CancellationToken ct)
    {
        Year(year);
        var input = await LegacyImportRequest.ReadAsync(request, ct);
        var apply = applyProfile == true || request.HasFormContentType && bool.TryParse(request.Form["applyProfile"].ToString(), out var fromForm) && fromForm;
        var imported = await m.Send(new ImportLegacyReport(year, input.Text, replace == true, input.Field, confirmMismatch == true, apply), ct);
        return TypedResults.Ok(new LegacyImportResult(await views.BuildAsync(await views.ByIdAsync(imported.ReportId, ct), ct), imported.Extracted, imported.ProfileApplied));
    }

    internal static int Year(int year) => FiscalYear.Ensure(year);

    /// <summary>The current bureau's revisions of a year's report, oldest first.</summary>
    private static Task<List<RevisionDto>> RevisionsAsync(DbContext db, int year, CancellationToken ct) =>
        db.Set<SelfEvaluationReport>().AsNoTracking().Where(r => r.FiscalYear == year).OrderBy(r => r.Revision)
            .Select(r => new RevisionDto(r.Id, r.Revision, r.Status, r.CreatedAt, r.SubmittedAt, r.ReviewedAt, r.PublishedAt)).ToListAsync(ct);
}

/// <summary>Host-side access to one bureau's report: its bureau found past the tenant filter, then the action run inside that bureau's scope.</summary>
internal sealed class HostReports(DbContext db, ICurrentTenant tenant, ReportViews views)
{
    public async Task<T> InBureauAsync<T>(Guid id, Func<ReportViews, Task<T>> action, CancellationToken ct)
    {
        var bureauId = await db.Set<SelfEvaluationReport>().IgnoreQueryFilters([TenantFilter.Name])
            .Where(r => r.Id == id).Select(r => r.TenantId).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("SelfEvaluationReport", id);
        using (tenant.Change(bureauId))
        {
            return await action(views);
        }
    }
}
