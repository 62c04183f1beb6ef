using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>
/// The year's warnings of every bureau for the finance bureau's dashboard: the year's settings (one query, for the
/// time progress the warnings were judged against) and every warning of the year (one query, projected to the
/// columns read). An explicit cross-bureau read: the tenant filter is ignored by name.
/// </summary>
internal sealed class WarningOverview(DbContext db) : IWarningOverview
{
    public async Task<WarningYear> ForYearAsync(int fiscalYear, Guid? bureauId = null, CancellationToken cancellationToken = default)
    {
        FiscalYear.Ensure(fiscalYear);
        var settings = await WarningSettingsStore.LoadAsync(db, fiscalYear, cancellationToken);
        var query = db.Set<BudgetWarning>().IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking().Where(w => w.FiscalYear == fiscalYear);
        if (bureauId is { } id)
        {
            query = query.Where(w => w.TenantId == id);
        }

        var warnings = await query
            .Select(w => new BureauMonthWarning(w.TenantId!.Value, w.Month, w.Scope, w.Level, w.ExecutionRate, w.GapPoints, w.ProjectedYearEndRate, w.ForecastWarning, w.Interview))
            .ToListAsync(cancellationToken);
        var progress = Enumerable.Range(1, 12).Select(m => WarningRules.ProgressAt(fiscalYear, m, settings)).ToList();
        return new WarningYear(fiscalYear, progress, warnings);
    }
}
