using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Domain;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Budgets.Features;

/// <summary>The current bureau's totals (tenant filter on): null when it has no budget line for the year.</summary>
internal sealed class CurrentBureauFigures(DbContext db) : IBureauBudgetFigures
{
    public async Task<BudgetTotals?> TotalsAsync(int fiscalYear, int month = 12, CancellationToken cancellationToken = default)
    {
        var initial = await db.Set<BudgetLine>().Where(l => l.FiscalYear == fiscalYear).Select(l => (long?)l.InitialFen).ToListAsync(cancellationToken);
        if (initial.Count == 0)
        {
            return null;
        }

        var adjustments = await db.Set<BudgetAdjustment>().Where(a => a.FiscalYear == fiscalYear && a.Month <= month)
            .GroupBy(a => 1)
            .Select(g => new { Net = g.Sum(a => a.AmountFen), Rate = g.Sum(a => a.ExcludedFromRate == null ? Math.Abs(a.AmountFen) : 0L) })
            .SingleOrDefaultAsync(cancellationToken); // one group or none (Single: EF warns of a First without an order)
        var spending = await db.Set<SpendingEntry>().Where(s => s.FiscalYear == fiscalYear && s.Month <= month).SumAsync(s => (long?)s.AmountFen, cancellationToken) ?? 0L;
        return BudgetTotals.FromFen(initial.Sum(i => i ?? 0), adjustments?.Net ?? 0, adjustments?.Rate ?? 0, spending);
    }
}
