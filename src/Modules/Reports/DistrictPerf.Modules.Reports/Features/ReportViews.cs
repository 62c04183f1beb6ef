using System.Text.Json;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Reports.Consistency;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Reports.Features;

internal sealed record BudgetSummaryDto(
    decimal InitialWanYuan, decimal AdjustmentWanYuan, decimal AdjustedWanYuan, decimal SpendingWanYuan,
    decimal? ExecutionRate, decimal? AdjustmentRate, BudgetTotals Exact);

internal sealed record TransitionDto(ReportStatus From, ReportStatus To, DateTime At, string? ByName, string? Comment);

internal sealed record FindingDto(FindingSeverity Severity, string Code, string Message, string Location, string? Excerpt)
{
    public static FindingDto From(Finding f) => new(f.Severity, f.Code, f.Message, f.Location, f.Excerpt);
}

/// <summary>The whole report as shown and exported: narrative, generated parts, both scores, findings, history.</summary>
internal sealed record ReportDto(
    Guid Id, Guid BureauId, string BureauName, int FiscalYear, int Revision, ReportStatus Status, bool Editable, bool Frozen,
    string? BasicInfo, string? Evaluation, string? Problems, string? Measures,
    decimal? SelfScore, string? SelfGrade, decimal ComputedScore, string ComputedGrade, decimal ExecutionScore,
    BudgetSummaryDto? Budget, PerformancePlan Plan, IReadOnlyList<FindingDto> Findings,
    IReadOnlyList<TransitionDto> History, string? ReviewComment, IReadOnlyList<string> NotExtracted, string? ConcurrencyStamp);

/// <summary>The frozen generated parts of an approved report.</summary>
internal sealed record ReportSnapshotData(PerformancePlan Plan, BudgetTotals? Budget);

