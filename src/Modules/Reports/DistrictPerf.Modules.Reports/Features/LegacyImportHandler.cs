using System.Text.Json;
using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.Modules.Reports.Legacy;
using DistrictPerf.Modules.Reports.Localization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Reports.Features;

internal sealed record LegacyImportBody(string? Text);

internal sealed record LegacyImportResult(ReportDto Report, LegacyReport Extracted);

/// <summary>
/// Imports the plain text of an existing report: the draft's narrative and stated figures, and the
/// plan's tasks and indicators, in one unit of work (all or nothing).
/// </summary>
internal sealed record ImportLegacyReport(int Year, string? Text) : ICommand<ImportedLegacyReport>;

internal sealed record ImportedLegacyReport(Guid ReportId, LegacyReport Extracted);

internal sealed class ImportLegacyReportValidator : AbstractValidator<ImportLegacyReport>
{
    public const int MaxTextLength = 400_000;

    public ImportLegacyReportValidator()
    {
        RuleFor(x => x.Year).MustBeFiscalYear();
        RuleFor(x => x.Text).Cascade(CascadeMode.Stop)
            .Must(t => !string.IsNullOrWhiteSpace(t) && t.Trim().Length >= 20).WithMessage(_ => ReportsMessages.PasteWholeReport).WithErrorCode("reports.text_required")
            .MaximumLength(MaxTextLength).WithMessage(_ => ReportsMessages.TextTooLong(MaxTextLength));
    }
}

internal sealed class LegacyImportHandler(DbContext db, IPerformancePlans plans) : ICommandHandler<ImportLegacyReport, ImportedLegacyReport>
{
    public async ValueTask<ImportedLegacyReport> Handle(ImportLegacyReport command, CancellationToken cancellationToken)
    {
        var year = command.Year;
        var extracted = LegacyReportParser.Parse(command.Text!);
        if (extracted.Year is { } statedYear && statedYear != year)
        {
            throw new FieldValidationException("text", ReportsMessages.YearMismatch(statedYear, year), "reports.year_mismatch");
        }

        var existing = await db.Set<SelfEvaluationReport>().Where(r => r.FiscalYear == year && r.Status != ReportStatus.Superseded)
            .OrderByDescending(r => r.Revision).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            ReportWorkflow.EnsureEditable(existing);
        }

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

        // The plan is replaced in this same unit of work (not yet saved): the checker's verdict is known at the next save.
        report.CheckedErrors = report.CheckedWarnings = null;
        report.CheckedScore = null;
        report.CheckedGrade = null;
        report.CheckedAt = null;

        await plans.ReplaceAsync(year, null, extracted.Tasks.Select(t => new NewPlanTask(
            t.Number, t.Name, t.ExpectedGoal, t.Completion, t.FundsWanYuan is { } f && f >= 0 && f <= Money.MaxYuan / 10_000m ? f * 10_000m : null,
            t.DeclaredIndicatorCount, t.DeclaredIndicatorNames,
            t.Indicators.Select(i => new NewPlanIndicator(i.Name, i.Target, i.Actual, i.Achieved, i.DeviationReason)).ToList())).ToList(), cancellationToken);
        return new ImportedLegacyReport(report.Id, extracted);
    }

    private static string? Clip(string? text) =>
        text is null ? null : text.Length <= SelfEvaluationReport.SectionMaxLength ? text : text[..SelfEvaluationReport.SectionMaxLength];
}
