using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.SharedKernel.Auditing;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Tenancy;

namespace DistrictPerf.Modules.Budgets.Domain;

/// <summary>预算项目: one line of a bureau's budget for a fiscal year.</summary>
internal sealed class BudgetLine : AuditedEntity, ITenantOwned, IHasConcurrencyStamp
{
    public const int CodeMaxLength = 40;
    public const int NameMaxLength = 200;
    public const int FundingSourceMaxLength = 100;

    public Guid? TenantId { get; set; }
    public int FiscalYear { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public BudgetKind Kind { get; set; }

    /// <summary>资金来源, e.g. 一般公共预算拨款.</summary>
    public string? FundingSource { get; set; }

    /// <summary>The main task (主要任务) this line funds; the Indicators module owns tasks.</summary>
    public Guid? MainTaskId { get; set; }

    /// <summary>年初预算 in fen.</summary>
    public long InitialFen { get; set; }

    public string? ConcurrencyStamp { get; set; }
}

/// <summary>追加 / 追减 / 结构调整.</summary>
internal enum AdjustmentKind
{
    /// <summary>追加 (amount &gt; 0)</summary>
    Increase,

    /// <summary>追减 (amount &lt; 0)</summary>
    Decrease,

    /// <summary>结构调整: money moved between lines (either sign)</summary>
    Transfer,
}

/// <summary>Why an adjustment does not count for the adjustment rate.</summary>
internal enum AdjustmentExclusion
{
    /// <summary>政策性调整</summary>
    Policy,

    /// <summary>不可抗力</summary>
    ForceMajeure,

    /// <summary>上级交办</summary>
    AssignedByHigherLevel,
}

/// <summary>预算调整: a signed change of one line's budget. Adjusted budgets derive from these only.</summary>
internal sealed class BudgetAdjustment : AuditedEntity, ITenantOwned, IBatchAudited
{
    public const int ReasonMaxLength = 500;

    public Guid? TenantId { get; set; }
    public int FiscalYear { get; set; }
    public int Month { get; set; }
    public DateOnly Date { get; set; }
    public Guid LineId { get; set; }

    /// <summary>Copied from the line so that figures group without a join.</summary>
    public BudgetKind LineKind { get; set; }

    public AdjustmentKind Kind { get; set; }
    public long AmountFen { get; set; }
    public string Reason { get; set; } = "";

    /// <summary>Set when the adjustment is excluded from the adjustment rate.</summary>
    public AdjustmentExclusion? ExcludedFromRate { get; set; }

    public string Fingerprint { get; set; } = "";
    public Guid? ImportJobId { get; set; }

    Guid? IBatchAudited.AuditBatchId => ImportJobId;
}

/// <summary>
/// 支出: money spent on a line. In a closed month entries are never edited: a correction is
/// a reversing entry (negative, <see cref="ReversalOfId"/> set, with a reason), both kept.
/// </summary>
internal sealed class SpendingEntry : AuditedEntity, ITenantOwned, IBatchAudited
{
    public const int VoucherMaxLength = 64;
    public const int MemoMaxLength = 500;

    public Guid? TenantId { get; set; }
    public int FiscalYear { get; set; }
    public int Month { get; set; }
    public DateOnly Date { get; set; }
    public Guid LineId { get; set; }
    public BudgetKind LineKind { get; set; }
    public long AmountFen { get; set; }

    /// <summary>凭证号</summary>
    public string? VoucherRef { get; set; }

    /// <summary>摘要</summary>
    public string? Memo { get; set; }

    public Guid? ReversalOfId { get; set; }
    public string? ReversalReason { get; set; }

    /// <summary>Hash of the entry's content; a re-imported row with the same hash is not added again.</summary>
    public string Fingerprint { get; set; } = "";

    public Guid? ImportJobId { get; set; }

    Guid? IBatchAudited.AuditBatchId => ImportJobId;
}

/// <summary>A month the bureau has closed: its spending and adjustments are final.</summary>
internal sealed class ClosedMonth : AuditedEntity, ITenantOwned
{
    public Guid? TenantId { get; set; }
    public int FiscalYear { get; set; }
    public int Month { get; set; }
}

internal enum ImportStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>One spreadsheet import: all-or-nothing; its row errors are kept for the person who uploaded it.</summary>
internal sealed class ImportJob : AuditedEntity, ITenantOwned
{
    public Guid? TenantId { get; set; }
    public int FiscalYear { get; set; }
    public string FileName { get; set; } = "";

    /// <summary>SHA-256 of the uploaded file, hex.</summary>
    public string FileHash { get; set; } = "";

    public ImportStatus Status { get; set; }
    public int RowsRead { get; set; }
    public int LinesAdded { get; set; }
    public int AdjustmentsAdded { get; set; }
    public int SpendingAdded { get; set; }

    /// <summary>Rows already present from an earlier import (not added again).</summary>
    public int RowsSkipped { get; set; }

    public int ErrorCount { get; set; }

    /// <summary>JSON array of the first errors: sheet, row, column, reason.</summary>
    public string? ErrorsJson { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>The uploader's language (e.g. zh-CN): the job's messages are written in it, on whichever server runs it.</summary>
    public string? Culture { get; set; }

    /// <summary>
    /// Who runs the job now: <c>job:</c> + the job server's process (a queued upload, resumable from the stored
    /// file) or <c>request:</c> + the process (an upload that waits for its result; nothing to resume).
    /// </summary>
    public string? RunnerId { get; set; }

    /// <summary>When the runner last said it is alive; a running job without a heartbeat for <see cref="Import.ImportLease.Stale"/> may be taken over.</summary>
    public DateTime? HeartbeatAt { get; set; }

    /// <summary>How many times a runner started the job (more than 1 when a job server resumed it).</summary>
    public int Attempts { get; set; }

    /// <summary>Progress as last written by the runner (read by any server while the job runs).</summary>
    public ImportPhase? Phase { get; set; }

    public int RowsToWrite { get; set; }
    public int RowsWritten { get; set; }
}

internal enum ImportPhase
{
    Queued,
    Reading,
    Writing,
}

/// <summary>
/// The uploaded file of a queued import, kept in the database until the job finishes, so that any
/// server of the job system can run (or resume) it. Never audited row by row (the job is).
/// </summary>
internal sealed class ImportFile : ITenantOwned, IBatchAudited
{
    /// <summary>The import job's id.</summary>
    public Guid Id { get; set; }

    public Guid? TenantId { get; set; }

    [NotAudited]
    public byte[] Content { get; set; } = [];

    Guid? IBatchAudited.AuditBatchId => Id;
}
