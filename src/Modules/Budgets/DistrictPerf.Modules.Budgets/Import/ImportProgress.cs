using System.Collections.Concurrent;
using DistrictPerf.Modules.Budgets.Localization;

namespace DistrictPerf.Modules.Budgets.Import;

/// <summary>Live progress of running imports (this process), for the person waiting on the upload.</summary>
internal sealed class ImportProgress
{
    public volatile string Phase = BudgetsMessages.ImportPhaseQueued;
    private int _rowsRead;
    private int _rowsWritten;
    private int _rowsToWrite;

    public int RowsRead => _rowsRead;
    public int RowsWritten => _rowsWritten;
    public int RowsToWrite => _rowsToWrite;

    public void Read() => Interlocked.Increment(ref _rowsRead);

    public void Written(int count) => Interlocked.Add(ref _rowsWritten, count);

    public void ToWrite(int count)
    {
        Interlocked.Exchange(ref _rowsWritten, 0);
        Interlocked.Exchange(ref _rowsToWrite, count);
    }

    /// <summary>Reading counts for the first half, writing for the second.</summary>
    public decimal Percent => _rowsToWrite == 0
        ? 0m
        : Math.Round(50m + (50m * _rowsWritten / _rowsToWrite), 1);
}

internal sealed class ImportProgressRegistry
{
    private readonly ConcurrentDictionary<Guid, ImportProgress> _running = new();

    public ImportProgress Start(Guid jobId) => _running.GetOrAdd(jobId, _ => new ImportProgress());

    public ImportProgress? Find(Guid jobId) => _running.GetValueOrDefault(jobId);

    public void Finish(Guid jobId) => _running.TryRemove(jobId, out _);
}
