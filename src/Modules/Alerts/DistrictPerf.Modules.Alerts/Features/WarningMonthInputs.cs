using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.Modules.Identity.Contracts;

namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>
/// What every bureau's evaluation of a month shares: the month, the year's settings, the time
/// progress (序时进度) at the month's end, and the finance bureau's users who hear of red levels
/// and the interview list (reviewers and host admins).
/// </summary>
internal sealed record WarningMonthInputs(int Year, int Month, WarningSettings Settings, decimal TimeProgress, IReadOnlyList<UserContact> Reviewers);
