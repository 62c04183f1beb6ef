using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DistrictPerf.IntegrationTests.Search;

/// <summary>
/// Records the SQL the app runs, but only inside <see cref="Record"/> on the calling flow (an async-local switch), so
/// background work of the app (jobs, other requests) never lands in a test's recording.
/// </summary>
internal sealed class SqlRecorder : DbCommandInterceptor
{
    private readonly AsyncLocal<ConcurrentQueue<string>?> _current = new();

    /// <summary>Records the commands run from here on this flow until disposed.</summary>
    public Recording Record()
    {
        var recording = new Recording(this);
        _current.Value = recording.Queue;
        return recording;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        _current.Value?.Enqueue(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        _current.Value?.Enqueue(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        _current.Value?.Enqueue(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        _current.Value?.Enqueue(command.CommandText);
        return ValueTask.FromResult(result);
    }

    /// <summary>Whether <paramref name="sql"/> reads (selects or filters on) one of a report's text columns.</summary>
    public static bool ReadsReportText(string sql) =>
        new[] { "BasicInfo", "Evaluation", "Problems", "Measures", "ReviewComment", "SnapshotJson" }.Any(c => sql.Contains($".\"{c}\"", StringComparison.Ordinal));

    public sealed class Recording(SqlRecorder recorder) : IDisposable
    {
        public ConcurrentQueue<string> Queue { get; } = new();

        /// <summary>The commands run so far that touch the reports' table.</summary>
        public IReadOnlyList<string> OnReports => Queue.Where(c => c.Contains("\"SelfEvaluationReports\"", StringComparison.Ordinal)).ToList();

        public void Dispose() => recorder._current.Value = null;
    }
}
