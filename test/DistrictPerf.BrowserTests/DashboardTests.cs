using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// The finance bureau's dashboard on three departments of its own with a year of data (seeded through the API):
/// each rate is the API's, sorting orders the rows, the month picker moves time progress, every chart plots the
/// table's figures (read from the chart's option), and a row or a bar opens the department.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(BrowserFixture app)
{
    /// <summary>A year no other browser test budgets in.</summary>
    private const int Year = 2027;

    private static readonly (string Code, string Name)[] Departments =
    [
        ("DB-JIA", "看板测试甲局"),
        ("DB-YI", "看板测试乙局"),
        ("DB-BING", "看板测试丙局"),
    ];

    [Fact]
    public async Task TheDashboard_ShowsTheApisRates_Sorts_FollowsTheMonth_ChartsTheTable_AndOpensADepartment()
    {
        var seeded = await SeedAsync();
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "admin", BrowserFixture.DemoPassword, $"/?year={Year}");

        // December by default for a past year: each department's rate is its own API's.
        await Assertions.Expect(page.GetByTestId("time-progress")).ToContainTextAsync("100.00%", new() { Timeout = 30_000 });
        foreach (var (code, name) in Departments)
        {
            var figures = await seeded[code].Admin.GetFromJsonAsync<JsonElement>($"/api/bureau/budgets/{Year}/figures?month=12");
            var row = Row(page, code);
            await Assertions.Expect(row).ToContainTextAsync(name);
            await Assertions.Expect(row.Locator("[data-col=rate]")).ToHaveTextAsync(Percent(figures.GetProperty("total").GetProperty("executionRate")));
        }

        // Sorting by rate orders the rows: ascending, then descending (departments without budget first, then last).
        var rateHeader = page.Locator("[data-testid=comparison] thead th").Filter(new() { HasText = "预算执行率" }).First;
        await rateHeader.ClickAsync();
        await WaitForAsync(async () => IsOrdered(await RatesAsync(page), descending: false));
        await rateHeader.ClickAsync();
        await WaitForAsync(async () => IsOrdered(await RatesAsync(page), descending: true));
        (await RatesAsync(page)).Count(r => r is not null).ShouldBeGreaterThanOrEqualTo(3);

        // The month picker: June's time progress (50 %), June's figures, the address keeps the month.
        await page.Locator("#month-picker").SelectOptionAsync("6");
        await Assertions.Expect(page.GetByTestId("time-progress")).ToContainTextAsync("50.00%");
        page.Url.ShouldContain("month=6");
        var dashboard = await page.EvaluateAsync<JsonElement>($"async () => await (await fetch('/api/host/dashboard/{Year}?month=6')).json()");
        foreach (var (code, _) in Departments)
        {
            var june = await seeded[code].Admin.GetFromJsonAsync<JsonElement>($"/api/bureau/budgets/{Year}/figures?month=6");
            await Assertions.Expect(Row(page, code).Locator("[data-col=rate]")).ToHaveTextAsync(Percent(june.GetProperty("total").GetProperty("executionRate")));
        }

        await Assertions.Expect(page.GetByTestId("district-rate")).ToHaveTextAsync(Percent(dashboard.GetProperty("district").GetProperty("executionRate")));
        await Assertions.Expect(page.GetByTestId("district-row-rate")).ToHaveTextAsync(Percent(dashboard.GetProperty("district").GetProperty("executionRate")));
        var table = await TableAsync(page);
        table.Count.ShouldBe(dashboard.GetProperty("bureaus").GetArrayLength());

        // The ranking: one bar per department with a rate, best first, each the table's rate; the dashed line at 50 %.
        var ranking = await OptionAsync(page, "chart-ranking");
        var names = ranking.GetProperty("y")[0].EnumerateArray().Select(n => n.GetString()!).ToList();
        var bars = ranking.GetProperty("series")[0].GetProperty("data").EnumerateArray().Select(v => v.GetDecimal()).ToList();
        names.ShouldBe(table.Where(r => r.Rate is not null).OrderByDescending(r => r.Rate).ThenBy(r => r.Code, StringComparer.Ordinal).Select(r => r.Name));
        bars.ShouldBe(names.Select(n => table.Single(r => r.Name == n).Rate!.Value));
        ranking.GetProperty("series")[0].GetProperty("markLine")[0].GetProperty("xAxis").GetDecimal().ShouldBe(50m);

        // The curves: one line per department whose June point is the table's June rate, the district's, time progress.
        var curves = await OptionAsync(page, "chart-curves");
        var lines = curves.GetProperty("series").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("data"));
        foreach (var row in table)
        {
            Rate(lines[row.Name][5]).ShouldBe(row.Rate, row.Name);
        }

        Rate(lines["全区合计"][5]).ShouldBe(Rate(dashboard.GetProperty("district").GetProperty("executionRate")));
        lines["序时进度"].EnumerateArray().Select(v => v.GetDecimal()).ShouldBe([8.33m, 16.67m, 25m, 33.33m, 41.67m, 50m, 58.33m, 66.67m, 75m, 83.33m, 91.67m, 100m]);
        foreach (var (code, name) in Departments)
        {
            var curve = await seeded[code].Admin.GetFromJsonAsync<JsonElement>($"/api/bureau/budgets/{Year}/curve");
            lines[name].EnumerateArray().Select(Rate).ShouldBe(curve.EnumerateArray().Select(p => Rate(p.GetProperty("executionRate"))));
        }

        // Highlight one: its line is drawn thick.
        await page.Locator("#highlight-picker").SelectOptionAsync(new SelectOptionValue { Label = Departments[1].Name });
        await WaitForAsync(async () => (await OptionAsync(page, "chart-curves")).GetProperty("series").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == Departments[1].Name).GetProperty("lineStyle").GetProperty("width").GetDecimal() == 3m);

        // The heat map: June's cell of every department is the table's level; the months run have a cell each.
        var heat = await OptionAsync(page, "chart-heatmap");
        var rowsOfHeat = heat.GetProperty("y")[0].EnumerateArray().Select(n => n.GetString()!).ToList();
        rowsOfHeat.ShouldBe(table.OrderBy(r => r.Code, StringComparer.Ordinal).Select(r => r.Name));
        var cells = heat.GetProperty("series")[0].GetProperty("data").EnumerateArray().Select(c => (Month: c[0].GetInt32() + 1, Row: rowsOfHeat[c[1].GetInt32()], Level: c[2].GetInt32())).ToList();
        foreach (var row in table)
        {
            var june = cells.Where(c => c.Row == row.Name && c.Month == 6).Select(c => (int?)c.Level).SingleOrDefault();
            june.ShouldBe(row.Level, row.Name);
        }

        foreach (var (_, name) in Departments)
        {
            cells.Count(c => c.Row == name).ShouldBe(12); // every month was run
        }

        // The grades: how many departments have each grade, computed (the table's column) and self-reported.
        var grades = await OptionAsync(page, "chart-grades");
        var bands = grades.GetProperty("x")[0].EnumerateArray().Select(b => b.GetString()!).ToList();
        bands.ShouldBe(["优（90 分及以上）", "良（80 分及以上）", "中（60 分及以上）", "差（0 分及以上）", "未评分"]);
        var computed = grades.GetProperty("series")[0].GetProperty("data").EnumerateArray().Select(v => v.GetInt32()).ToList();
        var self = grades.GetProperty("series")[1].GetProperty("data").EnumerateArray().Select(v => v.GetInt32()).ToList();
        string[] gradeNames = ["优", "良", "中", "差"];
        computed.ShouldBe(gradeNames.Select(g => table.Count(r => r.Grade == g)).Append(table.Count(r => r.Grade is null)));
        var selfGrades = dashboard.GetProperty("bureaus").EnumerateArray().Select(b => b.GetProperty("selfGrade").ValueKind == JsonValueKind.Null ? null : b.GetProperty("selfGrade").GetString()).ToList();
        self.ShouldBe(gradeNames.Select(g => selfGrades.Count(s => s == g)).Append(selfGrades.Count(s => s is null)));
        self[1].ShouldBeGreaterThanOrEqualTo(1); // 甲局 reported 良
        await WebSteps.ScreenshotAsync(page, "host-dashboard");

        // A click on a department's bar opens it …
        var yi = names.IndexOf(Departments[1].Name);
        var at = await page.GetByTestId("chart-ranking").EvaluateAsync<double[]>(
            "(el, p) => echarts.getInstanceByDom(el).convertToPixel({ seriesIndex: 0 }, [p[0] / 2, p[1]])", new object[] { bars[yi], yi });
        await page.GetByTestId("chart-ranking").ScrollIntoViewIfNeededAsync();
        var box = (await page.GetByTestId("chart-ranking").BoundingBoxAsync())!;
        await page.Mouse.ClickAsync((float)(box.X + at[0]), (float)(box.Y + at[1]));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/bureaus/{seeded[Departments[1].Code].Id}\\?year={Year}&month=6$"));
        await Assertions.Expect(page.GetByTestId("bureau-title")).ToContainTextAsync(Departments[1].Name);

        // … and so does a click on a row: the department's June figures, curve, plan, report and warnings.
        await page.GetByTestId("back").ClickAsync();
        await Assertions.Expect(page.GetByTestId("time-progress")).ToContainTextAsync("50.00%");
        var jia = seeded[Departments[0].Code];
        await Row(page, Departments[0].Code).Locator("td").Nth(2).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/bureaus/{jia.Id}\\?year={Year}&month=6$"));
        await Assertions.Expect(page.GetByTestId("bureau-title")).ToContainTextAsync($"{Departments[0].Name} · {Year}年");
        var own = await jia.Admin.GetFromJsonAsync<JsonElement>($"/api/bureau/budgets/{Year}/figures?month=6");
        await Assertions.Expect(page.GetByTestId("execution-rate")).ToHaveTextAsync(Percent(own.GetProperty("total").GetProperty("executionRate")));
        await Assertions.Expect(page.GetByTestId("adjusted")).ToHaveTextAsync(Money(own.GetProperty("total").GetProperty("adjusted")));
        await Assertions.Expect(page.GetByTestId("time-progress")).ToContainTextAsync("50.00%");
        var ownCurve = await jia.Admin.GetFromJsonAsync<JsonElement>($"/api/bureau/budgets/{Year}/curve");
        var drawn = await OptionAsync(page, "execution-curve");
        drawn.GetProperty("series")[0].GetProperty("data").EnumerateArray().Select(Rate).ShouldBe(ownCurve.EnumerateArray().Select(p => Rate(p.GetProperty("executionRate"))));
        var report = await jia.Admin.GetFromJsonAsync<JsonElement>($"/api/bureau/reports/{Year}");
        await Assertions.Expect(page.GetByTestId("report")).ToContainTextAsync("草稿");
        (await page.Locator("#open-report").GetAttributeAsync("href")).ShouldBe($"reports/{report.GetProperty("id").GetGuid()}");
        await Assertions.Expect(page.GetByTestId("plan")).ToContainTextAsync("1/2");
        await Assertions.Expect(page.GetByTestId("months").Locator("tbody tr.ant-table-row")).ToHaveCountAsync(12);
        await WebSteps.ScreenshotAsync(page, "host-bureau", maxHeight: 1500);
        await page.Locator("[data-testid=bureau-tabs] a[data-tab=warnings]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("warnings").Locator("tbody tr.ant-table-row").First).ToContainTextAsync($"{Year}年12月");

        // The report opens as the finance bureau reads it.
        await page.Locator("#open-report").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(Departments[0].Name);
    }

    [Fact]
    public async Task ABureauUser_OpeningAFinanceBureauDepartmentPage_GetsTheForbiddenPage()
    {
        var seeded = await SeedAsync();
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, Departments[0].Code, "editor", BrowserFixture.DemoPassword, $"/bureaus/{seeded[Departments[0].Code].Id}?year={Year}");
        await Assertions.Expect(page.GetByText("无权访问")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    internal sealed record TableRow(string Code, string Name, decimal? Rate, int? Level, string? Grade);

    private static ILocator Row(IPage page, string code) => page.Locator($"[data-testid=comparison] tbody tr[data-bureau='{code}']");

    private static async Task<List<decimal?>> RatesAsync(IPage page) =>
        (await page.Locator("[data-testid=comparison] tbody tr[data-bureau] [data-col=rate]").AllTextContentsAsync()).Select(ParsePercent).ToList();

    /// <summary>Every row of the table as shown (code, name, rate, the whole budget's level as 0/1/2, the computed grade).</summary>
    private static async Task<List<TableRow>> TableAsync(IPage page)
    {
        var rows = await page.Locator("[data-testid=comparison] tbody tr[data-bureau]").EvaluateAllAsync<JsonElement>(
            "trs => trs.map(tr => ({ code: tr.getAttribute('data-bureau'), name: tr.querySelector('td:nth-child(2) a').textContent.trim(), " +
            "rate: tr.querySelector('[data-col=rate]').textContent.trim(), level: tr.querySelector('[data-col=level]').textContent.trim(), " +
            "grade: tr.querySelector('[data-col=grade]').textContent.trim() }))");
        return rows.EnumerateArray().Select(r => new TableRow(
            r.GetProperty("code").GetString()!, r.GetProperty("name").GetString()!, ParsePercent(r.GetProperty("rate").GetString()!),
            r.GetProperty("level").GetString() switch { "红色预警" => 2, "黄色预警" => 1, "正常（绿色）" => 0, _ => null },
            r.GetProperty("grade").GetString() is "—" ? null : r.GetProperty("grade").GetString())).ToList();
    }

    /// <summary>The chart's plotted option: axes' categories, and each series' name, data (values of data items), line style and mark line.</summary>
    internal static async Task<JsonElement> OptionAsync(IPage page, string testId)
    {
        var chart = page.GetByTestId(testId);
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-rendered", new Regex("\\d+"), new() { Timeout = 30_000 });
        return await chart.EvaluateAsync<JsonElement>(
            "el => { const o = echarts.getInstanceByDom(el).getOption(); const v = d => (d !== null && typeof d === 'object' && !Array.isArray(d) && 'value' in d) ? d.value : d; " +
            "return { x: (o.xAxis || []).map(a => a.data || null), y: (o.yAxis || []).map(a => a.data || null), " +
            "series: o.series.map(s => ({ name: s.name, data: s.data.map(v), lineStyle: s.lineStyle || null, markLine: s.markLine ? s.markLine.data : null })) }; }");
    }

    private static bool IsOrdered(List<decimal?> rates, bool descending)
    {
        if (rates.Count < 4)
        {
            return false;
        }

        var expected = descending ? rates.OrderByDescending(r => r).ToList() : rates.OrderBy(r => r).ToList();
        return rates.SequenceEqual(expected);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        (await condition()).ShouldBeTrue("the page did not reach the expected state in 10 s");
    }

    private static decimal? ParsePercent(string text) =>
        text.Trim() is "—" or "" ? null : decimal.Parse(text.Trim().TrimEnd('%'), CultureInfo.InvariantCulture);

    private static decimal? Rate(JsonElement value) => value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : value.GetDecimal();

    private static string Percent(JsonElement value) => value.ValueKind == JsonValueKind.Null ? "—" : value.GetDecimal().ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Money(JsonElement value) => value.GetDecimal().ToString("#,##0.00", CultureInfo.InvariantCulture);

    private sealed record Seeded(Guid Id, HttpClient Admin);

    private static readonly SemaphoreSlim SeedLock = new(1, 1);
    private static readonly Dictionary<BrowserFixture, Dictionary<string, Seeded>> SeededBy = [];

    /// <summary>
    /// Three departments with a year of data, through the API: lines, an adjustment, spending every month at their own
    /// pace; 甲局 also a plan of two indicators (one met) and a draft report with a self-reported 88 (良); then the
    /// finance bureau runs the warnings of every month.
    /// </summary>
    private async Task<Dictionary<string, Seeded>> SeedAsync()
    {
        await SeedLock.WaitAsync();
        try
        {
            if (SeededBy.TryGetValue(app, out var done))
            {
                return done;
            }

            var seeded = new Dictionary<string, Seeded>();
            var paces = new Dictionary<string, (decimal Basic, decimal Project, decimal BasicMonthly, decimal ProjectMonthly)>
            {
                ["DB-JIA"] = (1_200_000m, 2_400_000m, 100_000m, 150_000m),  // basic on time, project behind: yellow
                ["DB-YI"] = (0m, 1_000_000m, 0m, 30_000m),                  // far behind: red
                ["DB-BING"] = (600_000m, 0m, 52_000m, 0m),                  // a little ahead: green
            };
            foreach (var (code, name) in Departments)
            {
                var bureau = await FreshBureau.CreateAsync(app, code, name);
                var (basic, project, basicMonthly, projectMonthly) = paces[code];
                var lines = new List<(Guid Id, decimal Monthly)>();
                if (basic > 0)
                {
                    lines.Add((await LineAsync(bureau.Admin, "JB-01", "人员经费", "Basic", basic), basicMonthly));
                }

                if (project > 0)
                {
                    lines.Add((await LineAsync(bureau.Admin, "XM-01", "专项业务经费", "Project", project), projectMonthly));
                }

                for (var month = 1; month <= 12; month++)
                {
                    foreach (var (line, monthly) in lines)
                    {
                        await PostAsync(bureau.Admin, $"/api/bureau/budgets/{Year}/spending",
                            new { date = $"{Year}-{month:00}-15", lineId = line, amount = monthly, voucherRef = $"记-{month:00}-{line.ToString()[..4]}", memo = "月度支出" });
                    }
                }

                if (code == "DB-JIA")
                {
                    await PostAsync(bureau.Admin, $"/api/bureau/budgets/{Year}/adjustments",
                        new { date = $"{Year}-07-10", lineId = lines[1].Id, kind = "Decrease", amount = -200_000m, reason = "年中调减" });
                    var plan = $"/api/bureau/performance/{Year}";
                    var task = (await PostAsync(bureau.Admin, $"{plan}/tasks", new { number = 1, name = "招商推介", funds = 1_000_000m })).GetProperty("id").GetGuid();
                    await PostAsync(bureau.Admin, $"{plan}/tasks/{task}/indicators", new { level1 = "产出", name = "举办招商推介活动次数", direction = "AtLeast", target = "≥35次", actual = "38次", weight = 50m });
                    await PostAsync(bureau.Admin, $"{plan}/tasks/{task}/indicators", new { level1 = "效益", name = "新引进项目数", direction = "AtLeast", target = "≥10个", actual = "8个", weight = 40m });
                    var report = await PostAsync(bureau.Admin, $"/api/bureau/reports/{Year}", null);
                    var put = await bureau.Admin.PutAsJsonAsync($"/api/bureau/reports/{Year}", new
                    {
                        basicInfo = "本部门负责全区招商引资工作。", selfScore = 88m, selfGrade = "良", concurrencyStamp = report.GetProperty("concurrencyStamp").GetString(),
                    });
                    put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
                }

                var me = await bureau.Admin.GetFromJsonAsync<JsonElement>("/api/auth/me");
                seeded[code] = new Seeded(me.GetProperty("bureauId").GetGuid(), bureau.Admin);
            }

            using var host = new HttpClient { BaseAddress = app.BaseAddress };
            var login = await host.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = BrowserFixture.DemoPassword });
            host.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
            for (var month = 1; month <= 12; month++)
            {
                var run = await host.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { year = Year, month });
                run.StatusCode.ShouldBe(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
            }

            SeededBy[app] = seeded;
            return seeded;
        }
        finally
        {
            SeedLock.Release();
        }
    }

    private static async Task<Guid> LineAsync(HttpClient admin, string code, string name, string kind, decimal initial) =>
        (await PostAsync(admin, $"/api/bureau/budgets/{Year}/lines", new { code, name, kind, fundingSource = "一般公共预算拨款", initial })).GetProperty("id").GetGuid();

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object? body)
    {
        var response = body is null ? await client.PostAsync(path, null) : await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement;
    }
}

