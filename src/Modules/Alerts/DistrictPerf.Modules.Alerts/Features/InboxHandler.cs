using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Localization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>Marks one of the signed-in user's notifications read (another user's is 404).</summary>
internal sealed record MarkNotificationRead(Guid Id) : ICommand<Unit>;

internal sealed class MarkNotificationReadValidator : AbstractValidator<MarkNotificationRead>
{
    public MarkNotificationReadValidator() => RuleFor(x => x.Id).NotEmpty();
}

internal sealed class InboxHandler(DbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<MarkNotificationRead, Unit>
{
    public async ValueTask<Unit> Handle(MarkNotificationRead command, CancellationToken cancellationToken)
    {
        var me = user.Id ?? throw new ForbiddenException(SharedMessages.NoUser);
        var n = await db.Set<Notification>().FirstOrDefaultAsync(x => x.Id == command.Id && x.UserId == me, cancellationToken)
            ?? throw new NotFoundException("Notification", command.Id);
        n.ReadAt ??= clock.GetUtcNow().UtcDateTime;
        return Unit.Value;
    }
}
