using System.Security.Claims;
using DistrictPerf.SharedKernel.Auditing;
using DistrictPerf.SharedKernel.Authorization;

namespace DistrictPerf.Host.Infrastructure;

/// <summary>The signed-in user of the current HTTP request (nobody outside a request).</summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser, IAuditContext
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;

    public Guid? Id => Guid.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string? UserName => IsAuthenticated ? Principal!.FindFirstValue(ClaimTypes.Name) : null;

    public Guid? HomeTenantId => DistrictPerfClaims.HomeTenantOf(Principal);

    public string? CorrelationId => accessor.HttpContext?.TraceIdentifier;

    Guid? IAuditContext.UserId => Id;

    public bool HasPermission(string permission) =>
        IsAuthenticated && Roles.Grants(Principal!.FindAll(ClaimTypes.Role).Select(c => c.Value), permission);
}
