using DistrictPerf.Host.Persistence;
using DistrictPerf.Modules.Alerts.Contracts;
using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.SharedKernel.Auditing;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace DistrictPerf.IntegrationTests;

/// <summary>
/// The set-based upsert on a real, migrated SQLite file (and the SQL Server statement through the
/// T-SQL parser): rows read back exactly as EF writes them, reruns update in place, the tenant and
/// audit rules hold, and a failed statement leaves nothing behind.
/// </summary>
public sealed class BulkUpsertTests : IAsyncLifetime
{
    private static readonly string[] Key = [nameof(BudgetWarning.TenantId), nameof(BudgetWarning.FiscalYear), nameof(BudgetWarning.Month), nameof(BudgetWarning.Scope)];
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"districtperf-bulk-{Guid.NewGuid():N}.db");
    private readonly CurrentTenant _tenant = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2021, 7, 1, 2, 0, 0, TimeSpan.Zero));
    private readonly Audit _audit = new(Guid.Parse("0f5c2b7e-1d3a-4e55-9c1b-2a6f7e8d9c01"));

    private sealed record Audit(Guid? UserId) : IAuditContext
    {
        public string? UserName => "test";
        public string? CorrelationId => null;
    }

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        _services?.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(f);
        }

        return Task.CompletedTask;
    }

    private ServiceProvider? _services;

    private SqliteDistrictPerfDbContext NewContext() => new(
        new DbContextOptionsBuilder<SqliteDistrictPerfDbContext>()
            .UseSqlite($"Data Source={_file}")
            .AddInterceptors(new AuditingInterceptor(_tenant, _audit, _clock, new AuditingOptions()))
            // The context reads its tenant from the application's services (the app's contexts are pooled).
            .UseApplicationServiceProvider(_services ??= new ServiceCollection().AddSingleton<ICurrentTenant>(_tenant).BuildServiceProvider())
            .Options);

    private BulkUpsert Writer() => new(_tenant, _audit, _clock);

    private static BudgetWarning Warning(Guid tenant, WarningScope scope, decimal rate, Guid run, int month = 6) => new()
    {
        TenantId = tenant, FiscalYear = 2021, Month = month, Scope = scope, Level = rate < 0.3m ? WarningLevel.Red : WarningLevel.Yellow,
        ExecutionRate = rate, TimeProgress = month / 12m, GapPoints = (rate - (month / 12m)) * 100m, ProjectedYearEndRate = rate / (month / 12m),
        ForecastWarning = true, Interview = scope == WarningScope.Total && rate < 0.3m, RunId = run,
    };

    [Fact]
    public async Task Inserts_ThenUpdatesInPlace_AndRowsReadBackExactly()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var run1 = Guid.NewGuid();
        // 1/3 has 28 significant digits: the stored text must keep all of them.
        var rows = new[] { Warning(a, WarningScope.Total, 1m / 3m, run1), Warning(a, WarningScope.Basic, 0.25m, run1), Warning(b, WarningScope.Total, 0.4605m, run1) };
        await using (var db = NewContext())
        using (_tenant.AllowWritesFor(new HashSet<Guid> { a, b }))
        {
            (await Writer().UpsertAsync(db, rows, Key)).ShouldBe(3);
        }

        await using (var db = NewContext())
        {
            var stored = await db.Set<BudgetWarning>().IgnoreQueryFilters().AsNoTracking().OrderBy(w => w.CreatedAt).ToListAsync();
            stored.Count.ShouldBe(3);
            foreach (var row in rows)
            {
                var s = stored.Single(w => w.TenantId == row.TenantId && w.Scope == row.Scope);
                s.Id.ShouldBe(row.Id);
                s.ExecutionRate.ShouldBe(row.ExecutionRate);
                s.GapPoints.ShouldBe(row.GapPoints);
                s.ProjectedYearEndRate.ShouldBe(row.ProjectedYearEndRate);
                s.TimeProgress.ShouldBe(0.5m);
                s.Level.ShouldBe(row.Level);
                s.Interview.ShouldBe(row.Interview);
                s.RunId.ShouldBe(run1);
                s.CreatedAt.ShouldBe(_clock.GetUtcNow().UtcDateTime);
                s.CreatedBy.ShouldBe(_audit.UserId);
                s.ModifiedAt.ShouldBeNull();
            }

            // EF's own parameters find the rows: ids, decimals and enums are stored in EF's formats.
            var third = 1m / 3m;
            (await db.Set<BudgetWarning>().IgnoreQueryFilters().CountAsync(w => w.Id == rows[0].Id && w.ExecutionRate == third && w.Scope == WarningScope.Total)).ShouldBe(1);
        }

        // The same keys again with new values: updated in place, ids and creation stamps kept, nothing duplicated.
        _clock.Advance(TimeSpan.FromDays(31));
        var run2 = Guid.NewGuid();
        var again = new[] { Warning(a, WarningScope.Total, 0.2m, run2), Warning(b, WarningScope.Total, 0.5m, run2), Warning(b, WarningScope.Project, 0.1m, run2) };
        await using (var db = NewContext())
        using (_tenant.AllowWritesFor(new HashSet<Guid> { a, b }))
        {
            (await Writer().UpsertAsync(db, again, Key)).ShouldBe(3);
        }

        await using (var db = NewContext())
        {
            var stored = await db.Set<BudgetWarning>().IgnoreQueryFilters().AsNoTracking().ToListAsync();
            stored.Count.ShouldBe(4);
            var total = stored.Single(w => w.TenantId == a && w.Scope == WarningScope.Total);
            total.Id.ShouldBe(rows[0].Id);
            total.ExecutionRate.ShouldBe(0.2m);
            total.Level.ShouldBe(WarningLevel.Red);
            total.RunId.ShouldBe(run2);
            total.CreatedAt.ShouldBe(new DateTime(2021, 7, 1, 2, 0, 0, DateTimeKind.Utc));
            total.ModifiedAt.ShouldBe(_clock.GetUtcNow().UtcDateTime);
            total.ModifiedBy.ShouldBe(_audit.UserId);
            stored.Single(w => w.TenantId == a && w.Scope == WarningScope.Basic).RunId.ShouldBe(run1); // not in the second batch: untouched
            stored.Single(w => w.TenantId == b && w.Scope == WarningScope.Project).ModifiedAt.ShouldBeNull();
        }
    }

    [Fact]
    public async Task StoresEveryColumn_ExactlyAsSaveChangesDoes()
    {
        var viaEf = Guid.NewGuid();
        var viaBulk = Guid.NewGuid();
        var run = Guid.NewGuid();
        await using (var db = NewContext())
        {
            using (_tenant.Change(viaEf))
            {
                db.Add(Warning(viaEf, WarningScope.Total, 2m / 7m, run));
                await db.SaveChangesAsync();
            }

            using (_tenant.Change(viaBulk))
            {
                await Writer().UpsertAsync(db, [Warning(viaBulk, WarningScope.Total, 2m / 7m, run)], Key);
            }
        }

        // Compare the raw stored values (type and text) column by column, apart from the row's own id and tenant.
        await using var connection = new SqliteConnection($"Data Source={_file}");
        await connection.OpenAsync();
        async Task<Dictionary<string, string>> Raw(Guid tenant)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM BudgetWarnings WHERE TenantId = upper($t)";
            command.Parameters.AddWithValue("$t", tenant.ToString());
            await using var reader = await command.ExecuteReaderAsync();
            (await reader.ReadAsync()).ShouldBeTrue($"no row stored for {tenant}");
            return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => $"{reader.GetDataTypeName(i)}:{reader.GetValue(i)}");
        }

        var ef = await Raw(viaEf);
        var bulk = await Raw(viaBulk);
        bulk.Keys.Order().ShouldBe(ef.Keys.Order());
        foreach (var column in ef.Keys.Except(["Id", "TenantId"]))
        {
            bulk[column].ShouldBe(ef[column], $"column {column}");
        }

        bulk["Id"].Length.ShouldBe(ef["Id"].Length);
        bulk["Id"].ShouldBe(bulk["Id"].ToUpperInvariant());
    }

    [Fact]
    public async Task RowsOfABureauOutsideTheBatch_AreRefused_AndNothingIsWritten()
    {
        var allowed = Guid.NewGuid();
        var other = Guid.NewGuid();
        var run = Guid.NewGuid();
        await using (var db = NewContext())
        {
            using (_tenant.AllowWritesFor(new HashSet<Guid> { allowed }))
            {
                await Should.ThrowAsync<CrossTenantWriteException>(() =>
                    Writer().UpsertAsync(db, [Warning(allowed, WarningScope.Total, 0.5m, run), Warning(other, WarningScope.Total, 0.5m, run)], Key));
            }

            // A bureau writes its own rows only; host rows need the host.
            using (_tenant.Change(allowed))
            {
                await Should.ThrowAsync<CrossTenantWriteException>(() => Writer().UpsertAsync(db, [Warning(other, WarningScope.Total, 0.5m, run)], Key));
            }
        }

        await using (var check = NewContext())
        {
            (await check.Set<BudgetWarning>().IgnoreQueryFilters().CountAsync()).ShouldBe(0);
        }
    }

    [Fact]
    public async Task RowsWithoutABatch_ConflictKeysWithoutTheTenant_OrWithoutAUniqueIndex_AreRefused()
    {
        var tenant = Guid.NewGuid();
        await using var db = NewContext();
        using var scope = _tenant.Change(tenant);
        (await Should.ThrowAsync<InvalidOperationException>(() => Writer().UpsertAsync(db, [Warning(tenant, WarningScope.Total, 0.5m, Guid.Empty)], Key)))
            .Message.ShouldContain("AuditBatchId");
        (await Should.ThrowAsync<InvalidOperationException>(() => Writer().UpsertAsync(db, [Warning(tenant, WarningScope.Total, 0.5m, Guid.NewGuid())], ["FiscalYear", "Month", "Scope"])))
            .Message.ShouldContain("TenantId");
        (await Should.ThrowAsync<InvalidOperationException>(() => Writer().UpsertAsync(db, [Warning(tenant, WarningScope.Total, 0.5m, Guid.NewGuid())], ["TenantId", "Month"])))
            .Message.ShouldContain("unique index");
        (await db.Set<BudgetWarning>().IgnoreQueryFilters().CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ManyRows_SpanSeveralStatements_InTheCallersTransaction()
    {
        // 1,800 bureaus × 3 scopes = 5,400 rows: more than one SQLite statement takes.
        var tenants = Enumerable.Range(0, 1_800).Select(_ => Guid.NewGuid()).ToList();
        var run = Guid.NewGuid();
        var rows = tenants.SelectMany(t => new[] { WarningScope.Total, WarningScope.Basic, WarningScope.Project }.Select((s, i) => Warning(t, s, (i + 1) / 10m, run))).ToList();
        await using (var db = NewContext())
        using (_tenant.AllowWritesFor(tenants.ToHashSet()))
        {
            BulkUpsert.Preview(db, rows, Key).Count.ShouldBeGreaterThan(1);

            // Rolled back with the caller's transaction: nothing stays.
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                (await Writer().UpsertAsync(db, rows, Key)).ShouldBe(rows.Count);
                (await db.Set<BudgetWarning>().IgnoreQueryFilters().CountAsync()).ShouldBe(rows.Count);
                await transaction.RollbackAsync();
            }

            (await db.Set<BudgetWarning>().IgnoreQueryFilters().CountAsync()).ShouldBe(0);
            (await Writer().UpsertAsync(db, rows, Key)).ShouldBe(rows.Count);
            (await Writer().UpsertAsync(db, rows, Key)).ShouldBe(rows.Count);
        }

        await using var check = NewContext();
        (await check.Set<BudgetWarning>().IgnoreQueryFilters().CountAsync()).ShouldBe(rows.Count);
        (await check.Set<BudgetWarning>().IgnoreQueryFilters().CountAsync(w => w.Scope == WarningScope.Project && w.ExecutionRate == 0.3m)).ShouldBe(1_800);
    }

    [Fact]
    public void SqlServerStatement_IsAMergeThatParses_InChunksOfAtMost1000Rows()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var run = Guid.NewGuid();
        var rows = Enumerable.Range(0, 1_001).Select(i => Warning(Guid.NewGuid(), WarningScope.Total, i / 1_001m, run)).ToList();
        var statements = BulkUpsert.Preview(db, rows, Key);
        statements.Count.ShouldBe(2);
        statements[0].ShouldStartWith("MERGE INTO [BudgetWarnings] WITH (HOLDLOCK)");
        statements[0].ShouldContain("WHEN MATCHED THEN UPDATE SET");
        statements[0].ShouldNotContain("[t].[CreatedAt] =");
        statements[0].ShouldNotContain("[t].[Id] =");

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        foreach (var statement in statements)
        {
            using var reader = new StringReader(statement);
            var script = (TSqlScript)parser.Parse(reader, out var errors);
            errors.ShouldBeEmpty(string.Join(Environment.NewLine, errors.Select(e => $"{e.Line}:{e.Column} {e.Message}")));
            script.Batches.Single().Statements.Single().ShouldBeOfType<MergeStatement>();
        }
    }
}