/// <summary>
/// The dashboard with 200 departments: its data arrives in one request and the table renders — measured in the browser
/// (not a timed pass/fail test beyond a generous sanity bound); the figures go to TestResults/dashboard-scale.json and
/// docs/performance.md. A second app over its own database (<see cref="ScaleHost"/>) keeps the other tests' data small.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardScaleTests(BrowserFixture browser, ScaleHost scale, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ScaleHost>, IDisposable
{
    /// <summary>
    /// Hangfire keeps its log provider and job activator in statics, which the last app to start overwrites: the scale
    /// app's would outlive it (and fail the other tests' job clients once disposed). Give them back to the tests' app.
    /// </summary>
    public void Dispose()
    {
        var services = browser.Services;
        T Get<T>() where T : notnull => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<T>(services);
        Hangfire.GlobalConfigurationExtensions.UseLogProvider(Hangfire.GlobalConfiguration.Configuration, new Hangfire.AspNetCore.AspNetCoreLogProvider(Get<Microsoft.Extensions.Logging.ILoggerFactory>()));
        Hangfire.GlobalConfigurationExtensions.UseActivator(Hangfire.GlobalConfiguration.Configuration, new Hangfire.AspNetCore.AspNetCoreJobActivator(Get<Microsoft.Extensions.DependencyInjection.IServiceScopeFactory>()));
        Hangfire.JobStorage.Current = Get<Hangfire.JobStorage>();
    }

    /// <summary>In the page: true once the table shows its first page of rows and the month's time progress.</summary>
    private const string TableShown =
        "(expected) => document.querySelectorAll('[data-testid=comparison] tbody tr[data-bureau]').length >= 50 " +
        "&& (document.querySelector('[data-testid=time-progress]')?.textContent ?? '').includes(expected)";

    [Fact]
    public async Task TwoHundredDepartments_ArriveInOneRequest_AndRender_Measured()
    {
        var page = await browser.NewPageAsync();
        var api = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/", StringComparison.Ordinal))
            {
                lock (api)
                {
                    api.Add(request.Url);
                }
            }
        };
        var home = new Uri(scale.BaseAddress, $"?year={ScaleHost.Year}&month=12").ToString();
        await WebSteps.SignInAsync(page, null, "admin", BrowserFixture.DemoPassword, home);
        await Assertions.Expect(page.GetByTestId("shown")).ToHaveTextAsync($"显示 {ScaleHost.Departments} 个部门（共 {ScaleHost.Departments} 个）", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("district-bureaus")).ToHaveTextAsync(ScaleHost.Departments.ToString(CultureInfo.InvariantCulture));

        // A month change: one request, then the table (first page of 50 rows) and the charts; timed in the page from the
        // change event to the animation frame in which the table shows the new month.
        var monthChanges = new List<double>();
        var chartsDrawn = new List<double>();
        var requests = new List<double>();
        var bytes = 0L;
        foreach (var (month, progress) in new[] { (6, "50.00%"), (9, "75.00%"), (3, "25.00%"), (12, "100.00%"), (6, "50.00%") })
        {
            await page.WaitForTimeoutAsync(300);
            lock (api)
            {
                api.Clear();
            }

            var timing = await page.EvaluateAsync<JsonElement>(
                "async ([month, expected]) => { const shown = " + TableShown + "; const picker = document.querySelector('#month-picker'); " +
                "performance.clearResourceTimings(); const epoch = Date.now(); const t0 = performance.now(); " +
                "picker.value = String(month); picker.dispatchEvent(new Event('change', { bubbles: true })); " +
                "const until = (ready) => new Promise((done, fail) => { const check = () => ready() ? done(performance.now() - t0) : performance.now() - t0 > 60000 ? fail(new Error('not shown in 60 s')) : requestAnimationFrame(check); requestAnimationFrame(check); }); " +
                "const table = await until(() => shown(expected)); " +
                "const charts = await until(() => { const all = [...document.querySelectorAll('.dashboard-charts [data-rendered]')]; return all.length === 4 && all.every(c => Number(c.dataset.rendered) >= epoch); }); " +
                "const e = performance.getEntriesByType('resource').filter(r => r.name.includes('/api/host/dashboard/')).pop(); " +
                "return { table, charts, request: e.responseEnd - e.startTime, bytes: e.encodedBodySize }; }",
                new object[] { month, progress });
            monthChanges.Add(timing.GetProperty("table").GetDouble());
            chartsDrawn.Add(timing.GetProperty("charts").GetDouble());
            requests.Add(timing.GetProperty("request").GetDouble());
            bytes = timing.GetProperty("bytes").GetInt64();
            await page.WaitForTimeoutAsync(300); // anything else the change would ask for
            lock (api)
            {
                api.ShouldBe([new Uri(scale.BaseAddress, $"api/host/dashboard/{ScaleHost.Year}?month={month}").ToString()], $"month {month}: one request for the dashboard's data");
            }
        }

        // The charts plot every department (the ranking only those with a rate).
        var curves = await DashboardTests.OptionAsync(page, "chart-curves");
        curves.GetProperty("series").GetArrayLength().ShouldBe(ScaleHost.Departments + 2);
        var heat = await DashboardTests.OptionAsync(page, "chart-heatmap");
        heat.GetProperty("y")[0].GetArrayLength().ShouldBe(ScaleHost.Departments);

        // From a department's page back to the dashboard (in the application): the click to the table shown.
        var back = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            await page.Locator("[data-testid=comparison] tbody tr[data-bureau]").Nth(i).Locator("td").Nth(2).ClickAsync();
            await Assertions.Expect(page.GetByTestId("bureau-title")).ToBeVisibleAsync();
            back.Add(await page.EvaluateAsync<double>(
                "async (expected) => { const shown = " + TableShown + "; const t0 = performance.now(); document.querySelector('[data-testid=back]').click(); " +
                "return await new Promise((done, fail) => { const check = () => shown(expected) ? done(performance.now() - t0) : performance.now() - t0 > 60000 ? fail(new Error('not shown in 60 s')) : requestAnimationFrame(check); requestAnimationFrame(check); }); }",
                "50.00%"));
        }

        // A reload: the application starts again (from the browser's cache), signs the session in, asks for the data and
        // renders; timed from the navigation's start.
        await page.AddInitScriptAsync(
            "(() => { const shown = " + TableShown + "; const check = () => shown('50.00%') ? (window.__tableShownAt = performance.now()) : requestAnimationFrame(check); requestAnimationFrame(check); })()");
        var reloads = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            await page.ReloadAsync();
            await page.WaitForFunctionAsync("() => window.__tableShownAt !== undefined", null, new() { Timeout = 60_000 });
            reloads.Add(await page.EvaluateAsync<double>("() => window.__tableShownAt"));
        }

        var figures = new
        {
            departments = ScaleHost.Departments,
            dashboardRequestMs = requests.Select(v => Math.Round(v)).ToArray(),
            dashboardResponseBytes = bytes,
            monthChangeToTableMs = monthChanges.Select(v => Math.Round(v)).ToArray(),
            monthChangeToChartsMs = chartsDrawn.Select(v => Math.Round(v)).ToArray(),
            backFromDepartmentToTableMs = back.Select(v => Math.Round(v)).ToArray(),
            reloadToTableMs = reloads.Select(v => Math.Round(v)).ToArray(),
            processors = Environment.ProcessorCount,
            loadAverage = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : null,
            measuredAt = DateTime.UtcNow,
        };
        var json = JsonSerializer.Serialize(figures);
        output.WriteLine(json);
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "TestResults");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "dashboard-scale.json"), json);

        // A sanity bound only (the figure is the measurement): a month change well inside ten seconds.
        monthChanges.Median().ShouldBeLessThan(10_000);
    }
}

