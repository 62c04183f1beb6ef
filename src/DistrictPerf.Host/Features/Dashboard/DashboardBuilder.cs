using DistrictPerf.Modules.Alerts.Contracts;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Reports.Contracts;
using DistrictPerf.SharedKernel.Domain;

namespace DistrictPerf.Host.Features.Dashboard;

/// <summary>
/// The dashboard's figures from what the modules answered, in memory (a plain function, unit-tested): every listed
/// bureau gets a row (zeros and nulls without data), money stays exact until display, and the district's rates come
/// from the exact sums.
/// </summary>
internal static class DashboardBuilder
{
    private static readonly BureauBudgetFigures[] NoMoney = Enumerable.Range(0, 12)
        .Select(_ => new BureauBudgetFigures(Guid.Empty, BudgetTotals.Zero, BudgetTotals.Zero, BudgetTotals.Zero)).ToArray();

    public static DashboardDto Build(
        int year, int month, IReadOnlyList<BureauInfo> bureaus, IReadOnlyList<BureauBudgetYear> money, WarningYear warnings,
        PlanYear plans, IReadOnlyList<BureauReportSummary> reports)
    {
        ArgumentNullException.ThrowIfNull(bureaus);
        ArgumentNullException.ThrowIfNull(money);
        ArgumentNullException.ThrowIfNull(warnings);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(reports);
        var progress = warnings.TimeProgress;
        var moneyBy = money.ToDictionary(m => m.BureauId, m => m.Months);
        var warningsBy = warnings.Warnings.ToLookup(w => w.BureauId);
        var plansBy = plans.Plans.ToDictionary(p => p.BureauId);
        var reportsBy = reports.ToDictionary(r => r.BureauId);

        var rows = new List<DashboardRowDto>(bureaus.Count);
        var district = new BudgetTotals[12];
        var districtBasic = BudgetTotals.Zero;
        var districtProject = BudgetTotals.Zero;
        Array.Fill(district, BudgetTotals.Zero);
        foreach (var bureau in bureaus)
        {
            var months = moneyBy.GetValueOrDefault(bureau.Id) ?? NoMoney;
            for (var m = 0; m < 12; m++)
            {
                district[m] += months[m].Total;
            }

            districtBasic += months[month - 1].Basic;
            districtProject += months[month - 1].Project;
            rows.Add(Row(bureau, month, progress[month - 1], months, warningsBy[bureau.Id].ToList(), plansBy.GetValueOrDefault(bureau.Id), reportsBy.GetValueOrDefault(bureau.Id)));
        }

        var total = district[month - 1];
        var totals = new DashboardTotalsDto(
            rows.Count, total.Initial, total.Adjusted, total.Spending, Money.ToWanYuan(total.Adjusted), Money.ToWanYuan(total.Spending),
            Money.ToPercent(total.ExecutionRate), Gap(total.ExecutionRate, progress[month - 1]),
            Money.ToPercent(districtBasic.ExecutionRate), Money.ToPercent(districtProject.ExecutionRate), Money.ToPercent(total.AdjustmentRate),
            rows.Count(r => r.Level == WarningLevel.Red), rows.Count(r => r.Level == WarningLevel.Yellow), rows.Count(r => r.Level == WarningLevel.Green),
            district.Select(t => Money.ToPercent(t.ExecutionRate)).ToList());
        return new DashboardDto(
            year, month, Percent(progress[month - 1]), progress.Select(Percent).ToList(),
            warnings.Warnings.Select(w => w.Month).Distinct().Order().ToList(), Grades(plans), totals, rows);
    }

