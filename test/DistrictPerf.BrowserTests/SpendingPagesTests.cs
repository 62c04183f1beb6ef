using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static DistrictPerf.BrowserTests.WebSteps;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// The bureau's spending entries and month closing in a real browser: an editor enters spending,
/// the approver closes the month, the editor can then only reverse; a viewer changes nothing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SpendingPagesTests(BrowserFixture app)
{
    private const string Bureau = "BY-TZCJ";

    [Fact]
    public async Task AnEditorEntersSpending_TheApproverClosesTheMonth_AndTheEditorCanOnlyReverseIt()
    {
        // 2025: a year no other test uses. The editor first gives it a budget line of 100,000.00.
        var page = await app.NewPageAsync();
        await SignInAsync(page, Bureau, "editor", BrowserFixture.DemoPassword, "/budgets/lines?year=2025");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/budgets/lines\\?year=2025$"));
        await page.GetByTestId("add-line").ClickAsync();
        await page.GetByLabel("项目编码").FillAsync("2025-XM-01");
        await page.GetByLabel("项目名称").FillAsync("产业招商推介");
        await page.GetByLabel("年初预算（元）").FillAsync("100000");
        await page.GetByTestId("save-line").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=lines] tbody tr.ant-table-row")).ToHaveCountAsync(1);

        // The spending page of that year: nothing yet.
        await page.GotoAsync("/budgets/spending?year=2025");
        var rows = page.Locator("[data-testid=spending-entries] tbody tr.ant-table-row");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("支出明细", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("spending-entries").Locator(".ant-table-placeholder")).ToBeVisibleAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(0);

        // Enter 25,000.00 on 15 March against the line.
        await page.GetByTestId("add-spending").ClickAsync();
        var drawer = page.Locator(".ant-drawer-open");
        await drawer.GetByLabel("日期").FillAsync("2025-03-15");
        await drawer.GetByLabel("预算项目").ClickAsync();
        await page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").Filter(new() { HasText = "2025-XM-01" }).ClickAsync();
        await drawer.GetByLabel("金额（元）").FillAsync("25,000.00");
        await drawer.GetByLabel("凭证号").FillAsync("PZ-0315");
        await drawer.GetByLabel("摘要").FillAsync("推介会场地租赁");
        await ScreenshotAsync(page, "spending-drawer");
        await page.GetByTestId("save-spending").ClickAsync();

        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("2025-03-15");
        await Assertions.Expect(rows.First).ToContainTextAsync("2025-XM-01");
        await Assertions.Expect(rows.First).ToContainTextAsync("25,000.00");
        await Assertions.Expect(rows.First).ToContainTextAsync("PZ-0315");
        await Assertions.Expect(page.GetByTestId("figures").GetByTestId("spending")).ToHaveTextAsync("25,000.00");
        await Assertions.Expect(page.GetByTestId("execution-rate")).ToHaveTextAsync("25.00%");
        // An open month: the entry can be deleted, not reversed.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "删除 2025-03-15 PZ-0315" })).ToBeVisibleAsync();
        (await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^冲销") }).CountAsync()).ShouldBe(0);
        await ScreenshotAsync(page, "spending");

        // The lines page's figures follow.
        await page.GotoAsync("/budgets/lines?year=2025");
        await Assertions.Expect(page.GetByTestId("figures").GetByTestId("spending")).ToHaveTextAsync("25,000.00", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("execution-rate")).ToHaveTextAsync("25.00%");

        // The approver closes March (after a warning that it is final).
        var approver = await app.NewPageAsync();
        await SignInAsync(approver, Bureau, "approver", BrowserFixture.DemoPassword, "/budgets/months?year=2025");
        var months = approver.Locator("[data-testid=months] tbody tr.ant-table-row");
        await Assertions.Expect(months).ToHaveCountAsync(12, new() { Timeout = 60_000 });
        await Assertions.Expect(months.Nth(2)).ToContainTextAsync("未结账");
        await approver.GetByRole(AriaRole.Button, new() { Name = "结账 3月" }).ClickAsync();
        await Assertions.Expect(approver.Locator(".ant-popover:not(.ant-popover-hidden)")).ToContainTextAsync("不能撤销");
        await ConfirmPopoverAsync(approver, "结账");
        await Assertions.Expect(months.Nth(2)).ToContainTextAsync("已结账");
        await Assertions.Expect(months.Nth(2)).ToContainTextAsync(new Regex("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}"));
        await Assertions.Expect(approver.GetByRole(AriaRole.Button, new() { Name = "结账 3月" })).ToHaveCountAsync(0);
        await Assertions.Expect(approver.GetByRole(AriaRole.Button, new() { Name = "结账 4月" })).ToBeVisibleAsync();
        await ScreenshotAsync(approver, "months");
        await approver.CloseAsync();

        // The editor again: the March entry can only be reversed, with a reason.
        page = await app.NewPageAsync();
        await SignInAsync(page, Bureau, "editor", BrowserFixture.DemoPassword, "/budgets/spending?year=2025");
        rows = page.Locator("[data-testid=spending-entries] tbody tr.ant-table-row");
        await Assertions.Expect(rows).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Assertions.Expect(rows.First).ToContainTextAsync("已结账");
        (await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^删除") }).CountAsync()).ShouldBe(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "冲销 2025-03-15 PZ-0315" }).ClickAsync();

        // Without a reason the server's message is shown at the field.
        await page.GetByTestId("save-reversal").ClickAsync();
        var reasonItem = page.Locator(".ant-drawer-open .ant-form-item").Filter(new() { Has = page.GetByLabel("冲销原因") });
        await Assertions.Expect(reasonItem.Locator(".ant-form-item-explain")).Not.ToBeEmptyAsync();

        await page.GetByLabel("冲销原因").FillAsync("凭证金额录入错误");
        await page.GetByTestId("save-reversal").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("spending-total")).ToHaveTextAsync("共 2 条");
        var reversal = rows.Filter(new() { HasText = "凭证金额录入错误" });
        await Assertions.Expect(reversal).ToContainTextAsync("-25,000.00");
        await Assertions.Expect(reversal).ToContainTextAsync("冲销");
        await Assertions.Expect(page.GetByTestId("figures").GetByTestId("spending")).ToHaveTextAsync("0.00");
        await Assertions.Expect(page.GetByTestId("execution-rate")).ToHaveTextAsync("0.00%");

        // The month filter asks the server for March only: the original stays there, the reversal is in December.
        await page.Locator("#filter-month").ClickAsync();
        await page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").Filter(new() { HasTextRegex = new Regex("^\\s*3月\\s*$") }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("25,000.00");
        await Assertions.Expect(page.GetByTestId("spending-total")).ToHaveTextAsync("共 1 条");
    }

    [Fact]
    public async Task AViewer_SeesSpendingAndMonths_WithoutAnyEditControl()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, Bureau, "viewer", BrowserFixture.DemoPassword, "/budgets/spending?year=2021");
        var rows = page.Locator("[data-testid=spending-entries] tbody tr.ant-table-row");
        await Assertions.Expect(rows.First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        (await rows.CountAsync()).ShouldBeLessThanOrEqualTo(20); // one page from the server, not the year
        (await page.GetByTestId("add-spending").CountAsync()).ShouldBe(0);
        (await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(删除|冲销)") }).CountAsync()).ShouldBe(0);

        await page.GotoAsync("/budgets/months?year=2021");
        await Assertions.Expect(page.Locator("[data-testid=months] tbody tr.ant-table-row")).ToHaveCountAsync(12, new() { Timeout = 60_000 });
        (await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^结账") }).CountAsync()).ShouldBe(0);
    }
}
