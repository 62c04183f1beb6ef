using DistrictPerf.Modules.Reports.Contracts;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Reports.Features;

/// <summary>
/// The reports' text for the search index: a host-side read across bureaus (the tenant filter is
/// ignored by name, here only), each document carrying its bureau so the index can filter on it.
/// </summary>
internal sealed class ReportSearchSource(DbContext db) : IReportSearchSource
{
    public async Task<IReadOnlyList<ReportSearchDocument>> ChangedSinceAsync(DateTime sinceUtc, CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<SelfEvaluationReport>().IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
            .Where(r => r.TenantId != null && (r.CreatedAt >= sinceUtc || r.ModifiedAt >= sinceUtc))
            .OrderBy(r => r.ModifiedAt ?? r.CreatedAt)
            .Select(r => new
            {
                r.Id, r.TenantId, r.FiscalYear, r.Revision, r.Status, r.SelfScore, r.SelfGrade, Changed = r.ModifiedAt ?? r.CreatedAt, r.ConcurrencyStamp,
                r.BasicInfo, r.Evaluation, r.Problems, r.Measures, r.ReviewComment,
            })
            .ToListAsync(cancellationToken);

        return rows.Select(r =>
        {
            var sections = new List<ReportSection>(5);
            void Add(string key, string title, string? text)
            {
                if (!string.IsNullOrWhiteSpace(text))
                {
                    sections.Add(new ReportSection(key, title, text));
                }
            }

            Add("basicInfo", "一、基本情况", r.BasicInfo);
            Add("evaluation", "二、综合评价分析", r.Evaluation);
            Add("problems", "三、存在的主要问题", r.Problems);
            Add("measures", "四、下一步改进措施", r.Measures);
            Add("reviewComment", "审核意见", r.ReviewComment);
            return new ReportSearchDocument(r.Id, r.TenantId!.Value, r.FiscalYear, r.Revision, r.Status.ToString(), r.SelfScore, r.SelfGrade,
                DateTime.SpecifyKind(r.Changed, DateTimeKind.Utc), r.ConcurrencyStamp ?? "", sections);
        }).ToList();
    }
}
