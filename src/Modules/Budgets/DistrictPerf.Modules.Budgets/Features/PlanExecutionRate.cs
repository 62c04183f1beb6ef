using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Indicators.Contracts;

namespace DistrictPerf.Modules.Budgets.Features;

/// <summary>The execution rate that the plan's score uses: the current bureau's year-end figures.</summary>
internal sealed class PlanExecutionRate(IBureauBudgetFigures figures) : IPlanExecutionRate
{
    public async Task<decimal?> ExecutionRateAsync(int fiscalYear, CancellationToken cancellationToken = default) =>
        (await figures.TotalsAsync(fiscalYear, 12, cancellationToken))?.ExecutionRate;
}
