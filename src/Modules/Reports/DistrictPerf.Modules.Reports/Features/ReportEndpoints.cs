using System.Text.Json;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.Modules.Reports.Legacy;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Reports.Features;

internal sealed record ReportBody(string? BasicInfo, string? Evaluation, string? Problems, string? Measures, decimal? SelfScore, string? SelfGrade, string? ConcurrencyStamp);

internal sealed record ActionBody(string? Comment, string? ConcurrencyStamp);

internal sealed record LegacyImportBody(string? Text);

internal sealed record LegacyImportResult(ReportDto Report, LegacyReport Extracted);

internal sealed record RevisionDto(Guid Id, int Revision, ReportStatus Status, DateTime CreatedAt, DateTime? ReviewedAt);

internal sealed record HostReportRow(Guid Id, Guid BureauId, string BureauCode, string BureauName, int FiscalYear, int Revision, ReportStatus Status, decimal? SelfScore, string? SelfGrade, DateTime? SubmittedAt);

/// <summary>The self-evaluation report: bureau side (draft, edit, check, submit, revise, legacy import, export) and host side (list, read, return, approve, publish, export).</summary>
internal static class ReportEndpoints
{
    public const int MaxLegacyTextLength = 400_000;

    public static void MapBureau(IEndpointRouteBuilder reports)
    {
        reports.MapGet("/", async (int year, ReportViews views, CancellationToken ct) => TypedResults.Ok(await views.BuildAsync(await views.CurrentAsync(Year(year), ct), ct)))
            .RequirePermission(Permissions.ReportsView).WithName("GetReport")
            .WithSummary("本部门当年自评报告（含自动生成的预算概况、表 1、得分与检查结果）/ The self-evaluation with generated parts, scores and findings");

        reports.MapPost("/", async (int year, DbContext db, ReportViews views, CancellationToken ct) =>
            {
                Year(year);
                if (await db.Set<SelfEvaluationReport>().AnyAsync(r => r.FiscalYear == year, ct))
                {
                    throw new ConflictException($"{year} 年自评报告已存在 / The {year} report already exists.");
                }

                var report = new SelfEvaluationReport { FiscalYear = year };
                db.Add(report);
                await db.SaveChangesAsync(ct);
                return TypedResults.Created($"/api/bureau/reports/{year}", await views.BuildAsync(report, ct));
            })
            .RequirePermission(Permissions.ReportsEdit).WithName("CreateReport").ProducesProblem(StatusCodes.Status409Conflict);

        reports.MapPut("/", async (int year, ReportBody body, DbContext db, ReportViews views, IPerformancePlans plans, CancellationToken ct) =>
            {
                var report = await views.CurrentAsync(Year(year), ct, tracked: true);
                EnsureEditable(report);
                await Validate(body, await plans.RulesAsync(year, ct));
                db.ExpectConcurrencyStamp(report, body.ConcurrencyStamp);
                report.BasicInfo = body.BasicInfo;
                report.Evaluation = body.Evaluation;
                report.Problems = body.Problems;
                report.Measures = body.Measures;
                report.SelfScore = body.SelfScore;
                report.SelfGrade = string.IsNullOrWhiteSpace(body.SelfGrade) ? null : body.SelfGrade.Trim();
                db.Entry(report).Property(r => r.BasicInfo).IsModified = true;
                await db.SaveChangesAsync(ct);
                return TypedResults.Ok(await views.BuildAsync(report, ct)); // findings are returned on every save
            })
            .RequirePermission(Permissions.ReportsEdit).WithName("UpdateReport").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        reports.MapGet("/check", async (int year, ReportViews views, CancellationToken ct) =>
                TypedResults.Ok((await views.BuildAsync(await views.CurrentAsync(Year(year), ct), ct)).Findings))
            .RequirePermission(Permissions.ReportsView).WithName("CheckReport").WithSummary("一致性检查 / Consistency check");

        reports.MapPost("/submit", async (int year, ActionBody? body, ReportViews views, ReportWorkflow workflow, CancellationToken ct) =>
            {
                var report = await views.CurrentAsync(Year(year), ct, tracked: true);
                await workflow.ApplyAsync(report, ReportAction.Submit, body?.Comment, body?.ConcurrencyStamp, ct);
                return TypedResults.Ok(await views.BuildAsync(report, ct));
            })
            .RequirePermission(Permissions.ReportsSubmit).WithName("SubmitReport")
            .WithSummary("提交财政局审核（存在错误级问题时拒绝，返回 422 和问题清单）/ Submit; refused with 422 and the findings while errors remain")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict);

