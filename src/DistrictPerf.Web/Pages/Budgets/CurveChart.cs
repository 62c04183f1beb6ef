using DistrictPerf.Web.Localization;

namespace DistrictPerf.Web.Pages.Budgets;

/// <summary>The execution curve's chart option: the year's cumulative execution month by month (whole, 基本, 项目) against time progress (序时进度).</summary>
internal static class CurveChart
{
    /// <summary>One month of the curve, rates in percent as the server rounded them (null while the adjusted budget is zero).</summary>
    public sealed record Point(int Month, decimal TimeProgress, decimal? Rate, decimal? BasicRate, decimal? ProjectRate);

    public static object Option(IEnumerable<Point> points)
    {
        var months = points.OrderBy(p => p.Month).ToList();
        return new
        {
            tooltip = new { trigger = "axis" },
            legend = new { top = 0, right = 0, data = new[] { Ui.ExecutionRate, Ui.BasicExecutionRate, Ui.ProjectExecutionRate, Ui.TimeProgress } },
            grid = new { left = 48, right = 24, top = 64, bottom = 32 },
            xAxis = new { type = "category", data = months.Select(p => Ui.Format(Ui.MonthName, p.Month)).ToArray() },
            yAxis = new { type = "value", name = "%", min = 0, max = 100 },
            series = new object[]
            {
                new { name = Ui.ExecutionRate, type = "line", data = months.Select(p => p.Rate).ToArray(), smooth = false, symbolSize = 6 },
                new { name = Ui.BasicExecutionRate, type = "line", data = months.Select(p => p.BasicRate).ToArray(), symbolSize = 4, lineStyle = new { width = 1.5 } },
                new { name = Ui.ProjectExecutionRate, type = "line", data = months.Select(p => p.ProjectRate).ToArray(), symbolSize = 4, lineStyle = new { width = 1.5 } },
                new { name = Ui.TimeProgress, type = "line", data = months.Select(p => (decimal?)p.TimeProgress).ToArray(), lineStyle = new { type = "dashed" }, symbol = "none" },
            },
        };
    }
}
