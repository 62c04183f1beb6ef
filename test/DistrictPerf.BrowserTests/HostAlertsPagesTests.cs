using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// The finance bureau's warnings workspace (/alerts): a month run in the browser (handed to the background job, which the
/// test app runs: its Hangfire server is on) makes the month's ranking appear with the API's rates and levels for
/// departments of their own; a backfill shows "n / m months" and each month's run; three red months in a row put a
/// department on the interview list; a bureau user gets the 403 page and a reviewer (no Host.Alerts.Run) no run button.
/// Years 2015 and 2016 are used by no other test, so their rankings are empty before these runs.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HostAlertsPagesTests(BrowserFixture app)
{
    private const int RunYear = 2016;
    private const int InterviewYear = 2015;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task RunningAMonth_ShowsItsRanking_AsTheApiGivesIt_AndABackfillShowsItsProgressAndRuns()
    {
        // Three departments, 1,200,000 each: by March (time progress 25 %) one is green, one yellow, one red.
        var spending = new (string Code, string Name, decimal Amount)[]
        {
            ("HA-RUN-G", "预警管理测试绿色局", 300_000m),   // 25 %: on time
            ("HA-RUN-Y", "预警管理测试黄色局", 100_000m),   // 8.33 %: −16.67 pp
            ("HA-RUN-R", "预警管理测试红色局", 10_000m),    // 0.83 %: −24.17 pp
        };
        foreach (var (code, name, amount) in spending)
        {
            var bureau = await FreshBureau.CreateAsync(app, code, name);
            var line = await bureau.AddLineAsync(RunYear, $"{RunYear}-XM-01", "预警测试项目", "Project", 1_200_000m);
            await bureau.SpendAsync(RunYear, line, $"{RunYear}-02-15", amount, "HA-1");
        }

        using var host = await HostApiAsync("admin");
        (await RankingAsync(host, RunYear, 3)).ShouldBeEmpty();

        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "admin", BrowserFixture.DemoPassword, $"/alerts?year={RunYear}&month=3");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync($"预警管理（{RunYear}）");
        await Assertions.Expect(page.GetByTestId("ranking-empty")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("runs-empty")).ToBeVisibleAsync();
        (await page.Locator(".ant-menu").AllInnerTextsAsync()).ShouldContain(t => t.Contains("预警管理"));
        await Assertions.Expect(page.Locator("#year-picker")).ToHaveValueAsync(RunYear.ToString(CultureInfo.InvariantCulture)); // an older year is offered too

        // A range the wrong way round is refused at the month pickers.
        await page.Locator("#run-from").SelectOptionAsync("5");
        await page.Locator("#run-to").SelectOptionAsync("4");
        await RunButton(page).ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-error")).ToHaveTextAsync("截止月份不能早于起始月份。");
        await Assertions.Expect(page.Locator("#run-from")).ToHaveClassAsync(new Regex("ant-input-status-error"));
        await Assertions.Expect(page.Locator("#run-from")).ToHaveAttributeAsync("aria-describedby", "run-error");

        // Run March: progress, then the ranking with each department's rate and level as the API gives them.
        await page.Locator("#run-from").SelectOptionAsync("3");
        await page.Locator("#run-to").SelectOptionAsync("3");
        await RunButton(page).ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-error")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("run-progress")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("run-count")).ToHaveTextAsync("已完成 1 个月，共 1 个月", new() { Timeout = 90_000 });
        await Assertions.Expect(page.GetByTestId("run-stages")).ToContainTextAsync($"{RunYear}年3月：完成");
        await Assertions.Expect(RunButton(page)).ToBeEnabledAsync();

        var march = await RankingAsync(host, RunYear, 3);
        await ExpectRankingAsync(page, march, spending.Select(s => s.Code), expectedLevels: new() { ["HA-RUN-G"] = "Green", ["HA-RUN-Y"] = "Yellow", ["HA-RUN-R"] = "Red" });
        await Assertions.Expect(page.GetByTestId("ranking-count")).ToHaveTextAsync($"共 {march.Count} 个部门");
        (await page.GetByTestId("ranking-xlsx").GetAttributeAsync("href")).ShouldBe($"api/host/alerts/{RunYear}/3/ranking.xlsx");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("ranking-xlsx").ClickAsync());
        (await File.ReadAllBytesAsync((await download.PathAsync())!)).Take(2).ShouldBe("PK"u8.ToArray()); // an .xlsx is a zip

        // The run history lists March's run as the API does: done, the departments evaluated, none failed.
        var runs = await RunsAsync(host, RunYear);
        var marchRun = runs.ShouldHaveSingleItem();
        marchRun.GetProperty("month").GetInt32().ShouldBe(3);
        var runRow = page.Locator($"[data-testid=runs] tbody tr[data-run='{marchRun.GetProperty("id").GetGuid()}']");
        await Assertions.Expect(runRow.Locator("[data-col=status]")).ToHaveTextAsync("完成");
        await Assertions.Expect(runRow.Locator("[data-col=evaluated]")).ToHaveTextAsync(marchRun.GetProperty("bureausEvaluated").GetInt32().ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(runRow.Locator("[data-col=failed]")).ToHaveTextAsync("0");
        await Assertions.Expect(runRow).ToContainTextAsync("手动/补跑");

        // Backfill April–May: "n / 2 months" while it runs, each month's run, then May's ranking.
        await page.Locator("#run-from").SelectOptionAsync("4");
        await page.Locator("#run-to").SelectOptionAsync("5");
        await RunButton(page).ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-count")).ToHaveTextAsync(new Regex(@"^已完成 [01] 个月，共 2 个月$"));
        await Assertions.Expect(page.GetByTestId("run-count")).ToHaveTextAsync("已完成 2 个月，共 2 个月", new() { Timeout = 120_000 });
        await Assertions.Expect(page.GetByTestId("run-stages").Locator("li")).ToHaveTextAsync([new Regex($"^{RunYear}年4月：完成"), new Regex($"^{RunYear}年5月：完成")]);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("month=5"));
        await Assertions.Expect(page.Locator("#ranking-title")).ToHaveTextAsync($"{RunYear}年5月预算执行通报");
        var may = await RankingAsync(host, RunYear, 5);
        await ExpectRankingAsync(page, may, spending.Select(s => s.Code), expectedLevels: new() { ["HA-RUN-R"] = "Red" });
        runs = await RunsAsync(host, RunYear);
        runs.Select(r => r.GetProperty("month").GetInt32()).Order().ShouldBe([3, 4, 5]);
        foreach (var run in runs)
        {
            await Assertions.Expect(page.Locator($"[data-testid=runs] tbody tr[data-run='{run.GetProperty("id").GetGuid()}'] [data-col=status]")).ToHaveTextAsync("完成");
        }

        await WebSteps.ScreenshotAsync(page, "host-alerts");

        // March again: asked first; cancelling runs nothing, confirming runs it once more.
        await page.Locator("#run-from").SelectOptionAsync("3");
        await page.Locator("#run-to").SelectOptionAsync("3");
        await RunButton(page).ClickAsync();
        var dialog = page.Locator(".ant-modal-confirm");
        await Assertions.Expect(dialog).ToContainTextAsync("3月 已运行过预警");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(RunButton(page)).ToBeEnabledAsync();
        (await RunsAsync(host, RunYear)).Count.ShouldBe(3);

        await RunButton(page).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "重新运行" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-count")).ToHaveTextAsync("已完成 1 个月，共 1 个月", new() { Timeout = 90_000 });
        await Assertions.Expect(page.GetByTestId("run-stages")).ToContainTextAsync($"{RunYear}年3月：完成");
        await Assertions.Expect(page.Locator("[data-testid=runs] tbody tr[data-month='3']")).ToHaveCountAsync(2);
        (await RunsAsync(host, RunYear)).Count(r => r.GetProperty("month").GetInt32() == 3).ShouldBe(2);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("month=3"));
        await ExpectRankingAsync(page, await RankingAsync(host, RunYear, 3), spending.Select(s => s.Code), expectedLevels: new() { ["HA-RUN-Y"] = "Yellow" });
    }

    [Fact]
    public async Task ThreeRedMonthsInARow_PutADepartmentOnTheInterviewList()
    {
        // Nothing spent of 1,200,000: red from March (time progress 25 %), so March–May are three red months.
        var bureau = await FreshBureau.CreateAsync(app, "HA-IV-1", "预警管理约谈测试局");
        var line = await bureau.AddLineAsync(InterviewYear, $"{InterviewYear}-XM-01", "约谈测试项目", "Project", 1_200_000m);
        await bureau.SpendAsync(InterviewYear, line, $"{InterviewYear}-01-20", 1_000m, "HA-IV");

        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "admin", BrowserFixture.DemoPassword, $"/alerts?year={InterviewYear}&month=3");
        await Assertions.Expect(page.GetByTestId("interviews-empty")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("#run-from").SelectOptionAsync("3");
        await page.Locator("#run-to").SelectOptionAsync("5");
        await RunButton(page).ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-count")).ToHaveTextAsync("已完成 3 个月，共 3 个月", new() { Timeout = 180_000 });

        using var host = await HostApiAsync("admin");
        var interviews = (await host.GetFromJsonAsync<List<JsonElement>>($"/api/host/alerts/interviews?year={InterviewYear}", Json))!;
        var listed = interviews.ShouldHaveSingleItem(); // the only department with a 2015 budget
        listed.GetProperty("bureau").GetString().ShouldBe("预警管理约谈测试局");
        listed.GetProperty("warning").GetProperty("month").GetInt32().ShouldBe(5);
        listed.GetProperty("warning").GetProperty("level").GetString().ShouldBe("Red");

        var row = page.Locator("[data-testid=interviews] tbody tr", new() { HasText = "预警管理约谈测试局" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync($"{InterviewYear}年5月");
        await Assertions.Expect(row.Locator("[data-col=months]")).ToHaveTextAsync("3月、4月、5月");
        await Assertions.Expect(row).ToContainTextAsync($"{listed.GetProperty("warning").GetProperty("executionRate").GetDecimal():0.00}%");
        await WebSteps.ScreenshotAsync(page, "host-alerts-interviews", page.Locator("#interviews-title"));
    }

    [Fact]
    public async Task ABureauUser_OpeningTheWarningsWorkspace_GetsTheForbiddenPage()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, "BY-TZCJ", "admin", BrowserFixture.DemoPassword, "/alerts?year=2021");
        await Assertions.Expect(page.GetByText("无权访问")).ToBeVisibleAsync();
        (await page.Locator(".ant-menu").AllInnerTextsAsync()).ShouldNotContain(t => t.Contains("预警管理"));
    }

    [Fact]
    public async Task AReviewer_ReadsTheWorkspace_ButHasNoRunButton()
    {
        // The demo reviewer (FinanceReviewer) has Host.Alerts.View but not Host.Alerts.Run; the administrator has both.
        using var reviewer = await HostApiAsync("reviewer");
        var me = await reviewer.GetFromJsonAsync<JsonElement>("/api/auth/me", Json);
        var permissions = me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()).ToList();
        permissions.ShouldContain("Host.Alerts.View");
        permissions.ShouldNotContain("Host.Alerts.Run");

        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "reviewer", BrowserFixture.DemoPassword, "/alerts?year=2021&month=6");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("预警管理（2021）");
        await Assertions.Expect(page.GetByTestId("no-run-right")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#ranking-title")).ToHaveTextAsync("2021年6月预算执行通报");
        (await page.GetByTestId("run-section").CountAsync()).ShouldBe(0);
        (await page.Locator("#run-from").CountAsync()).ShouldBe(0);
        (await page.Locator(".ant-menu").AllInnerTextsAsync()).ShouldContain(t => t.Contains("预警管理"));
    }

    private static ILocator RunButton(IPage page) => page.GetByTestId("run-warnings").Locator("button");

    /// <summary>Each given department's row shows the API's rank, rate and level (and the expected level where given).</summary>
    private static async Task ExpectRankingAsync(IPage page, List<JsonElement> api, IEnumerable<string> codes, Dictionary<string, string> expectedLevels)
    {
        await Assertions.Expect(page.Locator("[data-testid=host-ranking] tbody tr")).ToHaveCountAsync(api.Count, new() { Timeout = 30_000 });
        foreach (var code in codes)
        {
            var figures = api.Single(r => r.GetProperty("code").GetString() == code);
            var level = figures.GetProperty("level").GetString()!;
            if (expectedLevels.TryGetValue(code, out var expected))
            {
                level.ShouldBe(expected, code);
            }

            var row = page.Locator($"[data-testid=host-ranking] tbody tr[data-code='{code}']");
            await Assertions.Expect(row.Locator("td").First).ToHaveTextAsync(figures.GetProperty("rank").GetInt32().ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(row.Locator("[data-col=rate]")).ToHaveTextAsync($"{figures.GetProperty("executionRate").GetDecimal().ToString("0.00", CultureInfo.InvariantCulture)}%");
            await Assertions.Expect(row.Locator("[data-col=level]")).ToHaveTextAsync(level switch { "Red" => "红色预警", "Yellow" => "黄色预警", _ => "正常（绿色）" });
        }
    }

    private static async Task<List<JsonElement>> RankingAsync(HttpClient host, int year, int month) =>
        (await host.GetFromJsonAsync<List<JsonElement>>($"/api/host/alerts/{year}/{month}/ranking", Json))!;

    private static async Task<List<JsonElement>> RunsAsync(HttpClient host, int year) =>
        (await host.GetFromJsonAsync<List<JsonElement>>($"/api/host/alerts/runs?year={year}", Json))!;

    private async Task<HttpClient> HostApiAsync(string userName)
    {
        var http = new HttpClient { BaseAddress = app.BaseAddress };
        var login = await http.PostAsJsonAsync("/api/auth/login", new { userName, password = BrowserFixture.DemoPassword });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
