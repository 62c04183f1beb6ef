using DistrictPerf.Modules.Identity.Contracts;
using DistrictPerf.Modules.Identity.Domain;
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
}
