using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Budgets.Localization;
using DistrictPerf.SharedKernel.Localization;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DistrictPerf.Modules.Budgets.Import;

/// <summary>A queued upload; <paramref name="Culture"/> is the uploader's language, in which the job's messages are written.</summary>
internal sealed record ImportWorkItem(Guid JobId, Guid TenantId, string Path, CultureInfo Culture);

/// <summary>Imports waiting for the background worker (in process; one at a time, as SQLite has one writer).</summary>
internal sealed class ImportQueue
{
    private readonly Channel<ImportWorkItem> _channel = Channel.CreateUnbounded<ImportWorkItem>(new UnboundedChannelOptions { SingleReader = true });

    public ValueTask EnqueueAsync(ImportWorkItem item, CancellationToken ct) => _channel.Writer.WriteAsync(item, ct);

    public IAsyncEnumerable<ImportWorkItem> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}

/// <summary>Runs queued imports in the uploading bureau's tenant scope; deletes the uploaded file afterwards.</summary>
internal sealed class ImportWorker(ImportQueue queue, IServiceScopeFactory scopes, ICurrentTenant currentTenant, ILogger<ImportWorker> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Jobs that were queued or running when the process stopped cannot resume: say so (in the default language).
        string interruptedJson;
        using (MessageCulture.Use(MessageCulture.Default))
        {
            interruptedJson = JsonSerializer.Serialize(new[] { new ImportError("", 0, "", "", "", BudgetsMessages.ImportInterrupted, "budgets.import.interrupted") });
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        try
        {
            var interrupted = await db.Set<ImportJob>().IgnoreQueryFilters([TenantFilter.Name])
                .Where(j => j.Status == ImportStatus.Queued || j.Status == ImportStatus.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, ImportStatus.Failed)
                    .SetProperty(j => j.ErrorCount, 1)
                    .SetProperty(j => j.ErrorsJson, interruptedJson),
                    cancellationToken);
            if (interrupted > 0)
            {
                logger.LogWarning("Marked {Count} interrupted import(s) as failed", interrupted);
            }
        }
        catch (System.Data.Common.DbException ex)
        {
            // The table may not exist before the first migration ran; nothing to recover then.
            logger.LogDebug(ex, "Import recovery skipped");
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var item in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                using (currentTenant.Change(item.TenantId))
                using (MessageCulture.Use(item.Culture))
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ImportProcessor>().RunAsync(item.JobId, item.Path, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Import {JobId} crashed", item.JobId);
            }
            finally
            {
                TryDelete(item.Path);
            }
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
