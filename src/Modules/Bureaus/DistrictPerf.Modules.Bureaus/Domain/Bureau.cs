using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Tenancy;

namespace DistrictPerf.Modules.Bureaus.Domain;

/// <summary>A government department of the district: the tenant. Owned by the host.</summary>
internal sealed class Bureau : AuditedEntity, IHostLevel, IHasConcurrencyStamp
{
    public const int CodeMaxLength = 32;
    public const int NameMaxLength = 128;
    public const int DistrictMaxLength = 64;

    /// <summary>Short unique code used at sign-in and in the <c>__tenant</c> header, e.g. <c>BYTCJ</c>.</summary>
    public string Code { get; set; } = "";

    /// <summary>Full Chinese name, e.g. 广州市白云区投资促进局.</summary>
    public string Name { get; set; } = "";

    /// <summary>The district it belongs to, e.g. 广州市白云区.</summary>
    public string District { get; set; } = "";

    public bool IsActive { get; set; } = true;
    public DateTime? DisabledAt { get; set; }
    public string? ConcurrencyStamp { get; set; }
}
