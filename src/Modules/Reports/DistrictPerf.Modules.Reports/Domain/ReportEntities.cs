using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Tenancy;

namespace DistrictPerf.Modules.Reports.Domain;

/// <summary>
/// 部门整体支出绩效自评报告: one per bureau, year and revision. Narrative sections are edited
/// while Draft or Returned; the budget summary, table 1 and the score are generated from live
/// data, and frozen into <see cref="SnapshotJson"/> when the report is approved.
/// </summary>
internal sealed class SelfEvaluationReport : AuditedEntity, ITenantOwned, IHasConcurrencyStamp
{
    public const int SectionMaxLength = 60_000;

    public Guid? TenantId { get; set; }
    public int FiscalYear { get; set; }
    public int Revision { get; set; } = 1;
    public ReportStatus Status { get; set; } = ReportStatus.Draft;

    /// <summary>一、基本情况</summary>
    public string? BasicInfo { get; set; }

    /// <summary>二、综合评价分析</summary>
    public string? Evaluation { get; set; }

    /// <summary>三、存在的主要问题</summary>
    public string? Problems { get; set; }

    /// <summary>四、下一步改进措施</summary>
    public string? Measures { get; set; }

    public decimal? SelfScore { get; set; }
    public string? SelfGrade { get; set; }

    /// <summary>Figures the report states (legacy import), JSON; kept for comparison, never used as data.</summary>
    public string? ReportedFiguresJson { get; set; }

    /// <summary>What the legacy import could not extract, JSON array.</summary>
    public string? NotExtractedJson { get; set; }

    public string? ReviewComment { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public Guid? SubmittedBy { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public Guid? ReviewedBy { get; set; }
    public DateTime? PublishedAt { get; set; }

    /// <summary>The generated parts (budget, table 1, scores, rules) frozen at approval.</summary>
    public string? SnapshotJson { get; set; }

    public string? ConcurrencyStamp { get; set; }
}

/// <summary>Every workflow step of a report, with who, when and the comment.</summary>
internal sealed class ReportTransition : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? TenantId { get; set; }
    public Guid ReportId { get; set; }
    public ReportStatus From { get; set; }
    public ReportStatus To { get; set; }
    public DateTime At { get; set; }
    public Guid? By { get; set; }
    public string? ByName { get; set; }
    public string? Comment { get; set; }
}
