using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>The finance bureau's home on the demo year: every department's execution to a month's end, June's warning level and the month's 通报 as .xlsx.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HostWorkspaceTests(BrowserFixture app)
{
    [Fact]
    public async Task TheFinanceBureau_ComparesEveryDepartment_ChangesTheMonth_AndDownloadsTheRanking()
    {
        using var http = await HostApiAsync();
        (await http.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { year = 2021, month = 6 })).IsSuccessStatusCode.ShouldBeTrue();
        var june = await http.GetFromJsonAsync<JsonElement>("/api/host/budgets/2021/figures?month=6");
        var demo = june.GetProperty("bureaus").EnumerateArray().Single(b => b.GetProperty("code").GetString() == "BY-TZCJ").GetProperty("total");

        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "admin", BrowserFixture.DemoPassword, "/?year=2021");

        // December by default for a past year: the report's figures.
        var row = page.Locator("[data-testid=comparison] tbody tr", new() { HasText = "广州市白云区投资促进局" });
        await Assertions.Expect(row).ToContainTextAsync("96.05%");
        await Assertions.Expect(page.GetByTestId("time-progress")).ToContainTextAsync("100.00%");
        await Assertions.Expect(page.GetByTestId("no-ranking")).ToBeVisibleAsync(); // December has not been run
        (await page.Locator("nav, .ant-menu").AllInnerTextsAsync()).ShouldNotContain(t => t.Contains("预算项目")); // no bureau menu for the host

        // June: time progress 50 %, the API's figures, and the June 通报 with its .xlsx.
        await page.Locator("#month-picker").SelectOptionAsync("6");
        await Assertions.Expect(page.GetByTestId("time-progress")).ToContainTextAsync("50.00%");
        page.Url.ShouldContain("month=6");
        await Assertions.Expect(row).ToContainTextAsync($"{demo.GetProperty("executionRate").GetDecimal():0.00}%");
        await Assertions.Expect(row).ToContainTextAsync(demo.GetProperty("spending").GetDecimal().ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(row.Locator("[data-col=level]")).ToHaveTextAsync("黄色预警"); // June's run, whole budget
        (await page.Locator("#ranking-xlsx").GetAttributeAsync("href")).ShouldBe("api/host/alerts/2021/6/ranking.xlsx");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#ranking-xlsx").ClickAsync());
        (await File.ReadAllBytesAsync((await download.PathAsync())!)).Take(2).ShouldBe("PK"u8.ToArray()); // an .xlsx is a zip

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("time-progress")).ToContainTextAsync("50.00%"); // the month is in the address
    }

    [Fact]
    public async Task ABureauUser_OpeningAFinanceBureauReportAddress_GetsTheForbiddenPage()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, "BY-TZCJ", "editor", BrowserFixture.DemoPassword, $"/reports/{Guid.NewGuid()}");
        await Assertions.Expect(page.GetByText("无权访问")).ToBeVisibleAsync();
    }

    private async Task<HttpClient> HostApiAsync()
    {
        var http = new HttpClient { BaseAddress = app.BaseAddress };
        var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = BrowserFixture.DemoPassword });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
