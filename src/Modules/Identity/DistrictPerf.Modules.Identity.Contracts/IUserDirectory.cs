namespace DistrictPerf.Modules.Identity.Contracts;

public sealed record UserContact(Guid Id, string UserName, string? DisplayName, string? Email);

/// <summary>Who holds a role, for notifications: in the current tenant (a bureau, or the host).</summary>
public interface IUserDirectory
{
    Task<IReadOnlyList<UserContact>> ActiveUsersInRolesAsync(IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default);

    /// <summary>Host-side, one query: the active users holding <paramref name="roles"/> in each of <paramref name="bureauIds"/>.</summary>
    Task<ILookup<Guid, UserContact>> ActiveUsersByBureauAsync(IReadOnlyCollection<Guid> bureauIds, IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default);
}
