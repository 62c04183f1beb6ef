using System.Globalization;
using System.Text.RegularExpressions;
using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.Modules.Reports.Legacy;
using DistrictPerf.Modules.Reports.Localization;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Reports.Features;

/// <summary>One indicator as it was read from table 1 (as written; nothing computed).</summary>
internal sealed record PreviewIndicator(string Name, string Target, string Actual, bool? Achieved, string? DeviationReason);

/// <summary>One main task as it was read, with its indicators; funds in 万元 as the report prints them.</summary>
internal sealed record PreviewTask(
    int Number, string Name, string? ExpectedGoal, string? Completion, decimal? FundsWanYuan, int? DeclaredIndicatorCount, IReadOnlyList<PreviewIndicator> Indicators);

/// <summary>One narrative section as the draft would hold it: its key (basicInfo, evaluation, problems, measures), length and first characters; Length 0 when not found.</summary>
internal sealed record PreviewSection(string Key, int Length, string? Start);

/// <summary>A value the parser could not read: its field path (e.g. task[3].indicator[2].target) and a label in the request's language.</summary>
internal sealed record NotReadItem(string Field, string Label);

/// <summary>
/// What the import would replace in the year: the current report (its revision, status and whether it can be
/// replaced at all) and the plan's tasks and indicators. <see cref="ReplaceRequired"/>: the import needs
/// <c>replace=true</c>; <see cref="Blocked"/>: why it cannot import at all (a report under review or approved).
/// </summary>
internal sealed record LegacyImportExisting(
    Guid? ReportId, int? Revision, ReportStatus? Status, int PlanTasks, int PlanIndicators, bool ReplaceRequired, bool KeptAsRevision, string? Blocked);

/// <summary>
/// The preview of an import: what was read, what was not, and what it would replace. Nothing is written.
/// <see cref="Profile"/>: the sections, units and duties the report states, offered for the bureau profile
/// (written only by an import with <c>applyProfile=true</c>).
/// </summary>
internal sealed record LegacyImportPreview(
    int FiscalYear, string? BureauName, int? StatedYear, LegacyBudget Budget, decimal? SelfScore, string? SelfGrade,
    IReadOnlyList<PreviewTask> Tasks, int IndicatorCount, IReadOnlyList<PreviewSection> Sections,
    IReadOnlyList<string> Problems, IReadOnlyList<string> Measures, IReadOnlyList<NotReadItem> NotExtracted, LegacyImportExisting Existing,
    IReadOnlyList<LegacyImportMismatch> Mismatches, LegacyProfile Profile);

/// <summary>Reads the text as the import would and says what it would write and replace; a query: it writes nothing.</summary>
internal sealed record PreviewLegacyReport(int Year, string? Text, string Field = "text") : IQuery<LegacyImportPreview>, ILegacyImportText;

internal sealed class PreviewLegacyReportValidator : LegacyImportTextValidator<PreviewLegacyReport>;

