namespace DistrictPerf.SharedKernel.Tenancy;

/// <summary>
/// An entity that belongs to one bureau (or, where <see cref="TenantId"/> is null, to the host).
/// The persistence layer filters every query on it by the current tenant (named filter
/// <see cref="TenantFilter.Name"/>), stamps <see cref="TenantId"/> on insert and refuses a
/// write whose <see cref="TenantId"/> differs from the current tenant.
/// </summary>
public interface ITenantOwned
{
    Guid? TenantId { get; set; }
}

/// <summary>
/// Marks an entity that deliberately belongs to the host and is not filtered by tenant
/// (bureaus themselves, role definitions). Every entity is either this or <see cref="ITenantOwned"/>;
/// an architecture test holds it.
/// </summary>
public interface IHostLevel;

public static class TenantFilter
{
    /// <summary>Name of the EF Core query filter that isolates bureaus.</summary>
    public const string Name = "Tenant";
}
