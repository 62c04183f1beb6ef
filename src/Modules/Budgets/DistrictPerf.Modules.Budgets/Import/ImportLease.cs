using DistrictPerf.Modules.Budgets.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DistrictPerf.Modules.Budgets.Import;

/// <summary>
/// Who may run an import, across replicas and restarts. A runner claims a job with one conditional
/// update (queued, or running without a heartbeat for <see cref="Stale"/>), then says it is alive
/// every <see cref="HeartbeatInterval"/>, writing its progress with it. Nothing is ever decided
/// from "this process started": a starting server leaves other processes' jobs alone.
/// </summary>
internal static class ImportLease
{
    /// <summary>How often a runner writes its heartbeat and progress.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    /// <summary>A running job without a heartbeat for this long is taken to be dead and may be taken over.</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A queued job, or a job server's dead job, that no server picked up (or resumed) in this time is
    /// failed by the sweeper. Longer than the job system's own redelivery of a dead server's job
    /// (Hangfire: 5 minutes on SQL Server, its invisibility timeout on SQLite).
    /// </summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(45);

    /// <summary>Prefix of a job server's runner id: the stored file lets another server resume the job.</summary>
    public const string JobPrefix = "job:";

    /// <summary>Prefix of an upload that waits for its result (<c>?wait=true</c>): nothing to resume if it dies.</summary>
    public const string RequestPrefix = "request:";

    /// <summary>This process (host name, process id and a per-start nonce: a restarted process is someone else).</summary>
    public static readonly string Process = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    public enum ClaimResult
    {
        Claimed,
        Finished,
        Busy,
        Missing,
    }

    /// <summary>
    /// Takes the job for <paramref name="runnerId"/> if it is queued, or running without a heartbeat
    /// for <see cref="Stale"/> (its runner died; nothing of it was written, as the write is one
    /// transaction): one conditional update, so two servers never both win.
    /// </summary>
    public static async Task<ClaimResult> ClaimAsync(DbContext db, Guid jobId, string runnerId, DateTime now, CancellationToken ct)
    {
        var staleBefore = now - Stale;
        var claimed = await db.Set<ImportJob>()
            .Where(j => j.Id == jobId && (j.Status == ImportStatus.Queued
                || (j.Status == ImportStatus.Running && (j.HeartbeatAt == null || j.HeartbeatAt < staleBefore))))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, ImportStatus.Running)
                .SetProperty(j => j.RunnerId, runnerId)
                .SetProperty(j => j.HeartbeatAt, now)
                .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                .SetProperty(j => j.Phase, ImportPhase.Reading)
                .SetProperty(j => j.RowsRead, 0)
                .SetProperty(j => j.RowsWritten, 0)
                .SetProperty(j => j.RowsToWrite, 0),
                ct);
        if (claimed == 1)
        {
            return ClaimResult.Claimed;
        }

        var status = await db.Set<ImportJob>().Where(j => j.Id == jobId).Select(j => (ImportStatus?)j.Status).FirstOrDefaultAsync(ct);
        return status switch
        {
            null => ClaimResult.Missing,
            ImportStatus.Succeeded or ImportStatus.Failed => ClaimResult.Finished,
            _ => ClaimResult.Busy,
        };
    }

    /// <summary>Gives a job back to the queue (its runner is shutting down before it finished): the job server's retry resumes it.</summary>
    public static Task<int> ReleaseAsync(DbContext db, Guid jobId, string runnerId) =>
        db.Set<ImportJob>()
            .Where(j => j.Id == jobId && j.RunnerId == runnerId && j.Status == ImportStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, ImportStatus.Queued)
                .SetProperty(j => j.RunnerId, (string?)null)
                .SetProperty(j => j.Phase, ImportPhase.Queued)
                .SetProperty(j => j.HeartbeatAt, (DateTime?)null),
                CancellationToken.None);
}

/// <summary>
/// A runner's heartbeat: every <see cref="ImportLease.HeartbeatInterval"/> it writes the time and the
/// live progress to the job row (in its own scope and connection), so that any server can show the
/// progress and no server takes the job over. If the row is no longer this runner's (another server
/// took it over after a long silence), <see cref="Lost"/> is cancelled and the run stops without writing.
/// </summary>
internal sealed class ImportHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _loop;

    private ImportHeartbeat(IServiceScopeFactory scopes, Guid jobId, string runnerId, ImportProgress progress, TimeProvider clock, ILogger logger)
    {
        // Started inside the runner's tenant scope (an AsyncLocal), which the loop inherits.
        _loop = Task.Run(() => LoopAsync(scopes, jobId, runnerId, progress, clock, logger));
    }

    /// <summary>Cancelled when another runner owns the job now.</summary>
    public CancellationToken Lost => _lost.Token;

    public static ImportHeartbeat Start(IServiceScopeFactory scopes, Guid jobId, string runnerId, ImportProgress progress, TimeProvider clock, ILogger logger) =>
        new(scopes, jobId, runnerId, progress, clock, logger);

    private async Task LoopAsync(IServiceScopeFactory scopes, Guid jobId, string runnerId, ImportProgress progress, TimeProvider clock, ILogger logger)
    {
        using var timer = new PeriodicTimer(ImportLease.HeartbeatInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<DbContext>();
                    var phase = progress.Phase;
                    int read = progress.RowsRead, written = progress.RowsWritten, toWrite = progress.RowsToWrite;
                    var now = clock.GetUtcNow().UtcDateTime;
                    var mine = await db.Set<ImportJob>()
                        .Where(j => j.Id == jobId && j.RunnerId == runnerId && j.Status == ImportStatus.Running)
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(j => j.HeartbeatAt, now)
                            .SetProperty(j => j.Phase, phase)
                            .SetProperty(j => j.RowsRead, read)
                            .SetProperty(j => j.RowsWritten, written)
                            .SetProperty(j => j.RowsToWrite, toWrite),
                            _stop.Token);
                    if (mine == 0 && !_stop.IsCancellationRequested)
                    {
                        // Finished by this run a moment ago (harmless), or taken over by another server.
                        var owner = await db.Set<ImportJob>().Where(j => j.Id == jobId).Select(j => new { j.RunnerId, j.Status }).FirstOrDefaultAsync(_stop.Token);
                        if (owner is null || (owner.Status == ImportStatus.Running && owner.RunnerId != runnerId) || owner.Status == ImportStatus.Queued)
                        {
                            logger.LogWarning("Import {JobId}: another runner owns the job now; this run stops", jobId);
                            await _lost.CancelAsync();
                            return;
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // SQLite: the import's own write transaction holds the lock (the beat waits, then gives up); a
                    // database hiccup. The next beat tries again; the lease is minutes long.
                    logger.LogDebug(ex, "Import {JobId}: heartbeat not written", jobId);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _lost.Dispose();
    }
}
