using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.Modules.Indicators.Domain;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Indicators.Features;

/// <summary>
/// Every bureau's plan scored for the finance bureau's dashboard: the year's rules (one query) and every bureau's
/// indicators of the year (one query, the columns the computation reads), then <see cref="PlanScoring"/> per bureau
/// in memory — the computation each bureau's plan page runs. An explicit cross-bureau read: the tenant filter is
/// ignored by name.
/// </summary>
internal sealed class PlanOverview(DbContext db, IPerformancePlans plans) : IPlanOverview
{
    public async Task<PlanYear> ForYearAsync(int fiscalYear, IReadOnlyDictionary<Guid, decimal?> executionRates, Guid? bureauId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionRates);
        FiscalYear.Ensure(fiscalYear);
        var rules = await plans.RulesAsync(fiscalYear, cancellationToken);
        var query = db.Set<Indicator>().IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking().Where(i => i.FiscalYear == fiscalYear && i.TenantId != null);
        if (bureauId is { } id)
        {
            query = query.Where(i => i.TenantId == id);
        }

        var rows = await query
            .OrderBy(i => i.TenantId).ThenBy(i => i.Order)
            .Select(i => new { Bureau = i.TenantId!.Value, Input = new PlanScoringInput(i.Id, i.Level1, i.Direction, i.Target, i.AdjustedTarget, i.Actual, i.Weight, i.Rating, i.Share) })
            .ToListAsync(cancellationToken);
        var summaries = rows.GroupBy(r => r.Bureau).Select(g =>
        {
            var scores = PlanScoring.Compute(g.Select(r => r.Input).ToList(), executionRates.GetValueOrDefault(g.Key), rules);
            return new BureauPlanSummary(g.Key, scores.TotalScore, scores.Grade, scores.Indicators.Values.Count(r => r.Score.Achieved), scores.Indicators.Count);
        }).ToList();
        return new PlanYear(fiscalYear, rules.Grades.OrderByDescending(g => g.MinScore).ToList(), summaries);
    }
}
