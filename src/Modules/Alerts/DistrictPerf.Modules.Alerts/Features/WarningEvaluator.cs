using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.Modules.Identity.Contracts;

namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>
/// 月度预算执行进度预警, pure: from a bureau's figures, the year's settings, its earlier levels and
/// the recipients, the warnings to write (Total always; 基本支出 / 项目支出 when that money has a
/// budget of its own) and the notifications to send. No database, no clock: the same inputs give
/// the same result, whichever path writes it.
/// <list type="bullet">
/// <item>yellow or red: the bureau's users get <c>warning:{yyyy-MM}:{scope}:{level}</c>;</item>
/// <item>red: the finance bureau's users get <c>red:{bureau}:{yyyy-MM}:{scope}</c>;</item>
/// <item>forecast below the threshold: the bureau's users get <c>forecast:{yyyy-MM}:{scope}</c>;</item>
/// <item>the <see cref="WarningSettings.InterviewAfterRedMonths"/>th red month in a row (Total): the
/// warning is on the interview list and the finance bureau's users get <c>interview:{bureau}:{yyyy-MM}</c>.</item>
/// </list>
/// Bureau notifications carry the bureau as tenant, the finance bureau's carry none; each
/// (tenant, user, key) once (<see cref="NotificationKey"/>).
/// </summary>
internal static class WarningEvaluator
{
    public static BureauWarningResult EvaluateBureau(WarningMonthInputs month, BureauWarningInputs inputs)
    {
        var (year, m, settings) = (month.Year, month.Month, month.Settings);
        var bureau = inputs.Bureau;
        var money = inputs.Figures;
        var warnings = new List<WarningToWrite>(3);
        var notices = new List<Notice>();
        var hostNotices = new List<Notice>();
        foreach (var (scope, totals) in new[] { (WarningScope.Total, money?.Total), (WarningScope.Basic, money?.Basic), (WarningScope.Project, money?.Project) })
        {
            if (scope != WarningScope.Total && (totals is null || totals.Adjusted == 0m))
            {
                continue; // no 基本/项目 budget of its own: no separate level
            }

            var evaluation = WarningRules.EvaluateAt(m, totals?.ExecutionRate, month.TimeProgress, settings);
            var interview = scope == WarningScope.Total && Interview(m, evaluation.Level, inputs.History, settings.InterviewAfterRedMonths);
            warnings.Add(new WarningToWrite(
                scope, evaluation.Level, evaluation.ExecutionRate, evaluation.TimeProgress, evaluation.GapPoints, evaluation.ProjectedYearEndRate, evaluation.ForecastWarning, interview));
            if (interview)
            {
                hostNotices.Add(new($"interview:{bureau.Id}:{year}-{m:00}", $"约谈名单：{bureau.Name}", $"{bureau.Name}连续 {settings.InterviewAfterRedMonths} 个月预算执行红色预警，列入约谈名单。"));
            }

            var rate = evaluation.ExecutionRate is { } e ? $"{Math.Round(e * 100m, 2, MidpointRounding.AwayFromZero)}%" : "—";
            var progress = $"{Math.Round(evaluation.TimeProgress * 100m, 2, MidpointRounding.AwayFromZero)}%";
            var what = scope switch { WarningScope.Basic => "基本支出", WarningScope.Project => "项目支出", _ => "预算" };
            if (evaluation.Level != WarningLevel.Green)
            {
                var title = $"{year}年{m}月{what}执行{WarningRules.Label(evaluation.Level)}";
                var body = $"截至 {year} 年 {m} 月末，{bureau.Name}{what}累计执行率 {rate}，序时进度 {progress}。请分析原因，加快支出进度。";
                notices.Add(new($"warning:{year}-{m:00}:{scope}:{evaluation.Level}", title, body));
                if (evaluation.Level == WarningLevel.Red)
                {
                    hostNotices.Add(new($"red:{bureau.Id}:{year}-{m:00}:{scope}", $"{bureau.Name}：{title}", body));
                }
            }

            if (evaluation.ForecastWarning)
            {
                var projected = $"{Math.Round(evaluation.ProjectedYearEndRate!.Value * 100m, 2, MidpointRounding.AwayFromZero)}%";
                notices.Add(new($"forecast:{year}-{m:00}:{scope}", $"{year}年{what}执行率预测偏低", $"按目前进度，{bureau.Name}{what}年末执行率预计约 {projected}，低于 {settings.ForecastThreshold * 100m:0}%。"));
            }
        }

        var notifications = To(bureau.Id, inputs.Recipients, notices).Concat(To(null, month.Reviewers, hostNotices));
        return new BureauWarningResult(bureau.Id, bureau.Code, year, m, warnings, NotificationKey.Unsent(notifications, []));
    }

    /// <summary>
    /// This month's whole-budget level completes a run of <paramref name="months"/> red months: each of
    /// the <paramref name="months"/> − 1 months before has a red level (a month without a warning breaks the run).
    /// </summary>
    private static bool Interview(int month, WarningLevel level, IReadOnlyList<PriorWarningLevel> history, int months)
    {
        var window = history.Where(h => h.Month < month && h.Month >= month - (months - 1)).DistinctBy(h => h.Month).OrderBy(h => h.Month).ToList();
        var levels = window.Select(h => h.Level).Append(level).ToList();
        return window.Count == months - 1 && WarningRules.NeedsInterview(levels, months);
    }

    /// <summary>Each notice to each recipient (user by user), under <paramref name="tenantId"/>.</summary>
    private static IEnumerable<NotificationToSend> To(Guid? tenantId, IReadOnlyList<UserContact> recipients, List<Notice> notices) =>
        from user in recipients
        from notice in notices
        select new NotificationToSend(tenantId, user.Id, user.Email, notice.Key, notice.Title, notice.Body);

    private sealed record Notice(string Key, string Title, string Body);
}
