namespace DistrictPerf.SharedKernel.Tenancy;

/// <summary>
/// The bureau (tenant) the current request or job acts in. <c>null</c> means the host
/// (the district finance bureau). Backed by an <see cref="AsyncLocal{T}"/>, so a value set
/// with <see cref="Change"/> flows through awaits and is restored when the scope is disposed.
/// </summary>
public interface ICurrentTenant
{
    /// <summary>The current bureau id, or <c>null</c> on the host side.</summary>
    Guid? Id { get; }

    /// <summary><c>true</c> when code runs on behalf of a bureau.</summary>
    bool IsBureau => Id.HasValue;

    /// <summary>Switches to <paramref name="tenantId"/> until the returned scope is disposed.</summary>
    IDisposable Change(Guid? tenantId);

    /// <summary>
    /// Bureaus a host-side batch (a job's set-based write) may write to, besides the host itself;
    /// null outside such a batch.
    /// </summary>
    IReadOnlySet<Guid>? WritableTenants => null;

    /// <summary>
    /// On the host only: lets one unit of work write rows of exactly <paramref name="tenantIds"/>
    /// (the bureaus a job evaluated), until the scope is disposed. Every other bureau stays refused.
    /// </summary>
    IDisposable AllowWritesFor(IReadOnlySet<Guid> tenantIds) => throw new NotSupportedException();
}
