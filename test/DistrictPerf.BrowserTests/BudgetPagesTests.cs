using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static DistrictPerf.BrowserTests.WebSteps;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// The web application (Blazor WebAssembly + AntDesign) in a real browser against the real host
/// with the demo tenant: a bureau's budget work. Screenshots of each page at desktop and phone
/// width go to TestResults/screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class BudgetPagesTests(BrowserFixture app)
{
    private const string Bureau = "BY-TZCJ";

    [Fact]
    public async Task AnEditor_AddsABudgetLine_SeesTheBudgetChange_AndAnErrorAtTheField()
    {
        // 2024: a year the demo bureau has no budget for yet (the other tests read 2021).
        var page = await app.NewPageAsync();
        await SignInAsync(page, Bureau, "editor", BrowserFixture.DemoPassword, "/budgets/lines?year=2024");

        // Back on the page asked for, empty, with no figures yet.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/budgets/lines\\?year=2024$"));
        var rows = page.Locator("[data-testid=lines] tbody tr.ant-table-row");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("2024");
        await Assertions.Expect(rows).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("adjusted")).ToHaveTextAsync("0.00");

        await page.GetByTestId("add-line").ClickAsync();
        await page.GetByLabel("项目编码").FillAsync("2024-XM-01");
        await page.GetByLabel("项目名称").FillAsync("招商引资推介活动");
        await page.GetByLabel("年初预算（元）").FillAsync("1,000,000.50");
        await ScreenshotAsync(page, "budget-line-drawer");
        await page.GetByTestId("save-line").ClickAsync();

        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=lines]")).ToContainTextAsync("招商引资推介活动");
        await Assertions.Expect(page.Locator("[data-testid=lines]")).ToContainTextAsync("1,000,000.50");
        // The year's figures follow the write: the adjusted budget is the new line's, nothing spent yet.
        await Assertions.Expect(page.GetByTestId("adjusted")).ToHaveTextAsync("1,000,000.50");
        await Assertions.Expect(page.GetByTestId("execution-rate")).ToHaveTextAsync("0.00%");

        // A second line with the same code: the server's 409 is shown at the code field, nothing is written.
        await page.GetByTestId("add-line").ClickAsync();
        await page.GetByLabel("项目编码").FillAsync("2024-xm-01");
        await page.GetByLabel("项目名称").FillAsync("重复的编码");
        await page.GetByLabel("年初预算（元）").FillAsync("1");
        await page.GetByTestId("save-line").ClickAsync();
        var codeItem = page.Locator(".ant-drawer .ant-form-item").Filter(new() { Has = page.GetByLabel("项目编码") });
        await Assertions.Expect(codeItem).ToContainTextAsync("项目编码 2024-XM-01 已存在");
        await ScreenshotAsync(page, "budget-line-error");

        // Leaving the edited form asks first.
        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };
        await page.Locator(".ant-drawer").GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Assertions.Expect(page.Locator(".ant-drawer-open")).ToHaveCountAsync(0);
        asked.ShouldBe("有未保存的修改，确定离开？");
        await Assertions.Expect(rows).ToHaveCountAsync(1);

        // Delete it again (after a confirmation).
        await page.GetByRole(AriaRole.Button, new() { Name = "删除 2024-XM-01" }).ClickAsync();
        await ConfirmPopoverAsync(page, "删除");
        await Assertions.Expect(rows).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheDemoYear_ShowsItsLinesAndFigures()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, Bureau, "editor", BrowserFixture.DemoPassword, "/budgets/lines?year=2021");
        await Assertions.Expect(page.Locator("[data-testid=lines] tbody tr.ant-table-row")).ToHaveCountAsync(7);
        await Assertions.Expect(page.GetByTestId("execution-rate")).ToHaveTextAsync("96.05%");
        await Assertions.Expect(page.GetByTestId("adjusted")).ToHaveTextAsync("46,524,800.00");
        await ScreenshotAsync(page, "budget-lines");
    }

    [Fact]
    public async Task AViewer_FindsNoEditControl_AndADirectPostIsRefused()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, Bureau, "viewer", BrowserFixture.DemoPassword, "/budgets/lines?year=2021");
        await Assertions.Expect(page.Locator("[data-testid=lines] tbody tr.ant-table-row")).ToHaveCountAsync(7);

        (await page.GetByTestId("add-line").CountAsync()).ShouldBe(0);
        (await page.GetByRole(AriaRole.Button, new() { Name = "修改" }).CountAsync()).ShouldBe(0);
        (await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^删除") }).CountAsync()).ShouldBe(0);

        // The server refuses what the screen does not offer (the same cookie session).
        var status = await page.EvaluateAsync<int>("""
            async () => (await fetch('/api/bureau/budgets/2021/lines', { method: 'POST', headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ code: 'V-1', name: 'x', kind: 'Basic', initial: 1 }) })).status
            """);
        status.ShouldBe(403);
    }

    [Fact]
    public async Task WhenTheSessionEnds_TheUserReturnsToSignIn_AndBackToThePage()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, Bureau, "editor", BrowserFixture.DemoPassword, "/budgets/lines?year=2021");
        await Assertions.Expect(page.Locator("[data-testid=lines] tbody tr.ant-table-row")).ToHaveCountAsync(7);

        await app.Browser.ClearCookiesAsync(); // the session ends (signed out elsewhere, expired)
        await page.GetByRole(AriaRole.Button, new() { Name = "修改 2021-JB-01" }).ClickAsync();
        await page.GetByTestId("save-line").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin\\?expired=1&returnUrl="));
        await Assertions.Expect(page.GetByText("登录已过期，请重新登录")).ToBeVisibleAsync();
        await page.GetByLabel("部门代码").FillAsync(Bureau);
        await page.GetByLabel("用户名").FillAsync("editor");
        await page.GetByLabel("密码").FillAsync(BrowserFixture.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/budgets/lines\\?year=2021$"));
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_SaysSo_AndTheLanguageSwitchShowsOneLanguage()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, Bureau, "editor", "wrong-password");
        await Assertions.Expect(page.GetByTestId("signin-error")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "signin-error");

        await page.GetByText("English").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        (await page.Locator("main").InnerTextAsync()).ShouldNotContain("登录");
        await page.GetByText("中文").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "登录" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task TheYearPicker_ChangesTheYear_AndNoPageKeepsLastYearsLines()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, Bureau, "editor", BrowserFixture.DemoPassword, "/budgets/lines?year=2021");
        var rows = page.Locator("[data-testid=lines] tbody tr.ant-table-row");
        await Assertions.Expect(rows).ToHaveCountAsync(7);

        await page.SelectOptionAsync("#year-picker", "2022");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("year=2022"));
        await Assertions.Expect(rows).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("2022");

        await page.ReloadAsync(); // bookmarkable: the same page and year after a reload
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("2022", new() { Timeout = 60_000 });
    }
}
