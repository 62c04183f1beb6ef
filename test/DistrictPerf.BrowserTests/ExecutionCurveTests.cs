using System.Text.Json;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>The bureau's execution curve is drawn with ECharts from the API's figures (read from the chart's option, not a canvas that merely exists).</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExecutionCurveTests(BrowserFixture app)
{
    [Fact]
    public async Task TheHomePage_DrawsTwelveMonths_OfExecutionAgainstTimeProgress_BasicAndProjectApart()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, "BY-TZCJ", "editor", BrowserFixture.DemoPassword, "/?year=2021");

        var chart = page.GetByTestId("execution-curve");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-rendered", new System.Text.RegularExpressions.Regex("\\d+"), new() { Timeout = 30_000 });
        var option = await chart.EvaluateAsync<JsonElement>("el => { const o = echarts.getInstanceByDom(el).getOption(); return { x: o.xAxis[0].data, series: o.series.map(s => ({ name: s.name, data: s.data })) }; }");

        option.GetProperty("x").GetArrayLength().ShouldBe(12);
        option.GetProperty("x")[0].GetString().ShouldBe("1月");
        var series = option.GetProperty("series").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("data").EnumerateArray().Select(v => v.GetDecimal()).ToList());
        series.Keys.ShouldBe(["预算执行率", "基本支出执行率", "项目支出执行率", "序时进度"]);
        var rates = series["预算执行率"];
        rates.Count.ShouldBe(12);
        rates[^1].ShouldBe(96.05m); // December: the report's 96.05 %
        rates.ShouldBe(rates.Order().ToList()); // cumulative: never falls
        var progress = series["序时进度"];
        progress.Count.ShouldBe(12);
        progress[^1].ShouldBe(100m);

        // The same figures as the API's curve.
        var api = await page.EvaluateAsync<JsonElement>("async () => await (await fetch('/api/bureau/budgets/2021/curve')).json()");
        api.EnumerateArray().Select(p => p.GetProperty("executionRate").GetDecimal()).ShouldBe(rates);
        api.EnumerateArray().Select(p => p.GetProperty("basicExecutionRate").GetDecimal()).ShouldBe(series["基本支出执行率"]);
        api.EnumerateArray().Select(p => p.GetProperty("projectExecutionRate").GetDecimal()).ShouldBe(series["项目支出执行率"]);
        await WebSteps.ScreenshotAsync(page, "home-curve");
    }
}
