using System.Text.Json;
using DistrictPerf.Modules.Reports.Consistency;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.Modules.Reports.Localization;
using DistrictPerf.SharedKernel.Auditing;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Reports.Features;

internal enum ReportAction
{
    Submit,
    Return,
    Approve,
    Publish,
}

/// <summary>Raised when submission is refused because the checker found errors (422 with the findings).</summary>
internal sealed class SubmissionBlockedException(IReadOnlyList<Finding> findings)
    : ProblemException(ReportsMessages.SubmissionBlockedTitle, ReportsMessages.SubmissionBlocked(findings.Count), "reports.submission_blocked")
{
    public IReadOnlyList<Finding> Findings { get; } = findings;
    public override int StatusCode => 422;

    public override IReadOnlyDictionary<string, object?>? Extensions =>
        new Dictionary<string, object?> { ["findings"] = Findings.Select(FindingDto.From).ToList() };
}

/// <summary>
/// The review workflow's rules: which action is allowed from which status, by which permission;
/// every transition is recorded (and audited) and the generated parts are frozen at approval.
/// Called by <see cref="ReportWorkflowHandler"/> inside the command's unit of work (it never saves).
/// </summary>
internal sealed class ReportWorkflow(DbContext db, ReportViews views, ICurrentUser user, IAuditContext audit, TimeProvider clock)
{
    private static readonly Dictionary<ReportAction, (ReportStatus[] From, ReportStatus To, string Permission)> Rules = new()
    {
        [ReportAction.Submit] = ([ReportStatus.Draft, ReportStatus.Returned], ReportStatus.Submitted, Permissions.ReportsSubmit),
        [ReportAction.Return] = ([ReportStatus.Submitted], ReportStatus.Returned, Permissions.HostReportsReview),
        [ReportAction.Approve] = ([ReportStatus.Submitted], ReportStatus.Approved, Permissions.HostReportsReview),
        [ReportAction.Publish] = ([ReportStatus.Approved], ReportStatus.Published, Permissions.HostReportsPublish),
    };

    public static bool Allowed(ReportAction action, ReportStatus from) => Rules[action].From.Contains(from);

    public async Task<SelfEvaluationReport> ApplyAsync(SelfEvaluationReport report, ReportAction action, string? comment, string? concurrencyStamp, CancellationToken ct)
    {
        var (from, to, permission) = Rules[action];
        if (!user.HasPermission(permission))
        {
            throw new ForbiddenException(ReportsMessages.MissingPermission(permission), "forbidden.missing_permission");
        }

        // The stamp first: someone who acts on an outdated read (another reviewer decided meanwhile) is told to reload,
        // rather than that the status they never saw forbids the action.
        db.ExpectConcurrencyStamp(report, concurrencyStamp);

        if (!from.Contains(report.Status))
        {
            throw new ConflictException(ReportsMessages.StatusForbidsAction(report.Status, Label(action)), "status", "conflict.reports.status");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // Approved and published reports are read from their snapshot, the others from the live plan and budget.
        var data = action == ReportAction.Publish ? await views.DataAsync(report, ct) : await views.LiveAsync(report.FiscalYear, ct);
        var findings = ReportViews.RecordCheck(report, data, now);
        switch (action)
        {
            case ReportAction.Submit:
                var errors = findings.Where(f => f.Severity == FindingSeverity.Error).ToList();
                if (errors.Count > 0)
                {
                    throw new SubmissionBlockedException(errors);
                }

                report.SubmittedAt = now;
                report.SubmittedBy = user.Id;
                break;
            case ReportAction.Return:
                report.ReviewComment = comment!.Trim();
                report.ReviewedAt = now;
                report.ReviewedBy = user.Id;
                break;
            case ReportAction.Approve:
                // The generated parts are frozen: later rule or data changes never rewrite an approved report.
                report.SnapshotJson = JsonSerializer.Serialize(data, ReportViews.Json);
                report.ReviewComment = string.IsNullOrWhiteSpace(comment) ? report.ReviewComment : comment.Trim();
                report.ReviewedAt = now;
                report.ReviewedBy = user.Id;
                await SupersedeOlderAsync(report, ct);
                break;
            case ReportAction.Publish:
                report.PublishedAt = now;
                break;
        }

        db.Add(new ReportTransition { ReportId = report.Id, From = report.Status, To = to, At = now, By = user.Id, ByName = audit.UserName, Comment = comment?.Trim() });
        report.Status = to;
        return report;
    }

    /// <summary>A new revision of an approved or published report: a draft copy; the old one is kept.</summary>
    public async Task<SelfEvaluationReport> ReviseAsync(SelfEvaluationReport current, string? concurrencyStamp, CancellationToken ct)
    {
        // The revision starts from what the reviser read: a stale stamp means someone acted on the report meanwhile
        // (checked first, as in ApplyAsync: the reader is told to reload).
        db.ExpectConcurrencyStamp(current, concurrencyStamp);

        if (current.Status is not (ReportStatus.Approved or ReportStatus.Published))
        {
            throw new ConflictException(ReportsMessages.ReviseOnlyApproved, "status", "conflict.reports.not_approved");
        }

        var revision = new SelfEvaluationReport
        {
            FiscalYear = current.FiscalYear, Revision = current.Revision + 1, Status = ReportStatus.Draft,
            BasicInfo = current.BasicInfo, Evaluation = current.Evaluation, Problems = current.Problems, Measures = current.Measures,
            SelfScore = current.SelfScore, SelfGrade = current.SelfGrade, ReportedFiguresJson = current.ReportedFiguresJson,
        };
        var now = clock.GetUtcNow().UtcDateTime;
        ReportViews.RecordCheck(revision, await views.LiveAsync(current.FiscalYear, ct), now);
        db.Add(revision);
        db.Add(new ReportTransition { ReportId = revision.Id, From = current.Status, To = ReportStatus.Draft, At = now, By = user.Id, ByName = audit.UserName, Comment = $"修订版 {revision.Revision}（基于第 {current.Revision} 版）" });
        return revision;
    }

    internal static void EnsureEditable(SelfEvaluationReport report)
    {
        if (report.Status is not (ReportStatus.Draft or ReportStatus.Returned))
        {
            throw new ConflictException(ReportsMessages.NotEditable(report.Status), "status", "conflict.reports.not_editable");
        }
    }

    private async Task SupersedeOlderAsync(SelfEvaluationReport report, CancellationToken ct)
    {
        var older = await db.Set<SelfEvaluationReport>()
            .Where(r => r.FiscalYear == report.FiscalYear && r.Revision < report.Revision && (r.Status == ReportStatus.Approved || r.Status == ReportStatus.Published))
            .ToListAsync(ct);
        foreach (var o in older)
        {
            o.Status = ReportStatus.Superseded;
        }
    }

    private static string Label(ReportAction action) => action switch
    {
        ReportAction.Submit => ReportsMessages.ActionSubmit,
        ReportAction.Return => ReportsMessages.ActionReturn,
        ReportAction.Approve => ReportsMessages.ActionApprove,
        _ => ReportsMessages.ActionPublish,
    };
}
