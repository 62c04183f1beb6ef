namespace DistrictPerf.Web.Shell;

/// <summary>
/// What the user clicked in a chart: the kind of element ("series" for data, "markLine" …), the series (index and name),
/// the data element's index and name (its category), and its value as ECharts holds it.
/// </summary>
public sealed record ChartClick(string? ComponentType, int SeriesIndex, string? SeriesName, int DataIndex, string? Name, System.Text.Json.JsonElement? Value);
