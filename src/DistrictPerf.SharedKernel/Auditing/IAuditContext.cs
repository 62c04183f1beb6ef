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
