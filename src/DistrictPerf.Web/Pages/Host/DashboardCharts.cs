using DistrictPerf.Web.Api;
using DistrictPerf.Web.Localization;
using DistrictPerf.Web.Shell;

namespace DistrictPerf.Web.Pages.Host;

/// <summary>
/// The dashboard's ECharts options, built from the rows the table shows (so a test can compare the plotted points with
/// the table's). Options are plain data; values the chart should not get are left out rather than sent as null.
/// </summary>
internal static class DashboardCharts
{
    /// <summary>Level colours (the same hues as the level tags; never the only sign: tooltips and the table say the level in words).</summary>
    public const string Red = "#cf1322";
    public const string Yellow = "#d48806";
    public const string Green = "#389e0d";
    public const string NoLevel = "#8c8c8c";
    public const string Highlight = "#0958d9";

    /// <summary>Rows shown at once by a chart with one line per department (more scroll with the slider).</summary>
    public const int Window = 20;

    private const int RowHeight = 26;

    public static string LevelColor(WarningLevel? level) => level switch
    {
        WarningLevel.Red => Red,
        WarningLevel.Yellow => Yellow,
        WarningLevel.Green => Green,
        _ => NoLevel,
    };

    /// <summary>The departments with a rate, best first (ties by code): the ranking's bars, top to bottom.</summary>
    public static List<DashboardRowDto> Ranked(IEnumerable<DashboardRowDto> rows) =>
        rows.Where(r => r.ExecutionRate is not null).OrderByDescending(r => r.ExecutionRate).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();

    /// <summary>The height that shows <paramref name="count"/> departments one per line (up to <see cref="Window"/>).</summary>
    public static int HeightFor(int count) => Math.Max(200, (Math.Min(count, Window) * RowHeight) + 90);

    /// <summary>Execution rate ranking: one horizontal bar per department coloured by the month's level, the time progress as a dashed line.</summary>
    public static object Ranking(IReadOnlyList<DashboardRowDto> ranked, decimal timeProgress)
    {
        var option = new Dictionary<string, object>
        {
            ["tooltip"] = new { trigger = "item" },
            ["grid"] = new { left = 8, right = ranked.Count > Window ? 48 : 24, top = 32, bottom = 24, containLabel = true },
            ["xAxis"] = new { type = "value", name = "%", min = 0 },
            ["yAxis"] = new { type = "category", inverse = true, data = ranked.Select(r => r.Name).ToArray(), axisLabel = new { width = 150, overflow = "truncate" } },
            ["series"] = new object[]
            {
                new
                {
                    name = Ui.ExecutionRate,
                    type = "bar",
                    barMaxWidth = 18,
                    data = ranked.Select(r => new { value = r.ExecutionRate, itemStyle = new { color = LevelColor(r.Level) } }).ToArray(),
                    markLine = new
                    {
                        symbol = "none",
                        silent = true,
                        lineStyle = new { type = "dashed", color = Highlight, width = 2 },
                        label = new { formatter = $"{Ui.TimeProgress} {timeProgress:0.00}%", position = "start" },
                        data = new object[] { new { name = Ui.TimeProgress, xAxis = timeProgress } },
                    },
                },
            },
        };
        AddZoom(option, ranked.Count);
        return option;
    }

    /// <summary>Every department's cumulative rate month by month (one line each; the highlighted one in colour), the district's and time progress.</summary>
    public static object Curves(IReadOnlyList<DashboardRowDto> rows, DashboardTotalsDto district, IReadOnlyList<decimal> timeProgress, Guid? highlight)
    {
        var many = rows.Count > 10;
        var series = new List<object>(rows.Count + 2);
        foreach (var row in rows)
        {
            var on = row.BureauId == highlight;
            var line = new Dictionary<string, object> { ["width"] = on ? 3 : 1.2 };
            if (on)
            {
                line["color"] = Highlight;
            }
            else if (highlight is not null || many)
            {
                line["color"] = "#bfbfbf";
            }

            var item = new Dictionary<string, object>
            {
                ["name"] = row.Name,
                ["type"] = "line",
                ["data"] = row.Curve.ToArray(),
                ["symbol"] = on ? "circle" : "none",
                ["symbolSize"] = 6,
                ["z"] = on ? 5 : 2,
                ["lineStyle"] = line,
                ["emphasis"] = new { focus = "series", lineStyle = new { width = 3 } },
            };
            if (on)
            {
                item["itemStyle"] = new { color = Highlight };
            }

            series.Add(item);
        }

