using System.Text.Json;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Reports.Consistency;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.Modules.Reports.Legacy;
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

/// <summary>
/// The budget figures the report itself states (read by the legacy import), as printed: 万元 and percent. They are the
/// report's claims, shown next to (never instead of) the ledger's figures, and the evidence the score uses without a ledger.
/// </summary>
/// <param name="AdjustmentWanYuan">the net adjustment (追加 − 追减), signed</param>
/// <param name="IncreaseWanYuan">Σ追加/调增 as stated (positive), when stated separately</param>
/// <param name="DecreaseWanYuan">Σ追减/调减 as stated (positive), when stated separately</param>
internal sealed record ReportedFiguresDto(
    decimal? InitialWanYuan, decimal? AdjustmentWanYuan, decimal? IncreaseWanYuan, decimal? DecreaseWanYuan, decimal? AdjustedWanYuan, decimal? SpendingWanYuan,
    decimal? ExecutionRatePercent, decimal? AdjustmentRatePercent);

/// <summary>The computed score on the best evidence available (issue 14 part 2).</summary>
/// <param name="Total">the total, unrounded</param>
/// <param name="ExecutionScore">the execution-rate criterion's points; null when not computable (neither ledger nor stated figures)</param>
/// <param name="ExecutionRate">the execution rate scored (ratio), null when none</param>
/// <param name="Basis">where the execution rate came from</param>
internal sealed record ReportScore(decimal Total, string Grade, decimal? ExecutionScore, decimal? ExecutionRate, ScoreBasis Basis);

