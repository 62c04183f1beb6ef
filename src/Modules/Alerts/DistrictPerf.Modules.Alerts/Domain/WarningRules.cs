using DistrictPerf.Modules.Budgets.Contracts;

namespace DistrictPerf.Modules.Alerts.Domain;

/// <summary>gap (default): (E − P) × 100 pp; ratio: E ÷ P.</summary>
internal enum WarningMode
{
    Gap,
    Ratio,
}

/// <summary>
/// The year's warning settings (domain-rules §4). Defaults: gap mode, yellow at −5 pp, red at −20 pp;
/// ratio mode yellow below 80 %, red below 60 %; forecast warnings from June when the projection is
/// below 90 % (or below <see cref="ForecastScoreCapRate"/> when set).
/// </summary>
internal sealed record WarningSettings
{
    public WarningMode Mode { get; init; } = WarningMode.Gap;
    public TimeProgressMode Progress { get; init; } = TimeProgressMode.Months;
    public IReadOnlyDictionary<int, decimal>? Milestones { get; init; }

    /// <summary>gap ≤ this (pp) is at least yellow.</summary>
    public decimal YellowGap { get; init; } = -5m;

    /// <summary>gap ≤ this (pp) is red.</summary>
    public decimal RedGap { get; init; } = -20m;

    /// <summary>E ÷ P below this is at least yellow.</summary>
    public decimal YellowRatio { get; init; } = 0.8m;

    /// <summary>E ÷ P below this is red.</summary>
    public decimal RedRatio { get; init; } = 0.6m;

    public int ForecastFromMonth { get; init; } = 6;
    public decimal ForecastThreshold { get; init; } = 0.9m;

    /// <summary>Optional: warn when the projection falls below the execution rate at which the year's rules cap the score.</summary>
    public decimal? ForecastScoreCapRate { get; init; }

    public int InterviewAfterRedMonths { get; init; } = 3;

    public static WarningSettings Default { get; } = new();
}

/// <summary>One evaluation: the level, its inputs, and the forecast.</summary>
internal sealed record WarningEvaluation(WarningLevel Level, decimal? ExecutionRate, decimal TimeProgress, decimal? GapPoints, decimal? Ratio, decimal? ProjectedYearEndRate, bool ForecastWarning);

/// <summary>Plain functions of §4: level, forecast, escalation.</summary>
internal static class WarningRules
{
    /// <summary>
    /// Level of cumulative execution <paramref name="executionRate"/> (ratio; null when the adjusted budget is zero)
    /// at the end of <paramref name="month"/>. A bureau without budget (rate null) is Green with no gap: nothing to spend.
    /// </summary>
    public static WarningEvaluation Evaluate(int year, int month, decimal? executionRate, WarningSettings settings) =>
        EvaluateAt(month, executionRate, ProgressAt(year, month, settings), settings);

    /// <summary>The same with the time progress given (<see cref="ProgressAt"/>): the month only decides whether a forecast is due.</summary>
    public static WarningEvaluation EvaluateAt(int month, decimal? executionRate, decimal progress, WarningSettings settings)
    {
        if (executionRate is not { } e)
        {
            return new WarningEvaluation(WarningLevel.Green, null, progress, null, null, null, false);
        }

        var gap = (e - progress) * 100m;
        var ratio = progress == 0m ? (decimal?)null : e / progress;
        var level = settings.Mode switch
        {
            WarningMode.Ratio => ratio is not { } q ? WarningLevel.Green : q < settings.RedRatio ? WarningLevel.Red : q < settings.YellowRatio ? WarningLevel.Yellow : WarningLevel.Green,
            _ => gap <= settings.RedGap ? WarningLevel.Red : gap <= settings.YellowGap ? WarningLevel.Yellow : WarningLevel.Green,
        };
        var projected = Project(e, progress);
        var threshold = Math.Max(settings.ForecastThreshold, settings.ForecastScoreCapRate ?? 0m);
        var forecast = month >= settings.ForecastFromMonth && month < 12 && projected is { } p && p < threshold;
        return new WarningEvaluation(level, e, progress, gap, ratio, projected, forecast);
    }

    /// <summary>序时进度 at the end of <paramref name="month"/> under the year's settings (months, days or milestones).</summary>
    public static decimal ProgressAt(int year, int month, WarningSettings settings) =>
        TimeProgress.At(year, month, settings.Progress, settings.Milestones);

    /// <summary>Pace so far carried to year end: E ÷ P (time progress), capped at 100 %+ as computed; null at P = 0.</summary>
    public static decimal? Project(decimal executionRate, decimal timeProgress) =>
        timeProgress <= 0m ? null : executionRate / timeProgress;

    /// <summary>True when the last <paramref name="months"/> levels (oldest first, ending with this month) are all red.</summary>
    public static bool NeedsInterview(IReadOnlyList<WarningLevel> recentLevels, int months = 3) =>
        recentLevels.Count >= months && recentLevels.Skip(recentLevels.Count - months).All(l => l == WarningLevel.Red);

    public static string Label(WarningLevel level) => level switch
    {
        WarningLevel.Red => "红色预警",
        WarningLevel.Yellow => "黄色预警",
        _ => "正常",
    };
}
