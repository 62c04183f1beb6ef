using System.Text.Json;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.Modules.Reports.Legacy;
using DistrictPerf.Modules.Reports.Localization;
using DistrictPerf.SharedKernel.Auditing;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Reports.Features;

/// <param name="ProfileApplied">whether the report's profile facts were written into the bureau profile (applyProfile=true and facts found)</param>
internal sealed record LegacyImportResult(ReportDto Report, LegacyReport Extracted, bool ProfileApplied = false);

/// <summary>
/// Imports the plain text of an existing report: the draft's narrative and stated figures, and the
/// plan's tasks and indicators, in one unit of work (all or nothing). Over an existing draft or plan
/// only with <paramref name="Replace"/> (else 409 naming <c>replace</c>); the replaced draft is kept
/// as a revision (superseded, with the plan it was written against frozen into it).
/// </summary>
/// <param name="Field">the request field the text came from ("text" or "file"); problems name it</param>
/// <param name="ConfirmMismatch">the caller confirmed importing a text whose stated bureau or year differs (else 409 naming <c>confirmMismatch</c>)</param>
/// <param name="ApplyProfile">also write the report's stated sections, units and duties into the bureau profile (offered, never by default)</param>
internal sealed record ImportLegacyReport(int Year, string? Text, bool Replace = false, string Field = "text", bool ConfirmMismatch = false, bool ApplyProfile = false)
    : ICommand<ImportedLegacyReport>, ILegacyImportText;

internal sealed record ImportedLegacyReport(Guid ReportId, LegacyReport Extracted, bool ProfileApplied = false);

internal sealed class ImportLegacyReportValidator : LegacyImportTextValidator<ImportLegacyReport>;

