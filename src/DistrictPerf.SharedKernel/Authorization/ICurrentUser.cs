namespace DistrictPerf.SharedKernel.Authorization;

/// <summary>Who is acting: the signed-in user of a request, or nobody (system jobs, seeding).</summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }
    Guid? Id { get; }
    string? UserName { get; }

    /// <summary>The bureau the user belongs to; <c>null</c> for host users.</summary>
    Guid? HomeTenantId { get; }

    bool HasPermission(string permission);
}

/// <summary>Claim types DistrictPerf puts into the principal.</summary>
public static class DistrictPerfClaims
{
    public const string TenantId = "tenant_id";
    public const string BureauCode = "bureau_code";
    public const string DisplayName = "display_name";

    /// <summary>The bureau in the principal's tenant claim; <c>null</c> for host users (and no principal).</summary>
    public static Guid? HomeTenantOf(System.Security.Claims.ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirst(TenantId)?.Value, out var id) ? id : null;
}
