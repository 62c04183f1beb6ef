using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.SharedKernel.Messaging;

/// <summary>
/// One transaction per command: everything a command handler writes (including what
/// Identity's managers save on their own) commits together after one final SaveChanges,
/// or not at all. Queries pass straight through. Nested commands join the outer transaction.
/// </summary>
public sealed class UnitOfWorkBehavior<TMessage, TResponse>(DbContext db, AfterCommit afterCommit)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IBaseCommand
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await next(message, cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var response = await next(message, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            afterCommit.Run();
            return response;
        }
        catch
        {
            // Nothing of a failed command may stay tracked and be saved by a later call.
            db.ChangeTracker.Clear();
            afterCommit.Discard();
            throw;
        }
    }
}
