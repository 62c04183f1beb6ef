using System.Data.Common;
using System.Text;
using DistrictPerf.SharedKernel.Auditing;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DistrictPerf.SharedKernel.Persistence;

/// <summary>
/// Set-based "insert, or update on conflict" of many rows of one entity type in as few
/// statements as the provider's parameter limit allows: SQLite <c>INSERT … ON CONFLICT DO
/// UPDATE</c>, SQL Server <c>MERGE … WITH (HOLDLOCK)</c>. Values are bound as parameters
/// through EF Core's own type mappings (converters, precision), so rows read back exactly as
/// if <c>SaveChanges</c> had written them. Change tracking is bypassed, so this writer applies
/// the rules the <see cref="AuditingInterceptor"/> would: the tenant guard (every row's bureau
/// is the current one or one the host batch may write), audit stamps, fresh concurrency stamps;
/// and it only takes rows audited through a batch (<see cref="IBatchAudited"/>), whose own
/// audited record says what was written. Joins the context's current transaction.
/// </summary>
public sealed class BulkUpsert(ICurrentTenant currentTenant, IAuditContext auditContext, TimeProvider clock)
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";
    private const string SqlServerProvider = "Microsoft.EntityFrameworkCore.SqlServer";

    /// <summary>Whether <paramref name="db"/>'s provider has a set-based upsert here.</summary>
    public static bool Supports(DbContext db) => db.Database.ProviderName is SqliteProvider or SqlServerProvider;

    /// <summary>
    /// Writes <paramref name="rows"/>: a row whose <paramref name="conflictKey"/> values (backed by a
    /// unique index) match a stored row updates that row (its id and creation stamps stay);
    /// any other row is inserted. Returns the number of rows written.
    /// </summary>
    public async Task<int> UpsertAsync<T>(DbContext db, IReadOnlyList<T> rows, IReadOnlyList<string> conflictKey, CancellationToken cancellationToken = default)
        where T : class, IBatchAudited
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        var plan = Plan<T>(db, conflictKey);
        var tenant = currentTenant.Id;
        var writable = currentTenant.WritableTenants;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var row in rows)
        {
            Check(row, plan, tenant, writable);
            if (row is IAudited audited)
            {
                audited.CreatedAt = now;
                audited.CreatedBy = auditContext.UserId;
                audited.ModifiedAt = null;
                audited.ModifiedBy = null;
            }

            if (row is IHasConcurrencyStamp stamped)
            {
                stamped.ConcurrencyStamp = Guid.NewGuid().ToString("N");
            }
        }

        var written = 0;
        await using var factory = db.Database.GetDbConnection().CreateCommand();
        foreach (var (statement, parameters, count) in Statements(plan, rows, factory, now, auditContext.UserId))
        {
            var affected = await db.Database.ExecuteSqlRawAsync(statement, parameters, cancellationToken);
            written += plan.Provider == SqliteProvider ? affected : count;
        }

        return written;
    }

    /// <summary>The statements that would write <paramref name="rows"/> (for tests that parse the SQL Server text); nothing is executed.</summary>
    public static IReadOnlyList<string> Preview<T>(DbContext db, IReadOnlyList<T> rows, IReadOnlyList<string> conflictKey)
        where T : class, IBatchAudited
    {
        using var factory = db.Database.GetDbConnection().CreateCommand();
        return Statements(Plan<T>(db, conflictKey), rows, factory, DateTime.UnixEpoch, null).Select(s => s.Sql).ToList();
    }

    /// <summary>
    /// Values of non-text columns (ids, numbers, dates, enums) are written as SQL literals made by
    /// EF Core's type mappings, the same literals EF uses for seed data; text and binary values are
    /// always bound as parameters, and so is a value every row of a statement shares (a run id, a
    /// month, the stamps), once. (Binding tens of thousands of named parameters is slow in SQLite:
    /// each name is looked up linearly; making 100,000 literals is slow in .NET.)
    /// </summary>
    private static IEnumerable<(string Sql, List<DbParameter> Parameters, int Count)> Statements(
        UpsertPlan plan, IEnumerable<object> rows, DbCommand factory, DateTime now, Guid? userId)
    {
        var getters = plan.Columns.Select(c => c.Property.GetGetter()).ToArray();
        foreach (var chunk in rows.Chunk(plan.RowsPerStatement))
        {
            var parameters = new List<DbParameter>();
            var values = new object?[chunk.Length, plan.Columns.Count];
            var shared = new string?[plan.Columns.Count];
            for (var c = 0; c < plan.Columns.Count; c++)
            {
                for (var r = 0; r < chunk.Length; r++)
                {
                    values[r, c] = getters[c].GetClrValue(chunk[r]);
                }

                if (chunk.Length > 1 && Enumerable.Range(1, chunk.Length - 1).All(r => Equals(values[r, c], values[0, c])))
                {
                    shared[c] = "@s" + c;
                    parameters.Add(plan.Columns[c].Mapping.CreateParameter(factory, shared[c]!, values[0, c], plan.Columns[c].Property.IsNullable));
                }
            }

            var text = new StringBuilder(chunk.Length * plan.Columns.Count * 24);
            var last = new (object? Value, string Literal)[plan.Columns.Count];
            for (var r = 0; r < chunk.Length; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < plan.Columns.Count; c++)
                {
                    var column = plan.Columns[c];
                    var value = values[r, c];
                    if (c > 0)
                    {
                        text.Append(", ");
                    }

                    if (shared[c] is { } name)
                    {
                        text.Append(name);
                    }
                    else if (column.Inline)
                    {
                        // Neighbouring rows often repeat a value (a bureau's three scopes): reuse its literal.
                        if (r == 0 || !Equals(last[c].Value, value))
                        {
                            last[c] = (value, column.Mapping.GenerateSqlLiteral(value));
                        }

                        text.Append(last[c].Literal);
                    }
                    else
                    {
                        name = "@p" + parameters.Count;
                        parameters.Add(column.Mapping.CreateParameter(factory, name, value, column.Property.IsNullable));
                        text.Append(name);
                    }
                }

                text.Append(')');
            }

            if (plan.Audited)
            {
                parameters.Add(plan.ModifiedAt!.Mapping.CreateParameter(factory, "@modifiedAt", now, nullable: true));
                parameters.Add(plan.ModifiedBy!.Mapping.CreateParameter(factory, "@modifiedBy", userId, nullable: true));
            }

            yield return (plan.Statement(text.ToString()), parameters, chunk.Length);
        }
    }

    private static void Check(object row, UpsertPlan plan, Guid? tenant, IReadOnlySet<Guid>? writable)
    {
        if (((IBatchAudited)row).AuditBatchId is null || ((IBatchAudited)row).AuditBatchId == Guid.Empty)
        {
            throw new InvalidOperationException($"{plan.EntityName}: rows written in bulk must be audited through a batch (AuditBatchId).");
        }

        foreach (var key in plan.Key)
        {
            if (key.Property.GetGetter().GetClrValue(row) is null)
            {
                throw new InvalidOperationException($"{plan.EntityName}: conflict key column {key.Property.Name} is null; a null never matches a stored row.");
            }
        }

        if (row is ITenantOwned owned)
        {
            var allowed = owned.TenantId == tenant || (tenant is null && owned.TenantId is { } t && writable?.Contains(t) == true);
            if (!allowed)
            {
                throw new CrossTenantWriteException(plan.EntityName, owned.TenantId, tenant);
            }
        }
    }

    private static UpsertPlan Plan<T>(DbContext db, IReadOnlyList<string> conflictKey)
    {
        var provider = db.Database.ProviderName ?? "";
        if (provider is not (SqliteProvider or SqlServerProvider))
        {
            throw new NotSupportedException($"No set-based upsert for provider '{provider}'.");
        }

        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        Column ToColumn(IProperty p)
        {
            var mapping = p.GetRelationalTypeMapping();
            var clr = Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType;
            var provider = mapping.Converter?.ProviderClrType ?? clr;
            var inline = clr != typeof(string) && clr != typeof(byte[]) && (clr.IsEnum || provider != typeof(string)) && provider != typeof(byte[]);
            return new Column(p, sql.DelimitIdentifier(p.GetColumnName(table)!), mapping, inline);
        }

        var columns = entityType.GetProperties().Where(p => p.GetColumnName(table) is not null && p.ValueGenerated != ValueGenerated.OnAddOrUpdate).ToList();
        if (columns.FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
        {
            throw new NotSupportedException($"{entityType.ShortName()}.{shadow.Name} is a shadow property; bulk rows need every value on the object.");
        }

        if (typeof(ITenantOwned).IsAssignableFrom(typeof(T)) && !conflictKey.Contains(nameof(ITenantOwned.TenantId)))
        {
            throw new InvalidOperationException($"{entityType.ShortName()}: the conflict key of a bureau's rows must include TenantId, so an update never crosses bureaus.");
        }

        var key = conflictKey.Select(name => entityType.FindProperty(name) ?? throw new InvalidOperationException($"{entityType.ShortName()} has no property {name}.")).ToList();
        var unique = entityType.GetIndexes().Any(i => i.IsUnique && i.Properties.Select(p => p.Name).Order().SequenceEqual(conflictKey.Order()));
        if (!unique)
        {
            throw new InvalidOperationException($"{entityType.ShortName()}: no unique index on ({string.Join(", ", conflictKey)}) to upsert on.");
        }

        var primaryKey = entityType.FindPrimaryKey()!.Properties;
        string[] keepOnUpdate = [nameof(IAudited.CreatedAt), nameof(IAudited.CreatedBy), nameof(IAudited.ModifiedAt), nameof(IAudited.ModifiedBy)];
        var audited = typeof(IAudited).IsAssignableFrom(typeof(T));
        var updated = columns.Where(p => !primaryKey.Contains(p) && !key.Contains(p) && !(audited && keepOnUpdate.Contains(p.Name))).ToList();
        return new UpsertPlan(
            provider,
            entityType.ShortName(),
            sql.DelimitIdentifier(table.Name, table.Schema),
            columns.Select(ToColumn).ToList(),
            key.Select(ToColumn).ToList(),
            updated.Select(ToColumn).ToList(),
            audited,
            audited ? ToColumn(entityType.FindProperty(nameof(IAudited.ModifiedAt))!) : null,
            audited ? ToColumn(entityType.FindProperty(nameof(IAudited.ModifiedBy))!) : null);
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, bool Inline);

    private sealed record UpsertPlan(
        string Provider, string EntityName, string Table, List<Column> Columns, List<Column> Key, List<Column> Updated,
        bool Audited, Column? ModifiedAt, Column? ModifiedBy)
    {
        /// <summary>
        /// Rows per statement: bounded by the parameters (SQLite 32,766; SQL Server 2,100, two kept
        /// for the stamps) and, on SQL Server, by 1,000 rows per table value constructor.
        /// </summary>
        public int RowsPerStatement
        {
            get
            {
                var bound = Columns.Count(c => !c.Inline);
                var (maxParameters, maxRows) = Provider == SqliteProvider ? (32_000, 5_000) : (2_000, 1_000);
                return bound == 0 ? maxRows : Math.Clamp(maxParameters / bound, 1, maxRows);
            }
        }

        public string Statement(string values)
        {
            var text = new StringBuilder(values.Length + 1024);
            var names = string.Join(", ", Columns.Select(c => c.Name));
            if (Provider == SqliteProvider)
            {
                // "INSERT … VALUES … ON CONFLICT": no parsing ambiguity (that is only with INSERT … SELECT).
                text.Append("INSERT INTO ").Append(Table).Append(" (").Append(names).Append(") VALUES ").Append(values);
                text.Append(" ON CONFLICT (").Append(string.Join(", ", Key.Select(c => c.Name))).Append(") DO UPDATE SET ");
                text.AppendJoin(", ", Updated.Select(c => $"{c.Name} = excluded.{c.Name}"));
                if (Audited)
                {
                    text.Append(", ").Append(ModifiedAt!.Name).Append(" = @modifiedAt, ").Append(ModifiedBy!.Name).Append(" = @modifiedBy");
                }

                return text.Append(';').ToString();
            }

            text.Append("MERGE INTO ").Append(Table).Append(" WITH (HOLDLOCK) AS [t] USING (VALUES ").Append(values);
            text.Append(") AS [s] (").Append(names).Append(") ON ");
            text.AppendJoin(" AND ", Key.Select(c => $"[t].{c.Name} = [s].{c.Name}"));
            text.Append(" WHEN MATCHED THEN UPDATE SET ");
            text.AppendJoin(", ", Updated.Select(c => $"[t].{c.Name} = [s].{c.Name}"));
            if (Audited)
            {
                text.Append(", [t].").Append(ModifiedAt!.Name).Append(" = @modifiedAt, [t].").Append(ModifiedBy!.Name).Append(" = @modifiedBy");
            }

            text.Append(" WHEN NOT MATCHED THEN INSERT (").Append(names).Append(") VALUES (");
            text.AppendJoin(", ", Columns.Select(c => $"[s].{c.Name}"));
            return text.Append(");").ToString();
        }
    }
}
