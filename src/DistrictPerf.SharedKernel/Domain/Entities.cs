namespace DistrictPerf.SharedKernel.Domain;

/// <summary>Created/modified stamps, filled by the auditing interceptor.</summary>
public interface IAudited
{
    DateTime CreatedAt { get; set; }
    Guid? CreatedBy { get; set; }
    DateTime? ModifiedAt { get; set; }
    Guid? ModifiedBy { get; set; }
}

/// <summary>
/// Optimistic concurrency: the stamp is a concurrency token, renewed on every write.
/// A write carrying a stale stamp fails with 409.
/// </summary>
public interface IHasConcurrencyStamp
{
    string? ConcurrencyStamp { get; set; }
}

/// <summary>Base for aggregate roots and entities with a Guid key and audit stamps.</summary>
public abstract class AuditedEntity : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DateTime CreatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public DateTime? ModifiedAt { get; set; }
    public Guid? ModifiedBy { get; set; }
}
