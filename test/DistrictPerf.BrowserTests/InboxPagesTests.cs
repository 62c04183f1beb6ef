using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>After a month's warnings, the bureau's users find the messages in their inbox, with the unread count in the header.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InboxPagesTests(BrowserFixture app)
{
    [Fact]
    public async Task AfterTheMonthlyRun_TheApproverSeesUnreadMessages_AndMarksOneRead()
    {
        // The finance bureau runs June 2021 through the API (as the recurring job would); reruns update, never duplicate.
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = BrowserFixture.DemoPassword });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await http.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { year = 2021, month = 6 })).IsSuccessStatusCode.ShouldBeTrue();

        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, "BY-TZCJ", "approver", BrowserFixture.DemoPassword, "/inbox");
        var rows = page.Locator("[data-testid=inbox] tbody tr.ant-table-row");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=inbox]")).ToContainTextAsync("2021年6月");

        var unread = page.GetByTestId("unread");
        var label = await unread.GetAttributeAsync("aria-label");
        var before = int.Parse(Regex.Match(label!, "\\d+").Value);
        before.ShouldBeGreaterThan(0);
        await WebSteps.ScreenshotAsync(page, "inbox");

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^标为已读") }).First.ClickAsync();
        await Assertions.Expect(unread).ToHaveAttributeAsync("aria-label", $"{before - 1} 条未读消息");
        await Assertions.Expect(page.Locator("[data-testid=inbox]")).ToContainTextAsync("已读");
    }
}
