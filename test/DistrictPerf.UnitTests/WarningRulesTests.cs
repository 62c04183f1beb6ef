using DistrictPerf.Modules.Alerts.Contracts;
using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.Modules.Budgets.Contracts;

namespace DistrictPerf.UnitTests;

/// <summary>domain-rules §4: levels in gap and ratio modes, forecast, escalation.</summary>
public sealed class WarningRulesTests
{
    [Theory]
    [InlineData(6, "0.46", "Green")]    // gap −4
    [InlineData(6, "0.45", "Yellow")]   // gap −5 exactly → yellow
    [InlineData(6, "0.31", "Yellow")]   // gap −19
    [InlineData(6, "0.30", "Red")]      // gap −20 exactly → red
    [InlineData(12, "1.00", "Green")]
    [InlineData(1, "0", "Yellow")]      // January: P = 8.33%, gap −8.33
    public void GapMode_Thresholds(int month, string rate, string level)
    {
        WarningRules.Evaluate(2021, month, decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), WarningSettings.Default).Level.ToString().ShouldBe(level);
    }

    [Theory]
    [InlineData("0.40", "Green")]   // Q = 0.8
    [InlineData("0.39", "Yellow")]
    [InlineData("0.30", "Yellow")]  // Q = 0.6
    [InlineData("0.29", "Red")]
    public void RatioMode_Thresholds(string rate, string level)
    {
        var settings = WarningSettings.Default with { Mode = WarningMode.Ratio };
        WarningRules.Evaluate(2021, 6, decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), settings).Level.ToString().ShouldBe(level);
    }

    [Fact]
    public void MilestoneTable_SetsTheTimeProgress()
    {
        var settings = WarningSettings.Default with { Progress = TimeProgressMode.Milestones };
        var e = WarningRules.Evaluate(2021, 3, 0.25m, settings);
        e.TimeProgress.ShouldBe(0.25m);
        e.Level.ShouldBe(WarningLevel.Green);
    }

    [Fact]
    public void ZeroBudget_IsGreen_WithoutAGap()
    {
        var e = WarningRules.Evaluate(2021, 6, null, WarningSettings.Default);
        e.Level.ShouldBe(WarningLevel.Green);
        e.GapPoints.ShouldBeNull();
        e.ForecastWarning.ShouldBeFalse();
    }

    [Fact]
    public void Forecast_FromJune_WarnsWhenThePaceProjectsBelow90Percent()
    {
        WarningRules.Evaluate(2021, 5, 0.30m, WarningSettings.Default).ForecastWarning.ShouldBeFalse(); // before June
        var june = WarningRules.Evaluate(2021, 6, 0.44m, WarningSettings.Default);
        june.ProjectedYearEndRate.ShouldBe(0.88m);
        june.ForecastWarning.ShouldBeTrue();
        WarningRules.Evaluate(2021, 6, 0.46m, WarningSettings.Default).ForecastWarning.ShouldBeFalse();
        WarningRules.Evaluate(2021, 12, 0.5m, WarningSettings.Default).ForecastWarning.ShouldBeFalse(); // December: no forecast, the year is done
        var capped = WarningSettings.Default with { ForecastScoreCapRate = 0.95m };
        WarningRules.Evaluate(2021, 6, 0.46m, capped).ForecastWarning.ShouldBeTrue(); // 92% < 95% cap threshold
    }

    [Fact]
    public void Interview_AfterThreeRedMonthsInARow()
    {
        WarningRules.NeedsInterview([WarningLevel.Red, WarningLevel.Red, WarningLevel.Red]).ShouldBeTrue();
        WarningRules.NeedsInterview([WarningLevel.Red, WarningLevel.Yellow, WarningLevel.Red]).ShouldBeFalse();
        WarningRules.NeedsInterview([WarningLevel.Red, WarningLevel.Red]).ShouldBeFalse();
        WarningRules.NeedsInterview([WarningLevel.Green, WarningLevel.Red, WarningLevel.Red, WarningLevel.Red]).ShouldBeTrue();
    }
}
