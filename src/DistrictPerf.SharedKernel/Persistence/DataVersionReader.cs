using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DistrictPerf.SharedKernel.Persistence;

/// <summary>
/// The data versions (<see cref="DataVersion"/>) one request or job scope depends on, read from the database at most
/// once per scope: the first caller names the scope it needs, the finance bureau's own scope is always read with it (a
/// bureau's reads depend on it too), and later callers in the same scope get the stamps from memory — the session check,
/// the tenant resolution and the read cache of one request share one read.
/// <para>
/// <b>Concurrent requests share a statement</b> (<see cref="Gate"/>): while one statement for a database is on its way,
/// the requests that arrive meanwhile join the next one, which reads the union of their scopes and starts when the
/// first has finished. A request only ever joins a statement that has not been sent yet, so what it reads was read
/// after it arrived — as fresh as a statement of its own — and a write committed before it arrived is always seen. At
/// most one statement per database is on its way at a time; under load one statement serves many requests (the SQLite
/// connection pool's lock was the largest cost of a cached read), and a lone request waits for nobody. Inside a
/// transaction the scope reads on its own (it must see its own uncommitted writes).
/// </para>
/// <para>
/// The stamps are forgotten when the scope's context saves (<see cref="DbContext.SavedChanges"/>): a read after the
/// scope's own write looks again. A statement written by hand (ExecuteUpdate/ExecuteDelete) does not pass through the
/// auditing interceptor and renews no stamp: data that a cached read or the session check depends on is written
/// through SaveChanges, or renews its stamp itself in the same transaction (the end of a session).
/// </para>
/// The statement is raw SQL run through EF Core's command pipeline (its connection, logging and interceptors; no LINQ
/// translation, no materializer), with the table and column names delimited by the provider's own SQL generator — the
/// same text runs on SQLite and SQL Server.
/// </summary>
public sealed class DataVersionReader : IDisposable
{
    /// <summary>Stamp of a scope that has no row yet (never written through the versioned path).</summary>
    public const string None = "-";

    /// <summary>The most scopes one shared statement reads (its IN list).</summary>
    internal const int MaxScopesPerStatement = 64;

    private static readonly ConcurrentDictionary<(Type Context, string Database), Gate> Gates = new();
    private static readonly ConcurrentDictionary<Type, Statement> Statements = new();

    private readonly DbContext _db;
    private Dictionary<string, string>? _known;

    public DataVersionReader(DbContext db)
    {
        _db = db;
        db.SavedChanges += OnSaved;
    }

    /// <summary>Contexts are pooled and outlive the scope: the subscription ends with it.</summary>
    public void Dispose() => _db.SavedChanges -= OnSaved;

    private void OnSaved(object? sender, SavedChangesEventArgs e) => _known = null;

    /// <summary>The stamp of <paramref name="scope"/> (<see cref="None"/> when it has no row); read with the host's unless already read in this scope.</summary>
    public async ValueTask<string> StampAsync(string scope, CancellationToken cancellationToken)
    {
        if (_known is not null && _known.TryGetValue(scope, out var stamp))
        {
            return stamp;
        }

        string[] wanted = scope == DataVersion.Host ? [DataVersion.Host] : [scope, DataVersion.Host];
        var read = _db.Database.CurrentTransaction is null
            ? await SharedReadAsync(wanted, cancellationToken)
            : await QueryAsync(wanted, cancellationToken);

        var known = _known is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(_known, StringComparer.Ordinal);
        foreach (var s in wanted)
        {
            known[s] = read.TryGetValue(s, out var found) ? found : None;
        }

        _known = known;
        return known[scope];
    }

