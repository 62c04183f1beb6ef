using System.Text.Json;
using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.Modules.Alerts.Localization;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Identity.Contracts;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>
/// 月度预算执行进度预警: evaluates a month for every active bureau. This class only orchestrates:
/// <list type="number">
/// <item>starts the run record (its own unit of work), which is also the month's lease: a second
/// concurrent run of the same month is refused (409), see <see cref="StartRunAsync"/>;</item>
/// <item>reads the inputs set-based: figures (<see cref="IBudgetFiguresQuery"/>: three grouped
/// queries), the escalation history, the recipients — one query each;</item>
/// <item>evaluates each bureau in memory (<see cref="WarningEvaluator"/>); a bureau whose evaluation
/// fails is recorded and retried, the others go on;</item>
/// <item>writes the evaluations (<see cref="WarningWriter"/>: one set-based unit, or one unit per
/// bureau when that fails);</item>
/// <item>finishes the run record (its own unit) and schedules the retries of failed bureaus.</item>
/// </list>
/// If the run fails after it started, the run record is finished as failed (and the error rethrown,
/// so Hangfire retries the job), never left open. Warnings are upserted (one per bureau × month ×
/// scope, ever) and notifications carry a dedupe key, so re-running a month never duplicates either.
/// </summary>
internal sealed class MonthlyWarningJob(
    DbContext db, UnitOfWork unitOfWork, WarningWriter writer, IBudgetFiguresQuery figures, IBureauDirectory bureaus, IUserDirectory users, ICurrentTenant tenant,
    TimeProvider clock, WarningJobHooks hooks, IWarningRetryScheduler retries, ILogger<MonthlyWarningJob> logger)
{
    private static readonly string[] BureauRoles = [Roles.BureauEditor, Roles.BureauApprover, Roles.BureauAdmin];
    private static readonly string[] ReviewerRoles = [Roles.FinanceReviewer, Roles.HostAdmin];

    public static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>How long a started run holds its month; an unfinished run older than this is taken to be dead.</summary>
    /// <remarks>
    /// The run is set-based (seconds for hundreds of bureaus, docs/performance.md), so 15 minutes is far longer than a
    /// live run; a crashed run is closed by the next run of its month or, within 5 minutes of the lease's end, by
    /// <see cref="CloseAbandonedRunsAsync"/> (a recurring job), and Hangfire's invisibility timeout hands the crashed
    /// job to a server again within minutes.
    /// </remarks>
    public static readonly TimeSpan RunLease = TimeSpan.FromMinutes(15);

    /// <summary>The recurring job that closes crashed runs.</summary>
    public const string AbandonedRunsJobId = "alerts-abandoned-runs";

    /// <summary>Closes every run left unfinished longer than <see cref="RunLease"/> (its process died) as abandoned, in one unit.</summary>
    public async Task<int> CloseAbandonedRunsAsync()
    {
        using var host = tenant.Change(null);
        var now = clock.GetUtcNow().UtcDateTime;
        var staleBefore = now - RunLease;
        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var stale = await db.Set<WarningRun>().Where(r => r.FinishedAt == null && r.StartedAt < staleBefore).ToListAsync(ct);
            foreach (var abandoned in stale)
            {
                logger.LogWarning("Warning run {Run} ({Year}-{Month}) never finished; closed as abandoned", abandoned.Id, abandoned.FiscalYear, abandoned.Month);
                abandoned.FinishedAt = now;
                abandoned.BureausFailed = Math.Max(abandoned.BureausFailed, 1);
                abandoned.FailuresJson = AbandonedJson;
            }

            return stale.Count;
        });
    }

    /// <summary>The problem code of a run refused because another run of the month is in progress (409).</summary>
    public const string RunInProgressCode = "conflict.alerts.run_in_progress";

    private static readonly string AbandonedJson = JsonSerializer.Serialize(new[] { new { bureauId = (Guid?)null, code = (string?)null, error = "Abandoned" } });

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
        var runId = await StartRunAsync(year, month, trigger, ct);
        var failures = new List<WarningBureauFailure>();
        var bureauCount = 0;
        int? written = null;
        try
        {
            var shared = await MonthInputsAsync(year, month, ct);
            var inputs = await BureauInputsAsync(shared, ct);
            bureauCount = inputs.Count;
            var results = new List<BureauWarningResult>(inputs.Count);
            foreach (var bureau in inputs)
            {
                try
                {
                    results.Add(await EvaluateAsync(shared, bureau));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Warning evaluation failed for bureau {Bureau} ({Year}-{Month})", bureau.Bureau.Code, year, month);
                    failures.Add(new WarningBureauFailure(bureau.Bureau.Id, bureau.Bureau.Code, ex.GetType().Name));
                }
            }

            failures.AddRange(await writer.WriteAsync(runId, year, month, results, clock.GetUtcNow().UtcDateTime, ct));
            written = bureauCount - failures.Count;
            await FinishRunAsync(runId, written.Value, failures.Count, Describe(failures), ct);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Warning run {Run} ({Year}-{Month}) failed", runId, year, month);
            await FailRunAsync(runId, bureauCount, written ?? 0, failures, ex);
            throw;
        }

        // Retries are scheduled once the run is committed and recorded.
        foreach (var failure in failures)
        {
            retries.ScheduleRetry(runId, failure.BureauId, year, month);
        }

        return runId;
    }

    /// <summary>Retry of one bureau after a failure (Hangfire retries this job itself on failure).</summary>
    public async Task RetryBureauAsync(Guid runId, Guid bureauId, int year, int month)
    {
        var ct = CancellationToken.None;
        using var host = tenant.Change(null);
        var bureau = await bureaus.FindAsync(bureauId, ct) ?? throw new InvalidOperationException($"Bureau {bureauId} is gone.");
        var shared = await MonthInputsAsync(year, month, ct);
        var money = await figures.ForBureauAsync(year, month, bureauId, ct);
        var history = await HistoryAsync(shared, bureauId, ct);
        var recipients = await users.ActiveUsersByBureauAsync([bureauId], BureauRoles, ct);
        var result = await EvaluateAsync(shared, new BureauWarningInputs(bureau, money, history[bureauId].ToList(), recipients[bureauId].ToList()));
        await writer.WriteBureauAsync(runId, result, clock.GetUtcNow().UtcDateTime, ct);

        await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var run = await db.Set<WarningRun>().SingleAsync(r => r.Id == runId, ct);
                run.BureausFailed = Math.Max(0, run.BureausFailed - 1);
                run.BureausEvaluated++;
            },
            ct);
    }

    private async Task<BureauWarningResult> EvaluateAsync(WarningMonthInputs shared, BureauWarningInputs bureau)
    {
        if (hooks.BeforeBureau is { } before)
        {
            await before(bureau.Bureau.Id);
        }

        return WarningEvaluator.EvaluateBureau(shared, bureau);
    }

    /// <summary>The year's settings, the time progress and the finance bureau's recipients.</summary>
    private async Task<WarningMonthInputs> MonthInputsAsync(int year, int month, CancellationToken ct)
    {
        var settings = await WarningSettingsStore.LoadAsync(db, year, ct);
        var reviewers = await users.ActiveUsersInRolesAsync(ReviewerRoles, ct);
        return new WarningMonthInputs(year, month, settings, WarningRules.ProgressAt(year, month, settings), reviewers);
    }

    /// <summary>Every active bureau's inputs, set-based: figures, history and recipients in one pass each.</summary>
    private async Task<List<BureauWarningInputs>> BureauInputsAsync(WarningMonthInputs shared, CancellationToken ct)
    {
        var byBureau = (await figures.ForAllBureausAsync(shared.Year, shared.Month, ct)).ToDictionary(f => f.BureauId);
        var active = (await bureaus.ListAsync(ct)).Where(b => b.IsActive).ToList();
        var history = await HistoryAsync(shared, null, ct);
        var recipients = await users.ActiveUsersByBureauAsync(active.Select(b => b.Id).ToHashSet(), BureauRoles, ct);
        return active.Select(b => new BureauWarningInputs(b, byBureau.GetValueOrDefault(b.Id), history[b.Id].ToList(), recipients[b.Id].ToList())).ToList();
    }

    /// <summary>The whole-budget levels of the months before the month that escalation looks at, by bureau (all bureaus, or one).</summary>
    private async Task<ILookup<Guid?, PriorWarningLevel>> HistoryAsync(WarningMonthInputs shared, Guid? bureauId, CancellationToken ct)
    {
        var (year, month, from) = (shared.Year, shared.Month, shared.Month - (shared.Settings.InterviewAfterRedMonths - 1));
        var query = db.Set<BudgetWarning>().IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
            .Where(w => w.FiscalYear == year && w.Scope == WarningScope.Total && w.Month < month && w.Month >= from);
        if (bureauId is { } id)
        {
            query = query.Where(w => w.TenantId == id);
        }

        return (await query.Select(w => new { w.TenantId, w.Month, w.Level }).ToListAsync(ct)).ToLookup(w => w.TenantId, w => new PriorWarningLevel(w.Month, w.Level));
    }

    /// <summary>
    /// Opens the month's run record — the month's lease: the unique index
    /// <see cref="Persistence.WarningRunConfiguration.OneOpenRunPerMonthIndex"/> admits one unfinished
    /// run per month, so a second run of the same month (another replica, a backfill during the
    /// schedule, a Hangfire retry) is refused with 409 until the first has finished. A run left
    /// unfinished longer than <see cref="RunLease"/> (its process died before it could record its
    /// end) is closed as abandoned in the same unit, so a crash never blocks a month for good.
    /// </summary>
    private async Task<Guid> StartRunAsync(int year, int month, string trigger, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            return await unitOfWork.ExecuteAsync(
                async ct =>
                {
                    var staleBefore = now - RunLease;
                    var stale = await db.Set<WarningRun>()
                        .Where(r => r.FiscalYear == year && r.Month == month && r.FinishedAt == null && r.StartedAt < staleBefore).ToListAsync(ct);
                    foreach (var abandoned in stale)
                    {
                        logger.LogWarning("Warning run {Run} ({Year}-{Month}) never finished; closed as abandoned", abandoned.Id, year, month);
                        abandoned.FinishedAt = now;
                        abandoned.BureausFailed = Math.Max(abandoned.BureausFailed, 1);
                        abandoned.FailuresJson = AbandonedJson;
                    }

                    var run = new WarningRun { FiscalYear = year, Month = month, Trigger = trigger, StartedAt = now };
                    db.Add(run);
                    return run.Id;
                },
                ct);
        }
        catch (DbUpdateException ex)
        {
            if (!await OpenRunExistsAsync(year, month))
            {
                throw;
            }

            logger.LogWarning(ex, "Warning run of {Year}-{Month} refused: another run of the month is in progress", year, month);
            throw new ConflictException(AlertsMessages.RunInProgress(year, month), null, RunInProgressCode);
        }
    }

    private Task<bool> OpenRunExistsAsync(int year, int month) =>
        db.Set<WarningRun>().AsNoTracking().AnyAsync(r => r.FiscalYear == year && r.Month == month && r.FinishedAt == null);

    private Task FinishRunAsync(Guid runId, int succeeded, int failed, string? failuresJson, CancellationToken ct) =>
        unitOfWork.ExecuteAsync(
            async ct =>
            {
                var run = await db.Set<WarningRun>().SingleAsync(r => r.Id == runId, ct);
                run.FinishedAt = clock.GetUtcNow().UtcDateTime;
                run.BureausEvaluated = succeeded;
                run.BureausFailed = failed;
                run.FailuresJson = failuresJson;
            },
            ct);

    /// <summary>
    /// The run failed as a whole: it is closed (finished, with the error after each bureau's failure
    /// known by then), counting as evaluated only the bureaus known written; the others count as failed.
    /// Hangfire's retry of the job starts a new run.
    /// </summary>
    private async Task FailRunAsync(Guid runId, int bureauCount, int written, List<WarningBureauFailure> failures, Exception error)
    {
        var entries = failures.Select(f => (object)new { bureauId = (Guid?)f.BureauId, code = (string?)f.Code, error = f.Error })
            .Append(new { bureauId = (Guid?)null, code = (string?)null, error = error.GetType().Name })
            .ToList();
        try
        {
            await FinishRunAsync(runId, written, Math.Max(bureauCount - written, failures.Count), JsonSerializer.Serialize(entries), CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record warning run {Run} as failed", runId);
        }
    }

    private static string? Describe(List<WarningBureauFailure> failures) =>
        failures.Count == 0 ? null : JsonSerializer.Serialize(failures.Select(f => new { bureauId = f.BureauId, code = f.Code, error = f.Error }));
}
