using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Tenancy;

namespace DistrictPerf.Modules.Bureaus.Domain;

/// <summary>
/// What a bureau says about itself in 部门概况: its internal sections (内设科室), subordinate
/// units (下属事业单位) and duties (职能配置, ordered). One per bureau; edited by the bureau.
/// </summary>
internal sealed class BureauProfile : AuditedEntity, ITenantOwned, IHasConcurrencyStamp
{
    public const int OverviewMaxLength = 4000;

    public Guid? TenantId { get; set; }

    /// <summary>Free text: 部门概况 beyond the lists below (optional).</summary>
    public string? Overview { get; set; }

    public List<ProfileEntry> Entries { get; set; } = [];
    public string? ConcurrencyStamp { get; set; }
}

internal enum ProfileEntryKind
{
    /// <summary>内设科室</summary>
    Section,

    /// <summary>下属事业单位</summary>
    SubordinateUnit,

    /// <summary>职能配置 (one numbered duty)</summary>
    Duty,
}

/// <summary>One line of a profile list; <see cref="Order"/> keeps the order the bureau gave.</summary>
internal sealed class ProfileEntry : ITenantOwned
{
    public const int TextMaxLength = 2000;
    public const int NoteMaxLength = 500;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? TenantId { get; set; }
    public Guid ProfileId { get; set; }
    public ProfileEntryKind Kind { get; set; }
    public int Order { get; set; }

    /// <summary>The section or unit name, or the duty's text.</summary>
    public string Text { get; set; } = "";

    public string? Note { get; set; }
}
