using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// WCAG 2.1 AA as axe-core checks it (contrast, names, labels, roles, landmarks) on every page of the web
/// application, as the users who open them, with no sideways scrolling on a phone and a clean printout; and the
/// keyboard alone gets a user signed in and into a form.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture app)
{
    public static TheoryData<string?, string, string> Pages => new()
    {
        { "BY-TZCJ", "editor", "/?year=2021" },
        { "BY-TZCJ", "editor", "/budgets/lines?year=2021" },
        { "BY-TZCJ", "editor", "/budgets/spending?year=2021" },
        { "BY-TZCJ", "approver", "/budgets/months?year=2021" },
        { "BY-TZCJ", "editor", "/budgets/adjustments?year=2021" },
        { "BY-TZCJ", "editor", "/budgets/import?year=2021" },
        { "BY-TZCJ", "editor", "/plan?year=2021" },
        { "BY-TZCJ", "editor", "/warnings?year=2021" },
        { "BY-TZCJ", "editor", "/warnings/ranking?year=2021&month=6" },
        { "BY-TZCJ", "admin", "/profile?year=2021" },
        { "BY-TZCJ", "viewer", "/account/password?year=2021" },
        { "BY-TZCJ", "editor", "/report?year=2021" },
        { "BY-TZCJ", "editor", "/report/import?year=2021" },
        { "BY-TZCJ", "editor", "/search?year=2021&q=招商引资" },
        { "BY-TZCJ", "approver", "/inbox?year=2021" },
        { "BY-TZCJ", "admin", "/users?year=2021" },
        { null, "admin", "/?year=2021&month=6" },
        { null, "reviewer", "/review?year=2021&status=all" },
        { null, "admin", "/rules?year=2021" },
        { null, "reviewer", "/bureaus/{BY-TZCJ}?year=2021&month=6" },
        { null, "admin", "/alerts?year=2021&month=6" },
        { null, "reviewer", "/bureaus/{BY-TZCJ}?year=2021&tab=profile" },
        { null, "reviewer", "/bureaus/{BY-TZCJ}?year=2021&tab=plan" },
        { null, "reviewer", "/bureaus/{BY-TZCJ}?year=2021&tab=report" },
        { null, "reviewer", "/bureaus/{BY-TZCJ}?year=2021&tab=warnings" },
        { null, "admin", "/bureaus/{BY-TZCJ}?year=2021&tab=users" },
        { null, "admin", "/admin/bureaus?year=2021" },
        { null, "admin", "/admin/audit?year=2021" },
        { null, "admin", "/admin/search?year=2021" },
        { null, "admin", "/users?year=2021" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EveryPage_MeetsWcagAA(string? bureau, string user, string path)
    {
        path = await ResolveAsync(path);
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, bureau, user, BrowserFixture.DemoPassword, path);
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(page.Locator(".ant-spin-spinning, .ant-btn-loading, .ant-skeleton")).ToHaveCountAsync(0);
        await page.WaitForTimeoutAsync(500); // AntDesign's entry transitions
        await AuditAsync(page);

        // On a 390 px phone the page itself never scrolls sideways (wide tables scroll inside their own box).
        await page.SetViewportSizeAsync(390, 844);
        try
        {
            // The menu folds and tables re-flow with transitions: give a loaded machine up to 5 s to settle.
            await page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= window.innerWidth", null, new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            // asserted below, with the width it stayed at
        }

        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        widths[0].ShouldBeLessThanOrEqualTo(widths[1], $"{path} is {widths[0]} px wide on a {widths[1]} px phone");

        // Printed: no menu, header or buttons; the page's own content.
        await page.SetViewportSizeAsync(1366, 768);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        (await page.Locator(".ant-layout-sider").IsVisibleAsync()).ShouldBeFalse();
        (await page.Locator(".app-header").IsVisibleAsync()).ShouldBeFalse();
        (await page.Locator("h1").IsVisibleAsync()).ShouldBeTrue();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
    }

    [Fact]
    public async Task TheSignInPage_MeetsWcagAA_InBothLanguages()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("用户名").WaitForAsync(new() { Timeout = 60_000 });
        (await page.EvaluateAsync<string>("() => document.documentElement.lang")).ShouldBe("zh-CN");
        await AuditAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await page.GetByLabel("User name").WaitForAsync(new() { Timeout = 60_000 });
        (await page.EvaluateAsync<string>("() => document.documentElement.lang")).ShouldBe("en");
        await AuditAsync(page);
    }

    /// <summary>A bureau's code in braces becomes its id (finance bureau pages address a department by id).</summary>
    private async Task<string> ResolveAsync(string path)
    {
        var code = System.Text.RegularExpressions.Regex.Match(path, "\\{([A-Z-]+)\\}");
        if (!code.Success)
        {
            return path;
        }

        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var login = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(http, "/api/auth/login", new { userName = "admin", password = BrowserFixture.DemoPassword });
        var token = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(login.Content)).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var bureaus = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(http, "/api/host/bureaus");
        var id = bureaus.EnumerateArray().Single(b => b.GetProperty("code").GetString() == code.Groups[1].Value).GetProperty("id").GetGuid();
        return path.Replace(code.Value, id.ToString(), StringComparison.Ordinal);
    }

    /// <summary>axe-core's WCAG 2.1 AA rules on the page as it is now (other tests audit a state they reach: an import's preview, a review box, a comparison).</summary>
    internal static async Task AuditAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var problems = result.Violations
            .SelectMany(v => v.Nodes.Select(n => $"{v.Id} ({v.Impact}): {n.Target} {n.Html} — {string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))}"))
            .ToList();
        problems.ShouldBeEmpty(string.Join("\n", problems));
    }

    [Fact]
    public async Task TheKeyboardAlone_SignsIn_AndOpensTheAddLineForm()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/budgets/lines?year=2021");
        await page.GetByLabel("部门代码").WaitForAsync(new() { Timeout = 60_000 });
        await page.GetByLabel("部门代码").FocusAsync();
        await page.Keyboard.TypeAsync("BY-TZCJ");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("editor");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(BrowserFixture.DemoPassword);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("预算项目");

        // Tab until the add button has the focus (a visible outline), then Enter opens the form.
        var add = page.GetByTestId("add-line").Locator("button");
        for (var i = 0; i < 40 && !await add.EvaluateAsync<bool>("b => b === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        (await add.EvaluateAsync<bool>("b => b === document.activeElement")).ShouldBeTrue("the add button is reachable by Tab");
        (await add.EvaluateAsync<string>("b => getComputedStyle(b).outlineStyle")).ShouldNotBe("none");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#line-code")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
    }
}
