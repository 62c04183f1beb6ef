using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DistrictPerf.Modules.Search.Indexing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// The finance bureau's administration (系统管理) in the browser: departments (create with the first administrator,
/// field errors, rename, disable and enable, and what that does to the department's sign-in), the audit log's filters,
/// the search index rebuild's progress, the finance bureau's own users, and the 403 page for bureau users.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminPagesTests(BrowserFixture app)
{
    private const string NewCode = "WEB-ADM-NEW";
    private const string RenameCode = "WEB-ADM-REN";

    [Fact]
    public async Task TheHostAdmin_CreatesADepartment_WhoseAdminThenSignsIn_AndFieldErrorsCreateNothing()
    {
        var host = await HostClientAsync();
        var before = (await host.GetFromJsonAsync<JsonElement>("/api/host/bureaus")).GetArrayLength();

        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "admin", BrowserFixture.DemoPassword, "/admin/bureaus?year=2021");
        var rows = page.Locator("[data-testid=bureaus] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(before);
        await Assertions.Expect(page.Locator(".ant-menu-submenu-title").Filter(new() { HasText = "系统管理" })).ToBeVisibleAsync();
        await WebSteps.ScreenshotAsync(page, "admin-bureaus", maxHeight: 900);

        // A code that is taken: the server's conflict at the code field.
        await page.GetByTestId("add-bureau").ClickAsync();
        await page.Locator("#bureau-code").FillAsync("BY-TZCJ");
        await page.Locator("#bureau-name").FillAsync("重复代码的部门");
        await page.Locator("#bureau-admin-password").FillAsync("Dept#Admin2026");
        await page.GetByTestId("save-bureau").ClickAsync();
        var codeItem = FormItem(page, "bureau-code");
        await Assertions.Expect(codeItem).ToHaveClassAsync(new Regex("ant-form-item-has-error"));
        await Assertions.Expect(codeItem.Locator(".ant-form-item-explain")).ToContainTextAsync("BY-TZCJ");

        // A new code but a weak password: the server's password rules at the password field (admin.password).
        await page.Locator("#bureau-code").FillAsync(NewCode);
        await page.Locator("#bureau-name").FillAsync("白云区测试新建局");
        await page.Locator("#bureau-admin-password").FillAsync("short");
        await page.Locator("#bureau-admin-password").BlurAsync();
        await page.GetByTestId("save-bureau").ClickAsync();
        var passwordItem = FormItem(page, "bureau-admin-password");
        await Assertions.Expect(passwordItem).ToHaveClassAsync(new Regex("ant-form-item-has-error"));
        await Assertions.Expect(passwordItem.Locator(".ant-form-item-explain")).Not.ToContainTextAsync("至少 8 位，含大小写字母、数字和符号");
        await Assertions.Expect(passwordItem.Locator(".ant-form-item-explain")).ToContainTextAsync("8");
        await Assertions.Expect(codeItem).Not.ToHaveClassAsync(new Regex("ant-form-item-has-error"));
        var weak = await passwordItem.Locator(".ant-form-item-explain").InnerTextAsync();
        await WebSteps.ScreenshotAsync(page, "admin-bureau-drawer-error");

        // No password at all: said at the password field too (another message).
        await page.Locator("#bureau-admin-password").FillAsync("");
        await page.Locator("#bureau-admin-password").BlurAsync();
        await Assertions.Expect(passwordItem).Not.ToHaveClassAsync(new Regex("ant-form-item-has-error"));
        await page.GetByTestId("save-bureau").ClickAsync();
        await Assertions.Expect(passwordItem).ToHaveClassAsync(new Regex("ant-form-item-has-error"));
        await Assertions.Expect(passwordItem.Locator(".ant-form-item-explain")).Not.ToContainTextAsync("至少 8 位，含大小写字母、数字和符号");
        await Assertions.Expect(passwordItem.Locator(".ant-form-item-explain")).Not.ToHaveTextAsync(weak);
        (await host.GetFromJsonAsync<JsonElement>("/api/host/bureaus")).GetArrayLength().ShouldBe(before);
        await Assertions.Expect(rows).ToHaveCountAsync(before);

        // Corrected: created, in the list, with its administrator.
        await page.Locator("#bureau-admin-display").FillAsync("新局管理员");
        await page.Locator("#bureau-admin-password").FillAsync("Dept#Admin2026");
        await page.GetByTestId("save-bureau").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(before + 1);
        var row = page.Locator($"[data-testid=bureaus] tr[data-code='{NewCode}']");
        await Assertions.Expect(row).ToContainTextAsync("白云区测试新建局");
        await Assertions.Expect(row).ToContainTextAsync("启用");
        var created = (await host.GetFromJsonAsync<JsonElement>("/api/host/bureaus")).EnumerateArray().Single(b => b.GetProperty("code").GetString() == NewCode);
        (await row.Locator("a.bureau-open").GetAttributeAsync("href")).ShouldBe($"bureaus/{created.GetProperty("id").GetGuid()}?year=2021");

        // Its administrator signs in and lands on the department's home.
        var bureauPage = await app.NewPageAsync();
        await WebSteps.SignInAsync(bureauPage, NewCode, "admin", "Dept#Admin2026", "/");
        await Assertions.Expect(bureauPage.GetByTestId("who")).ToContainTextAsync($"新局管理员 · {NewCode}");
        await Assertions.Expect(bureauPage).ToHaveURLAsync(new Regex("/(\\?.*)?$"));
        await Assertions.Expect(bureauPage.Locator("h1")).ToBeVisibleAsync();
        await bureauPage.CloseAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task RenameDisableEnable_ChangeTheDepartment_AndItsSignIn_AndTheAuditLogShowsJustThat()
    {
        await FreshBureau.CreateAsync(app, RenameCode, "改名前的测试局");
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "admin", BrowserFixture.DemoPassword, "/admin/bureaus?year=2021");
        var row = page.Locator($"[data-testid=bureaus] tr[data-code='{RenameCode}']");
        await Assertions.Expect(row).ToContainTextAsync("改名前的测试局");

        // Rename in the drawer.
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^改名") }).ClickAsync();
        await page.Locator("#bureau-name").FillAsync("改名后的测试局");
        await page.GetByTestId("save-bureau").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("改名后的测试局");

        // Disable (confirmed): the tag says so, and the department's users can no longer sign in.
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^停用") }).ClickAsync();
        await WebSteps.ConfirmPopoverAsync(page, "停用");
        await Assertions.Expect(row).ToContainTextAsync("已停用");
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^启用") })).ToBeVisibleAsync();

        var bureauPage = await app.NewPageAsync();
        await WebSteps.SignInAsync(bureauPage, RenameCode, "editor", BrowserFixture.DemoPassword, "/");
        await Assertions.Expect(bureauPage.GetByTestId("signin-error")).ToContainTextAsync("该部门已被财政局停用");
        await Assertions.Expect(bureauPage).ToHaveURLAsync(new Regex("/signin"));
        await bureauPage.CloseAsync();

        // Enable again (the host signs in again: the new page's sign-in attempt cleared the shared cookies).
        await page.CloseAsync();
        page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "admin", BrowserFixture.DemoPassword, "/admin/bureaus?year=2021");
        row = page.Locator($"[data-testid=bureaus] tr[data-code='{RenameCode}']");
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^启用") }).ClickAsync();
        await WebSteps.ConfirmPopoverAsync(page, "启用");
        await Assertions.Expect(row.Locator(".ant-tag")).ToHaveTextAsync("启用");
        bureauPage = await app.NewPageAsync();
        await WebSteps.SignInAsync(bureauPage, RenameCode, "editor", BrowserFixture.DemoPassword, "/");
        await Assertions.Expect(bureauPage.GetByTestId("who")).ToContainTextAsync(RenameCode);
        await bureauPage.CloseAsync();

        // The audit log, filtered by the department and the register's record type: created, renamed, disabled,
        // enabled — newest first, as many as the API has, and nothing of another department.
        var host = await HostClientAsync();
        var id = (await host.GetFromJsonAsync<JsonElement>("/api/host/bureaus")).EnumerateArray()
            .Single(b => b.GetProperty("code").GetString() == RenameCode).GetProperty("id").GetGuid();
        var api = await host.GetFromJsonAsync<JsonElement>($"/api/host/audit-logs?bureauId={id}&entityType=Bureau");
        api.GetProperty("total").GetInt32().ShouldBe(4);

        await page.CloseAsync();
        page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "admin", BrowserFixture.DemoPassword, "/admin/audit?year=2021");
        var entries = page.Locator("[data-testid=audit-log] tbody tr[data-action]");
        await Assertions.Expect(entries.First).ToBeVisibleAsync();
        await page.Locator("#audit-bureau").SelectOptionAsync(id.ToString());
        await page.Locator("#audit-type").SelectOptionAsync("Bureau");
        await page.GetByTestId("apply-filters").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"bureau={id}.*type=Bureau|type=Bureau.*bureau={id}"));
        await Assertions.Expect(entries).ToHaveCountAsync(4);
        (await entries.Locator("td:nth-child(4)").AllInnerTextsAsync()).Select(t => t.Trim()).ShouldBe(["修改", "修改", "修改", "新增"]);
        (await entries.Locator("td:nth-child(2)").AllInnerTextsAsync()).ShouldAllBe(t => t.Contains("改名后的测试局"));
        await Assertions.Expect(entries.Nth(2)).ToContainTextAsync("改名前的测试局 → 改名后的测试局");
        await Assertions.Expect(page.GetByTestId("audit-total")).ToContainTextAsync("共 4 条记录");

        // The address is the view: reloaded (a bookmark), the same filter and rows; the action filter narrows it.
        await page.ReloadAsync();
        await Assertions.Expect(entries).ToHaveCountAsync(4, new() { Timeout = 60_000 });
        (await page.Locator("#audit-bureau").InputValueAsync()).ShouldBe(id.ToString());
        await page.Locator("#audit-action").SelectOptionAsync("Created");
        await page.GetByTestId("apply-filters").ClickAsync();
        await Assertions.Expect(entries).ToHaveCountAsync(1);
        await Assertions.Expect(entries.First).ToContainTextAsync("部门登记");
        await WebSteps.ScreenshotAsync(page, "admin-audit", maxHeight: 900);

        // Without the type: the department's own rows too (its users, its profile), still only this department's.
        await page.GotoAsync($"/admin/audit?year=2021&bureau={id}");
        var all = await host.GetFromJsonAsync<JsonElement>($"/api/host/audit-logs?bureauId={id}&pageSize=50");
        await Assertions.Expect(entries).ToHaveCountAsync(Math.Min(50, all.GetProperty("total").GetInt32()), new() { Timeout = 60_000 });
        (await entries.Locator("td:nth-child(2)").AllInnerTextsAsync()).ShouldAllBe(t => t.Contains("改名后的测试局"));
        (await entries.Locator("td:nth-child(5)").AllInnerTextsAsync()).ShouldContain(t => t.Contains("用户"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task TheRebuild_ShowsItsProgressToTheEnd_WithAsManyReportsAsTheApiHas()
    {
        // Every revision of every report is one document: the latest revisions, and each one's revisions of its year.
        var host = await HostClientAsync();
        var reports = await host.GetFromJsonAsync<JsonElement>("/api/host/reports");
        var documents = 0;
        foreach (var report in reports.EnumerateArray())
        {
            documents += (await host.GetFromJsonAsync<JsonElement>($"/api/host/reports/{report.GetProperty("id").GetGuid()}/revisions")).GetArrayLength();
        }

        documents.ShouldBeGreaterThan(0);
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "admin", BrowserFixture.DemoPassword, "/admin/search?year=2021");
        await Assertions.Expect(page.GetByTestId("rebuild").Locator("button")).ToBeEnabledAsync(new() { Timeout = 60_000 });
        await page.GetByTestId("rebuild").ClickAsync();
        await WebSteps.ConfirmPopoverAsync(page, "重建检索索引");
        var text = page.GetByTestId("rebuild-text");
        await Assertions.Expect(text).ToHaveAttributeAsync("data-state", "Succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("rebuild-progress")).ToHaveAttributeAsync("aria-valuenow", "100");
        (await text.GetAttributeAsync("data-indexed")).ShouldBe(documents.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await text.GetAttributeAsync("data-total")).ShouldBe(documents.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("rebuild-status")).ToContainTextAsync($"重建完成：已索引 {documents} 份报告");
        await Assertions.Expect(page.GetByTestId("rebuild").Locator("button")).ToBeEnabledAsync();
        var status = await host.GetFromJsonAsync<JsonElement>("/api/host/search/rebuild");
        status.GetProperty("indexed").GetInt32().ShouldBe(documents);
        await WebSteps.ScreenshotAsync(page, "admin-search");

        // The index works after the rebuild: the demo report is found again.
        var hits = await host.GetFromJsonAsync<JsonElement>($"/api/host/search?q={Uri.EscapeDataString("招商引资")}");
        hits.GetProperty("total").GetInt64().ShouldBeGreaterThan(0);
        await page.CloseAsync();
    }

    [Fact]
    public async Task TheRebuild_CanBeCancelledWhileItRuns_AndTheIndexStillFindsTheReports()
    {
        // The index holds the rebuild's first batch (batches of one report) until the cancel: "while it runs" is certain.
        var host = await HostClientAsync();
        var index = app.Services.GetRequiredService<PausableSearchBackend>();
        var indexer = app.Services.GetRequiredService<SearchIndexer>();
        indexer.RebuildBatchSize = 1;
        index.HoldBatch(1);
        try
        {
            var page = await app.NewPageAsync();
            await WebSteps.SignInAsync(page, null, "admin", BrowserFixture.DemoPassword, "/admin/search?year=2021");
            await Assertions.Expect(page.GetByTestId("rebuild").Locator("button")).ToBeEnabledAsync(new() { Timeout = 60_000 });
            await Assertions.Expect(page.GetByTestId("cancel-rebuild")).ToHaveCountAsync(0); // nothing to cancel yet
            await page.GetByTestId("rebuild").ClickAsync();
            await WebSteps.ConfirmPopoverAsync(page, "重建检索索引");
            (await index.Held.WaitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue("the rebuild reached its first batch");

            // Running: the reports read, none written yet, the rebuild button busy, the cancel button offered.
            var text = page.GetByTestId("rebuild-text");
            await Assertions.Expect(text).Not.ToHaveAttributeAsync("data-total", "0", new() { Timeout = 30_000 });
            await Assertions.Expect(text).ToHaveAttributeAsync("data-state", "Running");
            var total = int.Parse((await text.GetAttributeAsync("data-total"))!, System.Globalization.CultureInfo.InvariantCulture);
            await Assertions.Expect(text).ToContainTextAsync($"正在重建：共 {total} 份报告，已索引 0 份");
            await Assertions.Expect(page.GetByTestId("rebuild").Locator("button")).ToBeDisabledAsync();
            var cancel = page.GetByTestId("cancel-rebuild").Locator("button");
            await Assertions.Expect(cancel).ToBeEnabledAsync();
            await Assertions.Expect(cancel).ToHaveTextAsync("取消重建");
            await Assertions.Expect(page.Locator(".ant-popover:not(.ant-popover-hidden)")).ToHaveCountAsync(0, new() { Timeout = 10_000 }); // the confirmation has closed
            await WebSteps.ScreenshotAsync(page, "admin-search-rebuild-running");

            // Cancel (confirmed): the server stops the rebuild and answers its final status.
            await cancel.ClickAsync();
            await WebSteps.ConfirmPopoverAsync(page, "取消重建");
            await Assertions.Expect(text).ToHaveAttributeAsync("data-state", "Cancelled", new() { Timeout = 30_000 });
            (await text.GetAttributeAsync("data-indexed")).ShouldBe("0");
            await Assertions.Expect(page.GetByTestId("rebuild-status")).ToContainTextAsync($"重建已取消：共 {total} 份报告，索引中已有 0 份");
            await Assertions.Expect(page.GetByTestId("cancel-rebuild")).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByTestId("rebuild").Locator("button")).ToBeEnabledAsync();
            await WebSteps.ScreenshotAsync(page, "admin-search-rebuild-cancelled");
            (await host.GetFromJsonAsync<JsonElement>("/api/host/search/rebuild")).GetProperty("state").GetString().ShouldBe("Cancelled");

            // The index is usable: the next search indexes the rest and finds the demo report.
            var hits = await host.GetFromJsonAsync<JsonElement>($"/api/host/search?q={Uri.EscapeDataString("招商引资")}&year=2021");
            hits.GetProperty("hits").EnumerateArray().ShouldContain(h => h.GetProperty("bureauCode").GetString() == "BY-TZCJ");
            await page.CloseAsync();
        }
        finally
        {
            index.HoldBatch(0);
            indexer.RebuildBatchSize = SearchIndexer.DefaultRebuildBatchSize;
        }
    }

    [Fact]
    public async Task TheHostAdmin_AddsAFinanceReviewer_WhoSignsIn_AndSeesOnlyWhatAReviewerMay()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "admin", BrowserFixture.DemoPassword, "/admin/bureaus?year=2021");
        // On one of its pages the 系统管理 group is open; its 用户管理 is the finance bureau's own user list.
        var usersItem = page.Locator(".ant-menu-item").Filter(new() { HasText = "用户管理" });
        await Assertions.Expect(usersItem).ToBeVisibleAsync();
        await usersItem.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/users\\?year=2021"));
        var rows = page.Locator("[data-testid=users] tbody tr.ant-table-row");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=users]")).ToContainTextAsync("财政局管理员");

        await page.GetByTestId("add-user").ClickAsync();
        await page.GetByLabel("用户名").FillAsync("webreviewer");
        await page.GetByLabel("姓名").FillAsync("新来的审核员");
        await page.GetByLabel("密码").FillAsync("Review#2026pass");
        await page.GetByTestId("save-user").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=users]")).ToContainTextAsync("新来的审核员");
        var row = rows.Filter(new() { HasText = "webreviewer" });
        await Assertions.Expect(row).ToContainTextAsync("财政局审核员");

        // The reviewer signs in: the department list (read only), no audit log, no rebuild.
        var reviewer = await app.NewPageAsync();
        await WebSteps.SignInAsync(reviewer, null, "webreviewer", "Review#2026pass", "/admin/bureaus?year=2021");
        await Assertions.Expect(reviewer.GetByTestId("who")).ToContainTextAsync("新来的审核员");
        await Assertions.Expect(reviewer.Locator("[data-testid=bureaus] tbody tr").First).ToBeVisibleAsync();
        (await reviewer.GetByTestId("add-bureau").CountAsync()).ShouldBe(0);
        (await reviewer.Locator("[data-testid=bureaus] button").CountAsync()).ShouldBe(0);
        await reviewer.GotoAsync("/admin/audit?year=2021");
        await Assertions.Expect(reviewer).ToHaveURLAsync(new Regex("/forbidden"));
        await reviewer.GotoAsync("/admin/search?year=2021");
        await Assertions.Expect(reviewer).ToHaveURLAsync(new Regex("/forbidden"));
        await reviewer.CloseAsync();
        await page.CloseAsync();
    }

    [Theory]
    [InlineData("/admin/bureaus?year=2021")]
    [InlineData("/admin/audit?year=2021")]
    [InlineData("/admin/search?year=2021")]
    public async Task ABureauUser_GetsThe403Page_AndNoAdministrationMenu(string path)
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, "BY-TZCJ", "admin", BrowserFixture.DemoPassword, path);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/forbidden"), new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator(".ant-result-title")).ToHaveTextAsync("无权访问");
        (await page.Locator(".ant-menu-submenu-title").Filter(new() { HasText = "系统管理" }).CountAsync()).ShouldBe(0);
        await page.CloseAsync();
    }

    private static ILocator FormItem(IPage page, string inputId) =>
        page.Locator(".ant-drawer .ant-form-item").Filter(new() { Has = page.Locator($"#{inputId}") });

    private async Task<HttpClient> HostClientAsync()
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress };
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = BrowserFixture.DemoPassword });
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
