using DistrictPerf.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.SharedKernel.Persistence;

/// <summary>
/// The one place where DistrictPerf opens a transaction and saves. A command (through
/// <see cref="UnitOfWorkBehavior{TMessage,TResponse}"/>), a job's unit of work and an import
/// all run their work here:
/// <list type="number">
/// <item>inside the database provider's execution strategy (SQL Server's retry on transient
/// failures; a single attempt on SQLite) — EF Core refuses a user transaction outside it;</item>
/// <item>each attempt (the first one too) starts from a clean change tracker and runs the whole
/// work again — work must read what it needs inside the unit;</item>
/// <item>one transaction, one final SaveChanges, commit;</item>
/// <item>after-commit actions (<see cref="AfterCommit"/>) run once, after the successful attempt;
/// a failed unit leaves nothing tracked and drops its after-commit actions.</item>
/// </list>
/// Work started while a unit is already open joins it (nested commands, a job step inside a job).
/// </summary>
public sealed class UnitOfWork(DbContext db, AfterCommit afterCommit)
{
    /// <summary>True while a unit of work is open on this scope's context.</summary>
    public bool IsActive => db.Database.CurrentTransaction is not null;

    /// <summary>
    /// For bulk writes inside an open unit (a 100,000-row import): writes what is tracked so far
    /// within the unit's transaction and empties the change tracker, so memory stays flat. The
    /// rows commit or roll back with the unit; a retry replays the unit from its start.
    /// </summary>
    public async Task FlushBatchAsync(CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("FlushBatchAsync is only valid inside UnitOfWork.ExecuteAsync.");
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public async Task ExecuteAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken = default) =>
        await ExecuteAsync<bool>(
            async ct =>
            {
                await work(ct);
                return true;
            },
            cancellationToken);

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work(cancellationToken);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            var result = await strategy.ExecuteAsync(
                async ct =>
                {
                    // Every attempt starts from a clean tracker: the first one saves only what the unit
                    // did, and a retry replays the whole unit without saving anything of the failed
                    // attempt twice (nor its after-commit actions).
                    db.ChangeTracker.Clear();
                    afterCommit.Discard();

                    await using var transaction = await db.Database.BeginTransactionAsync(ct);
                    var value = await work(ct);
                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                    return value;
                },
                cancellationToken);
            afterCommit.Run();
            return result;
        }
        catch
        {
            // Nothing of a failed unit may stay tracked and be saved by a later call.
            db.ChangeTracker.Clear();
            afterCommit.Discard();
            throw;
        }
    }
}
