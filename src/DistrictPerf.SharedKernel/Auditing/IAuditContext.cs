namespace DistrictPerf.SharedKernel.Auditing;

/// <summary>Ambient facts the auditing interceptor records (the request's trace id, the acting user).</summary>
public interface IAuditContext
{
    Guid? UserId { get; }
    string? UserName { get; }
    string? CorrelationId { get; }
}

/// <summary>Properties never copied into the audit log.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;

/// <summary>
/// Rows inserted in bulk (a spreadsheet import) are audited once, through the batch that
/// wrote them (which is itself audited with its file, counts and user), not row by row.
/// Updates and deletes of such rows are audited as usual.
/// </summary>
public interface IBatchAudited
{
    Guid? AuditBatchId { get; }
}
