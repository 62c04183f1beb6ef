using DistrictPerf.Modules.Indicators.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DistrictPerf.Modules.Indicators.Persistence;

internal sealed class PerformanceGoalConfiguration : IEntityTypeConfiguration<PerformanceGoal>
{
    public void Configure(EntityTypeBuilder<PerformanceGoal> b)
    {
        b.ToTable("PerformanceGoals");
        b.HasKey(x => x.Id);
        b.Property(x => x.OverallGoal).HasMaxLength(PerformanceGoal.TextMaxLength);
        b.Property(x => x.QuantitativeTargets).HasMaxLength(PerformanceGoal.TextMaxLength);
        b.HasIndex(x => new { x.TenantId, x.FiscalYear }).IsUnique();
    }
}

internal sealed class MainTaskConfiguration : IEntityTypeConfiguration<MainTask>
{
    public void Configure(EntityTypeBuilder<MainTask> b)
    {
        b.ToTable("MainTasks");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(MainTask.NameMaxLength).IsRequired();
        b.Property(x => x.ExpectedGoal).HasMaxLength(MainTask.TextMaxLength);
        b.Property(x => x.Completion).HasMaxLength(MainTask.TextMaxLength);
        b.Property(x => x.DeclaredIndicatorNames).HasMaxLength(MainTask.TextMaxLength);
        b.HasIndex(x => new { x.TenantId, x.FiscalYear, x.Number }).IsUnique();
    }
}

internal sealed class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> b)
    {
        b.ToTable("Indicators");
        b.HasKey(x => x.Id);
        b.Property(x => x.Level1).HasMaxLength(20);
        b.Property(x => x.Level2).HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(Indicator.NameMaxLength).IsRequired();
        b.Property(x => x.Direction).HasConversion<string>().HasMaxLength(12);
        b.Property(x => x.Rating).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Target).HasMaxLength(Indicator.TextMaxLength).IsRequired();
        b.Property(x => x.AdjustedTarget).HasMaxLength(Indicator.TextMaxLength);
        b.Property(x => x.Actual).HasMaxLength(Indicator.TextMaxLength).IsRequired();
        b.Property(x => x.Weight).HasPrecision(9, 4);
        b.Property(x => x.Share).HasPrecision(9, 4);
        b.Property(x => x.DeviationReason).HasMaxLength(Indicator.TextMaxLength);
        b.Property(x => x.ImprovementMeasure).HasMaxLength(Indicator.TextMaxLength);
        b.Property(x => x.OverAchievementExplanation).HasMaxLength(Indicator.TextMaxLength);
        b.HasOne<MainTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.TenantId, x.FiscalYear, x.TaskId, x.Order });
    }
}

internal sealed class ScoringRuleSetConfiguration : IEntityTypeConfiguration<ScoringRuleSet>
{
    public void Configure(EntityTypeBuilder<ScoringRuleSet> b)
    {
        b.ToTable("ScoringRuleSets");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.FiscalYear).IsUnique();
    }
}
