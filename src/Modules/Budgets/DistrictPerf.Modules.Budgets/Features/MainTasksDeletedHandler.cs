using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Indicators.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Budgets.Features;

/// <summary>
/// Budget lines fund main tasks (<see cref="BudgetLine.MainTaskId"/>). When tasks are deleted,
/// the lines that pointed at them are unlinked in the same unit of work (tracked, so the change
/// is audited and the lines' stamps renew); the line and its money stay.
/// </summary>
internal sealed class MainTasksDeletedHandler(DbContext db) : INotificationHandler<MainTasksDeleted>
{
    public async ValueTask Handle(MainTasksDeleted notification, CancellationToken cancellationToken)
    {
        var ids = notification.TaskIds.ToList();
        var lines = await db.Set<BudgetLine>()
            .Where(l => l.FiscalYear == notification.FiscalYear && l.MainTaskId != null && ids.Contains(l.MainTaskId.Value))
            .ToListAsync(cancellationToken);
        foreach (var line in lines)
        {
            line.MainTaskId = null;
        }
    }
}
