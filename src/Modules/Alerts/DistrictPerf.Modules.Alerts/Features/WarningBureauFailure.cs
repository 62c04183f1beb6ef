namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>A bureau whose evaluation or write failed in a run (recorded in the run, then retried).</summary>
internal sealed record WarningBureauFailure(Guid BureauId, string Code, string Error);
