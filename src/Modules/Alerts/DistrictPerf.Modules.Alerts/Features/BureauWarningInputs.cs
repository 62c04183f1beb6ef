using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Identity.Contracts;

namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>
/// One bureau's inputs for a month: its budget figures up to the month's end (null: no budget
/// data), the whole-budget levels of the months before (escalation reads the last
/// <see cref="WarningSettings.InterviewAfterRedMonths"/> − 1 of them), and its users who hear
/// of its yellow, red and forecast warnings.
/// </summary>
internal sealed record BureauWarningInputs(BureauInfo Bureau, BureauBudgetFigures? Figures, IReadOnlyList<PriorWarningLevel> History, IReadOnlyList<UserContact> Recipients);

/// <summary>The whole-budget (<see cref="WarningScope.Total"/>) level a bureau had in an earlier month of the year.</summary>
internal sealed record PriorWarningLevel(int Month, WarningLevel Level);
