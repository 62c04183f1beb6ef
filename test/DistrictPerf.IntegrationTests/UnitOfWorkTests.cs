using DistrictPerf.Host.Persistence;
using DistrictPerf.SharedKernel.Messaging;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Mediator;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace DistrictPerf.IntegrationTests;

/// <summary>
/// The one transaction site on a real SQLite file: after-commit work runs only after a commit,
/// and under a retrying execution strategy (as SQL Server's EnableRetryOnFailure) a unit of work
/// is replayed whole from a clean change tracker.
/// </summary>
public sealed class UnitOfWorkTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"districtperf-uow-{Guid.NewGuid():N}.db");

    public sealed record Probe : ICommand<int>;

    private SqliteDistrictPerfDbContext NewContext(bool retrying = false) =>
        new(new DbContextOptionsBuilder<SqliteDistrictPerfDbContext>()
            .UseSqlite($"Data Source={_file}", o =>
            {
                if (retrying)
                {
                    o.ExecutionStrategy(d => new RetryOnTransientStrategy(d));
                }
            })
            .Options);

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
        var behavior = new UnitOfWorkBehavior<Probe, int>(new UnitOfWork(db, afterCommit));
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

    [Fact]
    public async Task UnderARetryingStrategy_AUserTransactionOutsideTheUnitFails_ButTheUnitOfWorkWorks()
    {
        await using var db = NewContext(retrying: true);

        // What broke nearly every write on SQL Server: EF refuses to save inside a transaction
        // that was opened outside the execution strategy.
        await using (await db.Database.BeginTransactionAsync())
        {
            db.Add(new DataProtectionKey { FriendlyName = "outside-the-unit", Xml = "<key/>" });
            var refused = await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            refused.Message.ShouldContain("user-initiated transactions");
        }

        db.ChangeTracker.Clear();

        var unit = new UnitOfWork(db, new AfterCommit(db));
        await unit.ExecuteAsync(_ =>
        {
            db.Add(new DataProtectionKey { FriendlyName = "through-the-unit", Xml = "<key/>" });
            return Task.CompletedTask;
        });

        await using var check = NewContext();
        (await check.Set<DataProtectionKey>().CountAsync(k => k.FriendlyName == "through-the-unit")).ShouldBe(1);
    }

    [Fact]
    public async Task ATransientFailure_ReplaysTheWholeUnitFromACleanTracker_AndRunsAfterCommitOnce()
    {
        await using var db = NewContext(retrying: true);
        var afterCommit = new AfterCommit(db);
        var unit = new UnitOfWork(db, afterCommit);
        var attempts = 0;
        var afterCommitRuns = 0;
        var trackedAtStart = new List<int>();

        var result = await unit.ExecuteAsync(async ct =>
        {
            attempts++;
            trackedAtStart.Add(db.ChangeTracker.Entries().Count());
            db.Add(new DataProtectionKey { FriendlyName = "replayed", Xml = $"<key attempt='{attempts}'/>" });
            afterCommit.Add(() => afterCommitRuns++);
            if (attempts == 1)
            {
                // Written inside the first attempt's transaction, then the connection "drops".
                await db.SaveChangesAsync(ct);
                throw new TransientTestException();
            }

            return attempts;
        });

        result.ShouldBe(2);
        trackedAtStart.ShouldBe([0, 0]); // the retry did not inherit the failed attempt's entity
        afterCommitRuns.ShouldBe(1);
        await using var check = NewContext();
        var rows = await check.Set<DataProtectionKey>().Where(k => k.FriendlyName == "replayed").Select(k => k.Xml).ToListAsync();
        rows.ShouldBe(["<key attempt='2'/>"]); // the first attempt rolled back, the replay committed once
    }

    [Fact]
    public async Task TheFirstAttemptToo_StartsFromACleanTracker_SoAUnitSavesOnlyWhatItDid()
    {
        await using var db = NewContext(retrying: true);
        var unit = new UnitOfWork(db, new AfterCommit(db));

        // Left tracked by earlier work outside any unit: a retry would drop it, so the first attempt must too.
        db.Add(new DataProtectionKey { FriendlyName = "tracked-before", Xml = "<key/>" });
        await unit.ExecuteAsync(_ =>
        {
            db.Add(new DataProtectionKey { FriendlyName = "the-unit", Xml = "<key/>" });
            return Task.CompletedTask;
        });

        await using var check = NewContext();
        (await check.Set<DataProtectionKey>().Where(k => k.FriendlyName == "tracked-before" || k.FriendlyName == "the-unit").Select(k => k.FriendlyName).ToListAsync())
            .ShouldBe(["the-unit"]);
    }

    [Fact]
    public async Task NestedUnits_JoinTheOuterTransaction()
    {
        await using var db = NewContext(retrying: true);
        var unit = new UnitOfWork(db, new AfterCommit(db));
        await Should.ThrowAsync<InvalidOperationException>(() => unit.ExecuteAsync(async ct =>
        {
            await unit.ExecuteAsync(_ =>
            {
                db.Add(new DataProtectionKey { FriendlyName = "inner", Xml = "<key/>" });
                return Task.CompletedTask;
            }, ct);
            throw new InvalidOperationException("the outer unit fails after the inner one returned");
        }));

        await using var check = NewContext();
        (await check.Set<DataProtectionKey>().CountAsync(k => k.FriendlyName == "inner")).ShouldBe(0);
    }

    private sealed class TransientTestException : Exception;

    /// <summary>A retrying strategy like SQL Server's, retrying only the test's transient failure.</summary>
    private sealed class RetryOnTransientStrategy(ExecutionStrategyDependencies dependencies)
        : ExecutionStrategy(dependencies, maxRetryCount: 3, maxRetryDelay: TimeSpan.FromMilliseconds(10))
    {
        protected override bool ShouldRetryOn(Exception exception) => exception is TransientTestException;

        protected override TimeSpan? GetNextDelay(Exception lastException) => TimeSpan.Zero;
    }
}
