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
                r.BasicInfo, r.Evaluation, r.Problems, r.Measures, r.ReviewComment, r.SnapshotJson,
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
            Add("performance", "绩效目标与指标", r.SnapshotJson is null ? null : PlanText(r.SnapshotJson));
            Add("reviewComment", "审核意见", r.ReviewComment);
            return new ReportSearchDocument(r.Id, r.TenantId!.Value, r.FiscalYear, r.Revision, r.Status.ToString(), r.SelfScore, r.SelfGrade,
                DateTime.SpecifyKind(r.Changed, DateTimeKind.Utc), r.ConcurrencyStamp ?? "", sections);
        }).ToList();
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
