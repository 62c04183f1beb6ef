using DistrictPerf.Modules.Budgets.Contracts;

namespace DistrictPerf.UnitTests.Budgets;

public sealed class TimeProgressTests
{
    [Theory]
    [InlineData(1, "0.0833")]
    [InlineData(6, "0.5")]
    [InlineData(12, "1")]
    public void Months_IsMOver12(int month, string expected)
    {
        Math.Round(TimeProgress.At(2021, month), 4).ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Days_CountsTheDaysToTheMonthEnd_InLeapYearsToo()
    {
        TimeProgress.At(2021, 1, TimeProgressMode.Days).ShouldBe(31m / 365m);
        TimeProgress.At(2024, 2, TimeProgressMode.Days).ShouldBe(60m / 366m);
        TimeProgress.At(2021, 12, TimeProgressMode.Days).ShouldBe(1m);
    }

    [Fact]
    public void Milestones_AreExactAtQuarterEnds_AndLinearBetween()
    {
        TimeProgress.At(2021, 3, TimeProgressMode.Milestones).ShouldBe(0.25m);
        TimeProgress.At(2021, 6, TimeProgressMode.Milestones).ShouldBe(0.50m);
        TimeProgress.At(2021, 4, TimeProgressMode.Milestones).ShouldBe(0.25m + (0.25m / 3m));
        TimeProgress.At(2021, 1, TimeProgressMode.Milestones).ShouldBe(0.25m / 3m);
    }

    [Fact]
    public void Milestones_UseACustomTable()
    {
        var table = new Dictionary<int, decimal> { [6] = 0.4m, [12] = 1m };
        TimeProgress.At(2021, 6, TimeProgressMode.Milestones, table).ShouldBe(0.4m);
        TimeProgress.At(2021, 9, TimeProgressMode.Milestones, table).ShouldBe(0.7m);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    public void MonthsOutsideTheYear_AreRefused(int month)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => TimeProgress.At(2021, month));
    }
}
