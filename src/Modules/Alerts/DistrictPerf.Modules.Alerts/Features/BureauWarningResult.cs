using DistrictPerf.Modules.Alerts.Domain;

namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>What one bureau's evaluation of a month writes: its warnings (one per scope) and the notifications to send.</summary>
internal sealed record BureauWarningResult(
    Guid BureauId, string Code, int Year, int Month, IReadOnlyList<WarningToWrite> Warnings, IReadOnlyList<NotificationToSend> Notifications);

/// <summary>One warning row's values: bureau × month × <see cref="Scope"/> is its key (the row is inserted or updated).</summary>
internal sealed record WarningToWrite(
    WarningScope Scope, WarningLevel Level, decimal? ExecutionRate, decimal TimeProgress, decimal? GapPoints, decimal? ProjectedYearEndRate, bool ForecastWarning, bool Interview);
