using System.Data.Common;
using System.Globalization;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DistrictPerf.Host.Persistence;

/// <summary>What <c>--copy-database</c> was asked to do.</summary>
/// <param name="SourcePath">The embedded install's SQLite file (<c>--from-sqlite</c>); null when the switch is missing.</param>
/// <param name="ReplaceTargetData">Delete every row of the target's tables first (<c>--replace-target-data</c>) instead of refusing a target that holds data.</param>
internal sealed record DatabaseCopyRequest(string? SourcePath, bool ReplaceTargetData);

/// <summary>The copy cannot start (or must not): the message says why and what to do; nothing was written.</summary>
internal sealed class DatabaseCopyRefusedException(string message) : Exception(message);

/// <summary>
/// Moves an embedded install to the configured database (normally SQL Server):
/// <c>dotnet DistrictPerf.Host.dll --copy-database --from-sqlite &lt;districtperf.db&gt;</c>.
/// <list type="number">
/// <item>The source must be at this build's latest migration (else: start the old install once or run <c>--migrate</c> on it).</item>
/// <item>The target (<c>Database:Provider</c> and <c>ConnectionStrings:DistrictPerf</c>) is migrated, and refused if any table of the model holds a row.</item>
/// <item>Every table of the EF model (all modules, Identity, audit log, data-protection keys — whatever the model maps, so
/// a table a module adds is copied with no change here) is copied in foreign-key order, in batches, column by column
/// through each provider's own type mapping, in one unit of work (<see cref="UnitOfWork"/>: one transaction inside the
/// target provider's execution strategy).</item>
/// <item>Row counts, the sums of the money columns (fen) and of every decimal column are compared source against target and printed.</item>
/// </list>
/// The copy reads and writes with SQL only: no entity is materialised or tracked, so no query filter (tenants), no
/// SaveChanges interceptor (auditing, stamping, tenant write guard: the unit's SaveChanges finds nothing tracked) and
/// no value generation touches the data —
/// keys, concurrency stamps, creation and modification stamps, shadow columns and tenant ids arrive as they were.
/// Identity columns on SQL Server are written with <c>IDENTITY_INSERT</c> on (the server then continues after the highest copied value).
/// </summary>
internal static class DatabaseCopy
{
    public const string CopySwitch = "--copy-database";
    public const string FromSqliteSwitch = "--from-sqlite";
    public const string ReplaceTargetSwitch = "--replace-target-data";

    public const int Succeeded = 0;
    public const int Mismatch = 1;
    public const int Refused = 2;

    /// <summary>Rows per INSERT at most (SQL Server also allows at most 2,100 parameters per command).</summary>
    private const int MaxRowsPerBatch = 500;

    private const int MaxParametersPerBatch = 2000;

    /// <summary>Takes the copy's switches out of <paramref name="args"/>; null when <see cref="CopySwitch"/> is absent.</summary>
    public static DatabaseCopyRequest? ParseCommand(ref string[] args)
    {
        if (!args.Contains(CopySwitch))
        {
            return null;
        }

        var rest = new List<string>();
        string? source = null;
        var replace = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case CopySwitch:
                    break;
                case ReplaceTargetSwitch:
                    replace = true;
                    break;
                case FromSqliteSwitch:
                    source = i + 1 < args.Length ? args[++i] : null;
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        args = rest.ToArray();
        return new DatabaseCopyRequest(source, replace);
    }

