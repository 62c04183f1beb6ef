using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// The finance bureau sets a year's scoring rules and warning rules in the browser: errors at the field (the client's
/// and the server's), a save that the API then returns, a change by someone else meanwhile asks to reload, a reviewer
/// reads without editing, a bureau user is turned away. Year 2014: no other test reads or writes its rules.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class YearRulesPagesTests(BrowserFixture app)
{
    private const int Year = 2014;

    [Fact]
    public async Task TheHostAdmin_SetsTheScoringRules_WithErrorsAtTheField_AndTheApiReturnsWhatWasSaved()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "admin", BrowserFixture.DemoPassword, "/");
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "年度规则" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("年度评分与预警规则");
        await page.GotoAsync($"/rules?year={Year}");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"{Year}年度评分与预警规则");
        await Assertions.Expect(page.Locator("#rules-outputWeight")).ToHaveValueAsync("50");
        await Assertions.Expect(page.GetByTestId("weight-sum")).ToHaveTextAsync("合计 100 分");
        await Assertions.Expect(page.Locator("#rules-overAchievementThreshold")).ToHaveValueAsync("130"); // 1.30 shown as a percentage

        // 60 for outputs: the sum follows the typing (110, in red), and the server's refusal is shown at the field.
        await page.Locator("#rules-outputWeight").FillAsync("60");
        await page.Locator("#rules-outputWeight").BlurAsync();
        await Assertions.Expect(page.GetByTestId("weight-sum")).ToHaveTextAsync("合计 110 分");
        await Assertions.Expect(page.GetByTestId("weight-sum")).ToHaveClassAsync("field-error");
        await page.Locator("#rules-overAchievementThreshold").FillAsync("abc");
        await page.GetByTestId("save-scoring").Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator("#rules-overAchievementThreshold").Locator("xpath=../following-sibling::div[@role='alert']")).ToHaveTextAsync("请输入数字");
        await page.Locator("#rules-overAchievementThreshold").FillAsync("150");
        await page.GetByTestId("save-scoring").Locator("button").ClickAsync();
        var outputError = page.Locator("#rules-outputWeight").Locator("xpath=../following-sibling::div[@role='alert']");
        await Assertions.Expect(outputError).ToContainTextAsync("权重之和须为 100（现为 110）");
        await Assertions.Expect(page.Locator("#rules-outputWeight")).ToHaveClassAsync(new Regex("ant-input-status-error"));
        (await RulesAsync())!.Value.GetProperty("rules").GetProperty("outputWeight").GetDecimal().ShouldBe(50m); // nothing written
        await WebSteps.ScreenshotAsync(page, "year-rules-error", page.GetByTestId("scoring-rules"));

        // 60 + 20: saved; the API returns the new weights, the fraction 1.5 and a grade band added in the page.
        await page.Locator("#rules-outcomeWeight").FillAsync("20");
        await page.GetByTestId("add-grade").ClickAsync();
        await page.Locator("#rules-grades-4-grade").FillAsync("较差");
        await page.Locator("#rules-grades-4-minScore").FillAsync("40");
        await page.GetByTestId("save-scoring").Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator(".ant-message")).ToContainTextAsync("已保存");
        await Assertions.Expect(outputError).ToHaveCountAsync(0);
        var rules = (await RulesAsync())!.Value.GetProperty("rules");
        rules.GetProperty("outputWeight").GetDecimal().ShouldBe(60m);
        rules.GetProperty("outcomeWeight").GetDecimal().ShouldBe(20m);
        rules.GetProperty("overAchievementThreshold").GetDecimal().ShouldBe(1.5m);
        rules.GetProperty("grades").EnumerateArray().Select(g => $"{g.GetProperty("grade").GetString()}≥{g.GetProperty("minScore").GetDecimal()}").ShouldContain("较差≥40");

        // Reloaded: the page shows what was saved.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#rules-outputWeight")).ToHaveValueAsync("60", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#rules-overAchievementThreshold")).ToHaveValueAsync("150");

        // Someone else saves meanwhile: this page's save asks to reload instead of overwriting.
        using (var other = await HostAsync())
        {
            var current = (await RulesAsync())!.Value;
            var saved = await other.PutAsJsonAsync($"/api/host/scoring-rules/{Year}", new { rules = current.GetProperty("rules"), concurrencyStamp = current.GetProperty("concurrencyStamp").GetString() });
            saved.IsSuccessStatusCode.ShouldBeTrue(await saved.Content.ReadAsStringAsync());
        }

        await page.Locator("#rules-equalTolerance").FillAsync("0.5");
        await page.GetByTestId("save-scoring").Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator(".ant-modal-confirm")).ToContainTextAsync("数据已被他人修改");
        await page.Locator(".ant-modal-confirm").GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        (await RulesAsync())!.Value.GetProperty("rules").GetProperty("equalTolerance").GetDecimal().ShouldBe(0m);
    }

    [Fact]
    public async Task TheHostAdmin_SetsMilestonesAndThresholds_AndTheServersOrderRuleIsShownAtTheField()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "admin", BrowserFixture.DemoPassword, $"/rules?year={Year}");
        var form = page.GetByTestId("warning-settings");
        await Assertions.Expect(page.Locator("#settings-yellowGap")).ToHaveValueAsync("-5", new() { Timeout = 60_000 });

        // Milestones: the month inputs appear; a progress over 100% is refused at its month.
        await page.Locator("#settings-progress").SelectOptionAsync("Milestones");
        await Assertions.Expect(form.GetByTestId("milestones").Locator("input")).ToHaveCountAsync(12);
        foreach (var (month, percent) in new[] { (3, "25"), (6, "50"), (9, "75"), (12, "120") })
        {
            await page.Locator($"#settings-milestones-{month}").FillAsync(percent);
        }

        await page.GetByTestId("save-warning").Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator("#settings-milestones-12").Locator("xpath=../following-sibling::div[@role='alert']")).ToHaveTextAsync("请输入 0–100 之间的百分数");
        await page.Locator("#settings-milestones-12").FillAsync("100");

        // Red above yellow: the server's order rule, at the yellow gap.
        await page.Locator("#settings-yellowGap").FillAsync("-25");
        await page.Locator("#settings-redGap").FillAsync("-10");
        await page.GetByTestId("save-warning").Locator("button").ClickAsync();
        var gapError = page.Locator("#settings-yellowGap").Locator("xpath=../following-sibling::div[@role='alert']");
        await Assertions.Expect(gapError).Not.ToBeEmptyAsync();
        (await SettingsAsync()).GetProperty("settings").GetProperty("progress").GetString().ShouldBe("Months"); // nothing written
        await WebSteps.ScreenshotAsync(page, "year-rules-warning", form);

        await page.Locator("#settings-yellowGap").FillAsync("-3");
        await page.Locator("#settings-redGap").FillAsync("-15");
        await page.GetByTestId("save-warning").Locator("button").ClickAsync();
        await Assertions.Expect(gapError).ToHaveCountAsync(0);
        await Assertions.Expect(form).ToContainTextAsync("已保存");
        var settings = (await SettingsAsync()).GetProperty("settings");
        settings.GetProperty("progress").GetString().ShouldBe("Milestones");
        settings.GetProperty("yellowGap").GetDecimal().ShouldBe(-3m);
        settings.GetProperty("redGap").GetDecimal().ShouldBe(-15m);
        settings.GetProperty("milestones").EnumerateObject().Select(m => $"{m.Name}:{m.Value.GetDecimal()}").ShouldBe(["3:0.25", "6:0.5", "9:0.75", "12:1"], ignoreOrder: true);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#settings-milestones-6")).ToHaveValueAsync("50", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#settings-yellowGap")).ToHaveValueAsync("-3");
        await AccessibilityTests.AuditAsync(page);
    }

    [Fact]
    public async Task AReviewer_ReadsTheRulesWithoutEditing_AndABureauUserIsTurnedAway()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "reviewer", BrowserFixture.DemoPassword, "/rules?year=2021");
        await Assertions.Expect(page.Locator("#rules-executionWeight")).ToHaveValueAsync("10", new() { Timeout = 60_000 });
        (await page.Locator("#rules-executionWeight").GetAttributeAsync("readonly")).ShouldNotBeNull();
        await Assertions.Expect(page.Locator("fieldset[disabled]")).ToHaveCountAsync(7);
        (await page.GetByTestId("save-scoring").CountAsync()).ShouldBe(0);
        (await page.GetByTestId("save-warning").CountAsync()).ShouldBe(0);
        await WebSteps.ScreenshotAsync(page, "year-rules", maxHeight: 1600);

        var bureau = await app.NewPageAsync();
        await WebSteps.SignInAsync(bureau, "BY-TZCJ", "admin", BrowserFixture.DemoPassword, "/rules?year=2021");
        await Assertions.Expect(bureau).ToHaveURLAsync(new Regex("/forbidden"));
        (await bureau.GetByRole(AriaRole.Menuitem, new() { Name = "年度规则" }).CountAsync()).ShouldBe(0);
    }

    private async Task<HttpClient> HostAsync()
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress };
        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = BrowserFixture.DemoPassword });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<JsonElement?> RulesAsync()
    {
        using var host = await HostAsync();
        return await host.GetFromJsonAsync<JsonElement>($"/api/host/scoring-rules/{Year}");
    }

    private async Task<JsonElement> SettingsAsync()
    {
        using var host = await HostAsync();
        return await host.GetFromJsonAsync<JsonElement>($"/api/host/alerts/settings/{Year}");
    }
}