        series.Add(new { name = Ui.DashDistrict, type = "line", data = district.Curve.ToArray(), symbol = "none", z = 4, lineStyle = new { width = 2.5, color = "#1f1f1f" }, itemStyle = new { color = "#1f1f1f" } });
        series.Add(new { name = Ui.TimeProgress, type = "line", data = timeProgress.ToArray(), symbol = "none", z = 3, lineStyle = new { type = "dashed", width = 2, color = "#ad6800" }, itemStyle = new { color = "#ad6800" } });
        var legend = new List<string> { Ui.DashDistrict, Ui.TimeProgress };
        if (rows.FirstOrDefault(r => r.BureauId == highlight) is { } chosen)
        {
            legend.Insert(0, chosen.Name);
        }

        return new
        {
            tooltip = new { trigger = "item" },
            legend = new { top = 0, right = 0, data = legend.ToArray() },
            grid = new { left = 48, right = 24, top = 48, bottom = 32 },
            xAxis = new { type = "category", data = Enumerable.Range(1, 12).Select(m => Ui.Format(Ui.MonthName, m)).ToArray() },
            yAxis = new { type = "value", name = "%", min = 0 },
            series = series.ToArray(),
        };
    }

    /// <summary>Warning levels by department (rows, in the table's order) and month: a cell per month that has a level.</summary>
    public static object Heatmap(IReadOnlyList<DashboardRowDto> rows)
    {
        var cells = rows.SelectMany((row, index) => row.Levels.Select(l => new object[] { l.Month - 1, index, Value(l.Level) })).ToArray();
        var option = new Dictionary<string, object>
        {
            ["tooltip"] = new { trigger = "item" },
            ["grid"] = new { left = 8, right = rows.Count > Window ? 48 : 16, top = 8, bottom = 56, containLabel = true },
            ["xAxis"] = new { type = "category", data = Enumerable.Range(1, 12).Select(m => Ui.Format(Ui.MonthName, m)).ToArray(), splitArea = new { show = true } },
            ["yAxis"] = new { type = "category", inverse = true, data = rows.Select(r => r.Name).ToArray(), splitArea = new { show = true }, axisLabel = new { width = 150, overflow = "truncate" } },
            ["visualMap"] = new
            {
                type = "piecewise",
                dimension = 2,
                orient = "horizontal",
                left = "center",
                bottom = 0,
                pieces = new object[]
                {
                    new { value = 0, label = Ui.LevelGreen, color = Green },
                    new { value = 1, label = Ui.LevelYellow, color = Yellow },
                    new { value = 2, label = Ui.LevelRed, color = Red },
                },
            },
            ["series"] = new object[]
            {
                new { name = Ui.Level, type = "heatmap", data = cells, itemStyle = new { borderColor = "#fff", borderWidth = 1 }, emphasis = new { itemStyle = new { borderColor = "#1f1f1f", borderWidth = 2 } } },
            },
        };
        AddZoom(option, rows.Count);
        return option;
    }

    /// <summary>How many departments have each grade of the year's bands (best first), computed and self-reported side by side; the last bar is "not scored".</summary>
    public static object Grades(IReadOnlyList<DashboardRowDto> rows, IReadOnlyList<DashboardGradeDto> grades)
    {
        var names = grades.Select(g => g.Grade).ToList();
        int[] Count(Func<DashboardRowDto, string?> grade) =>
            [.. names.Select(n => rows.Count(r => grade(r) == n)), rows.Count(r => grade(r) is not { } g || !names.Contains(g))];
        return new
        {
            tooltip = new { trigger = "axis" },
            legend = new { top = 0, right = 0, data = new[] { Ui.ComputedScore, Ui.SelfScore } },
            grid = new { left = 40, right = 16, top = 40, bottom = 32 },
            xAxis = new { type = "category", data = grades.Select(g => Ui.Format(Ui.DashGradeBand, g.Grade, Fmt.Number(g.MinScore))).Append(Ui.DashUngraded).ToArray() },
            yAxis = new { type = "value", name = Ui.DashBureaus, minInterval = 1 },
            series = new object[]
            {
                new { name = Ui.ComputedScore, type = "bar", data = Count(r => r.ComputedGrade), itemStyle = new { color = Highlight }, barMaxWidth = 28 },
                new { name = Ui.SelfScore, type = "bar", data = Count(r => r.SelfGrade), itemStyle = new { color = "#13a8a8" }, barMaxWidth = 28 },
            },
        };
    }

    private static int Value(WarningLevel level) => level switch
    {
        WarningLevel.Red => 2,
        WarningLevel.Yellow => 1,
        _ => 0,
    };

    /// <summary>With more departments than fit, the category axis scrolls: a slider and the mouse wheel, the first <see cref="Window"/> shown.</summary>
    private static void AddZoom(Dictionary<string, object> option, int count)
    {
        if (count > Window)
        {
            option["dataZoom"] = new object[]
            {
                new { type = "slider", yAxisIndex = 0, startValue = 0, endValue = Window - 1, width = 14, right = 8, showDetail = false, brushSelect = false },
                new { type = "inside", yAxisIndex = 0, zoomOnMouseWheel = false, moveOnMouseWheel = true },
            };
        }
    }
}
