using DistrictPerf.Modules.Reports.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DistrictPerf.Modules.Reports.Persistence;

internal sealed class SelfEvaluationReportConfiguration : IEntityTypeConfiguration<SelfEvaluationReport>
{
    public void Configure(EntityTypeBuilder<SelfEvaluationReport> b)
    {
        b.ToTable("SelfEvaluationReports");
        b.HasKey(x => x.Id);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(x => x.SelfScore).HasPrecision(7, 2);
        b.Property(x => x.SelfGrade).HasMaxLength(8);
        b.Property(x => x.ReviewComment).HasMaxLength(4000);
        b.Property(x => x.CheckedScore).HasPrecision(7, 2);
        b.Property(x => x.CheckedGrade).HasMaxLength(8);
        b.HasIndex(x => new { x.TenantId, x.FiscalYear, x.Revision }).IsUnique();
        b.HasIndex(x => new { x.FiscalYear, x.Status });

        // The search index catches up with "written since": one index per stamp, so the check is cheap when nothing changed.
        b.HasIndex(x => x.CreatedAt);
        b.HasIndex(x => x.ModifiedAt);
    }
}

internal sealed class ReportTransitionConfiguration : IEntityTypeConfiguration<ReportTransition>
{
    public void Configure(EntityTypeBuilder<ReportTransition> b)
    {
        b.ToTable("ReportTransitions");
        b.HasKey(x => x.Id);
        b.Property(x => x.From).HasConversion<string>().HasMaxLength(12);
        b.Property(x => x.To).HasConversion<string>().HasMaxLength(12);
        b.Property(x => x.ByName).HasMaxLength(256);
        b.Property(x => x.Comment).HasMaxLength(4000);
        b.HasIndex(x => new { x.TenantId, x.ReportId });
    }
}
