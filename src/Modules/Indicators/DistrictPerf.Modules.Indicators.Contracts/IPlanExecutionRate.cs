namespace DistrictPerf.Modules.Indicators.Contracts;

/// <summary>
/// The budget execution rate that the plan's execution criterion scores (domain-rules §3):
/// the current bureau's year-end rate, null when it has no budget. Provided by the Budgets
/// module, which depends on Indicators and never the other way round.
/// </summary>
public interface IPlanExecutionRate
{
    Task<decimal?> ExecutionRateAsync(int fiscalYear, CancellationToken cancellationToken = default);
}
