namespace DistrictPerf.Modules.Bureaus.Contracts;

/// <summary>What other modules may know of a bureau (tenant).</summary>
public sealed record BureauInfo(Guid Id, string Code, string Name, string District, bool IsActive);

/// <summary>
/// Host-level lookup of bureaus, cached briefly; used on every request to resolve and check
/// the tenant and at sign-in to find a bureau by code.
/// </summary>
public interface IBureauDirectory
{
    Task<BureauInfo?> FindAsync(Guid id, CancellationToken cancellationToken = default);

    Task<BureauInfo?> FindByCodeAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>
    /// The bureau as of the host data's version <paramref name="hostVersion"/> (read from the database by the caller,
    /// before this call — DataVersionReader): a cached entry loaded under another version is loaded again, so a rename
    /// or a disabled bureau on one replica is seen by the next request on every replica.
    /// </summary>
    Task<BureauInfo?> FindAsync(Guid id, string hostVersion, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="FindAsync(Guid, string, CancellationToken)"/>
    Task<BureauInfo?> FindByCodeAsync(string code, string hostVersion, CancellationToken cancellationToken = default);

    /// <summary>Every bureau, ordered by code (one query; host-side lists and set-based views).</summary>
    Task<IReadOnlyList<BureauInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Drops cached entries after a bureau changed (rename, disable).</summary>
    void Invalidate(Guid id);
}
