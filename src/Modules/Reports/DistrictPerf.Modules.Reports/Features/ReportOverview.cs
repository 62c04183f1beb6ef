using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Reports.Features;

/// <summary>
/// Every bureau's current report of a year for the finance bureau's dashboard: one query over the year's
/// revisions that are not superseded (a few columns each), the latest per bureau kept — the report the bureau's
/// own page shows. An explicit cross-bureau read: the tenant filter is ignored by name.
/// </summary>
internal sealed class ReportOverview(DbContext db) : IReportOverview
{
    public async Task<IReadOnlyList<BureauReportSummary>> ForYearAsync(int fiscalYear, Guid? bureauId = null, CancellationToken cancellationToken = default)
    {
        FiscalYear.Ensure(fiscalYear);
        var query = db.Set<SelfEvaluationReport>().IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
            .Where(r => r.FiscalYear == fiscalYear && r.TenantId != null && r.Status != ReportStatus.Superseded);
        if (bureauId is { } id)
        {
            query = query.Where(r => r.TenantId == id);
        }

        var rows = await query.Select(r => new { r.TenantId, r.Id, r.Revision, r.Status, r.SelfScore, r.SelfGrade, r.ReportedFiguresJson }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.TenantId!.Value).Select(g => g.MaxBy(r => r.Revision)!)
            .Select(r => new BureauReportSummary(
                r.TenantId!.Value, r.Id, r.Revision, r.Status, r.SelfScore, r.SelfGrade,
                ReportViews.StatedExecutionRate(ReportViews.Stated(new SelfEvaluationReport { ReportedFiguresJson = r.ReportedFiguresJson }))))
            .ToList();
    }
}