        reports.MapPost("/revise", async (int year, ReportViews views, ReportWorkflow workflow, CancellationToken ct) =>
            {
                var current = await views.CurrentAsync(Year(year), ct, tracked: true);
                var revision = await workflow.ReviseAsync(current, ct);
                return TypedResults.Created($"/api/bureau/reports/{year}", await views.BuildAsync(revision, ct));
            })
            .RequirePermission(Permissions.ReportsEdit).WithName("ReviseReport").WithSummary("基于已审定报告建立新修订版（保留旧版）/ New revision of an approved report; the old one is kept");

        reports.MapGet("/revisions", async (int year, DbContext db, CancellationToken ct) =>
            {
                var y = Year(year);
                return TypedResults.Ok(await db.Set<SelfEvaluationReport>().AsNoTracking().Where(r => r.FiscalYear == y).OrderBy(r => r.Revision)
                    .Select(r => new RevisionDto(r.Id, r.Revision, r.Status, r.CreatedAt, r.ReviewedAt)).ToListAsync(ct));
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

        reports.MapPost("/legacy-import", LegacyImport)
            .RequirePermission(Permissions.ReportsEdit)
            .RequirePermission(Permissions.PlanEdit)
            .DisableAntiforgery()
            .WithName("LegacyImportReport")
            .WithSummary("导入既有报告的纯文本（粘贴 JSON {text} 或上传 .txt）→ 草稿、任务与指标、报告所述数字及未能提取的清单 / Import the plain text of an existing report")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

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

                var rows = await query.Select(r => new { r.Id, r.TenantId, r.FiscalYear, r.Revision, r.Status, r.SelfScore, r.SelfGrade, r.SubmittedAt }).ToListAsync(ct);
                var latest = rows.GroupBy(r => (r.TenantId, r.FiscalYear)).Select(g => g.OrderByDescending(r => r.Revision).First());
                if (status is { } s)
                {
                    latest = latest.Where(r => r.Status == s);
                }

                var names = (await bureaus.ListAsync(ct)).ToDictionary(b => b.Id);
                return TypedResults.Ok(latest
                    .Select(r => new HostReportRow(r.Id, r.TenantId!.Value, names.GetValueOrDefault(r.TenantId.Value)?.Code ?? "", names.GetValueOrDefault(r.TenantId.Value)?.Name ?? "", r.FiscalYear, r.Revision, r.Status, r.SelfScore, r.SelfGrade, r.SubmittedAt))
                    .OrderBy(r => r.FiscalYear).ThenBy(r => r.BureauCode).ToList());
            })
            .RequirePermission(Permissions.HostReportsView).WithName("ListAllReports").WithSummary("各部门自评报告状态 / Every bureau's report status");

        host.MapGet("/reports/{id:guid}", async (Guid id, HostReports hostReports, CancellationToken ct) =>
                TypedResults.Ok(await hostReports.InBureauAsync(id, (report, views) => views.BuildAsync(report, ct), ct)))
            .RequirePermission(Permissions.HostReportsView).WithName("GetBureauReport");

