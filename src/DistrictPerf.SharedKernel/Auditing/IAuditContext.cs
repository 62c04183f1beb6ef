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
/// Rows written in bulk (a spreadsheet import, a warning run) are audited once, through the
/// batch that wrote them (which is itself audited with its file or month, counts and user),
/// not row by row: inserts and updates carrying a batch id are not logged one by one.
/// Deletes are always logged.
/// </summary>
public interface IBatchAudited
{
    Guid? AuditBatchId { get; }
}
