using Mediator;

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

/// <summary>
/// Published inside the unit of work that deletes main tasks of the current bureau (a task
/// deleted, or the plan replaced by an import): modules that point at tasks (budget lines)
/// unlink them in the same transaction, so no id is left dangling.
/// </summary>
public sealed record MainTasksDeleted(int FiscalYear, IReadOnlyCollection<Guid> TaskIds) : INotification;