    /// <summary>Runs the command with the app's configured target database; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, DatabaseCopyRequest request, TextWriter output, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            var target = scope.ServiceProvider.GetRequiredService<DistrictPerfDbContext>();
            return await CopyAsync(request, target, scope.ServiceProvider.GetRequiredService<UnitOfWork>(), output, cancellationToken);
        }
        catch (DatabaseCopyRefusedException refused)
        {
            await output.WriteLineAsync($"REFUSED: {refused.Message}");
            await output.WriteLineAsync("Nothing was written to the target database.");
            return Refused;
        }
    }

    private static async Task<int> CopyAsync(DatabaseCopyRequest request, DistrictPerfDbContext target, UnitOfWork unitOfWork, TextWriter output, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.SourcePath))
        {
            throw new DatabaseCopyRefusedException($"Name the embedded install's database file: {CopySwitch} {FromSqliteSwitch} <path-to-districtperf.db> [{ReplaceTargetSwitch}].");
        }

        var sourcePath = Path.GetFullPath(request.SourcePath);
        if (!File.Exists(sourcePath))
        {
            throw new DatabaseCopyRefusedException($"The source file '{sourcePath}' does not exist.");
        }

        if (target.Database.IsSqlite()
            && string.Equals(Path.GetFullPath(new SqliteConnectionStringBuilder(target.Database.GetConnectionString()).DataSource), sourcePath, StringComparison.Ordinal))
        {
            throw new DatabaseCopyRefusedException("The target database is the source file itself: set Database:Provider and ConnectionStrings:DistrictPerf to the new database.");
        }

        await using var source = OpenSource(sourcePath);
        await CheckSourceSchemaAsync(source, sourcePath, cancellationToken);

        await output.WriteLineAsync($"Source: {sourcePath} (SQLite, schema at {source.Database.GetMigrations().Last()})");
        await output.WriteLineAsync($"Target: {target.Database.ProviderName}; applying its migrations …");
        await target.Database.MigrateAsync(cancellationToken);

        var tables = Plan(source, target);
        var occupied = new List<string>();
        foreach (var table in tables)
        {
            if (await CountAsync(target, table.Target, cancellationToken) > 0)
            {
                occupied.Add(table.Name);
            }
        }

        if (occupied.Count > 0 && !request.ReplaceTargetData)
        {
            throw new DatabaseCopyRefusedException(
                $"The target database already holds data (tables {string.Join(", ", occupied)}). Copy into a new, empty database, made before the app "
                + $"was ever started on it; or, to delete every row of the target's {tables.Count} tables and replace them with the source's, add {ReplaceTargetSwitch}.");
        }

        await output.WriteLineAsync($"Copying {tables.Count} tables{(occupied.Count > 0 ? $" (replacing the target's rows in {occupied.Count} of them)" : "")} in one transaction …");
        await CopyRowsAsync(source, target, unitOfWork, tables, replace: occupied.Count > 0, cancellationToken);

        return await VerifyAsync(source, target, tables, output, cancellationToken);
    }

    /// <summary>The source, read-only, with no interceptor and no execution strategy: SQL only.</summary>
    internal static SqliteDistrictPerfDbContext OpenSource(string sourcePath)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = sourcePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        return new SqliteDistrictPerfDbContext(new DbContextOptionsBuilder<SqliteDistrictPerfDbContext>().UseSqlite(connectionString).Options);
    }

    private static async Task CheckSourceSchemaAsync(SqliteDistrictPerfDbContext source, string sourcePath, CancellationToken cancellationToken)
    {
        var known = source.Database.GetMigrations().ToList();
        List<string> applied;
        try
        {
            applied = (await source.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        }
        catch (SqliteException ex)
        {
            throw new DatabaseCopyRefusedException($"'{sourcePath}' cannot be read as a SQLite database: {ex.Message}");
        }

        var newer = applied.Except(known).ToList();
        if (newer.Count > 0)
        {
            throw new DatabaseCopyRefusedException(
                $"The source database was migrated by a newer DistrictPerf (migrations {string.Join(", ", newer)} are unknown to this build): run the copy with that version.");
        }

        var pending = known.Except(applied).ToList();
        if (pending.Count > 0)
        {
            throw new DatabaseCopyRefusedException(
                $"The source database is not at this build's latest migration ({pending.Count} not applied: {string.Join(", ", pending)}). "
                + "Bring it up to date first: start the embedded install once with this version (or run 'dotnet DistrictPerf.Host.dll --migrate' "
                + "on its data folder), stop it, then copy.");
        }
    }

    /// <summary>One table of the model in both databases.</summary>
    internal sealed record TablePlan(string Name, ITable Source, ITable Target, IReadOnlyList<ColumnPlan> Columns, bool TargetIdentityInsert);

    /// <summary>One column: read through the source provider's mapping, written through the target's.</summary>
    internal sealed record ColumnPlan(string Name, RelationalTypeMapping SourceMapping, RelationalTypeMapping TargetMapping, bool IsNullable)
    {
        /// <summary>Summed to compare source and target: decimals (rates, scores, amounts) and integer amounts in fen (the money columns, <c>…Fen</c>).</summary>
        public bool IsChecksummed
        {
            get
            {
                var type = System.Nullable.GetUnderlyingType(SourceMapping.ClrType) ?? SourceMapping.ClrType;
                return type == typeof(decimal) || ((type == typeof(long) || type == typeof(int)) && Name.EndsWith("Fen", StringComparison.Ordinal));
            }
        }
    }

    /// <summary>Every table of the model, principals before their dependents.</summary>
    internal static IReadOnlyList<TablePlan> Plan(DistrictPerfDbContext source, DistrictPerfDbContext target)
    {
        var sourceTables = source.Model.GetRelationalModel().Tables.ToDictionary(t => (t.Schema, t.Name));
        var targetTables = target.Model.GetRelationalModel().Tables.ToDictionary(t => (t.Schema, t.Name));
        if (!sourceTables.Keys.ToHashSet().SetEquals(targetTables.Keys))
        {
            throw new DatabaseCopyRefusedException("The source and target models map different tables; this build cannot copy between them.");
        }

        var sqlServerTarget = target.Database.IsSqlServer();
        var plans = new Dictionary<(string?, string), TablePlan>();
        foreach (var (key, table) in targetTables)
        {
            var sourceTable = sourceTables[key];
            if (table.ForeignKeyConstraints.Any(fk => fk.PrincipalTable == table))
            {
                throw new DatabaseCopyRefusedException($"Table {table.Name} references itself; the copy does not order rows within a table yet.");
            }

            var columns = table.Columns
                .Where(c => c.ComputedColumnSql is null)
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .Select(c => new ColumnPlan(c.Name, sourceTable.FindColumn(c.Name)?.StoreTypeMapping
                    ?? throw new DatabaseCopyRefusedException($"Column {table.Name}.{c.Name} is missing from the source model."), c.StoreTypeMapping, c.IsNullable))
                .ToList();
            var identity = sqlServerTarget && table.Columns.Any(c => c.PropertyMappings.Any(m =>
                SqlServerPropertyExtensions.GetValueGenerationStrategy(m.Property, StoreObjectIdentifier.Table(table.Name, table.Schema)) == SqlServerValueGenerationStrategy.IdentityColumn));
            plans[key] = new TablePlan(table.Name, sourceTable, table, columns, identity);
        }

        // Kahn's algorithm over the foreign keys; ties in name order, so the order is the same on every run.
        var ordered = new List<TablePlan>();
        var remaining = plans.Values.ToList();
        while (remaining.Count > 0)
        {
            var ready = remaining
                .Where(t => t.Target.ForeignKeyConstraints.All(fk => ordered.Any(o => o.Target == fk.PrincipalTable)))
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .ToList();
            if (ready.Count == 0)
            {
                throw new DatabaseCopyRefusedException($"The tables {string.Join(", ", remaining.Select(t => t.Name))} reference each other in a cycle; the copy cannot order them.");
            }

            ordered.AddRange(ready);
            remaining.RemoveAll(ready.Contains);
        }

        return ordered;
    }

    /// <summary>
    /// Writes every row of <paramref name="tables"/> from the source into the target in one unit of work of the target's
    /// scope (<paramref name="unitOfWork"/>, the app's one way to write): one transaction inside the target's execution
    /// strategy, a retry replaying the whole copy on a rolled-back target. The rows go in as SQL, so the unit's final
    /// SaveChanges finds nothing tracked: the app's SaveChanges interceptors see no row of the copy. With
    /// <paramref name="replace"/> the target's rows are deleted first, dependents before principals, in the same transaction.
    /// </summary>
    internal static async Task CopyRowsAsync(
        DistrictPerfDbContext source, DistrictPerfDbContext target, UnitOfWork unitOfWork, IReadOnlyList<TablePlan> tables, bool replace, CancellationToken cancellationToken)
    {
        await unitOfWork.ExecuteAsync(async ct =>
        {
            if (replace)
            {
                foreach (var table in tables.Reverse())
                {
                    var delete = "DELETE FROM " + Delimit(target, table.Target); // names from the model, no input
                    await target.Database.ExecuteSqlRawAsync(delete, ct);
                }
            }

            foreach (var table in tables)
            {
                await CopyTableAsync(source, target, table, ct);
            }

        }, cancellationToken);
    }

    private static async Task CopyTableAsync(DistrictPerfDbContext source, DistrictPerfDbContext target, TablePlan table, CancellationToken cancellationToken)
    {
        var rowsPerBatch = Math.Max(1, Math.Min(MaxRowsPerBatch, MaxParametersPerBatch / table.Columns.Count));
        var sql = target.GetService<ISqlGenerationHelper>();
        var columnList = string.Join(", ", table.Columns.Select(c => sql.DelimitIdentifier(c.Name)));
        var tableName = Delimit(target, table.Target);
        var keyOrder = table.Source.PrimaryKey?.Columns.Select(c => c.Name) ?? table.Columns.Select(c => c.Name);

        await using var factory = target.Database.GetDbConnection().CreateCommand();
        var batch = new List<object?[]>(rowsPerBatch);
        await foreach (var row in ReadAsync(source, table.Source, table.Columns.Select(c => (c.Name, c.SourceMapping)).ToList(), keyOrder, cancellationToken))
        {
            batch.Add(row);
            if (batch.Count == rowsPerBatch)
            {
                await InsertAsync(batch);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await InsertAsync(batch);
        }

        async Task InsertAsync(List<object?[]> rows)
        {
            var parameters = new List<DbParameter>(rows.Count * table.Columns.Count);
            var values = new List<string>(rows.Count);
            foreach (var row in rows)
            {
                var names = new string[table.Columns.Count];
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    var name = "p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
                    parameters.Add(table.Columns[i].TargetMapping.CreateParameter(factory, sql.GenerateParameterName(name), row[i], table.Columns[i].IsNullable));
                    names[i] = sql.GenerateParameterName(name);
                }

                values.Add("(" + string.Join(", ", names) + ")");
            }

            var insert = $"INSERT INTO {tableName} ({columnList}) VALUES {string.Join(", ", values)}";
            if (table.TargetIdentityInsert)
            {
                // Per command, so that the session never keeps it on for another table (SQL Server allows one at a time).
                insert = $"SET IDENTITY_INSERT {tableName} ON; {insert}; SET IDENTITY_INSERT {tableName} OFF";
            }

            await target.Database.ExecuteSqlRawAsync(insert, parameters, cancellationToken);
        }
    }

    /// <summary>The rows of a table as model values (each provider value converted back through the source's mapping).</summary>
    private static async IAsyncEnumerable<object?[]> ReadAsync(
        DbContext db, ITable table, IReadOnlyList<(string Name, RelationalTypeMapping Mapping)> columns, IEnumerable<string> orderBy,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))} FROM {Delimit(db, table)}"
            + $" ORDER BY {string.Join(", ", orderBy.Select(sql.DelimitIdentifier))}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var readers = columns.Select(c => ValueReader(c.Mapping)).ToArray();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                row[i] = await reader.IsDBNullAsync(i, cancellationToken) ? null : readers[i](reader, i);
            }

            yield return row;
        }
    }

    private static Func<DbDataReader, int, object?> ValueReader(RelationalTypeMapping mapping)
    {
        var provider = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        provider = Nullable.GetUnderlyingType(provider) ?? provider;
        var read = typeof(DatabaseCopy)
            .GetMethod(nameof(ReadField), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(provider)
            .CreateDelegate<Func<DbDataReader, int, object?>>();
        return mapping.Converter is { } converter ? (r, i) => converter.ConvertFromProvider(read(r, i)) : read;
    }

    private static object? ReadField<T>(DbDataReader reader, int ordinal) => reader.GetFieldValue<T>(ordinal);

    private static string Delimit(DbContext db, ITable table) => db.GetService<ISqlGenerationHelper>().DelimitIdentifier(table.Name, table.Schema);

    private static async Task<long> CountAsync(DbContext db, ITable table, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var count = "SELECT CAST(COUNT(*) AS BIGINT) AS " + sql.DelimitIdentifier("Value") + " FROM " + Delimit(db, table); // names from the model, no input
        return await db.Database.SqlQueryRaw<long>(count).SingleAsync(cancellationToken);
    }

    /// <summary>The sums of the checksummed columns (money in fen, decimals), each value read exactly as the app reads it.</summary>
    private static async Task<decimal[]> DecimalSumsAsync(DbContext db, ITable table, IReadOnlyList<(string Name, RelationalTypeMapping Mapping)> columns, CancellationToken cancellationToken)
    {
        var sums = new decimal[columns.Count];
        await foreach (var row in ReadAsync(db, table, columns, [columns[0].Name], cancellationToken))
        {
            for (var i = 0; i < sums.Length; i++)
            {
                sums[i] += row[i] is null ? 0m : Convert.ToDecimal(row[i], CultureInfo.InvariantCulture);
            }
        }

        return sums;
    }

    private static async Task<int> VerifyAsync(DistrictPerfDbContext source, DistrictPerfDbContext target, IReadOnlyList<TablePlan> tables, TextWriter output, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var width = Math.Max(5, tables.Max(t => t.Name.Length));
        await output.WriteLineAsync();
        await output.WriteLineAsync($"{"Table".PadRight(width)}  {"Source",10}  {"Target",10}");
        long sourceTotal = 0, targetTotal = 0;
        foreach (var table in tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var inSource = await CountAsync(source, table.Source, cancellationToken);
            var inTarget = await CountAsync(target, table.Target, cancellationToken);
            sourceTotal += inSource;
            targetTotal += inTarget;
            var same = inSource == inTarget;
            if (!same)
            {
                problems.Add($"{table.Name}: {inSource} rows in the source, {inTarget} in the target");
            }

            await output.WriteLineAsync($"{table.Name.PadRight(width)}  {inSource,10}  {inTarget,10}{(same ? "" : "  MISMATCH")}");
        }

        await output.WriteLineAsync($"{"(all)".PadRight(width)}  {sourceTotal,10}  {targetTotal,10}");

        await output.WriteLineAsync();
        await output.WriteLineAsync("Sums of the money columns (amounts in fen) and of every decimal column (rates, scores):");
        foreach (var table in tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var decimals = table.Columns.Where(c => c.IsChecksummed).ToList();
            if (decimals.Count == 0)
            {
                continue;
            }

            var inSource = await DecimalSumsAsync(source, table.Source, decimals.Select(c => (c.Name, c.SourceMapping)).ToList(), cancellationToken);
            var inTarget = await DecimalSumsAsync(target, table.Target, decimals.Select(c => (c.Name, c.TargetMapping)).ToList(), cancellationToken);
            for (var i = 0; i < decimals.Count; i++)
            {
                var same = inSource[i] == inTarget[i];
                var name = $"{table.Name}.{decimals[i].Name}";
                if (!same)
                {
                    problems.Add($"{name}: sums to {inSource[i].ToString(CultureInfo.InvariantCulture)} in the source, {inTarget[i].ToString(CultureInfo.InvariantCulture)} in the target");
                }

                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {name.PadRight(width + 24)}  {inSource[i],24}  {inTarget[i],24}{(same ? "" : "  MISMATCH")}"));
            }
        }

        await output.WriteLineAsync();
        if (problems.Count > 0)
        {
            await output.WriteLineAsync("FAILED: the target does not hold what the source holds:");
            foreach (var problem in problems)
            {
                await output.WriteLineAsync($"  {problem}");
            }

            await output.WriteLineAsync("Do not switch the install to the target. Keep running the embedded install and report this output.");
            return Mismatch;
        }

        await output.WriteLineAsync($"OK: {tables.Count} tables, {targetTotal} rows copied; every count and every sum is equal.");
        await output.WriteLineAsync("Next:");
        await output.WriteLineAsync("  1. Start the app on the target database (the chart's production values: Database:Provider=SqlServer, Database:MigrateOnStartup=false with the migration job).");
        await output.WriteLineAsync("  2. Rebuild the search index (财政局管理员: POST /api/host/search/rebuild, or the search page's rebuild button): the index is not in the database.");
        await output.WriteLineAsync("  3. Hangfire's job history is not copied; recurring jobs are registered again when the app starts.");
        await output.WriteLineAsync("  Sign-ins and tokens stay valid: users, passwords and the data-protection keys were copied.");
        return Succeeded;
    }
}
