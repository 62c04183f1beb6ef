using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DistrictPerf.SharedKernel.Persistence;

/// <summary>
/// The data versions (<see cref="DataVersion"/>) one request or job scope depends on, read from the database at most
/// once per scope in a single statement: the first caller names the scopes it needs, the finance bureau's own scope is
/// always read with them (a bureau's reads depend on it too), and later callers in the same scope get the stamps from
/// memory — the session check, the tenant resolution and the read cache of one request share one query.
/// <para>
/// The stamps are forgotten when the scope's context saves (<see cref="DbContext.SavedChanges"/>): a read after the
/// scope's own write looks again. A statement written by hand (ExecuteUpdate/ExecuteDelete) does not pass through the
/// auditing interceptor and renews no stamp: data that a cached read or the session check depends on is written
/// through SaveChanges (the session's end deletes its row through the change tracker for that reason).
/// </para>
/// The statement is raw SQL run through EF Core's command pipeline (no LINQ translation, no materializer), with the
/// table and column names delimited by the provider's own SQL generator — the same text runs on SQLite and SQL Server.
/// </summary>
public sealed class DataVersionReader : IDisposable
{
    /// <summary>Stamp of a scope that has no row yet (never written through the versioned path).</summary>
    public const string None = "-";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string[]> Statements = new();

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

    /// <summary>How many statements this scope has sent (tests count them).</summary>
    public int Queries { get; private set; }

    /// <summary>The stamp of <paramref name="scope"/>; reads it (with <paramref name="alsoNeeded"/> and the host's) unless already read in this scope.</summary>
    public async ValueTask<string> StampAsync(string scope, CancellationToken cancellationToken, string? alsoNeeded = null)
    {
        if (_known is not null && _known.TryGetValue(scope, out var stamp))
        {
            return stamp;
        }

        await ReadAsync(scope, alsoNeeded, cancellationToken);
        return _known![scope];
    }

    /// <summary>Forgets what was read (after a write this scope made outside SaveChanges).</summary>
    public void Forget() => _known = null;

    private async Task ReadAsync(string scope, string? alsoNeeded, CancellationToken cancellationToken)
    {
        var wanted = new List<string>(3) { scope };
        if (alsoNeeded is not null && alsoNeeded != scope)
        {
            wanted.Add(alsoNeeded);
        }

        if (!wanted.Contains(DataVersion.Host))
        {
            wanted.Add(DataVersion.Host);
        }

        var statement = Statements.GetOrAdd(_db.GetType(), _ => BuildStatements(_db))[wanted.Count - 1];
        var known = new Dictionary<string, string>(wanted.Count, StringComparer.Ordinal);
        foreach (var s in wanted)
        {
            known[s] = None;
        }

        // One raw statement through EF Core's own command pipeline (its connection and transaction, logging and
        // interceptors), without LINQ translation or a materializer.
        var command = _db.GetService<IRawSqlCommandBuilder>().Build(statement, wanted.Cast<object>().ToList());
        var connection = _db.GetService<IRelationalConnection>();
        Queries++;
        await using (var reader = await command.RelationalCommand.ExecuteReaderAsync(
                         new RelationalCommandParameterObject(connection, command.ParameterValues, null, _db, _db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.FromSqlQuery),
                         cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                known[reader.DbDataReader.GetString(0)] = reader.DbDataReader.GetString(1);
            }
        }

        if (_known is not null)
        {
            foreach (var (s, stamp) in _known)
            {
                known.TryAdd(s, stamp);
            }
        }

        _known = known;
    }

    /// <summary>SELECT Scope, Stamp FROM DataVersions WHERE Scope IN ({0} … {N-1}), for N = 1 … 3, in the provider's quoting.</summary>
    private static string[] BuildStatements(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(DataVersion)) ?? throw new InvalidOperationException("DataVersion is not in the model.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var identifier = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var scope = sql.DelimitIdentifier(entity.FindProperty(nameof(DataVersion.Scope))!.GetColumnName(identifier)!);
        var stamp = sql.DelimitIdentifier(entity.FindProperty(nameof(DataVersion.Stamp))!.GetColumnName(identifier)!);
        return Enumerable.Range(1, 3)
            .Select(n => $"SELECT {scope}, {stamp} FROM {table} WHERE {scope} IN ({string.Join(", ", Enumerable.Range(0, n).Select(i => "{" + i + "}"))})")
            .ToArray();
    }
}