internal sealed class LegacyImportHandler(
    DbContext db, IPerformancePlans plans, ReportViews views, ICurrentUser user, IAuditContext audit, TimeProvider clock, IBureauProfiles profiles,
    DistrictPerf.SharedKernel.Tenancy.ICurrentTenant tenant, DistrictPerf.Modules.Bureaus.Contracts.IBureauDirectory bureaus)
    : ICommandHandler<ImportLegacyReport, ImportedLegacyReport>
{
    public async ValueTask<ImportedLegacyReport> Handle(ImportLegacyReport command, CancellationToken cancellationToken)
    {
        var year = command.Year;
        if (command.ApplyProfile && !user.HasPermission(Permissions.ProfileEdit))
        {
            throw new ForbiddenException(ReportsMessages.ApplyProfileForbidden);
        }

        var extracted = LegacyImportReading.Read(command);

        var existing = await db.Set<SelfEvaluationReport>().Where(r => r.FiscalYear == year && r.Status != ReportStatus.Superseded)
            .OrderByDescending(r => r.Revision).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            ReportWorkflow.EnsureEditable(existing);
        }

        var live = await views.LiveAsync(year, cancellationToken);
        var hasPlan = live.Plan.Tasks.Count > 0;
        if ((existing is not null || hasPlan) && !command.Replace)
        {
            throw new ConflictException(ReportsMessages.ReplaceRequired(year), "replace", "conflict.reports.replace_required");
        }

        // A text naming another bureau or year is imported only when the caller confirmed it (checked after the target's own state).
        var bureau = tenant.Id is { } id ? await bureaus.FindAsync(id, cancellationToken) : null;
        LegacyImportReading.EnsureConfirmed(LegacyImportReading.Mismatches(extracted, year, bureau?.Name, bureau?.District), command.ConfirmMismatch);

        var report = new SelfEvaluationReport { FiscalYear = year };
        if (existing is not null || hasPlan)
        {
            report.Revision = await KeepAsRevisionAsync(existing, live, year, cancellationToken) + 1;
        }

        db.Add(report);
        report.BasicInfo = Clip(extracted.Sections.BasicInfo);
        report.Evaluation = Clip(extracted.Sections.Evaluation);
        report.Problems = Clip(ProblemsText(extracted));
        report.Measures = Clip(MeasuresText(extracted));
        report.SelfScore = SelfScore(extracted);
        report.SelfGrade = extracted.SelfGrade;
        report.ReportedFiguresJson = JsonSerializer.Serialize(extracted.Budget, ReportViews.Json);
        report.NotExtractedJson = JsonSerializer.Serialize(extracted.NotExtracted);
        if (report.Revision > 1)
        {
            db.Add(new ReportTransition
            {
                ReportId = report.Id, From = ReportStatus.Draft, To = ReportStatus.Draft, At = clock.GetUtcNow().UtcDateTime, By = user.Id, ByName = audit.UserName,
                Comment = $"导入已有报告，替换第 {report.Revision - 1} 版",
            });
        }

        // No checker's verdict is kept yet (CheckedAt stays null): the plan is replaced in this same unit of work, not
        // saved, so the check would read the old plan; the next save or workflow step records it.

        await plans.ReplaceAsync(year, null, extracted.Tasks.Select(t => new NewPlanTask(
            t.Number, t.Name, t.ExpectedGoal, t.Completion, t.FundsWanYuan is { } f && f >= 0 && f <= Money.MaxYuan / 10_000m ? f * 10_000m : null,
            t.DeclaredIndicatorCount, t.DeclaredIndicatorNames,
            t.Indicators.Select(i => new NewPlanIndicator(i.Name, i.Target, i.Actual, i.Achieved, i.DeviationReason)).ToList())).ToList(), cancellationToken);

        // The profile only when asked for, in the same unit of work (all or nothing with the import).
        var profileApplied = command.ApplyProfile && extracted.Profile is { } stated
            && await profiles.ApplyReportedAsync(new ReportedProfile(stated.Sections, stated.SubordinateUnits, stated.Duties), cancellationToken);
        return new ImportedLegacyReport(report.Id, extracted, profileApplied);
    }

    /// <summary>
    /// The draft being replaced becomes a superseded revision, with the plan and budget it was written
    /// against frozen into it (the plan's tasks and indicators are about to be replaced, and a revision
    /// reads its frozen parts). A plan without a report is kept the same way, as a revision with no text.
    /// Returns the kept revision's number.
    /// </summary>
    private async Task<int> KeepAsRevisionAsync(SelfEvaluationReport? existing, ReportSnapshotData live, int year, CancellationToken ct)
    {
        var kept = existing;
        if (kept is null)
        {
            var last = await db.Set<SelfEvaluationReport>().Where(r => r.FiscalYear == year).MaxAsync(r => (int?)r.Revision, ct) ?? 0;
            kept = new SelfEvaluationReport { FiscalYear = year, Revision = last + 1 };
            db.Add(kept);
        }

        var comment = existing is null ? "导入已有报告前的绩效计划（当时尚无报告），保存为修订版" : "被导入的已有报告替换，原草稿保存为修订版";
        db.Add(new ReportTransition { ReportId = kept.Id, From = kept.Status, To = ReportStatus.Superseded, At = clock.GetUtcNow().UtcDateTime, By = user.Id, ByName = audit.UserName, Comment = comment });
        kept.SnapshotJson = JsonSerializer.Serialize(live, ReportViews.Json);
        kept.Status = ReportStatus.Superseded;
        return kept.Revision;
    }

    internal static string? ProblemsText(LegacyReport extracted) =>
        extracted.Sections.ProblemsText ?? (extracted.Problems.Count > 0 ? string.Join("\n", extracted.Problems) : null);

    internal static string? MeasuresText(LegacyReport extracted) =>
        extracted.Sections.MeasuresText ?? (extracted.Measures.Count > 0 ? string.Join("\n", extracted.Measures) : null);

    internal static decimal? SelfScore(LegacyReport extracted) =>
        extracted.SelfScore is { } score && score is >= 0 and <= 100 ? Money.RoundHalfUp(score) : null;

    internal static string? Clip(string? text) =>
        text is null ? null : text.Length <= SelfEvaluationReport.SectionMaxLength ? text : text[..SelfEvaluationReport.SectionMaxLength];
}