    /// <summary>Joins the next statement for this database, or leads it.</summary>
    private async Task<IReadOnlyDictionary<string, string>> SharedReadAsync(string[] wanted, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd((_db.GetType(), _db.Database.GetConnectionString() ?? ""), _ => new Gate());
        var (batch, previous) = gate.Join(wanted);
        if (previous is null)
        {
            try
            {
                return await batch.Done.Task.WaitAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The leader failed (its request was cancelled, a transient error): read alone.
                return await QueryAsync(wanted, cancellationToken);
            }
        }

        try
        {
            // Requests arriving while the previous statement is on its way join this one.
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            gate.Seal(batch);
        }

        try
        {
            var result = await QueryAsync(batch.Scopes, cancellationToken);
            batch.Done.TrySetResult(result);
            return result;
        }
        catch (Exception e)
        {
            batch.Done.TrySetException(e);
            throw;
        }
    }

    /// <summary>One statement: the stamps of the scopes that have a row.</summary>
    private async Task<IReadOnlyDictionary<string, string>> QueryAsync(IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        var statement = Statements.GetOrAdd(_db.GetType(), _ => new Statement(_db));
        var command = _db.GetService<IRawSqlCommandBuilder>().Build(statement.For(scopes.Count), scopes.Cast<object>().ToList());
        var found = new Dictionary<string, string>(scopes.Count, StringComparer.Ordinal);
        await using var reader = await command.RelationalCommand.ExecuteReaderAsync(
            new RelationalCommandParameterObject(
                _db.GetService<IRelationalConnection>(), command.ParameterValues, null, _db, _db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.FromSqlQuery),
            cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.DbDataReader.GetString(0)] = reader.DbDataReader.GetString(1);
        }

        return found;
    }

    /// <summary>The statements that read the versions (one per number of scopes), in the provider's quoting.</summary>
    private sealed class Statement
    {
        private readonly string _prefix;
        private readonly string[] _texts = new string[MaxScopesPerStatement + 1];

        public Statement(DbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(DataVersion)) ?? throw new InvalidOperationException("DataVersion is not in the model.");
            var sql = db.GetService<ISqlGenerationHelper>();
            var tableName = entity.GetTableName()!;
            var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(tableName, entity.GetSchema());
            var scope = sql.DelimitIdentifier(entity.FindProperty(nameof(DataVersion.Scope))!.GetColumnName(table)!);
            var stamp = sql.DelimitIdentifier(entity.FindProperty(nameof(DataVersion.Stamp))!.GetColumnName(table)!);
            _prefix = $"SELECT {scope}, {stamp} FROM {sql.DelimitIdentifier(tableName, entity.GetSchema())} WHERE {scope} IN (";
        }

        /// <summary>SELECT Scope, Stamp FROM DataVersions WHERE Scope IN ({0}, … {n-1}).</summary>
        public string For(int n) =>
            _texts[n] ??= _prefix + string.Join(", ", Enumerable.Range(0, n).Select(i => "{" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}")) + ")";
    }

    /// <summary>
    /// The statements of one database: at most one on its way, and one gathering the requests that arrive meanwhile.
    /// </summary>
    internal sealed class Gate
    {
        private readonly Lock _sync = new();
        private Batch? _gathering;
        private Task _last = Task.CompletedTask;

        /// <summary>
        /// Joins the statement that is gathering (previous = null), or starts a new one and returns the statement it
        /// must wait for before it is sent.
        /// </summary>
        public (Batch Batch, Task? Previous) Join(string[] scopes)
        {
            lock (_sync)
            {
                if (_gathering is { } open && open.Scopes.Count + scopes.Length <= MaxScopesPerStatement)
                {
                    open.Scopes.UnionWith(scopes);
                    return (open, null);
                }

                var batch = new Batch();
                batch.Scopes.UnionWith(scopes);
                var previous = _last;
                _gathering = batch;
                _last = batch.Done.Task;
                return (batch, previous);
            }
        }

        /// <summary>No one joins the batch any more: it is about to be sent.</summary>
        public void Seal(Batch batch)
        {
            lock (_sync)
            {
                if (ReferenceEquals(_gathering, batch))
                {
                    _gathering = null;
                }
            }
        }
    }

    internal sealed class Batch
    {
        public HashSet<string> Scopes { get; } = new(StringComparer.Ordinal);

        public TaskCompletionSource<IReadOnlyDictionary<string, string>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
