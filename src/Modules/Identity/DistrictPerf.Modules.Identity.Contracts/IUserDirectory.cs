namespace DistrictPerf.Modules.Identity.Contracts;

public sealed record UserContact(Guid Id, string UserName, string? DisplayName, string? Email);

/// <summary>Who holds a role, for notifications: in the current tenant (a bureau, or the host).</summary>
public interface IUserDirectory
{
    Task<IReadOnlyList<UserContact>> ActiveUsersInRolesAsync(IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default);
}
