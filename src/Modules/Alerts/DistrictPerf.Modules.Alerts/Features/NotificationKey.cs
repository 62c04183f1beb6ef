namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>
/// The one de-duplication rule for notifications: a notification exists once per tenant × user ×
/// dedupe key — the unique index on <c>Notifications</c> (TenantId, UserId, DedupeKey). A row of
/// another tenant (a host-level notification, another bureau's) never stands in for this tenant's:
/// the inbox only shows a user the rows of the tenant they act in. Every path that sends uses
/// <see cref="Unsent"/>.
/// </summary>
internal readonly record struct NotificationKey(Guid? TenantId, Guid UserId, string DedupeKey)
{
    /// <summary>
    /// The notifications of <paramref name="notifications"/> whose key is not in <paramref name="sent"/>,
    /// each key once (the first one wins), in their order.
    /// </summary>
    public static IReadOnlyList<NotificationToSend> Unsent(IEnumerable<NotificationToSend> notifications, IEnumerable<NotificationKey> sent)
    {
        var seen = new HashSet<NotificationKey>(sent);
        return notifications.Where(n => seen.Add(n.Key)).ToList();
    }
}