/// <summary>Builds <see cref="ReportDto"/>: live data for drafts, the approval snapshot for approved and published reports.</summary>
internal sealed class ReportViews(DbContext db, IPerformancePlans plans, IBureauBudgetFigures budgets, IBureauDirectory bureaus, ICurrentTenant tenant)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public async Task<SelfEvaluationReport> CurrentAsync(int year, CancellationToken ct, bool tracked = false)
    {
        var query = db.Set<SelfEvaluationReport>().Where(r => r.FiscalYear == year && r.Status != ReportStatus.Superseded);
        var report = await (tracked ? query : query.AsNoTracking()).OrderByDescending(r => r.Revision).FirstOrDefaultAsync(ct);
        return report ?? throw new NotFoundException("SelfEvaluationReport", year);
    }

    public async Task<SelfEvaluationReport> ByIdAsync(Guid id, CancellationToken ct) =>
        await db.Set<SelfEvaluationReport>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct)
        ?? throw new NotFoundException("SelfEvaluationReport", id);

    public async Task<ReportSnapshotData> LiveAsync(int year, CancellationToken ct) =>
        new(await plans.GetAsync(year, null, ct), await budgets.TotalsAsync(year, 12, ct));

    public async Task<ReportDto> BuildAsync(SelfEvaluationReport report, CancellationToken ct)
    {
        var frozen = report.SnapshotJson is not null && report.Status is ReportStatus.Approved or ReportStatus.Published or ReportStatus.Superseded;
        var data = await DataAsync(report, ct);
        var findings = ConsistencyChecker.Check(ToSnapshot(report, data)).Select(FindingDto.From).ToList();
        var history = await db.Set<ReportTransition>().AsNoTracking().Where(t => t.ReportId == report.Id).OrderBy(t => t.At)
            .Select(t => new TransitionDto(t.From, t.To, t.At, t.ByName, t.Comment)).ToListAsync(ct);
        var bureau = await bureaus.FindAsync(report.TenantId ?? tenant.Id ?? Guid.Empty, ct);
        var budget = data.Budget is { } b
            ? new BudgetSummaryDto(Money.ToWanYuan(b.Initial), Money.ToWanYuan(b.AdjustmentNet), Money.ToWanYuan(b.Adjusted), Money.ToWanYuan(b.Spending),
                Money.ToPercent(b.ExecutionRate), Money.ToPercent(b.AdjustmentRate), b)
            : null;
        return new ReportDto(
            report.Id, report.TenantId ?? Guid.Empty, bureau?.Name ?? "", report.FiscalYear, report.Revision, report.Status,
            report.Status is ReportStatus.Draft or ReportStatus.Returned, frozen,
            report.BasicInfo, report.Evaluation, report.Problems, report.Measures,
            report.SelfScore, report.SelfGrade, Money.RoundHalfUp(data.Plan.TotalScore), data.Plan.Grade, Money.RoundHalfUp(data.Plan.ExecutionScore),
            budget, data.Plan, findings, history, report.ReviewComment,
            report.NotExtractedJson is null ? [] : JsonSerializer.Deserialize<List<string>>(report.NotExtractedJson) ?? [],
            report.ConcurrencyStamp);
    }

    public static IReadOnlyList<Finding> Check(SelfEvaluationReport report, ReportSnapshotData data) => ConsistencyChecker.Check(ToSnapshot(report, data));

    /// <summary>
    /// Keeps the checker's verdict on <paramref name="report"/> as of this write (its counts and the computed score and
    /// grade): the finance bureau's list reads them instead of loading every bureau's plan and budget to check each row.
    /// </summary>
    public static IReadOnlyList<Finding> RecordCheck(SelfEvaluationReport report, ReportSnapshotData data, DateTime at)
    {
        var findings = Check(report, data);
        report.CheckedErrors = findings.Count(f => f.Severity == FindingSeverity.Error);
        report.CheckedWarnings = findings.Count - report.CheckedErrors;
        report.CheckedScore = Money.RoundHalfUp(data.Plan.TotalScore);
        report.CheckedGrade = data.Plan.Grade;
        report.CheckedAt = at;
        return findings;
    }

    /// <summary>The data a report is read with: its approval snapshot once approved, else the live plan and budget.</summary>
    public async Task<ReportSnapshotData> DataAsync(SelfEvaluationReport report, CancellationToken ct) =>
        report.SnapshotJson is not null && report.Status is ReportStatus.Approved or ReportStatus.Published or ReportStatus.Superseded
            ? JsonSerializer.Deserialize<ReportSnapshotData>(report.SnapshotJson, Json)!
            : await LiveAsync(report.FiscalYear, ct);

    internal static ReportSnapshot ToSnapshot(SelfEvaluationReport report, ReportSnapshotData data)
    {
        var sections = new Dictionary<string, string>
        {
            ["basicInfo"] = report.BasicInfo ?? "",
            ["evaluation"] = report.Evaluation ?? "",
            ["problems"] = report.Problems ?? "",
            ["measures"] = report.Measures ?? "",
        };
        var budget = data.Budget is { } b ? new SnapshotBudget(b.Initial, b.AdjustmentNet, b.Adjusted, b.Spending, b.ExecutionRate, b.AdjustmentRate) : null;
        var tasks = data.Plan.Tasks.Select(t => new SnapshotTask(
            t.Number, t.Name, t.FundsYuan, t.DeclaredIndicatorCount, t.DeclaredIndicatorNames,
            t.Indicators.Select(i => new SnapshotIndicator(
                i.Id.ToString(), i.Name, i.Weight, i.AdjustedTarget ?? i.Target, i.Actual, i.CompletionRatio, i.Achieved, i.Score,
                i.DeviationReason, i.ImprovementMeasure, i.OverAchievementExplanation)).ToList())).ToList();
        return new ReportSnapshot(sections, budget, tasks, report.SelfScore, report.SelfGrade, data.Plan.TotalScore, data.Plan.Grade, data.Plan.Rules.OverAchievementThreshold, data.Plan.Rules.ExecutionWeight,
            report.SelfScore is { } self && data.Plan.Rules.Grades.Count > 0 ? Scoring.Grade(self, data.Plan.Rules) : null);
    }
}
