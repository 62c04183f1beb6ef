using System.Globalization;
using System.Text.Json;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Budgets.Localization;
using DistrictPerf.SharedKernel.Localization;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DistrictPerf.Modules.Budgets.Import;

/// <summary>Hands a stored import to the job system (Hangfire in the host), whose servers on any replica run it.</summary>
internal interface IImportJobQueue
{
    void Enqueue(Guid jobId, Guid tenantId);
}

/// <summary>The job system refuses to run a job now because a live runner elsewhere has it; the job system retries later.</summary>
internal sealed class ImportJobBusyException(Guid jobId)
    : Exception($"Import {jobId} is being run by another server (its heartbeat is fresh); retried later.");

/// <summary>
/// The job system's entry point for a queued upload: claims the job (<see cref="ImportLease"/>), reads its
/// file from the database into a private temp file, runs it in the bureau's tenant scope and the uploader's
/// language, with a heartbeat. A job whose runner died (no heartbeat) is resumed from the start: nothing of
/// it was written, as the write is one transaction. On shutdown the job is given back to the queue.
/// </summary>
internal sealed class ImportJobRunner(
    IServiceScopeFactory scopes, ICurrentTenant currentTenant, TimeProvider clock, ILogger<ImportJobRunner> logger)
{
    public async Task RunAsync(Guid jobId, Guid tenantId, CancellationToken ct)
    {
        using var tenantScope = currentTenant.Change(tenantId);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        var runnerId = ImportLease.JobPrefix + ImportLease.Process;

        switch (await ImportLease.ClaimAsync(db, jobId, runnerId, clock.GetUtcNow().UtcDateTime, ct))
        {
            case ImportLease.ClaimResult.Missing:
                logger.LogWarning("Import {JobId} of bureau {TenantId} does not exist; nothing to run", jobId, tenantId);
                return;
            case ImportLease.ClaimResult.Finished:
                return;
            case ImportLease.ClaimResult.Busy:
                throw new ImportJobBusyException(jobId);
        }

        var job = await db.Set<ImportJob>().AsNoTracking().SingleAsync(j => j.Id == jobId, ct);
        var content = await db.Set<ImportFile>().AsNoTracking().Where(f => f.Id == jobId).Select(f => f.Content).FirstOrDefaultAsync(ct);
        if (job.Attempts > 1)
        {
            logger.LogInformation("Import {JobId}: resumed (attempt {Attempt}) by {Runner}", jobId, job.Attempts, runnerId);
        }

        using var language = MessageCulture.Use(Culture(job.Culture));
        var path = Path.Combine(Path.GetTempPath(), "districtperf-imports", $"{jobId:N}-{Guid.NewGuid():N}{Path.GetExtension(job.FileName).ToLowerInvariant()}");
        var processor = scope.ServiceProvider.GetRequiredService<ImportProcessor>();
        if (content is null)
        {
            // The file is gone (e.g. removed by hand): the job cannot run; say so rather than leave it queued.
            await processor.FailAsync(jobId, runnerId, BudgetsMessages.ImportInterrupted, "budgets.import.interrupted");
            return;
        }

        var progress = scope.ServiceProvider.GetRequiredService<ImportProgressRegistry>().Start(jobId);
        await using var heartbeat = ImportHeartbeat.Start(scopes, jobId, runnerId, progress, clock, logger);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct, heartbeat.Lost);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, content, run.Token);
            content = null;
            await processor.RunAsync(jobId, path, runnerId, run.Token);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The server is stopping: give the job back; the job system runs it again (here or elsewhere).
            await ImportLease.ReleaseAsync(db, jobId, runnerId);
            throw;
        }
        finally
        {
            TryDelete(path);
        }
    }

    internal static CultureInfo Culture(string? name)
    {
        try
        {
            return string.IsNullOrEmpty(name) ? MessageCulture.Default : CultureInfo.GetCultureInfo(name);
        }
        catch (CultureNotFoundException)
        {
            return MessageCulture.Default;
        }
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}

/// <summary>
/// Every 5 minutes, on one job server: fails the imports nobody will finish — a waiting upload whose
/// server died (after <see cref="ImportLease.Stale"/>; nothing to resume), and a queued or job-server
/// job that no server picked up or resumed within <see cref="ImportLease.Abandoned"/> — and drops
/// stored files of finished jobs. Jobs with a live heartbeat are never touched, whoever runs them.
/// </summary>
internal sealed class ImportSweeper(DbContext db, TimeProvider clock, ILogger<ImportSweeper> logger)
{
    public const string JobId = "budgets-import-sweeper";

    public async Task<int> SweepAsync()
    {
        string interruptedJson;
        using (MessageCulture.Use(MessageCulture.Default))
        {
            interruptedJson = JsonSerializer.Serialize(new[] { new ImportError("", 0, "", "", "", BudgetsMessages.ImportInterrupted, "budgets.import.interrupted") });
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var requestDeadBefore = now - ImportLease.Stale;
        var abandonedBefore = now - ImportLease.Abandoned;
        var jobs = db.Set<ImportJob>().IgnoreQueryFilters([TenantFilter.Name]);
        var failed = await jobs
            .Where(j => (j.Status == ImportStatus.Running && j.RunnerId != null && j.RunnerId.StartsWith(ImportLease.RequestPrefix)
                        && (j.HeartbeatAt ?? j.CreatedAt) < requestDeadBefore)
                     || ((j.Status == ImportStatus.Queued || j.Status == ImportStatus.Running) && (j.HeartbeatAt ?? j.CreatedAt) < abandonedBefore))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, ImportStatus.Failed)
                .SetProperty(j => j.Phase, (ImportPhase?)null)
                .SetProperty(j => j.ErrorCount, 1)
                .SetProperty(j => j.ErrorsJson, interruptedJson)
                .SetProperty(j => j.FinishedAt, now));
        var dropped = await db.Set<ImportFile>().IgnoreQueryFilters([TenantFilter.Name])
            .Where(f => jobs.Any(j => j.Id == f.Id && (j.Status == ImportStatus.Succeeded || j.Status == ImportStatus.Failed)))
            .ExecuteDeleteAsync();
        if (failed > 0 || dropped > 0)
        {
            logger.LogWarning("Import sweeper: {Failed} abandoned import(s) failed, {Dropped} stored file(s) dropped", failed, dropped);
        }

        return failed;
    }
}
