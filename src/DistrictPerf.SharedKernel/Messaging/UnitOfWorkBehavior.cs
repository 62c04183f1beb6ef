using DistrictPerf.SharedKernel.Persistence;
using Mediator;

namespace DistrictPerf.SharedKernel.Messaging;

/// <summary>
/// Every command runs as one <see cref="UnitOfWork"/>: inside the provider's execution strategy,
/// one transaction, one SaveChanges after the handler returns (including what Identity's managers
/// save on their own), commit, then the after-commit actions. Handlers never save or open
/// transactions themselves (an architecture test holds this). Queries pass straight through;
/// nested commands join the outer unit.
/// </summary>
public sealed class UnitOfWorkBehavior<TMessage, TResponse>(UnitOfWork unitOfWork)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IBaseCommand
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken) =>
        await unitOfWork.ExecuteAsync(async ct => await next(message, ct), cancellationToken);
}
