using System.Text.Json;
using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Identity.Contracts;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>A seam for operations and tests: runs before each bureau is evaluated (default: nothing).</summary>
internal sealed class WarningJobHooks
{
    public Func<Guid, Task>? BeforeBureau { get; set; }
}

/// <summary>Schedules a retry of one bureau's evaluation (Hangfire in the host).</summary>
internal interface IWarningRetryScheduler
{
    void ScheduleRetry(Guid runId, Guid bureauId, int year, int month);
}

/// <summary>
/// 月度预算执行进度预警: evaluates a month for every active bureau. Figures come from one
/// set-based pass (<see cref="IBudgetFiguresQuery"/>: three grouped queries) and the escalation
/// history from one query; the rules run in memory; the month's warnings are written by one
/// set-based upsert (<see cref="BulkUpsert"/>, allowed to touch exactly the evaluated bureaus) and
/// the notifications by one SaveChanges, in one transaction. A bureau whose evaluation fails is
/// recorded and retried; the others complete. If the set-based write itself fails, the pass falls
/// back to one tenant scope and savepoint per bureau. Warnings are upserted (one per bureau ×
/// month × scope, ever) and notifications carry a dedupe key, so re-running a month never
/// duplicates either.
/// </summary>
internal sealed class MonthlyWarningJob(
    DbContext db, BulkUpsert upsert, IBudgetFiguresQuery figures, IBureauDirectory bureaus, IUserDirectory users, ICurrentTenant tenant,
    TimeProvider clock, WarningJobHooks hooks, IWarningRetryScheduler retries, ILogger<MonthlyWarningJob> logger)
{
    /// <summary>One warning per bureau × month × scope: the unique key the upsert matches on.</summary>
    private static readonly string[] WarningKey = [nameof(BudgetWarning.TenantId), nameof(BudgetWarning.FiscalYear), nameof(BudgetWarning.Month), nameof(BudgetWarning.Scope)];

    public static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>The recurring entry point: the month before "now" in Asia/Shanghai.</summary>
    public Task<Guid> RunPreviousMonthAsync()
    {
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), China);
        var previous = new DateTime(local.Year, local.Month, 1).AddMonths(-1);
        return RunAsync(previous.Year, previous.Month, "schedule", CancellationToken.None);
    }

    public async Task<Guid> RunAsync(int year, int month, string trigger, CancellationToken ct)
    {
        using var host = tenant.Change(null);
        var run = new WarningRun { FiscalYear = year, Month = month, Trigger = trigger, StartedAt = clock.GetUtcNow().UtcDateTime };
        db.Add(run);
        await db.SaveChangesAsync(ct);

        var settings = await WarningSettingsStore.LoadAsync(db, year, ct);
        var byBureau = (await figures.ForAllBureausAsync(year, month, ct)).ToDictionary(f => f.BureauId);
        var active = (await bureaus.ListAsync(ct)).Where(b => b.IsActive).ToList();
        var history = await HistoryAsync(year, month, settings, null, ct);
        if (!BulkUpsert.Supports(db))
        {
            return await RunSlowAsync(run.Id, year, month, active, byBureau, history, settings, ct);
        }


        // Fast path: every bureau evaluated in memory, the month's warnings written by one set-based
        // upsert allowed to touch exactly the evaluated bureaus (AllowWritesFor), notifications in one
        // SaveChanges; recipients and already-sent keys read in one query each. If the write fails,
        // the pass falls back to one savepoint per bureau.
        var failures = new List<object>();
        var failed = new List<Guid>();
        var activeIds = active.Select(b => b.Id).ToHashSet();
        var recipients = await users.ActiveUsersByBureauAsync(activeIds, [Roles.BureauEditor, Roles.BureauApprover, Roles.BureauAdmin], ct);
        var reviewers = await users.ActiveUsersInRolesAsync([Roles.FinanceReviewer, Roles.HostAdmin], ct);
        var stamp = $"{year}-{month:00}";
        var sentKeys = (await db.Set<Notification>().IgnoreQueryFilters([TenantFilter.Name]).Where(n => n.DedupeKey.Contains(stamp))
                .Select(n => new { n.UserId, n.DedupeKey }).ToListAsync(ct))
            .Select(n => (n.UserId, n.DedupeKey)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;

        var warnings = new List<BudgetWarning>(active.Count * 3);
        foreach (var bureau in active)
        {
            try
            {
                if (hooks.BeforeBureau is { } before)
                {
                    await before(bureau.Id);
                }

                var mine = new List<BudgetWarning>(3);
                var (notices, hostNotices) = Stage(run.Id, bureau, year, month, byBureau.GetValueOrDefault(bureau.Id), mine, mine.Add, history[bureau.Id].ToList(), settings);
                warnings.AddRange(mine);
                Notify(bureau.Id, recipients[bureau.Id], notices, sentKeys, now);
                Notify(null, reviewers, hostNotices, sentKeys, now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Warning evaluation failed for bureau {Bureau} ({Year}-{Month})", bureau.Code, year, month);
                failures.Add(new { bureauId = bureau.Id, code = bureau.Code, error = ex.GetType().Name });
                failed.Add(bureau.Id);
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            using (tenant.AllowWritesFor(activeIds))
            {
                await upsert.UpsertAsync(db, warnings, WarningKey, ct);
                await db.SaveChangesAsync(ct);
            }
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            logger.LogWarning(ex, "Set-based write of {Year}-{Month} failed; falling back to one bureau at a time", year, month);
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await RunSlowAsync(run.Id, year, month, active, byBureau, history, settings, ct);
        }

        await transaction.CommitAsync(ct);
        return await FinishAsync(run.Id, active.Count, failures, failed, year, month, ct);
    }

    /// <summary>Fallback: each bureau in its own tenant scope and savepoint; a failing bureau is recorded and retried.</summary>
    private async Task<Guid> RunSlowAsync(
        Guid runId, int year, int month, List<BureauInfo> active, Dictionary<Guid, BureauBudgetFigures> byBureau,
        ILookup<Guid?, (int Month, WarningLevel Level)> history, WarningSettings settings, CancellationToken ct)
    {
        var existing = (await db.Set<BudgetWarning>().IgnoreQueryFilters([TenantFilter.Name]).Where(w => w.FiscalYear == year && w.Month == month).ToListAsync(ct)).ToLookup(w => w.TenantId);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var failures = new List<object>();
        var failed = new List<Guid>();
        foreach (var bureau in active)
        {
            try
            {
                await EvaluateBureauAsync(runId, bureau, year, month, byBureau.GetValueOrDefault(bureau.Id), existing[bureau.Id].ToList(), history[bureau.Id].ToList(), settings, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Warning evaluation failed for bureau {Bureau} ({Year}-{Month})", bureau.Code, year, month);
                foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList())
                {
                    if (entry.State == EntityState.Added)
                    {
                        entry.State = EntityState.Detached;
                    }
                    else
                    {
                        await entry.ReloadAsync(ct);
                    }
                }

                failures.Add(new { bureauId = bureau.Id, code = bureau.Code, error = ex.GetType().Name });
                failed.Add(bureau.Id);
            }
        }

        await transaction.CommitAsync(ct);
        return await FinishAsync(runId, active.Count, failures, failed, year, month, ct);
    }

    private async Task<Guid> FinishAsync(Guid runId, int evaluated, List<object> failures, List<Guid> failed, int year, int month, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var done = await db.Set<WarningRun>().SingleAsync(r => r.Id == runId, ct);
        done.FinishedAt = clock.GetUtcNow().UtcDateTime;
        done.BureausEvaluated = evaluated - failures.Count;
        done.BureausFailed = failures.Count;
        done.FailuresJson = failures.Count == 0 ? null : JsonSerializer.Serialize(failures);
        await db.SaveChangesAsync(ct);

        // Retries are scheduled once the run is committed and recorded.
        foreach (var bureauId in failed)
        {
            retries.ScheduleRetry(runId, bureauId, year, month);
        }

        return runId;
    }

    /// <summary>The whole-budget levels of the months before <paramref name="month"/> that escalation looks at, by bureau (all bureaus, or one).</summary>
    private async Task<ILookup<Guid?, (int Month, WarningLevel Level)>> HistoryAsync(int year, int month, WarningSettings settings, Guid? bureauId, CancellationToken ct)
    {
        var query = db.Set<BudgetWarning>().IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
            .Where(w => w.FiscalYear == year && w.Scope == WarningScope.Total && w.Month < month && w.Month >= month - (settings.InterviewAfterRedMonths - 1));
        if (bureauId is { } id)
        {
            query = query.Where(w => w.TenantId == id);
        }

        return (await query.Select(w => new { w.TenantId, w.Month, w.Level }).ToListAsync(ct)).ToLookup(w => w.TenantId, w => (w.Month, w.Level));
    }

    /// <summary>Adds each (user, key) once: keys already sent (in the database or staged in this pass) are skipped.</summary>
    private void Notify(Guid? tenantId, IEnumerable<UserContact> recipients, List<(string Key, string Title, string Body)> notices, HashSet<(Guid, string)> sent, DateTime now)
    {
        foreach (var user in recipients)
        {
            foreach (var (key, title, body) in notices)
            {
                if (sent.Add((user.Id, key)))
                {
                    db.Add(new Notification { TenantId = tenantId, UserId = user.Id, DedupeKey = key, Title = title, Body = body, CreatedAt = now, EmailTo = user.Email });
                }
            }
        }
    }


    /// <summary>Retry of one bureau after a failure (Hangfire retries this job itself on failure).</summary>
    public async Task RetryBureauAsync(Guid runId, Guid bureauId, int year, int month)
    {
        using var host = tenant.Change(null);
        var bureau = await bureaus.FindAsync(bureauId) ?? throw new InvalidOperationException($"Bureau {bureauId} is gone.");
        var money = await figures.ForBureauAsync(year, month, bureauId);
        var existing = await db.Set<BudgetWarning>().IgnoreQueryFilters([TenantFilter.Name]).Where(w => w.TenantId == bureauId && w.FiscalYear == year && w.Month == month).ToListAsync();
        var settings = await WarningSettingsStore.LoadAsync(db, year, CancellationToken.None);
        var history = await HistoryAsync(year, month, settings, bureauId, CancellationToken.None);
        await EvaluateBureauAsync(runId, bureau, year, month, money, existing, history[bureauId].ToList(), settings, CancellationToken.None);

        db.ChangeTracker.Clear();
        var run = await db.Set<WarningRun>().SingleAsync(r => r.Id == runId);
        run.BureausFailed = Math.Max(0, run.BureausFailed - 1);
        run.BureausEvaluated++;
        await db.SaveChangesAsync();
    }

    /// <summary>Evaluates one bureau in memory: updates or adds its tracked warnings, returns the notices to send.</summary>
    private (List<(string Key, string Title, string Body)> Notices, List<(string Key, string Title, string Body)> HostNotices) Stage(
        Guid runId, BureauInfo bureau, int year, int month, BureauBudgetFigures? money,
        List<BudgetWarning> existing, Action<BudgetWarning> add, List<(int Month, WarningLevel Level)> history, WarningSettings settings)
    {
        var notices = new List<(string Key, string Title, string Body)>();
        var hostNotices = new List<(string Key, string Title, string Body)>();
        foreach (var (scope, totals) in new[] { (WarningScope.Total, money?.Total), (WarningScope.Basic, money?.Basic), (WarningScope.Project, money?.Project) })
        {
            if (scope != WarningScope.Total && (totals is null || totals.Adjusted == 0m))
            {
                continue; // no 基本/项目 budget of its own: no separate level
            }

            var evaluation = WarningRules.Evaluate(year, month, totals?.ExecutionRate, settings);
            var warning = existing.FirstOrDefault(w => w.Scope == scope);
            if (warning is null)
            {
                warning = new BudgetWarning { TenantId = bureau.Id, FiscalYear = year, Month = month, Scope = scope };
                add(warning);
            }

            warning.Level = evaluation.Level;
            warning.ExecutionRate = evaluation.ExecutionRate;
            warning.TimeProgress = evaluation.TimeProgress;
            warning.GapPoints = evaluation.GapPoints;
            warning.ProjectedYearEndRate = evaluation.ProjectedYearEndRate;
            warning.ForecastWarning = evaluation.ForecastWarning;
            warning.RunId = runId;
            if (scope == WarningScope.Total)
            {
                var levels = history.OrderBy(h => h.Month).Select(h => h.Level).Append(evaluation.Level).ToList();
                warning.Interview = history.Count == settings.InterviewAfterRedMonths - 1 && WarningRules.NeedsInterview(levels, settings.InterviewAfterRedMonths);
                if (warning.Interview)
                {
                    hostNotices.Add(($"interview:{bureau.Id}:{year}-{month:00}", $"约谈名单：{bureau.Name}", $"{bureau.Name}连续 {settings.InterviewAfterRedMonths} 个月预算执行红色预警，列入约谈名单。"));
                }
            }

            var rate = evaluation.ExecutionRate is { } e ? $"{Math.Round(e * 100m, 2, MidpointRounding.AwayFromZero)}%" : "—";
            var progress = $"{Math.Round(evaluation.TimeProgress * 100m, 2, MidpointRounding.AwayFromZero)}%";
            var what = scope switch { WarningScope.Basic => "基本支出", WarningScope.Project => "项目支出", _ => "预算" };
            if (evaluation.Level != WarningLevel.Green)
            {
                var title = $"{year}年{month}月{what}执行{WarningRules.Label(evaluation.Level)}";
                var body = $"截至 {year} 年 {month} 月末，{bureau.Name}{what}累计执行率 {rate}，序时进度 {progress}。请分析原因，加快支出进度。";
                notices.Add(($"warning:{year}-{month:00}:{scope}:{evaluation.Level}", title, body));
                if (evaluation.Level == WarningLevel.Red)
                {
                    hostNotices.Add(($"red:{bureau.Id}:{year}-{month:00}:{scope}", $"{bureau.Name}：{title}", body));
                }
            }

            if (evaluation.ForecastWarning)
            {
                var projected = $"{Math.Round(evaluation.ProjectedYearEndRate!.Value * 100m, 2, MidpointRounding.AwayFromZero)}%";
                notices.Add(($"forecast:{year}-{month:00}:{scope}", $"{year}年{what}执行率预测偏低", $"按目前进度，{bureau.Name}{what}年末执行率预计约 {projected}，低于 {settings.ForecastThreshold * 100m:0}%。"));
            }
        }

        return (notices, hostNotices);
    }

    private async Task EvaluateBureauAsync(
        Guid runId, BureauInfo bureau, int year, int month, BureauBudgetFigures? money,
        List<BudgetWarning> existing, List<(int Month, WarningLevel Level)> history, WarningSettings settings, CancellationToken ct)
    {
        if (hooks.BeforeBureau is { } before)
        {
            await before(bureau.Id);
        }

        List<(string Key, string Title, string Body)> hostNotices;
        using (tenant.Change(bureau.Id))
        {
            (var notices, hostNotices) = Stage(runId, bureau, year, month, money, existing, w => db.Add(w), history, settings);
            if (notices.Count > 0)
            {
                var recipients = await users.ActiveUsersInRolesAsync([Roles.BureauEditor, Roles.BureauApprover, Roles.BureauAdmin], ct);
                await AddNotificationsAsync(recipients, notices, ct);
            }

            await db.SaveChangesAsync(ct);
        }

        if (hostNotices.Count > 0)
        {
            using (tenant.Change(null))
            {
                var reviewers = await users.ActiveUsersInRolesAsync([Roles.FinanceReviewer, Roles.HostAdmin], ct);
                await AddNotificationsAsync(reviewers, hostNotices, ct);
                await db.SaveChangesAsync(ct);
            }
        }
    }

    /// <summary>Each (user, key) once: existing keys are skipped (a unique index backs this up).</summary>
    private async Task AddNotificationsAsync(IReadOnlyList<UserContact> recipients, List<(string Key, string Title, string Body)> notices, CancellationToken ct)
    {
        var keys = notices.Select(n => n.Key).ToList();
        var sent = (await db.Set<Notification>().Where(n => keys.Contains(n.DedupeKey)).Select(n => new { n.UserId, n.DedupeKey }).ToListAsync(ct))
            .Select(n => (n.UserId, n.DedupeKey)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var user in recipients)
        {
            foreach (var (key, title, body) in notices)
            {
                if (sent.Add((user.Id, key)))
                {
                    db.Add(new Notification { UserId = user.Id, DedupeKey = key, Title = title, Body = body, CreatedAt = now, EmailTo = user.Email });
                }
            }
        }
    }
}
