using DistrictPerf.SharedKernel.Domain;

namespace DistrictPerf.Modules.Budgets.Contracts;

/// <summary>基本支出 / 项目支出.</summary>
public enum BudgetKind
{
    /// <summary>基本支出</summary>
    Basic,

    /// <summary>项目支出</summary>
    Project,
}

/// <summary>
/// The money of one scope (a line, a kind, a bureau) up to a point in time, in exact yuan,
/// with the rates of domain-rules §2 computed from these unrounded values. A rate whose
/// denominator is zero is <c>null</c> (shown as "—"), never a division error or 0.
/// </summary>
/// <param name="Initial">年初预算</param>
/// <param name="AdjustmentNet">Σ调整数 (signed): 追加 − 追减, structural moves included</param>
/// <param name="AdjustmentForRate">Σ|调整数| of the adjustments that count for the adjustment rate</param>
/// <param name="Spending">实际支出 (reversals included)</param>
public sealed record BudgetTotals(decimal Initial, decimal AdjustmentNet, decimal AdjustmentForRate, decimal Spending)
{
    public static readonly BudgetTotals Zero = new(0m, 0m, 0m, 0m);

    /// <summary>调整后预算 = 年初预算 + Σ追加 − Σ追减.</summary>
    public decimal Adjusted => Initial + AdjustmentNet;

    /// <summary>预算执行率 = 实际支出 ÷ 调整后预算.</summary>
    public decimal? ExecutionRate => Adjusted == 0m ? null : Spending / Adjusted;

    /// <summary>预算调整率 = Σ|调整数| ÷ 年初预算 (excluded adjustments left out).</summary>
    public decimal? AdjustmentRate => Initial == 0m ? null : AdjustmentForRate / Initial;

    /// <summary>结转结余率 = (调整后预算 − 实际支出) ÷ 调整后预算.</summary>
    public decimal? BalanceRate => Adjusted == 0m ? null : (Adjusted - Spending) / Adjusted;

    public decimal Balance => Adjusted - Spending;

    public static BudgetTotals operator +(BudgetTotals a, BudgetTotals b) =>
        new(a.Initial + b.Initial, a.AdjustmentNet + b.AdjustmentNet, a.AdjustmentForRate + b.AdjustmentForRate, a.Spending + b.Spending);

    public static BudgetTotals FromFen(long initial, long adjustmentNet, long adjustmentForRate, long spending) =>
        new(Money.FromFen(initial), Money.FromFen(adjustmentNet), Money.FromFen(adjustmentForRate), Money.FromFen(spending));
}

/// <summary>How 序时进度 (time progress) is measured for month m; chosen per year by the finance bureau.</summary>
public enum TimeProgressMode
{
    /// <summary>m ÷ 12 (default)</summary>
    Months,

    /// <summary>days elapsed to the end of month m ÷ days in the year</summary>
    Days,

    /// <summary>a milestone table, e.g. 3月 25%, 6月 50%, 9月 75%, 12月 100%, linear in between</summary>
    Milestones,
}

public static class TimeProgress
{
    /// <summary>The default milestone table (quarter ends).</summary>
    public static readonly IReadOnlyDictionary<int, decimal> QuarterMilestones =
        new Dictionary<int, decimal> { [3] = 0.25m, [6] = 0.50m, [9] = 0.75m, [12] = 1m };

    /// <summary>Time progress P at the end of <paramref name="month"/> of <paramref name="year"/>, as a ratio 0..1.</summary>
    public static decimal At(int year, int month, TimeProgressMode mode = TimeProgressMode.Months, IReadOnlyDictionary<int, decimal>? milestones = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        switch (mode)
        {
            case TimeProgressMode.Months:
                return month / 12m;
            case TimeProgressMode.Days:
                var end = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
                return end.DayOfYear / (decimal)(DateTime.IsLeapYear(year) ? 366 : 365);
            case TimeProgressMode.Milestones:
                var table = milestones ?? QuarterMilestones;
                if (table.TryGetValue(month, out var exact))
                {
                    return exact;
                }

                var (prevMonth, prevValue) = table.Where(kv => kv.Key < month).OrderByDescending(kv => kv.Key)
                    .Select(kv => (kv.Key, kv.Value)).FirstOrDefault();
                var (nextMonth, nextValue) = table.Where(kv => kv.Key > month).OrderBy(kv => kv.Key)
                    .Select(kv => (kv.Key, kv.Value)).FirstOrDefault((12, 1m));
                return prevValue + ((nextValue - prevValue) * (month - prevMonth) / (nextMonth - prevMonth));
            default:
                throw new ArgumentOutOfRangeException(nameof(mode));
        }
    }
}

/// <summary>One bureau's figures in the host view.</summary>
public sealed record BureauBudgetFigures(Guid BureauId, BudgetTotals Total, BudgetTotals Basic, BudgetTotals Project);

/// <summary>One bureau's figures at the end of every month of a year: <see cref="Months"/>[0] is January … [11] December, each cumulative.</summary>
public sealed record BureauBudgetYear(Guid BureauId, IReadOnlyList<BureauBudgetFigures> Months);

/// <summary>
/// Every bureau's budget figures for a fiscal year up to the end of a month, computed
/// set-based (a fixed number of queries whatever the number of bureaus). Host-side only.
/// </summary>
public interface IBudgetFiguresQuery
{
    /// <summary>
    /// Every bureau's figures at the end of each of the twelve months (or only <paramref name="bureauId"/>'s): the
    /// same three grouped queries, grouped by month too, then cumulative sums in memory. Bureaus without any budget
    /// data are left out.
    /// </summary>
    Task<IReadOnlyList<BureauBudgetYear>> YearByMonthAsync(int fiscalYear, Guid? bureauId = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<BureauBudgetFigures>> ForAllBureausAsync(int fiscalYear, int month, CancellationToken cancellationToken = default);

    /// <summary>The same figures for one bureau (null when it has no budget data), e.g. to retry one bureau of a job.</summary>
    Task<BureauBudgetFigures?> ForBureauAsync(int fiscalYear, int month, Guid bureauId, CancellationToken cancellationToken = default);
}

/// <summary>The current bureau's totals for a year to a month's end (tenant-scoped; for reports and scoring).</summary>
public interface IBureauBudgetFigures
{
    Task<BudgetTotals?> TotalsAsync(int fiscalYear, int month = 12, CancellationToken cancellationToken = default);
}
