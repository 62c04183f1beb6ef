using DistrictPerf.Modules.Bureaus.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DistrictPerf.Modules.Bureaus.Persistence;

internal sealed class BureauConfiguration : IEntityTypeConfiguration<Bureau>
{
    public void Configure(EntityTypeBuilder<Bureau> b)
    {
        b.ToTable("Bureaus");
        b.HasKey(x => x.Id);
        b.Property(x => x.Code).HasMaxLength(Bureau.CodeMaxLength).IsRequired();
        b.Property(x => x.Name).HasMaxLength(Bureau.NameMaxLength).IsRequired();
        b.Property(x => x.District).HasMaxLength(Bureau.DistrictMaxLength).IsRequired();
        b.Property(x => x.ConcurrencyStamp).HasMaxLength(40);
        b.HasIndex(x => x.Code).IsUnique();
    }
}

internal sealed class BureauProfileConfiguration : IEntityTypeConfiguration<BureauProfile>
{
    public void Configure(EntityTypeBuilder<BureauProfile> b)
    {
        b.ToTable("BureauProfiles");
        b.HasKey(x => x.Id);
        b.Property(x => x.Overview).HasMaxLength(BureauProfile.OverviewMaxLength);
        b.Property(x => x.ConcurrencyStamp).HasMaxLength(40);
        b.HasIndex(x => x.TenantId).IsUnique();
        b.HasMany(x => x.Entries).WithOne().HasForeignKey(x => x.ProfileId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProfileEntryConfiguration : IEntityTypeConfiguration<ProfileEntry>
{
    public void Configure(EntityTypeBuilder<ProfileEntry> b)
    {
        b.ToTable("BureauProfileEntries");
        b.HasKey(x => x.Id);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Text).HasMaxLength(ProfileEntry.TextMaxLength).IsRequired();
        b.Property(x => x.Note).HasMaxLength(ProfileEntry.NoteMaxLength);
        b.HasIndex(x => new { x.ProfileId, x.Kind, x.Order });
    }
}
