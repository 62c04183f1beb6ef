using DistrictPerf.Host.Persistence;
using DistrictPerf.SharedKernel.Messaging;
using DistrictPerf.SharedKernel.Tenancy;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.IntegrationTests;

/// <summary>The per-command transaction on a real SQLite file: after-commit work runs only after a commit.</summary>
public sealed class UnitOfWorkTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"districtperf-uow-{Guid.NewGuid():N}.db");

    public sealed record Probe : ICommand<int>;

    private SqliteDistrictPerfDbContext NewContext() =>
        new(new DbContextOptionsBuilder<SqliteDistrictPerfDbContext>().UseSqlite($"Data Source={_file}").Options, new CurrentTenant());

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AfterCommitWork_RunsOnceTheTransactionCommitted_AndNeverAfterARollback()
    {
        await using var db = NewContext();
        var afterCommit = new AfterCommit(db);
        var behavior = new UnitOfWorkBehavior<Probe, int>(db, afterCommit);
        var ran = 0;
        var inTransaction = false;

        var result = await behavior.Handle(new Probe(), (_, _) =>
        {
            inTransaction = db.Database.CurrentTransaction is not null;
            afterCommit.Add(() => ran++);
            ran.ShouldBe(0); // not yet: the transaction is still open
            return ValueTask.FromResult(42);
        }, CancellationToken.None);
        result.ShouldBe(42);
        inTransaction.ShouldBeTrue();
        ran.ShouldBe(1);

        await Should.ThrowAsync<InvalidOperationException>(async () => await behavior.Handle(new Probe(), (_, _) =>
        {
            afterCommit.Add(() => ran++);
            throw new InvalidOperationException("the command fails");
        }, CancellationToken.None));
        ran.ShouldBe(1); // rolled back: dropped

        // A later successful command does not run the dropped action either.
        await behavior.Handle(new Probe(), (_, _) => ValueTask.FromResult(0), CancellationToken.None);
        ran.ShouldBe(1);

        // Outside any transaction the work runs at once.
        afterCommit.Add(() => ran++);
        ran.ShouldBe(2);
    }
}