        foreach (var (action, name) in new[] { (ReportAction.Return, "return"), (ReportAction.Approve, "approve"), (ReportAction.Publish, "publish") })
        {
            host.MapPost($"/reports/{{id:guid}}/{name}", async (Guid id, ActionBody? body, HostReports hostReports, ReportWorkflow workflow, CancellationToken ct) =>
                    TypedResults.Ok(await hostReports.InBureauAsync(id, async (report, views) =>
                    {
                        await workflow.ApplyAsync(report, action, body?.Comment, body?.ConcurrencyStamp, ct);
                        return await views.BuildAsync(report, ct);
                    }, ct, tracked: true)))
                .RequirePermission(action == ReportAction.Publish ? Permissions.HostReportsPublish : Permissions.HostReportsReview)
                .WithName($"{action}Report")
                .ProducesProblem(StatusCodes.Status409Conflict);
        }

        ReportExports.MapHost(host);
    }

    private static async Task<IResult> LegacyImport(
        int year, HttpRequest request, LegacyImporter importer, ReportViews views, CancellationToken ct)
    {
        Year(year);
        string? text;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files["file"];
            if (file is null || file.Length == 0)
            {
                throw new FieldValidationException("file", "请上传报告的 .txt 纯文本 / Upload the report's plain text (.txt) in 'file'.");
            }

            using var reader = new StreamReader(file.OpenReadStream(), detectEncodingFromByteOrderMarks: true);
            text = await reader.ReadToEndAsync(ct);
        }
        else
        {
            try
            {
                var body = await request.ReadFromJsonAsync<LegacyImportBody>(ct);
                text = body?.Text;
            }
            catch (JsonException ex)
            {
                throw new FieldValidationException(string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : "text", "请求体须为 JSON {\"text\": \"报告全文\"} / The body must be JSON {\"text\": \"…\"}.");
            }
            catch (InvalidOperationException)
            {
                throw new FieldValidationException("body", "请以 JSON 或 multipart 上传 / Send JSON or multipart form data.");
            }
        }

        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length < 20)
        {
            throw new FieldValidationException("text", "请粘贴报告全文 / Paste the whole report text.");
        }

        if (text.Length > MaxLegacyTextLength)
        {
            throw new FieldValidationException("text", $"文本超过 {MaxLegacyTextLength} 字 / The text exceeds {MaxLegacyTextLength} characters.");
        }

        var (report, extracted) = await importer.ImportAsync(year, text, ct);
        return TypedResults.Ok(new LegacyImportResult(await views.BuildAsync(report, ct), extracted));
    }

    internal static void EnsureEditable(SelfEvaluationReport report)
    {
        if (report.Status is not (ReportStatus.Draft or ReportStatus.Returned))
        {
            throw new ConflictException($"报告状态为 {report.Status}，只有草稿或退回的报告可以编辑 / Only draft or returned reports can be edited.", "status");
        }
    }

    private static Task Validate(ReportBody body, ScoringRules rules)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, value) in new[] { ("basicInfo", body.BasicInfo), ("evaluation", body.Evaluation), ("problems", body.Problems), ("measures", body.Measures) })
        {
            if (value?.Length > SelfEvaluationReport.SectionMaxLength)
            {
                errors[field] = [$"最长 {SelfEvaluationReport.SectionMaxLength} 字 / At most {SelfEvaluationReport.SectionMaxLength} characters."];
            }
            else if (value is not null && value.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            {
                errors[field] = ["含有不可见控制字符 / Contains control characters."];
            }
        }

        if (body.SelfScore is { } s && (s < 0 || s > 100 || !Money.HasAtMostTwoDecimals(s)))
        {
            errors["selfScore"] = ["自评分须在 0–100 之间，最多两位小数 / 0–100 with at most two decimals."];
        }

        if (!string.IsNullOrWhiteSpace(body.SelfGrade) && rules.Grades.All(g => g.Grade != body.SelfGrade.Trim()))
        {
            errors["selfGrade"] = [$"等级须为 {string.Join("/", rules.Grades.Select(g => g.Grade))} / Unknown grade."];
        }

        if (string.IsNullOrEmpty(body.ConcurrencyStamp))
        {
            errors["concurrencyStamp"] = ["必填 / Required."];
        }

        return errors.Count > 0 ? throw new FieldValidationException(errors) : Task.CompletedTask;
    }

    internal static int Year(int year) => FiscalYear.Ensure(year);
}

