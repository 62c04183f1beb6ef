namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>A seam for operations and tests: runs before each bureau is evaluated (default: nothing).</summary>
internal sealed class WarningJobHooks
{
    public Func<Guid, Task>? BeforeBureau { get; set; }
}
