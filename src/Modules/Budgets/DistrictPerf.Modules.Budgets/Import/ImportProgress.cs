using System.Collections.Concurrent;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Budgets.Localization;

namespace DistrictPerf.Modules.Budgets.Import;

/// <summary>
/// Live progress of an import run by this process, for the person waiting on the upload; the runner's
/// heartbeat copies it to the job row every few seconds, where every other server reads it.
/// </summary>
internal sealed class ImportProgress
{
    private volatile int _phase = (int)ImportPhase.Reading;

    public ImportPhase Phase
    {
        get => (ImportPhase)_phase;
        set => _phase = (int)value;
    }

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
    public decimal Percent => PercentOf(_rowsWritten, _rowsToWrite);

    public static decimal PercentOf(int written, int toWrite) => toWrite == 0
        ? 0m
        : Math.Round(50m + (50m * Math.Min(written, toWrite) / toWrite), 1);

    public static string PhaseText(ImportPhase phase) => phase switch
    {
        ImportPhase.Queued => BudgetsMessages.ImportPhaseQueued,
        ImportPhase.Reading => BudgetsMessages.ImportPhaseReading,
        _ => BudgetsMessages.ImportPhaseWriting,
    };
}

internal sealed class ImportProgressRegistry
{
    private readonly ConcurrentDictionary<Guid, ImportProgress> _running = new();

    public ImportProgress Start(Guid jobId) => _running.GetOrAdd(jobId, _ => new ImportProgress());

    public ImportProgress? Find(Guid jobId) => _running.GetValueOrDefault(jobId);

    public void Finish(Guid jobId) => _running.TryRemove(jobId, out _);
}
