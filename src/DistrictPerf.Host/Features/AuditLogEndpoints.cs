using DistrictPerf.Host.Localization;
using DistrictPerf.SharedKernel.Auditing;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Host.Features;

internal sealed record AuditLogEntryDto(
    Guid Id, Guid? BureauId, DateTime OccurredAt, Guid? UserId, string? UserName, string? CorrelationId,
    AuditAction Action, string EntityType, string EntityId, string Changes);

internal sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

/// <summary>The audit log: a bureau reads its own; the host reads its own or, on the host endpoint, any bureau's.</summary>
internal static class AuditLogEndpoints
{
    public const int MaxPageSize = 200;

    /// <summary>The audit entity type of the bureau register's rows (the Bureaus module's <c>Bureau</c>).</summary>
    public const string BureauEntityType = "Bureau";

    public static void Map(RouteGroupBuilder api, RouteGroupBuilder host)
    {
        api.MapGet("/audit-logs", async (DbContext db, string? entityType, string? entityId, int? page, int? pageSize, CancellationToken ct) =>
                await Page(db.Set<AuditLogEntry>(), entityType, entityId, page, pageSize, ct))
            .RequirePermission(Permissions.AuditLogsView)
            .WithTags("Audit")
            .WithName("ListAuditLog")
            .WithSummary("本部门（或财政局）审计日志 / The current bureau's (or the host's) audit log");

        host.MapGet("/audit-logs", async (DbContext db, Guid? bureauId, string? userName, AuditAction? action, DateTime? from, DateTime? to,
                string? entityType, string? entityId, int? page, int? pageSize, CancellationToken ct) =>
            {
                // Explicit cross-bureau read: the tenant filter is switched off by name, here only.
                var query = db.Set<AuditLogEntry>().IgnoreQueryFilters([TenantFilter.Name]);
                if (bureauId is { } id)
                {
                    // The bureau's own rows, and the host's rows about the bureau itself (its register entry: created,
                    // renamed, disabled), which are host-level and carry no bureau.
                    var key = id.ToString();
                    query = query.Where(e => e.TenantId == id || (e.TenantId == null && e.EntityType == BureauEntityType && e.EntityId == key));
                }

                if (!string.IsNullOrWhiteSpace(userName))
                {
                    var name = userName.Trim();
                    query = query.Where(e => e.UserName == name);
                }

                if (action is { } a)
                {
                    query = query.Where(e => e.Action == a);
                }

                if (from is { } f && to is { } t && Utc(t) < Utc(f))
                {
                    throw new SharedKernel.Errors.FieldValidationException("to", HostMessages.AuditRangeReversed, "audit.range_reversed");
                }

                if (from is { } start)
                {
                    var utc = Utc(start);
                    query = query.Where(e => e.OccurredAt >= utc);
                }

                if (to is { } end)
                {
                    var utc = Utc(end);
                    query = query.Where(e => e.OccurredAt <= utc);
                }

                return await Page(query, entityType, entityId, page, pageSize, ct);
            })
            .RequirePermission(Permissions.HostAuditLogsView)
            .WithName("ListAllAuditLogs")
            .Produces<PagedResult<AuditLogEntryDto>>()
            .ProducesValidationProblem()
            .WithSummary("全区审计日志（财政局）/ Every bureau's audit log (host)");
    }

    /// <summary>A time of the filter in UTC: with an offset (<c>Z</c>, <c>+08:00</c>) converted, without one taken as UTC.</summary>
    private static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => time,
    };

    private static async Task<IResult> Page(
        IQueryable<AuditLogEntry> query, string? entityType, string? entityId, int? page, int? pageSize, CancellationToken ct)
    {
        var p = page ?? 1;
        var size = pageSize ?? 50;
        var errors = new SharedKernel.Errors.FieldErrors();
        if (p is < 1 or > 1_000_000)
        {
            errors.Add("page", "page_range", HostMessages.AuditPageRange);
        }

        if (size is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", "page_size_range", HostMessages.AuditPageSizeRange(MaxPageSize));
        }

        errors.ThrowIfAny();

        query = query.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(entityType))
        {
            query = query.Where(e => e.EntityType == entityType);
        }

        if (!string.IsNullOrWhiteSpace(entityId))
        {
            query = query.Where(e => e.EntityId == entityId);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip((p - 1) * size).Take(size)
            .Select(e => new AuditLogEntryDto(e.Id, e.TenantId, e.OccurredAt, e.UserId, e.UserName, e.CorrelationId, e.Action, e.EntityType, e.EntityId, e.Changes))
            .ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<AuditLogEntryDto>(items, total, p, size));
    }
}
