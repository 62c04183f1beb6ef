using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Identity.Features.Users;

/// <summary>
/// A bureau's user as the finance bureau sees it (read-only): who, which roles, whether active or locked out. No
/// password hash, security or concurrency stamp. Sign-ins are not recorded, so there is no "last sign-in".
/// </summary>
internal sealed record BureauUserDto(
    Guid Id, string UserName, string? DisplayName, string? Email, bool IsActive, IReadOnlyList<string> Roles,
    DateTimeOffset? LockedOutUntil, DateTime CreatedAt);

/// <summary>The finance bureau lists one bureau's users: an explicit cross-bureau read of that bureau's rows only.</summary>
internal static class HostBureauUsers
{
    internal static async Task<IReadOnlyList<BureauUserDto>> ListAsync(DbContext db, Guid bureauId, CancellationToken ct)
    {
        var users = await db.Set<AppUser>().IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
            .Where(u => u.TenantId == bureauId).OrderBy(u => u.UserName).ToListAsync(ct);
        var roles = (await (from ur in db.Set<AppUserRole>().IgnoreQueryFilters([TenantFilter.Name])
                            join r in db.Set<AppRole>() on ur.RoleId equals r.Id
                            where ur.TenantId == bureauId
                            select new { ur.UserId, r.Name }).ToListAsync(ct))
            .ToLookup(p => p.UserId, p => p.Name!);
        var now = DateTimeOffset.UtcNow;
        return users.Select(u => new BureauUserDto(
                u.Id, u.UserName!, u.DisplayName, u.Email, u.IsActive, roles[u.Id].Order(StringComparer.Ordinal).ToList(),
                u.LockoutEnd > now ? u.LockoutEnd : null, u.CreatedAt))
            .ToList();
    }

    internal static void Map(IEndpointRouteBuilder host) =>
        host.MapGet("/bureaus/{id:guid}/users", async (Guid id, IBureauDirectory bureaus, DbContext db, CancellationToken ct) =>
            {
                _ = await bureaus.FindAsync(id, ct) ?? throw new NotFoundException("Bureau", id);
                return TypedResults.Ok(await ListAsync(db, id, ct));
            })
            .RequirePermission(Permissions.HostBureausView)
            .WithTags("Users")
            .WithName("ListBureauUsersAsHost")
            .WithSummary("财政局查看一个部门的用户（只读：用户名、姓名、角色、启用、锁定）/ One bureau's users (host, read-only: name, roles, active, locked out)")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
