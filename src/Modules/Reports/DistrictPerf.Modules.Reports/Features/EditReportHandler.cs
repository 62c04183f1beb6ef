using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.Modules.Reports.Localization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Reports.Features;

internal sealed record ReportBody(string? BasicInfo, string? Evaluation, string? Problems, string? Measures, decimal? SelfScore, string? SelfGrade, string? ConcurrencyStamp);

/// <summary>Starts the year's self-evaluation draft (409 if the year already has one).</summary>
internal sealed record CreateReport(int Year) : ICommand<Guid>;

/// <summary>Saves the draft's narrative and self-reported score and grade.</summary>
internal sealed record UpdateReport(int Year, ReportBody Body) : ICommand<Guid>;

internal sealed class CreateReportValidator : AbstractValidator<CreateReport>
{
    public CreateReportValidator() => RuleFor(x => x.Year).MustBeFiscalYear();
}

internal sealed class UpdateReportValidator : AbstractValidator<UpdateReport>
{
    public UpdateReportValidator(IPerformancePlans plans)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Year).MustBeFiscalYear();
        Section(x => x.Body.BasicInfo, "basicInfo");
        Section(x => x.Body.Evaluation, "evaluation");
        Section(x => x.Body.Problems, "problems");
        Section(x => x.Body.Measures, "measures");
        RuleFor(x => x.Body.SelfScore)
            .Must(s => s is null || (s >= 0 && s <= 100 && Money.HasAtMostTwoDecimals(s.Value)))
            .WithMessage(_ => ReportsMessages.SelfScoreInvalid).WithErrorCode("reports.self_score")
            .OverridePropertyName("selfScore");
        RuleFor(x => x.Body.SelfGrade)
            .MustAsync(async (command, grade, ct) => string.IsNullOrWhiteSpace(grade)
                || !FiscalYear.IsValid(command.Year)
                || (await plans.RulesAsync(command.Year, ct)).Grades.Any(g => g.Grade == grade.Trim()))
            .WithMessage(_ => ReportsMessages.GradeUnknown).WithErrorCode("reports.grade_unknown")
            .OverridePropertyName("selfGrade");
        RuleFor(x => x.Body.ConcurrencyStamp).NotEmpty().OverridePropertyName("concurrencyStamp");
    }

    private void Section(System.Linq.Expressions.Expression<Func<UpdateReport, string?>> section, string field) =>
        RuleFor(section).Cascade(CascadeMode.Stop)
            .MaximumLength(SelfEvaluationReport.SectionMaxLength)
            .WithMessage(_ => ReportsMessages.SectionTooLong(SelfEvaluationReport.SectionMaxLength))
            .Must(v => v is null || !v.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            .WithMessage(_ => ReportsMessages.ControlCharacters).WithErrorCode("control_characters")
            .OverridePropertyName(field);
}

internal sealed class EditReportHandler(DbContext db, ReportViews views, TimeProvider clock)
    : ICommandHandler<CreateReport, Guid>, ICommandHandler<UpdateReport, Guid>
{
    public async ValueTask<Guid> Handle(CreateReport command, CancellationToken cancellationToken)
    {
        if (await db.Set<SelfEvaluationReport>().AnyAsync(r => r.FiscalYear == command.Year, cancellationToken))
        {
            throw new ConflictException(ReportsMessages.ReportExists(command.Year), code: "conflict.reports.exists");
        }

        var report = new SelfEvaluationReport { FiscalYear = command.Year };
        ReportViews.RecordCheck(report, await views.LiveAsync(command.Year, cancellationToken), clock.GetUtcNow().UtcDateTime);
        db.Add(report);
        return report.Id;
    }

    public async ValueTask<Guid> Handle(UpdateReport command, CancellationToken cancellationToken)
    {
        var report = await views.CurrentAsync(command.Year, cancellationToken, tracked: true);
        ReportWorkflow.EnsureEditable(report);
        var body = command.Body;
        db.ExpectConcurrencyStamp(report, body.ConcurrencyStamp);
        report.BasicInfo = body.BasicInfo;
        report.Evaluation = body.Evaluation;
        report.Problems = body.Problems;
        report.Measures = body.Measures;
        report.SelfScore = body.SelfScore;
        report.SelfGrade = string.IsNullOrWhiteSpace(body.SelfGrade) ? null : body.SelfGrade.Trim();
        ReportViews.RecordCheck(report, await views.LiveAsync(command.Year, cancellationToken), clock.GetUtcNow().UtcDateTime);
        return report.Id;
    }
}
