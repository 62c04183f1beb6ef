using Mediator;

namespace DistrictPerf.Modules.Indicators.Contracts;

/// <summary>
/// Published inside the unit of work that deletes main tasks of the current bureau (a task
/// deleted, or the plan replaced by an import): modules that point at tasks (budget lines)
/// unlink them in the same transaction, so no id is left dangling.
/// </summary>
public sealed record MainTasksDeleted(int FiscalYear, IReadOnlyCollection<Guid> TaskIds) : INotification;
