using DistrictPerf.SharedKernel.Auditing;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Tenancy;

namespace DistrictPerf.Modules.Alerts.Domain;

/// <summary>预算执行进度预警: one per bureau × month × scope, ever (re-running a month updates it).</summary>
internal sealed class BudgetWarning : AuditedEntity, ITenantOwned, IBatchAudited
{
    public Guid? TenantId { get; set; }
    public int FiscalYear { get; set; }
    public int Month { get; set; }
    public WarningScope Scope { get; set; }
    public WarningLevel Level { get; set; }
    public decimal? ExecutionRate { get; set; }
    public decimal TimeProgress { get; set; }
    public decimal? GapPoints { get; set; }
    public decimal? ProjectedYearEndRate { get; set; }
    public bool ForecastWarning { get; set; }

    /// <summary>Third red month in a row (scope Total): on the finance bureau's 约谈 list.</summary>
    public bool Interview { get; set; }

    /// <summary>The run that last wrote it; warnings are audited through their (audited) run.</summary>
    public Guid RunId { get; set; }

    Guid? IBatchAudited.AuditBatchId => RunId;
}

/// <summary>An in-app message to one user; <see cref="DedupeKey"/> makes each notification exist once, however often a job runs.</summary>
internal sealed class Notification : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? TenantId { get; set; }
    public Guid UserId { get; set; }
    public string DedupeKey { get; set; } = "";
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }

    /// <summary>E-mail outbox: the address to send to (null: in-app only), and when it went out.</summary>
    public string? EmailTo { get; set; }

    public DateTime? EmailSentAt { get; set; }
    public int EmailAttempts { get; set; }
}

/// <summary>One run of the monthly warning job, with each bureau's outcome (host-level history).</summary>
internal sealed class WarningRun : AuditedEntity, IHostLevel
{
    public int FiscalYear { get; set; }
    public int Month { get; set; }
    public string Trigger { get; set; } = "";
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int BureausEvaluated { get; set; }
    public int BureausFailed { get; set; }

    /// <summary>JSON: [{bureauId, code, ok, error}] for the bureaus that failed (all others succeeded).</summary>
    public string? FailuresJson { get; set; }
}

/// <summary>The finance bureau's warning settings for a year (host-level JSON of <see cref="WarningSettings"/>).</summary>
internal sealed class WarningSettingsSet : AuditedEntity, IHostLevel, IHasConcurrencyStamp
{
    public int FiscalYear { get; set; }
    public string SettingsJson { get; set; } = "{}";
    public string? ConcurrencyStamp { get; set; }
}
