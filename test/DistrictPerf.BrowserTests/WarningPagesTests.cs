using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// After the monthly runs, a bureau works through its warnings (latest month first, green hidden
/// until asked for) and reads the monthly ranking with its own row, downloading it as a workbook.
/// The year is 2023, budgeted here and used by no other test (other tests run June 2021 and read
/// its warnings): 基本支出 spent on time (green), 项目支出 spent once in January (yellow in March,
/// red in June), the whole budget between them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WarningPagesTests(BrowserFixture app)
{
    private const string Bureau = "BY-TZCJ";
    private const string BureauName = "广州市白云区投资促进局";
    private const int Year = 2023;

    [Fact]
    public async Task AfterTheMonthlyRuns_TheBureauSeesItsWarnings_LatestMonthFirst_GreenHiddenUntilShown()
    {
        await BudgetAndRunAsync();
        var all = await OwnWarningsAsync();
        var open = all.Where(w => w.Level != "Green").OrderByDescending(w => w.Month).ThenBy(w => ScopeOrder(w.Scope)).ToList();
        open.Select(w => $"{w.Month} {w.Scope} {w.Level}").ShouldBe(["6 Total Red", "6 Project Red", "3 Total Yellow", "3 Project Yellow"]);
        all.Count(w => w.Level == "Green").ShouldBe(2); // 基本支出 in March and June
        var latest = all.Max(w => w.Month);

        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, Bureau, "editor", BrowserFixture.DemoPassword, "/?year=2023");
        await page.Locator(".ant-menu").GetByText("预算预警", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/warnings\\?year=2023$"));

        var rows = page.Locator("[data-testid=warnings] tbody tr.ant-table-row");
        await Assertions.Expect(rows).ToHaveCountAsync(open.Count);
        // The work queue: the latest month first, each level in words (never colour alone), green left out.
        await Assertions.Expect(rows.First).ToContainTextAsync($"{Year}年{latest}月");
        for (var i = 0; i < open.Count; i++)
        {
            var row = rows.Nth(i);
            await Assertions.Expect(row).ToContainTextAsync($"{Year}年{open[i].Month}月");
            await Assertions.Expect(row).ToContainTextAsync(ScopeText(open[i].Scope));
            await Assertions.Expect(row).ToContainTextAsync(open[i].Level == "Red" ? "红色预警" : "黄色预警");
            await Assertions.Expect(row).ToContainTextAsync(Percent(open[i].ExecutionRate));
            await Assertions.Expect(row).ToContainTextAsync($"{open[i].GapPoints?.ToString("+0.00;-0.00;0.00", System.Globalization.CultureInfo.InvariantCulture)} 个百分点");
        }

        await Assertions.Expect(page.Locator("[data-testid=warnings]")).Not.ToContainTextAsync("正常（绿色）");
        var june = rows.Filter(new() { HasText = $"{Year}年6月" }).Filter(new() { HasText = "项目支出" });
        await Assertions.Expect(june).ToContainTextAsync("红色预警");
        await Assertions.Expect(june).ToContainTextAsync("预测偏低"); // the pace so far ends the year far below 90 %
        await Assertions.Expect(page.GetByTestId("warnings-summary")).ToContainTextAsync($"最新月份：{Year}年{latest}月");
        await Assertions.Expect(page.GetByTestId("warnings-summary")).ToContainTextAsync($"已隐藏 {all.Count - open.Count} 条正常记录");
        await WebSteps.ScreenshotAsync(page, "warnings");

        // The switch shows the green rows too, still the latest month first.
        var toggle = page.GetByRole(AriaRole.Switch, new() { Name = "显示正常（绿色）记录" });
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-checked", "false");
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-checked", "true");
        await Assertions.Expect(rows).ToHaveCountAsync(all.Count);
        await Assertions.Expect(rows.First).ToContainTextAsync($"{Year}年{latest}月");
        await Assertions.Expect(page.Locator("[data-testid=warnings]")).ToContainTextAsync("正常（绿色）");
        await Assertions.Expect(rows.Last).ToContainTextAsync($"{Year}年{all.Min(w => w.Month)}月");

        // Another year has its own (here: no) warnings; the rows of 2023 do not stay.
        await page.SelectOptionAsync("#year-picker", "2022");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/warnings\\?year=2022$"));
        await Assertions.Expect(page.GetByTestId("warnings-empty")).ToContainTextAsync("本年度还没有预警记录");
        await Assertions.Expect(rows).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheRanking_ShowsTheLatestRunMonth_WithTheBureausOwnRow_AndDownloadsARealWorkbook()
    {
        await BudgetAndRunAsync();
        var latest = (await OwnWarningsAsync()).Max(w => w.Month);

        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, Bureau, "viewer", BrowserFixture.DemoPassword, "/?year=2023");
        await page.Locator(".ant-menu").GetByText("月度通报", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"月度通报（{Year}年{latest}月）" })).ToBeVisibleAsync();

        var rows = page.Locator("[data-testid=ranking] tbody tr.ant-table-row");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var own = page.Locator("[data-testid=ranking] tbody tr.own-row");
        await Assertions.Expect(own).ToHaveCountAsync(1);
        await Assertions.Expect(own).ToContainTextAsync(BureauName);
        await Assertions.Expect(own).ToContainTextAsync("本部门"); // highlighted in words as well as colour
        var ranking = await BureauRankingAsync(latest);
        var mine = ranking.Single(r => r.Name == BureauName);
        await Assertions.Expect(own).ToContainTextAsync(Percent(mine.ExecutionRate));
        await Assertions.Expect(page.GetByTestId("ranking-own")).ToHaveTextAsync($"本部门排名：第 {mine.Rank} 名，共 {ranking.Count} 个部门");
        await WebSteps.ScreenshotAsync(page, "ranking");

        // The workbook comes through a plain link with the cookie session, and is a real .xlsx with the ranking in it.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("ranking-xlsx").ClickAsync());
        download.SuggestedFilename.ShouldBe($"{Year}年{latest}月预算执行通报.xlsx");
        var file = await download.PathAsync();
        await using (var stream = File.OpenRead(file))
        {
            var magic = new byte[2];
            (await stream.ReadAsync(magic)).ShouldBe(2);
            Encoding.ASCII.GetString(magic).ShouldBe("PK");
        }

        using (var zip = ZipFile.OpenRead(file))
        {
            zip.GetEntry("[Content_Types].xml").ShouldNotBeNull();
            zip.GetEntry("xl/workbook.xml").ShouldNotBeNull();
            var text = string.Concat(zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal))
                .Select(e => new StreamReader(e.Open()).ReadToEnd()));
            text.ShouldContain(BureauName);
            text.ShouldContain("累计执行率(%)");
        }

        // Another month from the picker: the address names it (bookmarkable) and the table follows.
        await page.Locator("#ranking-month").SelectOptionAsync("3");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("month=3"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"月度通报（{Year}年3月）" })).ToBeVisibleAsync();
        var march = (await BureauRankingAsync(3)).Single(r => r.Name == BureauName);
        await Assertions.Expect(own).ToContainTextAsync(Percent(march.ExecutionRate));
        (await page.GetByTestId("ranking-xlsx").GetAttributeAsync("href")).ShouldBe($"api/bureau/alerts/{Year}/3/ranking.xlsx");

        // A month without a run says so.
        await page.Locator("#ranking-month").SelectOptionAsync("11");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("month=11"));
        await Assertions.Expect(page.GetByTestId("ranking-empty")).ToContainTextAsync("该月尚未生成通报");
        (await page.GetByTestId("ranking-xlsx").CountAsync()).ShouldBe(0);
    }

    private sealed record Warning(int Month, string Scope, string Level, decimal? ExecutionRate, decimal? GapPoints);

    private sealed record RankingRow(int Rank, string Name, decimal? ExecutionRate);

    private static int ScopeOrder(string scope) => scope switch { "Total" => 0, "Basic" => 1, _ => 2 };

    private static string ScopeText(string scope) => scope switch { "Total" => "整体支出", "Basic" => "基本支出", _ => "项目支出" };

    private static string Percent(decimal? rate) => rate is { } r ? r.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>
    /// The editor budgets 2023 once (two lines of 1,200,000; 基本支出 100,000 every month to June,
    /// 项目支出 100,000 in January); the finance bureau then runs March and June through the API,
    /// as the recurring job would (reruns update, never duplicate).
    /// </summary>
    private async Task BudgetAndRunAsync()
    {
        using (var editor = await ClientAsync(Bureau, "editor"))
        {
            var lines = await editor.GetFromJsonAsync<List<JsonElement>>($"/api/bureau/budgets/{Year}/lines", Json);
            if (lines!.Count == 0)
            {
                async Task<Guid> Line(string code, string name, string kind)
                {
                    var created = await editor.PostAsJsonAsync($"/api/bureau/budgets/{Year}/lines", new { code, name, kind, fundingSource = "一般公共预算拨款", initial = 1_200_000m });
                    created.IsSuccessStatusCode.ShouldBeTrue(await created.Content.ReadAsStringAsync());
                    return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                }

                async Task Spend(Guid lineId, int month, string voucher)
                {
                    var spent = await editor.PostAsJsonAsync($"/api/bureau/budgets/{Year}/spending", new { date = $"{Year}-{month:00}-15", lineId, amount = 100_000m, voucherRef = voucher, memo = "预警测试" });
                    spent.IsSuccessStatusCode.ShouldBeTrue(await spent.Content.ReadAsStringAsync());
                }

                var basic = await Line($"{Year}-JB-01", "人员经费", "Basic");
                var project = await Line($"{Year}-XM-01", "招商推介活动", "Project");
                for (var month = 1; month <= 6; month++)
                {
                    await Spend(basic, month, $"JB-{month}");
                }

                await Spend(project, 1, "XM-1");
            }
        }

        using var host = await ClientAsync(null, "admin");
        foreach (var month in new[] { 3, 6 })
        {
            (await host.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { year = Year, month })).IsSuccessStatusCode.ShouldBeTrue();
        }
    }

    private async Task<List<Warning>> OwnWarningsAsync()
    {
        using var http = await ClientAsync(Bureau, "viewer");
        return (await http.GetFromJsonAsync<List<Warning>>($"/api/bureau/alerts/{Year}/warnings", Json))!;
    }

    private async Task<List<RankingRow>> BureauRankingAsync(int month)
    {
        using var http = await ClientAsync(Bureau, "viewer");
        return (await http.GetFromJsonAsync<List<RankingRow>>($"/api/bureau/alerts/{Year}/{month}/ranking", Json))!;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<HttpClient> ClientAsync(string? bureauCode, string userName)
    {
        var http = new HttpClient { BaseAddress = app.BaseAddress };
        var login = await http.PostAsJsonAsync("/api/auth/login", new { bureauCode, userName, password = BrowserFixture.DemoPassword });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
