namespace DistrictPerf.Modules.Indicators.Contracts;

/// <summary>
/// A bureau's plan in one line: the computed total and grade (domain-rules §3, the year's rules and the bureau's
/// year-end execution rate, exactly as its plan page computes them) and how many of its indicators are achieved.
/// </summary>
public sealed record BureauPlanSummary(Guid BureauId, decimal TotalScore, string Grade, int IndicatorsAchieved, int Indicators);

/// <summary>A year's plans of every bureau, with the year's grade bands (best first).</summary>
public sealed record PlanYear(int FiscalYear, IReadOnlyList<GradeBand> Grades, IReadOnlyList<BureauPlanSummary> Plans);

/// <summary>
/// Every bureau's plan scored (host side): the year's rules and every bureau's indicators in a fixed number of
/// queries whatever the number of bureaus, the scores computed in memory with <see cref="PlanScoring"/>.
/// Implemented by the Indicators module.
/// </summary>
public interface IPlanOverview
{
    /// <summary>
    /// The plans of <paramref name="fiscalYear"/> of every bureau with at least one indicator (or only
    /// <paramref name="bureauId"/>'s), each scored with its year-end execution rate from <paramref name="executionRates"/>
    /// (a bureau missing there has none, as a bureau without budget).
    /// </summary>
    Task<PlanYear> ForYearAsync(int fiscalYear, IReadOnlyDictionary<Guid, decimal?> executionRates, Guid? bureauId = null, CancellationToken cancellationToken = default);
}
