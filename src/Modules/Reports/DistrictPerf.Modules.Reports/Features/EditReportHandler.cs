using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Reports.Domain;
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
    public CreateReportValidator() => RuleFor(x => x.Year).Must(y => FiscalYear.IsValid(y)).WithMessage(FiscalYear.YearMessage);
}

internal sealed class UpdateReportValidator : AbstractValidator<UpdateReport>
{
    public UpdateReportValidator(IPerformancePlans plans)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Year).Must(y => FiscalYear.IsValid(y)).WithMessage(FiscalYear.YearMessage);
        Section(x => x.Body.BasicInfo, "basicInfo");
        Section(x => x.Body.Evaluation, "evaluation");
        Section(x => x.Body.Problems, "problems");
        Section(x => x.Body.Measures, "measures");
        RuleFor(x => x.Body.SelfScore)
            .Must(s => s is null || (s >= 0 && s <= 100 && Money.HasAtMostTwoDecimals(s.Value)))
            .WithMessage("自评分须在 0–100 之间，最多两位小数 / 0–100 with at most two decimals.")
            .OverridePropertyName("selfScore");
        RuleFor(x => x.Body.SelfGrade)
            .MustAsync(async (command, grade, ct) => string.IsNullOrWhiteSpace(grade)
                || !FiscalYear.IsValid(command.Year)
                || (await plans.RulesAsync(command.Year, ct)).Grades.Any(g => g.Grade == grade.Trim()))
            .WithMessage("等级须为本年度评分规则中的等级（如 优/良/中/差）/ Unknown grade under the year's rules.")
            .OverridePropertyName("selfGrade");
        RuleFor(x => x.Body.ConcurrencyStamp).NotEmpty().OverridePropertyName("concurrencyStamp");
    }

    private void Section(System.Linq.Expressions.Expression<Func<UpdateReport, string?>> section, string field) =>
        RuleFor(section).Cascade(CascadeMode.Stop)
            .MaximumLength(SelfEvaluationReport.SectionMaxLength)
            .WithMessage($"最长 {SelfEvaluationReport.SectionMaxLength} 字 / At most {SelfEvaluationReport.SectionMaxLength} characters.")
            .Must(v => v is null || !v.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            .WithMessage("含有不可见控制字符 / Contains control characters.")
            .OverridePropertyName(field);
}

internal sealed class EditReportHandler(DbContext db, ReportViews views)
    : ICommandHandler<CreateReport, Guid>, ICommandHandler<UpdateReport, Guid>
{
    public async ValueTask<Guid> Handle(CreateReport command, CancellationToken cancellationToken)
    {
        if (await db.Set<SelfEvaluationReport>().AnyAsync(r => r.FiscalYear == command.Year, cancellationToken))
        {
            throw new ConflictException($"{command.Year} 年自评报告已存在 / The {command.Year} report already exists.");
        }

        var report = new SelfEvaluationReport { FiscalYear = command.Year };
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
        return report.Id;
    }
}
