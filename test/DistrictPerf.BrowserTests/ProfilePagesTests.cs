using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>The bureau's profile (内设机构, 下属单位, 主要职责): every bureau user reads it; the roles that may, edit it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProfilePagesTests(BrowserFixture app)
{
    private const string Bureau = "BY-TZCJ";

    [Fact]
    public async Task ABureauAdmin_AddsASection_SeesTheErrorAtItsRow_ReordersIt_AndFindsItAfterAReload()
    {
        var before = await SectionNamesAsync();
        before.Count.ShouldBeGreaterThan(1);

        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, Bureau, "admin", BrowserFixture.DemoPassword, "/?year=2021");
        await page.Locator(".ant-menu").GetByText("部门概况", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/profile"));
        var sections = page.Locator("[data-testid=profile-sections] li");
        await Assertions.Expect(sections).ToHaveCountAsync(before.Count);
        await Assertions.Expect(page.GetByTestId("profile-code")).ToHaveTextAsync(Bureau);
        await Assertions.Expect(page.Locator("[data-testid=profile-duties] li").First).ToBeVisibleAsync();
        await WebSteps.ScreenshotAsync(page, "profile");

        await page.GetByTestId("edit-profile").ClickAsync();
        var newRow = before.Count + 1;
        await page.GetByRole(AriaRole.Button, new() { Name = "添加内设机构" }).ClickAsync();
        var name = page.GetByLabel($"内设机构 {newRow} 名称", new() { Exact = true });
        await Assertions.Expect(name).ToBeVisibleAsync();

        // Saved with an empty name: the server's message appears at that row (sections[n].name), nothing is written.
        await page.GetByTestId("save-profile").ClickAsync();
        await Assertions.Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        var rowError = page.Locator(".edit-row").Filter(new() { Has = name }).Locator(".edit-error");
        await Assertions.Expect(rowError).ToBeVisibleAsync();
        (await SectionNamesAsync()).Count.ShouldBe(before.Count);

        await name.FillAsync("数字经济招商科");
        await page.GetByLabel($"内设机构 {newRow} 备注", new() { Exact = true }).FillAsync("2026年新设");

        // Reordered one place up.
        await page.GetByRole(AriaRole.Button, new() { Name = $"上移 内设机构 {newRow} 名称" }).ClickAsync();
        var moved = page.GetByLabel($"内设机构 {before.Count} 名称", new() { Exact = true });
        await Assertions.Expect(moved).ToHaveValueAsync("数字经济招商科");
        await Assertions.Expect(name).ToHaveValueAsync(before[^1]);
        await WebSteps.ScreenshotAsync(page, "profile-edit");

        // Unsaved changes: leaving asks first; staying keeps the form.
        var asked = false;
        void Dismiss(object? sender, IDialog dialog)
        {
            asked = true;
            _ = dialog.DismissAsync();
        }

        page.Dialog += Dismiss;
        await page.Locator(".ant-menu").GetByText("我的消息", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/profile"));
        page.Dialog -= Dismiss;
        asked.ShouldBeTrue();
        await Assertions.Expect(moved).ToHaveValueAsync("数字经济招商科");

        // Saved.
        await page.GetByTestId("save-profile").ClickAsync();
        await Assertions.Expect(sections).ToHaveCountAsync(newRow);
        await Assertions.Expect(sections.Nth(before.Count - 1)).ToContainTextAsync("数字经济招商科");
        await Assertions.Expect(sections.Nth(before.Count - 1)).ToContainTextAsync("2026年新设");
        await Assertions.Expect(sections.Last).ToContainTextAsync(before[^1]);

        await page.ReloadAsync();
        await Assertions.Expect(sections).ToHaveCountAsync(newRow, new() { Timeout = 60_000 }); // the WebAssembly runtime loads again
        await Assertions.Expect(sections.Nth(before.Count - 1)).ToContainTextAsync("数字经济招商科");
        var after = await SectionNamesAsync();
        after[before.Count - 1].ShouldBe("数字经济招商科");
        after.Count.ShouldBe(newRow);
    }

    [Fact]
    public async Task AViewer_ReadsTheProfile_WithoutAnEditControl_AndADirectPutIsRefused()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, Bureau, "viewer", BrowserFixture.DemoPassword, "/profile?year=2021");
        await Assertions.Expect(page.Locator("[data-testid=profile-sections] li").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=profile-units] li").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=profile-duties] li").First).ToBeVisibleAsync();
        (await page.GetByTestId("edit-profile").CountAsync()).ShouldBe(0);
        (await page.GetByRole(AriaRole.Button, new() { Name = "编辑概况" }).CountAsync()).ShouldBe(0);

        var status = await page.EvaluateAsync<int>("""
            async () => (await fetch('/api/bureau/profile', { method: 'PUT', headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ overview: 'x', sections: [], subordinateUnits: [], duties: [], concurrencyStamp: 'x' }) })).status
            """);
        status.ShouldBe(403);
    }

    private async Task<List<string>> SectionNamesAsync()
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var login = await http.PostAsJsonAsync("/api/auth/login", new { bureauCode = Bureau, userName = "viewer", password = BrowserFixture.DemoPassword });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var profile = await http.GetFromJsonAsync<JsonElement>("/api/bureau/profile");
        return profile.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList();
    }
}