/// <summary>The whole report as shown and exported: narrative, generated parts, both scores, findings, history.</summary>
/// <param name="ComputedScore">the total the year's rules give on the best evidence: the ledger's execution rate, else the report's stated figures, else
/// (neither) the indicators' score rescaled to 100 — see <paramref name="ScoreBasis"/></param>
/// <param name="ExecutionScore">the execution-rate criterion's points; null when it is not computable</param>
/// <param name="ScoreBasis">Ledger (预算台账), Reported (报告所述数据) or None (执行率无数据，不计分)</param>
/// <param name="ScoredExecutionRate">the execution rate the score used, in percent rounded half-up to 2 decimals; null when none</param>
/// <param name="ReportedFigures">the budget figures the report states (legacy import), null when it stated none</param>
internal sealed record ReportDto(
    Guid Id, Guid BureauId, string BureauName, int FiscalYear, int Revision, ReportStatus Status, bool Editable, bool Frozen,
    string? BasicInfo, string? Evaluation, string? Problems, string? Measures,
    decimal? SelfScore, string? SelfGrade, decimal ComputedScore, string ComputedGrade, decimal? ExecutionScore,
    BudgetSummaryDto? Budget, PerformancePlan Plan, IReadOnlyList<FindingDto> Findings,
    IReadOnlyList<TransitionDto> History, string? ReviewComment, IReadOnlyList<string> NotExtracted, string? ConcurrencyStamp,
    ScoreBasis ScoreBasis = ScoreBasis.Ledger, decimal? ScoredExecutionRate = null, ReportedFiguresDto? ReportedFigures = null);

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
        var score = Score(report, data);
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
            report.SelfScore, report.SelfGrade, Money.RoundHalfUp(score.Total), score.Grade, score.ExecutionScore is { } e ? Money.RoundHalfUp(e) : null,
            budget, data.Plan, findings, history, report.ReviewComment,
            report.NotExtractedJson is null ? [] : JsonSerializer.Deserialize<List<string>>(report.NotExtractedJson) ?? [],
            report.ConcurrencyStamp, score.Basis, Money.ToPercent(score.ExecutionRate), ReportedFigures(report));
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
        var score = Score(report, data);
        report.CheckedScore = Money.RoundHalfUp(score.Total);
        report.CheckedGrade = score.Grade;
        report.CheckedAt = at;
        return findings;
    }

    /// <summary>The data a report is read with: its approval snapshot once approved, else the live plan and budget.</summary>
    public async Task<ReportSnapshotData> DataAsync(SelfEvaluationReport report, CancellationToken ct) =>
        report.SnapshotJson is not null && report.Status is ReportStatus.Approved or ReportStatus.Published or ReportStatus.Superseded
            ? JsonSerializer.Deserialize<ReportSnapshotData>(report.SnapshotJson, Json)!
            : await LiveAsync(report.FiscalYear, ct);

    /// <summary>The figures the report states (legacy import), as printed; null when it stated none.</summary>
    internal static SnapshotStated? Stated(SelfEvaluationReport report)
    {
        if (string.IsNullOrEmpty(report.ReportedFiguresJson))
        {
            return null;
        }

        var b = JsonSerializer.Deserialize<LegacyBudget>(report.ReportedFiguresJson, Json);
        if (b is null || (b.Initial, b.Adjustment, b.Increase, b.Decrease, b.Adjusted, b.Spending, b.ExecutionRatePercent, b.AdjustmentRatePercent)
            == (null, null, null, null, null, null, null, null))
        {
            return null;
        }

        return new SnapshotStated(b.Initial, b.Adjustment, b.Increase, b.Decrease, b.Adjusted, b.Spending, b.ExecutionRatePercent, b.AdjustmentRatePercent);
    }

    internal static ReportedFiguresDto? ReportedFigures(SelfEvaluationReport report) => Stated(report) is { } s
        ? new ReportedFiguresDto(s.Initial, s.Adjustment, s.Increase, s.Decrease, s.Adjusted, s.Spending, s.ExecutionRatePercent, s.AdjustmentRatePercent)
        : null;

    /// <summary>
    /// The execution rate the report's own figures give: stated spending ÷ stated adjusted budget (else ÷ initial ± the stated
    /// adjustments), else the stated rate itself. Null when the report states neither.
    /// </summary>
    internal static decimal? StatedExecutionRate(SnapshotStated? s)
    {
        if (s is null)
        {
            return null;
        }

        var adjusted = s.Adjusted
            ?? (s.Initial is { } i && (s.Increase is not null || s.Decrease is not null) ? i + (s.Increase ?? 0m) - (s.Decrease ?? 0m) : (decimal?)null)
            ?? (s.Initial is { } i2 && s.Adjustment is { } net ? i2 + net : (decimal?)null);
        if (s.Spending is { } spending && adjusted is > 0m)
        {
            return spending / adjusted.Value;
        }

        return s.ExecutionRatePercent is { } pct and >= 0m ? pct / 100m : null;
    }

    /// <summary>
    /// The computed score on the best evidence available: with a ledger, the plan's (its execution rate is the ledger's); without
    /// one, the execution rate the report's stated figures give; with neither, the criterion is not computable — never 0 points:
    /// the indicators' score is rescaled to 100 (as for a not-applicable indicator, domain-rules §3).
    /// </summary>
    internal static ReportScore Score(SelfEvaluationReport report, ReportSnapshotData data)
    {
        var plan = data.Plan;
        var rules = plan.Rules;
        if (data.Budget is not null && plan.ExecutionRate is { } ledgerRate)
        {
            return new ReportScore(plan.TotalScore, plan.Grade, plan.ExecutionScore, ledgerRate, ScoreBasis.Ledger);
        }

        if (StatedExecutionRate(Stated(report)) is { } rate)
        {
            var execution = Scoring.ExecutionScore(rate, rules);
            var total = Scoring.Total(execution, [plan.IndicatorScore], rate, rules);
            return new ReportScore(total, Grade(total, rules, plan.Grade), execution, rate, ScoreBasis.Reported);
        }

        var pool = 100m - rules.ExecutionWeight;
        var rescaled = pool > 0m && rules.ExecutionWeight > 0m ? plan.IndicatorScore * 100m / pool : plan.IndicatorScore;
        return new ReportScore(rescaled, Grade(rescaled, rules, plan.Grade), null, null, ScoreBasis.None);
    }

    private static string Grade(decimal total, ScoringRules rules, string fallback) => rules.Grades.Count > 0 ? Scoring.Grade(total, rules) : fallback;

    /// <summary>The year's rule set in words, for the checker's messages.</summary>
    internal static string RulesSummary(ScoringRules rules) =>
        $"预算执行率 {Plain(rules.ExecutionWeight)} 分、产出 {Plain(rules.OutputWeight)}、效益 {Plain(rules.OutcomeWeight)}、满意度 {Plain(rules.SatisfactionWeight)}，" +
        $"≤ 指标按{(rules.AtMostFormula == AtMostFormula.Linear ? "线性扣分" : "目标 ÷ 实际")}计分" +
        (rules.CapTotalByExecutionRate ? "，按执行率封顶" : string.Empty);

    private static string Plain(decimal value) => value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

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
                i.DeviationReason, i.ImprovementMeasure, i.OverAchievementExplanation,
                i.Direction, i.TargetNumber, i.Unit, i.ActualNumber, i.ActualUnit)).ToList())).ToList();
        var score = Score(report, data);
        var rules = data.Plan.Rules;
        return new ReportSnapshot(sections, budget, tasks, report.SelfScore, report.SelfGrade, score.Total, score.Grade, rules.OverAchievementThreshold, rules.ExecutionWeight,
            report.SelfScore is { } self && rules.Grades.Count > 0 ? Scoring.Grade(self, rules) : null,
            Stated(report), score.Basis, [.. rules.Grades.Select(g => (g.Grade, g.MinScore))], RulesSummary(rules));
    }
}