internal sealed partial class PreviewLegacyReportHandler(
    DbContext db, IPerformancePlans plans, DistrictPerf.SharedKernel.Tenancy.ICurrentTenant tenant, DistrictPerf.Modules.Bureaus.Contracts.IBureauDirectory bureaus)
    : IQueryHandler<PreviewLegacyReport, LegacyImportPreview>
{
    private const int StartLength = 120;

    public async ValueTask<LegacyImportPreview> Handle(PreviewLegacyReport query, CancellationToken cancellationToken)
    {
        var extracted = LegacyImportReading.Read(query);
        var bureau = tenant.Id is { } id ? await bureaus.FindAsync(id, cancellationToken) : null;
        var mismatches = LegacyImportReading.Mismatches(extracted, query.Year, bureau?.Name, bureau?.District);
        var existing = await db.Set<SelfEvaluationReport>().AsNoTracking().Where(r => r.FiscalYear == query.Year && r.Status != ReportStatus.Superseded)
            .OrderByDescending(r => r.Revision).Select(r => new { r.Id, r.Revision, r.Status }).FirstOrDefaultAsync(cancellationToken);
        var plan = await plans.GetAsync(query.Year, null, cancellationToken);
        var planTasks = plan.Tasks.Count;
        var blocked = existing is { Status: not (ReportStatus.Draft or ReportStatus.Returned) } ? ReportsMessages.NotEditable(existing.Status) : null;
        var replace = existing is not null || planTasks > 0;

        var tasks = extracted.Tasks.Select(t => new PreviewTask(
            t.Number, t.Name, t.ExpectedGoal, t.Completion, t.FundsWanYuan, t.DeclaredIndicatorCount,
            t.Indicators.Select(i => new PreviewIndicator(i.Name, i.Target, i.Actual, i.Achieved, i.DeviationReason)).ToList())).ToList();
        return new LegacyImportPreview(
            query.Year, extracted.BureauName, extracted.Year, extracted.Budget, LegacyImportHandler.SelfScore(extracted), extracted.SelfGrade,
            tasks, tasks.Sum(t => t.Indicators.Count),
            [
                Section("basicInfo", extracted.Sections.BasicInfo),
                Section("evaluation", extracted.Sections.Evaluation),
                Section("problems", LegacyImportHandler.ProblemsText(extracted)),
                Section("measures", LegacyImportHandler.MeasuresText(extracted)),
            ],
            extracted.Problems, extracted.Measures,
            extracted.NotExtracted.Select(f => new NotReadItem(f, Label(f))).ToList(),
            new LegacyImportExisting(existing?.Id, existing?.Revision, existing?.Status, planTasks, plan.Tasks.Sum(t => t.Indicators.Count),
                replace, replace && blocked is null, blocked),
            mismatches, extracted.Profile ?? LegacyProfile.Empty);
    }

    private static PreviewSection Section(string key, string? text)
    {
        var stored = LegacyImportHandler.Clip(text);
        return stored is null ? new PreviewSection(key, 0, null) : new PreviewSection(key, stored.Length, stored.Length <= StartLength ? stored : stored[..StartLength]);
    }

    /// <summary>The parser's field path in words: "task[3].indicator[2].target" → "任务 3 指标 2：目标值".</summary>
    internal static string Label(string field)
    {
        var m = IndicatorField().Match(field);
        if (m.Success)
        {
            return ReportsMessages.FieldOfIndicator(int.Parse(m.Groups["t"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["i"].Value, CultureInfo.InvariantCulture), Word(m.Groups["f"].Value));
        }

        m = TaskField().Match(field);
        return m.Success ? ReportsMessages.FieldOfTask(int.Parse(m.Groups["t"].Value, CultureInfo.InvariantCulture), Word(m.Groups["f"].Value)) : Word(field);
    }

    private static string Word(string field) => field switch
    {
        "bureauName" => ReportsMessages.FieldBureauName,
        "year" => ReportsMessages.FieldYear,
        "budget.initial" => ReportsMessages.FieldInitial,
        "budget.adjustment" => ReportsMessages.FieldAdjustment,
        "budget.increase" => ReportsMessages.FieldIncrease,
        "budget.decrease" => ReportsMessages.FieldDecrease,
        "profile.sections" => ReportsMessages.FieldProfileSections,
        "profile.subordinateUnits" => ReportsMessages.FieldProfileUnits,
        "budget.adjusted" => ReportsMessages.FieldAdjusted,
        "budget.spending" => ReportsMessages.FieldSpending,
        "budget.executionRate" => ReportsMessages.FieldExecutionRate,
        "budget.adjustmentRate" => ReportsMessages.FieldAdjustmentRate,
        "selfScore" => ReportsMessages.FieldSelfScore,
        "selfGrade" => ReportsMessages.FieldSelfGrade,
        "tasks" => ReportsMessages.FieldTasks,
        "sections.basicInfo" => ReportsMessages.FieldBasicInfo,
        "sections.evaluation" => ReportsMessages.FieldEvaluation,
        "sections.problems" => ReportsMessages.FieldProblemsSection,
        "sections.measures" => ReportsMessages.FieldMeasuresSection,
        "problems" => ReportsMessages.FieldProblemItems,
        "measures" => ReportsMessages.FieldMeasureItems,
        "name" => ReportsMessages.FieldTaskName,
        "expectedGoal" => ReportsMessages.FieldExpectedGoal,
        "completion" => ReportsMessages.FieldCompletion,
        "funds" => ReportsMessages.FieldFunds,
        "declaredIndicatorCount" => ReportsMessages.FieldDeclaredCount,
        "indicators" => ReportsMessages.FieldIndicators,
        "target" => ReportsMessages.FieldTarget,
        "actual" => ReportsMessages.FieldActual,
        "achieved" => ReportsMessages.FieldAchieved,
        "deviationReason" => ReportsMessages.FieldDeviationReason,
        _ => field,
    };

    [GeneratedRegex(@"^task\[(?<t>\d+)\]\.indicator\[(?<i>\d+)\]\.(?<f>\w+)$")]
    private static partial Regex IndicatorField();

    [GeneratedRegex(@"^task\[(?<t>\d+)\]\.(?<f>\w+)$")]
    private static partial Regex TaskField();
}