    public static DashboardBureauDto Bureau(
        int year, BureauInfo bureau, IReadOnlyList<BureauBudgetYear> money, WarningYear warnings, PlanYear plans, IReadOnlyList<BureauReportSummary> reports)
    {
        ArgumentNullException.ThrowIfNull(bureau);
        ArgumentNullException.ThrowIfNull(money);
        ArgumentNullException.ThrowIfNull(warnings);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(reports);
        var months = money.SingleOrDefault(m => m.BureauId == bureau.Id)?.Months ?? NoMoney;
        var progress = warnings.TimeProgress;
        var plan = plans.Plans.SingleOrDefault(p => p.BureauId == bureau.Id);
        var report = reports.SingleOrDefault(r => r.BureauId == bureau.Id);
        return new DashboardBureauDto(
            bureau.Id, bureau.Code, bureau.Name, bureau.IsActive, year, progress.Select(Percent).ToList(),
            Enumerable.Range(1, 12).Select(m =>
            {
                var f = months[m - 1];
                return new DashboardMonthDto(
                    m, Percent(progress[m - 1]), f.Total.Initial, f.Total.Adjusted, f.Total.Spending, Money.ToPercent(f.Total.ExecutionRate),
                    Gap(f.Total.ExecutionRate, progress[m - 1]), Money.ToPercent(f.Total.AdjustmentRate),
                    f.Basic.Adjusted, f.Basic.Spending, Money.ToPercent(f.Basic.ExecutionRate),
                    f.Project.Adjusted, f.Project.Spending, Money.ToPercent(f.Project.ExecutionRate));
            }).ToList(),
            warnings.Warnings.Where(w => w.BureauId == bureau.Id).OrderByDescending(w => w.Month).ThenBy(w => w.Scope)
                .Select(w => new DashboardWarningDto(
                    w.Month, w.Scope, w.Level, Money.ToPercent(w.ExecutionRate), w.GapPoints is { } g ? Money.RoundHalfUp(g) : null,
                    Money.ToPercent(w.ProjectedYearEndRate), w.ForecastWarning, w.Interview))
                .ToList(),
            plan is null ? null : new DashboardPlanDto(Money.RoundHalfUp(plan.TotalScore), plan.Grade, plan.IndicatorsAchieved, plan.Indicators),
            report is null ? null : new DashboardReportDto(report.ReportId, report.Revision, report.Status, report.SelfScore, report.SelfGrade),
            Grades(plans));
    }

    private static DashboardRowDto Row(
        BureauInfo bureau, int month, decimal progress, IReadOnlyList<BureauBudgetFigures> months, List<BureauMonthWarning> warnings,
        BureauPlanSummary? plan, BureauReportSummary? report)
    {
        var at = months[month - 1];
        BureauMonthWarning? Warning(WarningScope scope) => warnings.FirstOrDefault(w => w.Month == month && w.Scope == scope);
        var whole = Warning(WarningScope.Total);
        return new DashboardRowDto(
            bureau.Id, bureau.Code, bureau.Name, bureau.IsActive,
            at.Total.Initial, at.Total.Adjusted, at.Total.Spending, Money.ToPercent(at.Total.ExecutionRate), Gap(at.Total.ExecutionRate, progress),
            Money.ToPercent(at.Basic.ExecutionRate), Money.ToPercent(at.Project.ExecutionRate), Money.ToPercent(at.Total.AdjustmentRate),
            whole?.Level, Warning(WarningScope.Basic)?.Level, Warning(WarningScope.Project)?.Level,
            Money.ToPercent(whole?.ProjectedYearEndRate), whole?.ForecastWarning == true, whole?.Interview == true,
            plan is null ? null : Money.RoundHalfUp(plan.TotalScore), plan?.Grade, report?.SelfScore, report?.SelfGrade,
            plan?.IndicatorsAchieved ?? 0, plan?.Indicators ?? 0,
            report?.ReportId, report?.Revision, report?.Status,
            months.Select(m => Money.ToPercent(m.Total.ExecutionRate)).ToList(),
            warnings.Where(w => w.Scope == WarningScope.Total).OrderBy(w => w.Month).Select(w => new DashboardMonthLevelDto(w.Month, w.Level)).ToList());
    }

    /// <summary>(E − P) × 100 percentage points from the unrounded rate, rounded half-up; null without a rate.</summary>
    private static decimal? Gap(decimal? executionRate, decimal progress) =>
        executionRate is { } e ? Money.RoundHalfUp((e - progress) * 100m) : null;

    private static decimal Percent(decimal ratio) => Money.ToPercent(ratio)!.Value;

    private static List<DashboardGradeDto> Grades(PlanYear plans) => plans.Grades.Select(g => new DashboardGradeDto(g.Grade, g.MinScore)).ToList();
}
