using DistrictPerf.Modules.Reports.Contracts;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.SharedKernel.Tenancy;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Reports.Features;

/// <summary>
/// The reports' text for the search index: a host-side read across bureaus (the tenant filter is
/// ignored by name, here only), each document carrying its bureau so the index can filter on it.
/// <para>
/// A report's write time is <c>ModifiedAt ?? CreatedAt</c>. Both columns have an index of their own, so every query
/// here narrows "written at or after t" to <c>CreatedAt &gt;= t OR ModifiedAt &gt;= t</c> (the same rows, since a
/// report is modified after it is created), which the database answers from those two indexes; the text columns are
/// read only for the rows of <see cref="GetAsync"/>, by primary key.
/// </para>
/// </summary>
internal sealed class ReportSearchSource(DbContext db) : IReportSearchSource
{
    private IQueryable<SelfEvaluationReport> Reports =>
        db.Set<SelfEvaluationReport>().IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking().Where(r => r.TenantId != null);

    public async Task<IReadOnlyList<ReportSearchStamp>> StampsChangedSinceAsync(DateTime sinceUtc, CancellationToken cancellationToken = default)
    {
        var rows = await Reports
            .Where(r => r.CreatedAt >= sinceUtc || r.ModifiedAt >= sinceUtc)
            .OrderBy(r => r.ModifiedAt ?? r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => new { r.Id, Changed = r.ModifiedAt ?? r.CreatedAt, r.ConcurrencyStamp })
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(r => new ReportSearchStamp(r.Id, DateTime.SpecifyKind(r.Changed, DateTimeKind.Utc), r.ConcurrencyStamp ?? ""));
    }

    public async Task<IReadOnlyList<ReportSearchDocument>> GetAsync(IReadOnlyCollection<Guid> reportIds, CancellationToken cancellationToken = default)
    {
        if (reportIds.Count == 0)
        {
            return [];
        }

        var ids = reportIds as Guid[] ?? reportIds.ToArray();
        var rows = await Reports
            .Where(r => ids.Contains(r.Id))
            .Select(r => new Row(
                r.Id, r.TenantId!.Value, r.FiscalYear, r.Revision, r.Status, r.SelfScore, r.SelfGrade, r.ModifiedAt ?? r.CreatedAt, r.ConcurrencyStamp,
                r.BasicInfo, r.Evaluation, r.Problems, r.Measures, r.ReviewComment, r.SnapshotJson))
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(ToDocument);
    }

    /// <summary>
    /// Two queries: the page's ids and write times in order (the sort reads no text: its rows are the write times and
    /// ids of the reports after the cursor), then their documents by primary key.
    /// </summary>
    public async Task<ReportSearchPage> PageAsync(ReportSearchCursor? after, int size, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var reports = Reports;
        if (after is { } cursor)
        {
            var (at, id) = (cursor.ChangedAt, cursor.ReportId);
            reports = reports
                .Where(r => r.CreatedAt >= at || r.ModifiedAt >= at)
                .Where(r => (r.ModifiedAt ?? r.CreatedAt) > at || ((r.ModifiedAt ?? r.CreatedAt) == at && r.Id.CompareTo(id) > 0));
        }

        var order = await reports
            .OrderBy(r => r.ModifiedAt ?? r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => new { r.Id, Changed = r.ModifiedAt ?? r.CreatedAt })
            .Take(size)
            .ToListAsync(cancellationToken);
        if (order.Count == 0)
        {
            return new ReportSearchPage([], after ?? new ReportSearchCursor(DateTime.MinValue, Guid.Empty), IsLast: true);
        }

        var documents = (await GetAsync(order.ConvertAll(r => r.Id), cancellationToken)).ToDictionary(d => d.ReportId);

        // In the page's order. A report written between the two queries comes with its new version (and its new write
        // time, after the cursor: the next pages bring it again); the cursor moves on from the order as it was read.
        var last = order[^1];
        return new ReportSearchPage(
            order.Where(r => documents.ContainsKey(r.Id)).Select(r => documents[r.Id]).ToList(),
            new ReportSearchCursor(DateTime.SpecifyKind(last.Changed, DateTimeKind.Utc), last.Id),
            IsLast: order.Count < size);
    }

    public Task<int> CountAsync(CancellationToken cancellationToken = default) => Reports.CountAsync(cancellationToken);

    private sealed record Row(
        Guid Id, Guid TenantId, int FiscalYear, int Revision, ReportStatus Status, decimal? SelfScore, string? SelfGrade, DateTime Changed,
        string? ConcurrencyStamp, string? BasicInfo, string? Evaluation, string? Problems, string? Measures, string? ReviewComment, string? SnapshotJson);

    private static ReportSearchDocument ToDocument(Row r)
    {
        var sections = new List<ReportSection>(6);
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
        Add("performance", "绩效目标与指标", r.SnapshotJson is null ? null : PlanText(r.SnapshotJson));
        Add("reviewComment", "审核意见", r.ReviewComment);
        return new ReportSearchDocument(r.Id, r.TenantId, r.FiscalYear, r.Revision, r.Status.ToString(), r.SelfScore, r.SelfGrade,
            DateTime.SpecifyKind(r.Changed, DateTimeKind.Utc), r.ConcurrencyStamp ?? "", sections);
    }

    /// <summary>
    /// The goals, tasks and indicators (targets, actuals, deviation reasons) frozen with an approved
    /// report, as searchable lines. Drafts have no snapshot: their plan is live and searchable once approved.
    /// </summary>
    internal static string PlanText(string snapshotJson)
    {
        var plan = JsonSerializer.Deserialize<ReportSnapshotData>(snapshotJson, ReportViews.Json)?.Plan;
        if (plan is null)
        {
            return "";
        }

        var text = new StringBuilder();
        void Line(string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                text.AppendLine(value.Trim());
            }
        }

        Line(plan.OverallGoal);
        Line(plan.QuantitativeTargets);
        foreach (var task in plan.Tasks)
        {
            Line($"{task.Number}. {task.Name}");
            Line(task.ExpectedGoal);
            Line(task.Completion);
            foreach (var i in task.Indicators)
            {
                Line($"{i.Name}：目标 {i.AdjustedTarget ?? i.Target}，实际 {i.Actual}");
                Line(i.DeviationReason);
                Line(i.ImprovementMeasure);
                Line(i.OverAchievementExplanation);
            }
        }

        return text.ToString();
    }
}