/// <summary>Host-side access to one bureau's report: found past the tenant filter, then handled inside that bureau's scope.</summary>
internal sealed class HostReports(DbContext db, ICurrentTenant tenant, ReportViews views)
{
    public async Task<T> InBureauAsync<T>(Guid id, Func<SelfEvaluationReport, ReportViews, Task<T>> action, CancellationToken ct, bool tracked = false)
    {
        var bureauId = await db.Set<SelfEvaluationReport>().IgnoreQueryFilters([TenantFilter.Name])
            .Where(r => r.Id == id).Select(r => r.TenantId).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("SelfEvaluationReport", id);
        using (tenant.Change(bureauId))
        {
            var query = db.Set<SelfEvaluationReport>().Where(r => r.Id == id);
            var report = await (tracked ? query : query.AsNoTracking()).SingleAsync(ct);
            return await action(report, views);
        }
    }
}

/// <summary>Legacy import: parse the text, then — in one transaction — the draft's narrative and stated figures, and the plan's tasks and indicators.</summary>
internal sealed class LegacyImporter(DbContext db, IPerformancePlans plans)
{
    public async Task<(SelfEvaluationReport Report, LegacyReport Extracted)> ImportAsync(int year, string text, CancellationToken ct)
    {
        var extracted = LegacyReportParser.Parse(text);
        if (extracted.Year is { } statedYear && statedYear != year)
        {
            throw new FieldValidationException("text", $"报告年度为 {statedYear}，与所选年度 {year} 不符 / The report is for {statedYear}, not {year}.");
        }

        var existing = await db.Set<SelfEvaluationReport>().Where(r => r.FiscalYear == year && r.Status != ReportStatus.Superseded).OrderByDescending(r => r.Revision).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            ReportEndpoints.EnsureEditable(existing);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var report = existing ?? new SelfEvaluationReport { FiscalYear = year };
        if (existing is null)
        {
            db.Add(report);
        }

        report.BasicInfo = Clip(extracted.Sections.BasicInfo);
        report.Evaluation = Clip(extracted.Sections.Evaluation);
        report.Problems = Clip(extracted.Sections.ProblemsText ?? (extracted.Problems.Count > 0 ? string.Join("\n", extracted.Problems) : null));
        report.Measures = Clip(extracted.Sections.MeasuresText ?? (extracted.Measures.Count > 0 ? string.Join("\n", extracted.Measures) : null));
        report.SelfScore = extracted.SelfScore is { } score && score is >= 0 and <= 100 ? Money.RoundHalfUp(score) : null;
        report.SelfGrade = extracted.SelfGrade;
        report.ReportedFiguresJson = JsonSerializer.Serialize(extracted.Budget, ReportViews.Json);
        report.NotExtractedJson = JsonSerializer.Serialize(extracted.NotExtracted);
        await db.SaveChangesAsync(ct);

        await plans.ReplaceAsync(year, null, extracted.Tasks.Select(t => new NewPlanTask(
            t.Number, t.Name, t.ExpectedGoal, t.Completion, t.FundsWanYuan is { } f && f >= 0 && f <= Money.MaxYuan / 10_000m ? f * 10_000m : null,
            t.DeclaredIndicatorCount, t.DeclaredIndicatorNames,
            t.Indicators.Select(i => new NewPlanIndicator(i.Name, i.Target, i.Actual, i.Achieved, i.DeviationReason)).ToList())).ToList(), ct);
        await transaction.CommitAsync(ct);

        return (report, extracted);
    }

    private static string? Clip(string? text) =>
        text is null ? null : text.Length <= SelfEvaluationReport.SectionMaxLength ? text : text[..SelfEvaluationReport.SectionMaxLength];
}
