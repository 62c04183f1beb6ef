using DistrictPerf.Modules.Identity.Domain;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Identity.Persistence;

/// <summary>Adjusts the model IdentityDbContext builds: table names, per-bureau unique user names.</summary>
internal static class IdentityModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<AppUser>(u =>
        {
            u.ToTable("Users");
            // Identity makes NormalizedUserName unique across the whole table; here it is unique per bureau.
            var index = u.Metadata.GetIndexes().Single(i => i.Properties.Count == 1 && i.Properties[0].Name == nameof(AppUser.NormalizedUserName));
            u.Metadata.RemoveIndex(index);
            u.HasIndex(x => new { x.TenantId, x.NormalizedUserName }).IsUnique().HasDatabaseName("UserNameIndex");
            u.Property(x => x.DisplayName).HasMaxLength(AppUser.DisplayNameMaxLength);
        });
        b.Entity<AppRole>(r =>
        {
            r.ToTable("Roles");
            r.Property(x => x.Side).HasConversion<string>().HasMaxLength(10);
            r.Property(x => x.DisplayName).HasMaxLength(64);
        });
        b.Entity<AppUserRole>().ToTable("UserRoles");
        b.Entity<AppUserClaim>().ToTable("UserClaims");
        b.Entity<AppUserLogin>().ToTable("UserLogins");
        b.Entity<AppUserToken>().ToTable("UserTokens");
        b.Entity<AppRoleClaim>().ToTable("RoleClaims");
    }
}
