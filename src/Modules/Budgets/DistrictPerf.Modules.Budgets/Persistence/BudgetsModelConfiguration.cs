using DistrictPerf.Modules.Budgets.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DistrictPerf.Modules.Budgets.Persistence;

internal sealed class BudgetLineConfiguration : IEntityTypeConfiguration<BudgetLine>
{
    public void Configure(EntityTypeBuilder<BudgetLine> b)
    {
        b.ToTable("BudgetLines");
        b.HasKey(x => x.Id);
        b.Property(x => x.Code).HasMaxLength(BudgetLine.CodeMaxLength).IsRequired();
        b.Property(x => x.Name).HasMaxLength(BudgetLine.NameMaxLength).IsRequired();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.FundingSource).HasMaxLength(BudgetLine.FundingSourceMaxLength);
        b.HasIndex(x => new { x.TenantId, x.FiscalYear, x.Code }).IsUnique();
        // Host view: Σ initial per bureau and kind for a year.
        b.HasIndex(x => new { x.FiscalYear, x.TenantId, x.Kind, x.InitialFen });
    }
}

internal sealed class BudgetAdjustmentConfiguration : IEntityTypeConfiguration<BudgetAdjustment>
{
    public void Configure(EntityTypeBuilder<BudgetAdjustment> b)
    {
        b.ToTable("BudgetAdjustments");
        b.HasKey(x => x.Id);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.LineKind).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.ExcludedFromRate).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Reason).HasMaxLength(BudgetAdjustment.ReasonMaxLength).IsRequired();
        b.Property(x => x.Fingerprint).HasMaxLength(32).IsRequired();
        b.HasOne<BudgetLine>().WithMany().HasForeignKey(x => x.LineId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TenantId, x.FiscalYear, x.Fingerprint }).IsUnique();
        b.HasIndex(x => new { x.FiscalYear, x.Month, x.TenantId });
    }
}

internal sealed class SpendingEntryConfiguration : IEntityTypeConfiguration<SpendingEntry>
{
    public void Configure(EntityTypeBuilder<SpendingEntry> b)
    {
        b.ToTable("SpendingEntries");
        b.HasKey(x => x.Id);
        b.Property(x => x.LineKind).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.VoucherRef).HasMaxLength(SpendingEntry.VoucherMaxLength);
        b.Property(x => x.Memo).HasMaxLength(SpendingEntry.MemoMaxLength);
        b.Property(x => x.ReversalReason).HasMaxLength(SpendingEntry.MemoMaxLength);
        b.Property(x => x.Fingerprint).HasMaxLength(32).IsRequired();
        b.HasOne<BudgetLine>().WithMany().HasForeignKey(x => x.LineId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TenantId, x.FiscalYear, x.Fingerprint }).IsUnique();
        b.HasIndex(x => new { x.TenantId, x.FiscalYear, x.LineId, x.Month });
        b.HasIndex(x => x.ReversalOfId);
        // Host view: one covering index for Σ spending per bureau and kind up to a month.
        b.HasIndex(x => new { x.FiscalYear, x.Month, x.TenantId, x.LineKind, x.AmountFen });
    }
}

internal sealed class ClosedMonthConfiguration : IEntityTypeConfiguration<ClosedMonth>
{
    public void Configure(EntityTypeBuilder<ClosedMonth> b)
    {
        b.ToTable("ClosedMonths");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.TenantId, x.FiscalYear, x.Month }).IsUnique();
    }
}

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> b)
    {
        b.ToTable("BudgetImportJobs");
        b.HasKey(x => x.Id);
        b.Property(x => x.FileName).HasMaxLength(260).IsRequired();
        b.Property(x => x.FileHash).HasMaxLength(64).IsRequired();
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(x => x.Phase).HasConversion<string>().HasMaxLength(12);
        b.Property(x => x.Culture).HasMaxLength(16);
        b.Property(x => x.RunnerId).HasMaxLength(200);

        // The sweeper looks for unfinished jobs across bureaus.
        b.HasIndex(x => new { x.Status, x.HeartbeatAt });
    }
}

internal sealed class ImportFileConfiguration : IEntityTypeConfiguration<ImportFile>
{
    public void Configure(EntityTypeBuilder<ImportFile> b)
    {
        b.ToTable("BudgetImportFiles");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Content).IsRequired();
        b.HasOne<ImportJob>().WithOne().HasForeignKey<ImportFile>(x => x.Id).OnDelete(DeleteBehavior.Cascade);
    }
}
