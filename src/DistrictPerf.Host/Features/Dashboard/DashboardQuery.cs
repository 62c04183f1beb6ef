using DistrictPerf.Modules.Alerts.Contracts;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Reports.Contracts;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;

namespace DistrictPerf.Host.Features.Dashboard;

/// <summary>
/// Composes the finance bureau's dashboard from the modules' host-side read ports (their Contracts only): the
/// bureau register, every bureau's money month by month (Budgets), the year's warnings (Alerts), every plan scored
/// (Indicators, with the year-end rates just read) and every current report (Reports). Set-based: the same number
/// of queries whatever the number of bureaus (an integration test counts them).
/// </summary>
internal sealed class DashboardQuery(
    IBureauDirectory bureaus, IBudgetFiguresQuery budgets, IWarningOverview warnings, IPlanOverview plans, IReportOverview reports)
{
    public async Task<DashboardDto> ForYearAsync(int year, int month, CancellationToken ct)
    {
        Validate(year, month);
        var all = await bureaus.ListAsync(ct);
        var money = await budgets.YearByMonthAsync(year, null, ct);
        var warned = await warnings.ForYearAsync(year, null, ct);
        var reported = await reports.ForYearAsync(year, null, ct);
        var scored = await plans.ForYearAsync(year, ScoredRates(money, reported), null, ct);
        return DashboardBuilder.Build(year, month, all, money, warned, scored, reported);
    }

    public async Task<DashboardBureauDto> ForBureauAsync(int year, Guid bureauId, CancellationToken ct)
    {
        Validate(year, 12);
        var bureau = await bureaus.FindAsync(bureauId, ct) ?? throw new NotFoundException("Bureau", bureauId);
        var money = await budgets.YearByMonthAsync(year, bureauId, ct);
        var warned = await warnings.ForYearAsync(year, bureauId, ct);
        var reported = await reports.ForYearAsync(year, bureauId, ct);
        var scored = await plans.ForYearAsync(year, ScoredRates(money, reported), bureauId, ct);
        return DashboardBuilder.Bureau(year, bureau, money, warned, scored, reported);
    }

    /// <summary>
    /// The rate each plan's execution criterion scores, on the best evidence available (as the report page scores): the
    /// bureau's year-end (December) ledger rate, else the rate its current report's stated figures give (an imported
    /// report of a bureau that keeps no ledger here) — never 0 points for a bureau whose report states its figures.
    /// </summary>
    private static Dictionary<Guid, decimal?> ScoredRates(IReadOnlyList<BureauBudgetYear> money, IReadOnlyList<BureauReportSummary> reported)
    {
        var rates = money.ToDictionary(m => m.BureauId, m => m.Months[11].Total.ExecutionRate);
        foreach (var report in reported.Where(r => r.StatedExecutionRate is not null))
        {
            if (rates.GetValueOrDefault(report.BureauId) is null)
            {
                rates[report.BureauId] = report.StatedExecutionRate;
            }
        }

        return rates;
    }

    private static void Validate(int year, int month)
    {
        var errors = new FieldErrors();
        if (!FiscalYear.IsValid(year))
        {
            errors.Add("year", ErrorCodes.FiscalYearRange, FiscalYear.YearMessage);
        }

        if (!FiscalYear.IsValidMonth(month))
        {
            errors.Add("month", ErrorCodes.MonthRange, FiscalYear.MonthMessage);
        }

        errors.ThrowIfAny();
    }
}
