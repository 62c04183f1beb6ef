using System.Data.Common;
using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>
/// Persists evaluated bureaus (<see cref="WarningEvaluator"/>), always through <see cref="UnitOfWork"/>
/// (one transaction and one save per unit, in the provider's execution strategy; a retry replays the
/// unit from a clean change tracker, so everything a unit needs is read inside it):
/// <list type="number">
/// <item>set-based: one unit for the whole month — every warning by one <see cref="BulkUpsert"/>
/// allowed to touch exactly the evaluated bureaus, the notifications not sent yet added to it;</item>
/// <item>if that unit fails (or the provider has no set-based upsert): one unit per bureau, tracked
/// rows; a bureau whose unit fails is returned as failed, the others are written.</item>
/// </list>
/// Both paths skip notifications already sent by the one rule of <see cref="NotificationKey"/>.
/// </summary>
internal sealed class WarningWriter(DbContext db, UnitOfWork unitOfWork, BulkUpsert upsert, ICurrentTenant tenant, ILogger<WarningWriter> logger)
{
    /// <summary>One warning per bureau × month × scope: the unique key the upsert matches on.</summary>
    private static readonly string[] WarningKey = [nameof(BudgetWarning.TenantId), nameof(BudgetWarning.FiscalYear), nameof(BudgetWarning.Month), nameof(BudgetWarning.Scope)];

    /// <summary>Writes a month's evaluated bureaus for run <paramref name="runId"/>; returns the bureaus that could not be written.</summary>
    public async Task<IReadOnlyList<WarningBureauFailure>> WriteAsync(
        Guid runId, int year, int month, IReadOnlyList<BureauWarningResult> bureaus, DateTime now, CancellationToken ct)
    {
        if (bureaus.Count == 0)
        {
            return [];
        }

        if (BulkUpsert.Supports(db))
        {
            try
            {
                await WriteSetBasedAsync(runId, year, month, bureaus, now, ct);
                return [];
            }
            catch (Exception ex) when (ex is DbUpdateException or DbException)
            {
                logger.LogWarning(ex, "Set-based write of {Year}-{Month} failed; falling back to one bureau at a time", year, month);
            }
        }

        var failures = new List<WarningBureauFailure>();
        foreach (var bureau in bureaus)
        {
            try
            {
                await WriteBureauAsync(runId, bureau, now, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Writing the warnings of bureau {Bureau} ({Year}-{Month}) failed", bureau.Code, year, month);
                failures.Add(new WarningBureauFailure(bureau.BureauId, bureau.Code, ex.GetType().Name));
            }
        }

        return failures;
    }

    /// <summary>One bureau in its own unit: its warnings inserted or updated, its notifications (and the finance bureau's about it) not sent yet added.</summary>
    public async Task WriteBureauAsync(Guid runId, BureauWarningResult bureau, DateTime now, CancellationToken ct)
    {
        using var host = tenant.Change(null);
        using var writes = tenant.AllowWritesFor(new HashSet<Guid> { bureau.BureauId });
        await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var existing = await db.Set<BudgetWarning>().IgnoreQueryFilters([TenantFilter.Name])
                    .Where(w => w.TenantId == bureau.BureauId && w.FiscalYear == bureau.Year && w.Month == bureau.Month).ToListAsync(ct);
                foreach (var values in bureau.Warnings)
                {
                    var warning = existing.FirstOrDefault(w => w.Scope == values.Scope);
                    if (warning is null)
                    {
                        warning = NewWarning(bureau, values.Scope);
                        db.Add(warning);
                    }

                    Apply(warning, values, runId);
                }

                var keys = bureau.Notifications.Select(n => n.DedupeKey).Distinct().ToList();
                var sent = keys.Count == 0
                    ? []
                    : await db.Set<Notification>().IgnoreQueryFilters([TenantFilter.Name])
                        .Where(n => (n.TenantId == bureau.BureauId || n.TenantId == null) && keys.Contains(n.DedupeKey))
                        .Select(n => new NotificationKey(n.TenantId, n.UserId, n.DedupeKey)).ToListAsync(ct);
                AddNotifications(NotificationKey.Unsent(bureau.Notifications, sent), now);
            },
            ct);
    }

    private async Task WriteSetBasedAsync(Guid runId, int year, int month, IReadOnlyList<BureauWarningResult> bureaus, DateTime now, CancellationToken ct)
    {
        var stamp = $"{year}-{month:00}"; // every key of the month contains it
        using var host = tenant.Change(null);
        using var writes = tenant.AllowWritesFor(bureaus.Select(b => b.BureauId).ToHashSet());
        await unitOfWork.ExecuteAsync(
            async ct =>
            {
                // Built in the unit: the upsert stamps its rows, and a replay starts afresh.
                var rows = bureaus.SelectMany(b => b.Warnings.Select(values => Apply(NewWarning(b, values.Scope), values, runId))).ToList();
                await upsert.UpsertAsync(db, rows, WarningKey, ct);
                var sent = await db.Set<Notification>().IgnoreQueryFilters([TenantFilter.Name]).Where(n => n.DedupeKey.Contains(stamp))
                    .Select(n => new NotificationKey(n.TenantId, n.UserId, n.DedupeKey)).ToListAsync(ct);
                AddNotifications(NotificationKey.Unsent(bureaus.SelectMany(b => b.Notifications), sent), now);
            },
            ct);
    }

    private static BudgetWarning NewWarning(BureauWarningResult bureau, WarningScope scope) =>
        new() { TenantId = bureau.BureauId, FiscalYear = bureau.Year, Month = bureau.Month, Scope = scope };

    private static BudgetWarning Apply(BudgetWarning warning, WarningToWrite values, Guid runId)
    {
        warning.Level = values.Level;
        warning.ExecutionRate = values.ExecutionRate;
        warning.TimeProgress = values.TimeProgress;
        warning.GapPoints = values.GapPoints;
        warning.ProjectedYearEndRate = values.ProjectedYearEndRate;
        warning.ForecastWarning = values.ForecastWarning;
        warning.Interview = values.Interview;
        warning.RunId = runId;
        return warning;
    }

    private void AddNotifications(IEnumerable<NotificationToSend> notifications, DateTime now)
    {
        foreach (var n in notifications)
        {
            db.Add(new Notification { TenantId = n.TenantId, UserId = n.UserId, DedupeKey = n.DedupeKey, Title = n.Title, Body = n.Body, CreatedAt = now, EmailTo = n.EmailTo });
        }
    }
}
