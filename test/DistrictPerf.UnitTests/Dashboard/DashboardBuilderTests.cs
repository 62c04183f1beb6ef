using DistrictPerf.Host.Features.Dashboard;
using DistrictPerf.Modules.Alerts.Contracts;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Reports.Contracts;

namespace DistrictPerf.UnitTests.Dashboard;

/// <summary>The dashboard's arithmetic: every bureau listed, money exact, the district's rates from exact sums, levels and scores placed.</summary>
public sealed class DashboardBuilderTests
{
    private static readonly BureauInfo A = new(Guid.NewGuid(), "A", "甲局", "区", true);
    private static readonly BureauInfo B = new(Guid.NewGuid(), "B", "乙局", "区", true);
    private static readonly BureauInfo C = new(Guid.NewGuid(), "C", "丙局", "区", false);
    private static readonly IReadOnlyList<decimal> Months = [.. Enumerable.Range(1, 12).Select(m => m / 12m)];

    /// <summary>The same money every month: (initial, spending) for the whole year, all 项目支出.</summary>
    private static BureauBudgetYear Flat(BureauInfo bureau, decimal initial, decimal spending) =>
        new(bureau.Id, [.. Enumerable.Range(1, 12).Select(_ =>
        {
            var project = new BudgetTotals(initial, 0m, 0m, spending);
            return new BureauBudgetFigures(bureau.Id, project, BudgetTotals.Zero, project);
        })]);

    private static readonly PlanYear NoPlans = new(2027, [new GradeBand("优", 90m), new GradeBand("差", 0m)], []);

    [Fact]
    public void DistrictRates_ComeFromTheExactSums_NotFromTheBureausRoundedRates()
    {
        // 0.01 of 0.03 (33.333…%) and 0.01 of 0.06 (16.666…%): the district spent 0.02 of 0.09 = 22.222…%, not the
        // average of the bureaus' rates (25.00 %).
        var dashboard = DashboardBuilder.Build(
            2027, 6, [A, B], [Flat(A, 0.03m, 0.01m), Flat(B, 0.06m, 0.01m)], new WarningYear(2027, Months, []), NoPlans, []);

        dashboard.Bureaus.Select(r => r.ExecutionRate).ShouldBe([33.33m, 16.67m]);
        dashboard.District.Adjusted.ShouldBe(0.09m);
        dashboard.District.Spending.ShouldBe(0.02m);
        dashboard.District.ExecutionRate.ShouldBe(22.22m);
        dashboard.District.GapPoints.ShouldBe(-27.78m); // 22.222… − 50 = −27.777…
        dashboard.District.Curve.ShouldAllBe(r => r == 22.22m);
        dashboard.TimeProgress.ShouldBe(50.00m);
    }

    [Fact]
    public void RatesAndGaps_AreRoundedHalfUp_FromUnroundedValues()
    {
        // 1,183.33 ÷ 2,700.00 = 43.8270…%; the gap to 50 % is −6.1729… pp: −6.17, not 43.83 − 50 computed after rounding (the same here) …
        // … and 0.125 % style midpoints round away from zero: 1 ÷ 800 = 0.125 % → 0.13.
        var dashboard = DashboardBuilder.Build(
            2027, 6, [A, B], [Flat(A, 2_700m, 1_183.33m), Flat(B, 800m, 1m)], new WarningYear(2027, Months, []), NoPlans, []);

        dashboard.Bureaus[0].ExecutionRate.ShouldBe(43.83m);
        dashboard.Bureaus[0].GapPoints.ShouldBe(-6.17m);
        dashboard.Bureaus[1].ExecutionRate.ShouldBe(0.13m);
        dashboard.Bureaus[1].GapPoints.ShouldBe(-49.88m); // 0.125 − 50 = −49.875 → −49.88
    }

