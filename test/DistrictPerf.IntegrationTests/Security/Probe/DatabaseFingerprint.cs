using Microsoft.Data.Sqlite;

namespace DistrictPerf.IntegrationTests.Security.Probe;

/// <summary>
/// The content of every table of the app's SQLite file, summarised per (table, bureau): a row count and an
/// order-independent hash of every column of every row. Two equal fingerprints mean nothing was inserted, deleted
/// or updated — stronger than row counts alone. Rows without a <c>TenantId</c> column (or with a null one) belong
/// to the partition <see cref="Host"/>.
/// </summary>
internal sealed class DatabaseFingerprint : IDisposable
{
    public const string Host = "host";

    private readonly SqliteConnection _connection;
    private readonly List<(string Table, int TenantColumn)> _tables = [];

    public DatabaseFingerprint(string databaseFile)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        _connection.Open();
        using var list = _connection.CreateCommand();
        list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsHistory' ORDER BY name";
        using var reader = list.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        foreach (var name in names)
        {
            using var columns = _connection.CreateCommand();
            columns.CommandText = $"SELECT * FROM \"{name}\" LIMIT 0";
            using var schema = columns.ExecuteReader();
            var tenant = -1;
            for (var i = 0; i < schema.FieldCount; i++)
            {
                if (schema.GetName(i) == "TenantId")
                {
                    tenant = i;
                }
            }

            _tables.Add((name, tenant));
        }
    }

    public IReadOnlyList<string> Tables => _tables.Select(t => t.Table).ToList();

    /// <summary>(table, partition) → (rows, hash).</summary>
    public IReadOnlyDictionary<(string Table, string Partition), (int Rows, long Hash)> Take()
    {
        var result = new Dictionary<(string, string), (int, long)>();
        using var transaction = _connection.BeginTransaction(deferred: true);
        foreach (var (table, tenantColumn) in _tables)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = command.ExecuteReader();
            var values = new object[reader.FieldCount];
            while (reader.Read())
            {
                reader.GetValues(values);
                var partition = tenantColumn >= 0 && values[tenantColumn] is not DBNull ? Convert.ToString(values[tenantColumn])!.ToUpperInvariant() : Host;
                var row = new HashCode();
                foreach (var value in values)
                {
                    row.Add(value is byte[] bytes ? Convert.ToBase64String(bytes) : value);
                }

                var key = (table, partition);
                var (rows, hash) = result.GetValueOrDefault(key);
                // A sum of row hashes: independent of the order SQLite returns rows in.
                result[key] = (rows + 1, unchecked(hash + row.ToHashCode() + ((long)row.ToHashCode() << 20)));
            }
        }

        transaction.Commit();
        return result;
    }

    /// <summary>The (table, partition) pairs that differ between two fingerprints, e.g. "BudgetLines[3F2…]: 4 → 5 rows".</summary>
    public static List<string> Differences(
        IReadOnlyDictionary<(string Table, string Partition), (int Rows, long Hash)> before,
        IReadOnlyDictionary<(string Table, string Partition), (int Rows, long Hash)> after,
        Func<string, bool>? partitions = null)
    {
        var differences = new List<string>();
        foreach (var key in before.Keys.Union(after.Keys))
        {
            if (partitions is not null && !partitions(key.Partition))
            {
                continue;
            }

            var b = before.GetValueOrDefault(key);
            var a = after.GetValueOrDefault(key);
            if (a != b)
            {
                differences.Add(a.Rows == b.Rows ? $"{key.Table}[{key.Partition}]: a row changed" : $"{key.Table}[{key.Partition}]: {b.Rows} → {a.Rows} rows");
            }
        }

        return differences;
    }

    /// <summary>Every value of the <c>Id</c> column (and user ids) of each table's rows in <paramref name="tenant"/>'s partition.</summary>
    public Dictionary<string, List<string>> IdsOf(Guid tenant)
    {
        var ids = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (table, tenantColumn) in _tables.Where(t => t.TenantColumn >= 0))
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" WHERE upper(\"TenantId\") = $t";
            command.Parameters.AddWithValue("$t", tenant.ToString().ToUpperInvariant());
            using var reader = command.ExecuteReader();
            var id = Enumerable.Range(0, reader.FieldCount).FirstOrDefault(i => reader.GetName(i) == "Id", -1);
            if (id < 0)
            {
                continue;
            }

            var list = new List<string>();
            while (reader.Read())
            {
                list.Add(Convert.ToString(reader.GetValue(id))!);
            }

            ids[table] = list;
        }

        return ids;
    }

    /// <summary>Rows of <paramref name="tenant"/>'s partition that hold one of <paramref name="values"/> in any column, e.g. another bureau's id.</summary>
    public List<string> RowsMentioning(Guid tenant, IReadOnlyCollection<string> values)
    {
        var found = new List<string>();
        foreach (var (table, _) in _tables.Where(t => t.TenantColumn >= 0))
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" WHERE upper(\"TenantId\") = $t";
            command.Parameters.AddWithValue("$t", tenant.ToString().ToUpperInvariant());
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (reader.GetValue(i) is string text && values.FirstOrDefault(v => text.Contains(v, StringComparison.OrdinalIgnoreCase)) is { } value)
                    {
                        found.Add($"{table}.{reader.GetName(i)} holds \"{value}\"");
                    }
                }
            }
        }

        return found;
    }

    public void Dispose() => _connection.Dispose();
}
