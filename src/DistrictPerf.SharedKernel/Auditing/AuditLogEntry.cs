using DistrictPerf.SharedKernel.Tenancy;

namespace DistrictPerf.SharedKernel.Auditing;

public enum AuditAction
{
    Created,
    Modified,
    Deleted,
}

/// <summary>One row per entity written: who, when, in which bureau, what changed (before/after as JSON).</summary>
public sealed class AuditLogEntry : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? TenantId { get; set; }
    public DateTime OccurredAt { get; set; }
    public Guid? UserId { get; set; }
    public string? UserName { get; set; }

    /// <summary>The request or job that made the change (trace identifier).</summary>
    public string? CorrelationId { get; set; }

    public AuditAction Action { get; set; }
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";

    /// <summary>JSON object: property → { "before": …, "after": … }.</summary>
    public string Changes { get; set; } = "{}";
}