/// <summary>
/// The app over a database of its own with <see cref="Departments"/> departments: the demo bureau and copies of its
/// 2021 budget (lines, adjustments and spending, each copy spending 40–115 % of the demo's amounts), main tasks,
/// indicators and report, written straight into the SQLite file (copying every column, so the copy follows the
/// schema); then the finance bureau runs the warnings of all twelve months through the API.
/// </summary>
public sealed class ScaleHost : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>, IAsyncLifetime
{
    public const int Departments = 200;
    public const int Year = 2021;

    private const string NewId =
        "upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "districtperf-scale-" + Guid.NewGuid().ToString("N"));

    public ScaleHost() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    public Uri BaseAddress { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets();
        builder.UseSetting("Database:DataDirectory", _data);
        builder.UseSetting("Demo:Seed", "true");
        // Every test signs in from 127.0.0.1, many times a minute; SignInAbuseTests run the production limits.
        builder.UseSetting("Identity:SignIn:AddressLimit", "1000000");
        builder.UseSetting("Identity:SignIn:AccountAddressFailures", "1000000");
        builder.UseSetting("Identity:SignIn:AccountFailures", "1000000");
        builder.UseSetting("Jobs:Server", "false"); // one Hangfire server in the process is enough; warnings run with wait=true
        builder.UseSetting("Startup:WarmUpRounds", "1"); // the warm-up's requests once, not 40 times while the browser works
        builder.UseSetting("Logging:Json", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    public async Task InitializeAsync()
    {
        StartServer();
        var server = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>(Services);
        BaseAddress = new Uri(server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single());
        await CopyDemoBureauAsync();

        using var host = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        var login = await host.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = BrowserFixture.DemoPassword });
        host.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        for (var month = 1; month <= 12; month++)
        {
            var run = await host.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { year = Year, month });
            run.StatusCode.ShouldBe(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
        }
    }

