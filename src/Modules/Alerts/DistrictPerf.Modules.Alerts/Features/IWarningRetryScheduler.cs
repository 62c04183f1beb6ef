namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>Schedules a retry of one bureau's evaluation (Hangfire in the host).</summary>
internal interface IWarningRetryScheduler
{
    void ScheduleRetry(Guid runId, Guid bureauId, int year, int month);
}
