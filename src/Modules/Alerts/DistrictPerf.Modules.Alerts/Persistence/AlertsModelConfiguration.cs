using DistrictPerf.Modules.Alerts.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DistrictPerf.Modules.Alerts.Persistence;

internal sealed class BudgetWarningConfiguration : IEntityTypeConfiguration<BudgetWarning>
{
    public void Configure(EntityTypeBuilder<BudgetWarning> b)
    {
        b.ToTable("BudgetWarnings");
        b.HasKey(x => x.Id);
        b.Property(x => x.Scope).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Level).HasConversion<string>().HasMaxLength(10);
        // Rates are stored unrounded (all of .NET decimal's 28 places), so display rounding is done
        // once, from the exact value, on every provider (SQLite keeps the full text anyway).
        b.Property(x => x.ExecutionRate).HasPrecision(38, 28);
        b.Property(x => x.TimeProgress).HasPrecision(38, 28);
        b.Property(x => x.GapPoints).HasPrecision(38, 26);
        b.Property(x => x.ProjectedYearEndRate).HasPrecision(38, 28);
        b.HasIndex(x => new { x.TenantId, x.FiscalYear, x.Month, x.Scope }).IsUnique();
        b.HasIndex(x => new { x.FiscalYear, x.Month, x.Scope });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public const string HostLevelDedupeIndex = "IX_Notifications_HostLevel_UserId_DedupeKey";

    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("Notifications");
        b.HasKey(x => x.Id);
        b.Property(x => x.DedupeKey).HasMaxLength(200).IsRequired();
        b.Property(x => x.Title).HasMaxLength(200).IsRequired();
        b.Property(x => x.Body).HasMaxLength(2000).IsRequired();
        b.Property(x => x.EmailTo).HasMaxLength(256);
        b.HasIndex(x => new { x.TenantId, x.UserId, x.DedupeKey }).IsUnique();

        // Host-level rows (TenantId null) need their own index on both providers: SQLite treats
        // NULLs as distinct in a unique index, and EF gives SQL Server's unique index on a nullable
        // column the filter "[TenantId] IS NOT NULL". The filter is written to read the same on both.
        b.HasIndex(x => new { x.UserId, x.DedupeKey }, HostLevelDedupeIndex).IsUnique().HasFilter("TenantId IS NULL");
        b.HasIndex(x => new { x.UserId, x.CreatedAt });
    }
}

internal sealed class WarningRunConfiguration : IEntityTypeConfiguration<WarningRun>
{
    public const string OneOpenRunPerMonthIndex = "IX_WarningRuns_OneOpenPerMonth";

    public void Configure(EntityTypeBuilder<WarningRun> b)
    {
        b.ToTable("WarningRuns");
        b.HasKey(x => x.Id);
        b.Property(x => x.Trigger).HasMaxLength(40);
        b.HasIndex(x => new { x.FiscalYear, x.Month });

        // The guard against two concurrent runs of a month, whichever replica or trigger starts them:
        // at most one unfinished run per month (a partial index on SQLite, a filtered one on SQL Server).
        b.HasIndex(x => new { x.FiscalYear, x.Month }, OneOpenRunPerMonthIndex).IsUnique().HasFilter("FinishedAt IS NULL");
    }
}

internal sealed class WarningSettingsSetConfiguration : IEntityTypeConfiguration<WarningSettingsSet>
{
    public void Configure(EntityTypeBuilder<WarningSettingsSet> b)
    {
        b.ToTable("WarningSettings");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.FiscalYear).IsUnique();
    }
}
