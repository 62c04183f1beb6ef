using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Tenancy;

namespace DistrictPerf.Modules.Indicators.Domain;

/// <summary>年度总体目标: the year's overall goal and quantitative targets.</summary>
internal sealed class PerformanceGoal : AuditedEntity, ITenantOwned, IHasConcurrencyStamp
{
    public const int TextMaxLength = 8000;

    public Guid? TenantId { get; set; }
    public int FiscalYear { get; set; }
    public string? OverallGoal { get; set; }
    public string? QuantitativeTargets { get; set; }
    public string? ConcurrencyStamp { get; set; }
}

/// <summary>主要任务: a main task with its expected goal, completion and funds (任务涉及资金).</summary>
internal sealed class MainTask : AuditedEntity, ITenantOwned, IHasConcurrencyStamp
{
    public const int NameMaxLength = 200;
    public const int TextMaxLength = 4000;

    public Guid? TenantId { get; set; }
    public int FiscalYear { get; set; }
    public int Number { get; set; }
    public string Name { get; set; } = "";
    public string? ExpectedGoal { get; set; }
    public string? Completion { get; set; }
    public long FundsFen { get; set; }

    /// <summary>"设置 N 个关键绩效指标" as the narrative declares it (legacy import), for the checker.</summary>
    public int? DeclaredIndicatorCount { get; set; }

    /// <summary>The names the narrative lists, joined by newlines (duplicates kept).</summary>
    public string? DeclaredIndicatorNames { get; set; }

    public string? ConcurrencyStamp { get; set; }
}

/// <summary>绩效指标 of a task: level 1/2, the indicator (level 3), target and actual texts, weight, reasons.</summary>
internal sealed class Indicator : AuditedEntity, ITenantOwned, IHasConcurrencyStamp
{
    public const int NameMaxLength = 200;
    public const int TextMaxLength = 2000;

    public Guid? TenantId { get; set; }
    public int FiscalYear { get; set; }
    public Guid TaskId { get; set; }
    public int Order { get; set; }
    public string? Level1 { get; set; }
    public string? Level2 { get; set; }
    public string Name { get; set; } = "";
    public IndicatorDirection Direction { get; set; }
    public string Target { get; set; } = "";
    public string? AdjustedTarget { get; set; }
    public string Actual { get; set; } = "";
    public decimal Weight { get; set; }
    public bool IsCore { get; set; }
    public QualitativeRating? Rating { get; set; }
    public decimal? Share { get; set; }
    public string? DeviationReason { get; set; }
    public string? ImprovementMeasure { get; set; }
    public string? OverAchievementExplanation { get; set; }
    public string? ConcurrencyStamp { get; set; }
}

/// <summary>The finance bureau's scoring rules for a year (host-level; drafts follow them, approved reports keep a snapshot).</summary>
internal sealed class ScoringRuleSet : AuditedEntity, IHostLevel, IHasConcurrencyStamp
{
    public int FiscalYear { get; set; }
    public string RulesJson { get; set; } = "{}";
    public string? ConcurrencyStamp { get; set; }
}
