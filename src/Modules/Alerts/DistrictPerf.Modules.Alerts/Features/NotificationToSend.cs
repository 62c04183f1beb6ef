namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>
/// One notification for one user: <see cref="TenantId"/> is the bureau whose users hear of its
/// own warnings, or null for the finance bureau's users (red levels, the interview list).
/// <see cref="EmailTo"/> queues it for the e-mail outbox.
/// </summary>
internal sealed record NotificationToSend(Guid? TenantId, Guid UserId, string? EmailTo, string DedupeKey, string Title, string Body)
{
    public NotificationKey Key => new(TenantId, UserId, DedupeKey);
}
