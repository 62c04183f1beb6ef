using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>The web UI in a real browser against the real app with the demo tenant (广州市白云区投资促进局, 2021).</summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkbenchTests(BrowserFixture app)
{
    private static async Task SignInAsync(IPage page, string? bureauCode, string userName, string password)
    {
        await page.GotoAsync("/classic/index.html");
        await page.GetByLabel("部门编码 / Bureau code").FillAsync(bureauCode ?? "");
        await page.GetByLabel("用户名 / User name").FillAsync(userName);
        await page.GetByLabel("密码 / Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录 / Sign in" }).ClickAsync();
    }

    [Fact]
    public async Task TheBureauEditor_SeesTheBureausFigures_AndFindsItsReport()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, "BY-TZCJ", "editor", BrowserFixture.DemoPassword);

        await Assertions.Expect(page.Locator("#b-rate")).ToHaveTextAsync("96.05%");
        await Assertions.Expect(page.Locator("#b-adjusted")).ToHaveTextAsync("4,652.48");
        (await page.Locator("#host-view").IsVisibleAsync()).ShouldBeFalse(); // no all-bureau table for a bureau
        (await page.Locator("#who-name").TextContentAsync())!.ShouldContain("BY-TZCJ");

        await page.GetByLabel("检索词 / Search words").FillAsync("招商引资");
        await page.GetByRole(AriaRole.Button, new() { Name = "检索 / Search" }).ClickAsync();
        await Assertions.Expect(page.Locator("#search-results li").First).ToContainTextAsync("广州市白云区投资促进局");
        await Assertions.Expect(page.Locator("#search-results em").First).ToHaveTextAsync("招商引资");
    }

    [Fact]
    public async Task TheFinanceBureau_ComparesEveryBureau_AndSearchesAllReports()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, null, "admin", BrowserFixture.DemoPassword);

        var row = page.Locator("#h-table tbody tr", new() { HasText = "广州市白云区投资促进局" });
        await Assertions.Expect(row).ToContainTextAsync("96.05%");
        await Assertions.Expect(row).ToContainTextAsync("4,652.48");
        (await page.Locator("#bureau-view").IsVisibleAsync()).ShouldBeFalse();

        await page.GetByLabel("检索词 / Search words").FillAsync("预算执行率");
        await page.GetByRole(AriaRole.Button, new() { Name = "检索 / Search" }).ClickAsync();
        await Assertions.Expect(page.Locator("#search-summary")).ToContainTextAsync("共 1 份报告");
    }

    [Fact]
    public async Task AWrongPassword_ShowsAChineseError_AndStaysOnTheSignInForm()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, "BY-TZCJ", "editor", "wrong-password");
        await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("登录失败");
        (await page.Locator("#app").IsVisibleAsync()).ShouldBeFalse();
    }

    [Fact]
    public async Task AnEmptySearch_ShowsTheProblemsMessage()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, "BY-TZCJ", "viewer", BrowserFixture.DemoPassword);
        await Assertions.Expect(page.Locator("#b-rate")).ToHaveTextAsync("96.05%");
        await page.GetByRole(AriaRole.Button, new() { Name = "检索 / Search" }).ClickAsync();
        await Assertions.Expect(page.Locator("#search-error")).ToContainTextAsync("请输入检索词");
    }

    [Fact]
    public async Task AfterTheMonthlyJob_TheEditorSeesTheWarnings_AndTheInbox()
    {
        // The finance bureau runs June 2021 through the API (as the recurring job would).
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = BrowserFixture.DemoPassword });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        (await http.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { year = 2021, month = 6 })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var page = await app.NewPageAsync();
        await SignInAsync(page, "BY-TZCJ", "editor", BrowserFixture.DemoPassword);
        // June 2021: 项目支出 24.80 % against 50 % time progress → red.
        var project = page.Locator("#b-warnings tbody tr", new() { HasText = "项目支出" });
        await Assertions.Expect(project).ToContainTextAsync("6 月");
        await Assertions.Expect(project).ToContainTextAsync("红色预警");
        await Assertions.Expect(project).ToContainTextAsync("24.80%");
        await Assertions.Expect(page.Locator("#inbox li", new() { HasText = "2021年6月项目支出执行红色预警" })).ToHaveCountAsync(1);

        // The finance bureau's 通报 for June: the demo bureau ranked with its rate and level, downloadable.
        var host = await app.NewPageAsync();
        await SignInAsync(host, null, "admin", BrowserFixture.DemoPassword);
        var row = host.Locator("#ranking tbody tr", new() { HasText = "广州市白云区投资促进局" });
        await Assertions.Expect(row).ToContainTextAsync("黄色预警");
        (await host.Locator("#ranking-xlsx").GetAttributeAsync("href")).ShouldBe("/api/host/alerts/2021/6/ranking.xlsx");
        var download = await host.RunAndWaitForDownloadAsync(() => host.Locator("#ranking-xlsx").ClickAsync());
        (await File.ReadAllBytesAsync((await download.PathAsync())!)).Take(2).ShouldBe("PK"u8.ToArray()); // an .xlsx is a zip
    }
}
