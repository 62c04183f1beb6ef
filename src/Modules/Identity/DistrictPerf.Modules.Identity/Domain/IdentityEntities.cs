using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace DistrictPerf.Modules.Identity.Domain;

/// <summary>
/// A person who signs in. Belongs to one bureau (<see cref="TenantId"/>) or to the host (null).
/// User names are unique within a bureau, so sign-in names the bureau too.
/// </summary>
internal sealed class AppUser : IdentityUser<Guid>, ITenantOwned, IAudited, IHasConcurrencyStamp
{
    public const int DisplayNameMaxLength = 64;

    public Guid? TenantId { get; set; }
    public string? DisplayName { get; set; }

    /// <summary>Deactivated users cannot sign in; their history stays.</summary>
    public bool IsActive { get; set; } = true;

    public DateTime CreatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public DateTime? ModifiedAt { get; set; }
    public Guid? ModifiedBy { get; set; }
}

/// <summary>A role of the fixed set in <see cref="Roles"/>; host-level (shared by every bureau).</summary>
internal sealed class AppRole : IdentityRole<Guid>, IHostLevel
{
    public RoleSide Side { get; set; }
    public string? DisplayName { get; set; }
}

internal sealed class AppUserRole : IdentityUserRole<Guid>, ITenantOwned
{
    public Guid? TenantId { get; set; }
}

internal sealed class AppUserClaim : IdentityUserClaim<Guid>, ITenantOwned
{
    public Guid? TenantId { get; set; }
}

internal sealed class AppUserLogin : IdentityUserLogin<Guid>, ITenantOwned
{
    public Guid? TenantId { get; set; }
}

internal sealed class AppUserToken : IdentityUserToken<Guid>, ITenantOwned
{
    public Guid? TenantId { get; set; }
}

internal sealed class AppRoleClaim : IdentityRoleClaim<Guid>, IHostLevel;