    [Fact]
    public void ABureauWithoutData_IsListed_WithZerosAndNulls()
    {
        var dashboard = DashboardBuilder.Build(2027, 3, [A, C], [Flat(A, 100m, 10m)], new WarningYear(2027, Months, []), NoPlans, []);

        dashboard.Bureaus.Select(r => r.Code).ShouldBe(["A", "C"]);
        var c = dashboard.Bureaus[1];
        c.IsActive.ShouldBeFalse();
        (c.Adjusted, c.Spending, c.Indicators, c.IndicatorsAchieved).ShouldBe((0m, 0m, 0, 0));
        c.ExecutionRate.ShouldBeNull();
        c.GapPoints.ShouldBeNull();
        c.Level.ShouldBeNull();
        c.ComputedScore.ShouldBeNull();
        c.ReportStatus.ShouldBeNull();
        c.Curve.ShouldAllBe(r => r == null);
        c.Levels.ShouldBeEmpty();
        dashboard.District.Bureaus.ShouldBe(2);
        dashboard.District.ExecutionRate.ShouldBe(10.00m);
    }

    [Fact]
    public void TheMonthsWarnings_ScoresAndReport_GoToTheirBureau()
    {
        BureauMonthWarning W(BureauInfo b, int month, WarningScope scope, WarningLevel level, decimal? projected = null) =>
            new(b.Id, month, scope, level, 0.1m, -10m, projected, projected is not null, false);
        var warnings = new WarningYear(2027, Months,
        [
            W(A, 3, WarningScope.Total, WarningLevel.Red), W(A, 6, WarningScope.Total, WarningLevel.Yellow, 0.876541m),
            W(A, 6, WarningScope.Basic, WarningLevel.Green), W(A, 6, WarningScope.Project, WarningLevel.Red),
            W(B, 6, WarningScope.Total, WarningLevel.Green),
        ]);
        var plans = NoPlans with { Plans = [new BureauPlanSummary(A.Id, 87.125m, "良", 1, 2)] };
        var reportId = Guid.NewGuid();
        BureauReportSummary[] reports = [new(A.Id, reportId, 2, ReportStatus.Submitted, 85m, "良")];

        var dashboard = DashboardBuilder.Build(2027, 6, [A, B], [Flat(A, 100m, 40m), Flat(B, 100m, 50m)], warnings, plans, reports);

        var a = dashboard.Bureaus[0];
        a.Level.ShouldBe(WarningLevel.Yellow);
        a.BasicLevel.ShouldBe(WarningLevel.Green);
        a.ProjectLevel.ShouldBe(WarningLevel.Red);
        a.ForecastYearEndRate.ShouldBe(87.65m);
        a.ForecastWarning.ShouldBeTrue();
        a.Levels.Select(l => (l.Month, l.Level)).ShouldBe([(3, WarningLevel.Red), (6, WarningLevel.Yellow)]);
        a.ComputedScore.ShouldBe(87.13m); // half-up
        a.ComputedGrade.ShouldBe("良");
        a.SelfScore.ShouldBe(85m);
        a.SelfGrade.ShouldBe("良");
        (a.IndicatorsAchieved, a.Indicators).ShouldBe((1, 2));
        a.ReportId.ShouldBe(reportId);
        a.ReportRevision.ShouldBe(2);
        a.ReportStatus.ShouldBe(ReportStatus.Submitted);
        var b = dashboard.Bureaus[1];
        b.Level.ShouldBe(WarningLevel.Green);
        b.BasicLevel.ShouldBeNull();
        b.ProjectLevel.ShouldBeNull();
        b.ComputedScore.ShouldBeNull();
        (dashboard.District.Red, dashboard.District.Yellow, dashboard.District.Green).ShouldBe((0, 1, 1));
        dashboard.RunMonths.ShouldBe([3, 6]);
        dashboard.Grades.Select(g => g.Grade).ShouldBe(["优", "差"]);

        // March: A's level is March's, and there is no forecast then.
        var march = DashboardBuilder.Build(2027, 3, [A, B], [Flat(A, 100m, 40m), Flat(B, 100m, 50m)], warnings, plans, reports);
        march.Bureaus[0].Level.ShouldBe(WarningLevel.Red);
        march.Bureaus[0].ForecastYearEndRate.ShouldBeNull();
        march.Bureaus[1].Level.ShouldBeNull(); // not evaluated in March
        march.TimeProgress.ShouldBe(25.00m);
    }
}
