using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static DistrictPerf.BrowserTests.WebSteps;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// The bureau's budget adjustments (预算调整) in a real browser: an editor adds increases and decreases and
/// sees the adjusted budget and the adjustment rate follow; a viewer changes nothing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdjustmentPagesTests(BrowserFixture app)
{
    [Fact]
    public async Task AnEditor_AddsAnAdjustment_SeesTheAdjustedBudgetChange_AndABadAmountAtItsField()
    {
        // A bureau of its own: two lines of 2023, 500,000.00 in all, no adjustment yet.
        var bureau = await FreshBureau.CreateAsync(app, "BY-WGLTJ", "广州市白云区文化广电旅游体育局");
        await bureau.AddLineAsync(2023, "2023-JB-01", "人员及公用经费", "Basic", 300_000m);
        await bureau.AddLineAsync(2023, "2023-XM-01", "文化惠民演出", "Project", 200_000m);

        var page = await app.NewPageAsync();
        await SignInAsync(page, bureau.Code, "editor", BrowserFixture.DemoPassword, "/budgets/adjustments?year=2023");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/budgets/adjustments\\?year=2023$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("预算调整（2023）", new() { Timeout = 60_000 });
        var rows = page.Locator("[data-testid=adjustments] tbody tr.ant-table-row");
        await Assertions.Expect(page.GetByTestId("adjusted")).ToHaveTextAsync("500,000.00");
        await Assertions.Expect(page.GetByTestId("adjustment-rate")).ToHaveTextAsync("0.00%");
        await Assertions.Expect(rows).ToHaveCountAsync(0);
        // The menu leads here and the breadcrumb says where the user is.
        await Assertions.Expect(page.Locator(".ant-menu-item-selected")).ToContainTextAsync("预算调整");
        await Assertions.Expect(page.Locator(".ant-breadcrumb")).ToContainTextAsync("预算调整");

        // An increase of 15 July with a negative amount: the server's rule is shown at the amount, nothing is written.
        await page.GetByTestId("add-adjustment").ClickAsync();
        var drawer = page.Locator(".ant-drawer-open");
        await drawer.GetByLabel("日期").FillAsync("2023-07-15");
        await drawer.GetByLabel("预算项目").ClickAsync();
        await page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").Filter(new() { HasText = "2023-XM-01" }).ClickAsync();
        await drawer.GetByLabel("调整金额（元）").FillAsync("-50,000.00");
        await drawer.GetByLabel("调整原因").FillAsync("追加演出场次");
        await page.GetByTestId("save-adjustment").ClickAsync();
        var amountItem = drawer.Locator(".ant-form-item").Filter(new() { Has = page.GetByLabel("调整金额（元）") });
        await Assertions.Expect(amountItem.Locator(".ant-form-item-explain")).ToContainTextAsync("追加须为正数、追减须为负数");
        await Assertions.Expect(amountItem).ToHaveClassAsync(new Regex("ant-form-item-has-error"));
        await Assertions.Expect(rows).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("adjusted")).ToHaveTextAsync("500,000.00");

        // Corrected: the adjusted budget and the adjustment rate follow at once.
        await drawer.GetByLabel("调整金额（元）").FillAsync("50,000.00");
        await page.GetByTestId("save-adjustment").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("2023-07-15");
        await Assertions.Expect(rows.First).ToContainTextAsync("文化惠民演出");
        await Assertions.Expect(rows.First).ToContainTextAsync("追加");
        await Assertions.Expect(rows.First).ToContainTextAsync("50,000.00");
        await Assertions.Expect(page.GetByTestId("adjusted")).ToHaveTextAsync("550,000.00");
        await Assertions.Expect(page.GetByTestId("adjustment-rate")).ToHaveTextAsync("10.00%");

        // A policy decrease: the adjusted budget falls, the rate does not count it.
        await page.GetByTestId("add-adjustment").ClickAsync();
        await drawer.GetByLabel("日期").FillAsync("2023-08-01");
        await drawer.GetByLabel("预算项目").ClickAsync();
        await page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").Filter(new() { HasText = "2023-JB-01" }).ClickAsync();
        await drawer.Locator("label.ant-radio-button-wrapper").Filter(new() { HasText = "追减" }).ClickAsync();
        await drawer.GetByLabel("调整金额（元）").FillAsync("-20000");
        await drawer.GetByLabel("调整原因").FillAsync("按政策压减公用经费");
        await drawer.GetByLabel("不计入调整率原因").ClickAsync();
        await page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").Filter(new() { HasText = "政策性调整" }).ClickAsync();
        await ScreenshotAsync(page, "budget-adjustment-drawer");
        await page.GetByTestId("save-adjustment").ClickAsync();

        await Assertions.Expect(rows).ToHaveCountAsync(2);
        var decrease = rows.Filter(new() { HasText = "按政策压减公用经费" });
        await Assertions.Expect(decrease).ToContainTextAsync("-20,000.00");
        await Assertions.Expect(decrease).ToContainTextAsync("政策性调整");
        await Assertions.Expect(page.GetByTestId("adjusted")).ToHaveTextAsync("530,000.00");
        await Assertions.Expect(page.GetByTestId("adjustment-rate")).ToHaveTextAsync("10.00%");
        await Assertions.Expect(page.GetByTestId("adjustments-total")).ToHaveTextAsync("共 2 笔，净调整 30,000.00 元");
        await ScreenshotAsync(page, "budget-adjustments");

        // The kind filter keeps the decreases only.
        var kindFilter = page.Locator("[data-testid=adjustments] th").Filter(new() { HasText = "调整类型" }).Locator(".ant-table-filter-trigger");
        var dropdown = page.Locator(".ant-dropdown:not(.ant-dropdown-hidden) .ant-table-filter-dropdown");
        await kindFilter.ClickAsync();
        await dropdown.GetByText("追减", new() { Exact = true }).ClickAsync();
        await dropdown.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("-20,000.00");

        // A reload shows the same year's adjustments again (bookmarkable), unfiltered.
        await page.ReloadAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2, new() { Timeout = 60_000 });

        // Leaving an edited form asks first.
        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };
        await page.GetByTestId("add-adjustment").ClickAsync();
        await drawer.GetByLabel("调整原因").FillAsync("未保存");
        await drawer.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Assertions.Expect(page.Locator(".ant-drawer-open")).ToHaveCountAsync(0);
        asked.ShouldBe("有未保存的修改，确定离开？");

        // Deleting the decrease (after a confirmation) gives the adjusted budget back.
        await page.GetByRole(AriaRole.Button, new() { Name = "删除 2023-08-01 2023-JB-01 -20,000.00" }).ClickAsync();
        await ConfirmPopoverAsync(page, "删除");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("adjusted")).ToHaveTextAsync("550,000.00");
    }

    [Fact]
    public async Task AViewer_SeesTheAdjustments_WithoutAnyEditControl()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, "BY-TZCJ", "viewer", BrowserFixture.DemoPassword, "/budgets/adjustments?year=2021");
        var rows = page.Locator("[data-testid=adjustments] tbody tr.ant-table-row");
        await Assertions.Expect(rows.First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("adjustment-rate")).ToHaveTextAsync("11.86%");
        (await page.GetByTestId("add-adjustment").CountAsync()).ShouldBe(0);
        (await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^删除") }).CountAsync()).ShouldBe(0);
        await Assertions.Expect(page.GetByTestId("export-xlsx")).ToBeVisibleAsync();

        // The server refuses what the screen does not offer.
        var status = await page.EvaluateAsync<int>("""
            async () => (await fetch('/api/bureau/budgets/2021/adjustments', { method: 'POST', headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ date: '2021-05-01', lineId: '00000000-0000-0000-0000-000000000001', kind: 'Increase', amount: 1, reason: 'x', excludedFromRate: null }) })).status
            """);
        status.ShouldBe(403);
    }
}
