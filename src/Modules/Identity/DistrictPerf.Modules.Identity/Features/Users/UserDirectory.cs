using DistrictPerf.Modules.Identity.Contracts;
using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Identity.Features.Users;

/// <summary>Users of the current tenant by role (the tenant filter keeps other bureaus out).</summary>
internal sealed class UserDirectory(DbContext db) : IUserDirectory
{
    public async Task<IReadOnlyList<UserContact>> ActiveUsersInRolesAsync(IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default) =>
        await (from u in db.Set<AppUser>()
               join ur in db.Set<AppUserRole>() on u.Id equals ur.UserId
               join r in db.Set<AppRole>() on ur.RoleId equals r.Id
               where u.IsActive && roles.Contains(r.Name!)
               select new UserContact(u.Id, u.UserName!, u.DisplayName, u.Email))
            .Distinct().ToListAsync(cancellationToken);

    public async Task<ILookup<Guid, UserContact>> ActiveUsersByBureauAsync(IReadOnlyCollection<Guid> bureauIds, IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default)
    {
        string[] filter = [TenantFilter.Name];
        var rows = await (from u in db.Set<AppUser>().IgnoreQueryFilters(filter)
                          join ur in db.Set<AppUserRole>().IgnoreQueryFilters(filter) on u.Id equals ur.UserId
                          join r in db.Set<AppRole>() on ur.RoleId equals r.Id
                          where u.IsActive && u.TenantId != null && roles.Contains(r.Name!)
                          select new { TenantId = u.TenantId!.Value, User = new UserContact(u.Id, u.UserName!, u.DisplayName, u.Email) })
            .ToListAsync(cancellationToken);
        var wanted = bureauIds.ToHashSet();
        return rows.Where(r => wanted.Contains(r.TenantId)).DistinctBy(r => (r.TenantId, r.User.Id)).ToLookup(r => r.TenantId, r => r.User);
    }
}
