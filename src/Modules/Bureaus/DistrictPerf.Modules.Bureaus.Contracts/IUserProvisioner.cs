namespace DistrictPerf.Modules.Bureaus.Contracts;

public sealed record NewUser(string UserName, string Password, string? DisplayName, string? Email, IReadOnlyCollection<string> Roles);

/// <summary>
/// The port through which a bureau gets its users: Bureaus creates a bureau with its first
/// administrator through it, and the Identity module implements it (Identity depends on
/// Bureaus, never the other way round). Creates a user in the <em>current</em> tenant (switch
/// with <c>ICurrentTenant.Change</c> first). Invalid user names or passwords raise a
/// <c>FieldValidationException</c> whose field names are prefixed with <paramref name="fieldPrefix"/>
/// (e.g. <c>admin.password</c>).
/// </summary>
public interface IUserProvisioner
{
    Task<Guid> CreateAsync(NewUser user, string fieldPrefix, CancellationToken cancellationToken = default);
}