    private async Task CopyDemoBureauAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data, "districtperf.db")};Default Timeout=60");
        await connection.OpenAsync();
        await using var tx = (Microsoft.Data.Sqlite.SqliteTransaction)await connection.BeginTransactionAsync();
        var demo = (string)(await Scalar(connection, tx, "SELECT Id FROM Bureaus WHERE Code = 'BY-TZCJ'"))!;
        var lines = await Ids(connection, tx, $"SELECT Id FROM BudgetLines WHERE TenantId = '{demo}' AND FiscalYear = {Year}");
        var tasks = await Ids(connection, tx, $"SELECT Id FROM MainTasks WHERE TenantId = '{demo}' AND FiscalYear = {Year}");
        var random = new Random(20211231);
        for (var b = 1; b < Departments; b++)
        {
            var tenant = Guid.NewGuid().ToString().ToUpperInvariant();
            var pace = random.Next(40, 116);
            var tenantOnly = new Dictionary<string, string> { ["Id"] = NewId, ["TenantId"] = $"'{tenant}'", ["ConcurrencyStamp"] = NewId };
            await Copy(connection, tx, "Bureaus", $"Id = '{demo}'",
                new() { ["Id"] = $"'{tenant}'", ["Code"] = $"'SC-{b:000}'", ["Name"] = $"'规模测试局{b:000}'", ["ConcurrencyStamp"] = NewId });
            foreach (var line in lines)
            {
                var copy = Guid.NewGuid().ToString().ToUpperInvariant();
                await Copy(connection, tx, "BudgetLines", $"Id = '{line}'",
                    new() { ["Id"] = $"'{copy}'", ["TenantId"] = $"'{tenant}'", ["MainTaskId"] = "NULL", ["ConcurrencyStamp"] = NewId });
                await Copy(connection, tx, "BudgetAdjustments", $"LineId = '{line}'",
                    new() { ["Id"] = NewId, ["TenantId"] = $"'{tenant}'", ["LineId"] = $"'{copy}'", ["ImportJobId"] = "NULL" });
                await Copy(connection, tx, "SpendingEntries", $"LineId = '{line}'",
                    new() { ["Id"] = NewId, ["TenantId"] = $"'{tenant}'", ["LineId"] = $"'{copy}'", ["ImportJobId"] = "NULL", ["ReversalOfId"] = "NULL", ["AmountFen"] = $"AmountFen * {pace} / 100" });
            }

            foreach (var task in tasks)
            {
                var copy = Guid.NewGuid().ToString().ToUpperInvariant();
                await Copy(connection, tx, "MainTasks", $"Id = '{task}'", new() { ["Id"] = $"'{copy}'", ["TenantId"] = $"'{tenant}'", ["ConcurrencyStamp"] = NewId });
                await Copy(connection, tx, "Indicators", $"TaskId = '{task}'", new(tenantOnly) { ["TaskId"] = $"'{copy}'" });
            }

            await Copy(connection, tx, "SelfEvaluationReports", $"TenantId = '{demo}' AND FiscalYear = {Year}",
                new(tenantOnly) { ["Status"] = b % 3 == 0 ? "'Submitted'" : "'Draft'", ["SelfScore"] = b % 4 == 0 ? "NULL" : "\"SelfScore\"" });
        }

        await tx.CommitAsync();
    }

    /// <summary>INSERT … SELECT of every column of <paramref name="table"/>, with <paramref name="overrides"/> (SQL expressions) for some.</summary>
    private static async Task Copy(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction tx, string table, string where, Dictionary<string, string> overrides)
    {
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.Transaction = tx;
            info.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        columns.ShouldNotBeEmpty(table);
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
            $"SELECT {string.Join(", ", columns.Select(c => overrides.TryGetValue(c, out var e) ? e : $"\"{c}\""))} FROM \"{table}\" WHERE {where}";
        await insert.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction tx, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<string>> Ids(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction tx, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        ids.ShouldNotBeEmpty(sql);
        return ids;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Handles may linger a moment; the temp folder is cleaned by the OS.
        }

        await Task.CompletedTask;
    }
}

internal static class MedianExtensions
{
    public static double Median(this IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
