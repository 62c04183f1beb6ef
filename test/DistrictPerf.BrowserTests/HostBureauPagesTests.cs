using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// A department as the finance bureau sees it (/bureaus/{id}, read-only): its profile, budget, plan and indicators,
/// report and findings, warnings and users, each a tab named in the address, with the host APIs' figures and no
/// control that could change anything; a bureau user gets the forbidden page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HostBureauPagesTests(BrowserFixture app)
{
    private const string Bureau = "BY-TZCJ";
    private const int Year = 2021;

    /// <summary>A bureau of this test's own, with a user no other bureau has.</summary>
    private const string OtherCode = "HB-ZYCS";
    private const string OtherUser = "zycs-only";

    [Fact]
    public async Task TheReviewer_ReadsTheDemoBureau_TabByTab_WithTheApisFigures_AndNoEditControl()
    {
        var other = await FreshBureau.CreateAsync(app, OtherCode, "广州市白云区主页测试局");
        (await other.Admin.PostAsJsonAsync("/api/users", new { userName = OtherUser, password = BrowserFixture.DemoPassword, displayName = "其他部门用户", roles = new[] { "Viewer" } }))
            .EnsureSuccessStatusCode();
        var host = await HostAsync("reviewer");
        var id = await IdAsync(host, Bureau);
        var view = await host.GetFromJsonAsync<JsonElement>($"/api/host/dashboard/{Year}/bureaus/{id}");
        var name = view.GetProperty("name").GetString()!;

        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "reviewer", BrowserFixture.DemoPassword, $"/bureaus/{id}?year={Year}&month=6");
        await Assertions.Expect(page.GetByTestId("bureau-title")).ToContainTextAsync(name, new() { Timeout = 30_000 });

        // The budget tab first (the dashboard's link lands there), then every tab in turn, each in the address.
        await Assertions.Expect(Tab(page, "budget")).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.GetByTestId("execution-rate")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("months").Locator("tbody tr.ant-table-row")).ToHaveCountAsync(12);
        await NoEditControlAsync(page);

        // 概况: the profile the host API gives.
        var profile = await host.GetFromJsonAsync<JsonElement>($"/api/host/bureaus/{id}/profile");
        await OpenTabAsync(page, "profile", id);
        await Assertions.Expect(page.GetByTestId("profile-code")).ToHaveTextAsync(Bureau);
        await Assertions.Expect(page.Locator("[data-testid=profile-sections] li")).ToHaveCountAsync(profile.GetProperty("sections").GetArrayLength());
        await Assertions.Expect(page.Locator("[data-testid=profile-duties] li")).ToHaveCountAsync(profile.GetProperty("duties").GetArrayLength());
        await NoEditControlAsync(page);
        await WebSteps.ScreenshotAsync(page, "host-bureau-profile", maxHeight: 1200);

        // 绩效目标: 4 tasks, 27 indicators, the total score and grade as the API computes them.
        var plan = await host.GetFromJsonAsync<JsonElement>($"/api/host/bureaus/{id}/plan/{Year}");
        var tasks = plan.GetProperty("tasks").EnumerateArray().ToList();
        var indicators = tasks.SelectMany(t => t.GetProperty("indicators").EnumerateArray()).ToList();
        (tasks.Count, indicators.Count).ShouldBe((4, 27));
        await OpenTabAsync(page, "plan", id);
        await Assertions.Expect(page.Locator("[data-testid=plan-tasks] h3")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=plan-tasks] [data-testid=indicators] tbody tr")).ToHaveCountAsync(27);
        await Assertions.Expect(page.GetByTestId("plan-counts")).ToHaveTextAsync($"4 项主要任务，27 个绩效指标（完成 {indicators.Count(i => i.GetProperty("achieved").GetBoolean())} 个）");
        await Assertions.Expect(page.GetByTestId("total-score")).ToHaveTextAsync(plan.GetProperty("totalScore").GetDecimal().ToString("0.##", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("grade")).ToHaveTextAsync(plan.GetProperty("grade").GetString()!);
        var firstTask = page.Locator("[data-testid=plan-tasks] h3").First;
        await Assertions.Expect(firstTask).ToContainTextAsync(tasks[0].GetProperty("name").GetString()!);
        await NoEditControlAsync(page);
        await WebSteps.ScreenshotAsync(page, "host-bureau-plan", maxHeight: 1400);

        // 自评报告: the report's scores and as many findings as the API lists, each leading to the full report.
        var reportId = view.GetProperty("report").GetProperty("reportId").GetGuid();
        var report = await host.GetFromJsonAsync<JsonElement>($"/api/host/reports/{reportId}");
        var findings = report.GetProperty("findings").GetArrayLength();
        await OpenTabAsync(page, "report", id);
        await Assertions.Expect(page.GetByTestId("findings-count")).ToHaveTextAsync($"一致性检查共 {findings} 项");
        await Assertions.Expect(page.Locator("[data-testid=findings] li")).ToHaveCountAsync(findings);
        await Assertions.Expect(page.GetByTestId("computed-score")).ToContainTextAsync(report.GetProperty("computedScore").GetDecimal().ToString("0.##", CultureInfo.InvariantCulture));
        (await page.GetByTestId("open-full-report").GetAttributeAsync("href")).ShouldBe($"reports/{reportId}");
        if (findings > 0)
        {
            (await page.Locator("[data-testid=findings] li a").First.GetAttributeAsync("href")).ShouldBe($"reports/{reportId}");
        }

        await NoEditControlAsync(page);
        await WebSteps.ScreenshotAsync(page, "host-bureau-report", maxHeight: 1400);

        // 预警: the year's stored warnings, month by month.
        var warnings = view.GetProperty("warnings").GetArrayLength();
        await OpenTabAsync(page, "warnings", id);
        if (warnings == 0)
        {
            await Assertions.Expect(page.GetByTestId("no-warnings")).ToBeVisibleAsync();
        }
        else
        {
            await Assertions.Expect(page.GetByTestId("warnings").Locator("tbody tr.ant-table-row")).ToHaveCountAsync(Math.Min(warnings, 36));
        }

        await NoEditControlAsync(page);

        // 用户: the department's users as the API lists them (the demo's four among them), none of another bureau's.
        var users = (await host.GetFromJsonAsync<JsonElement>($"/api/host/bureaus/{id}/users")).EnumerateArray().Select(u => u.GetProperty("userName").GetString()!).ToList();
        users.ShouldContain("admin");
        await OpenTabAsync(page, "users", id);
        var rows = page.Locator("[data-testid=bureau-users] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(users.Count);
        var shown = await rows.EvaluateAllAsync<string[]>("trs => trs.map(tr => tr.getAttribute('data-user'))");
        shown.ShouldBe(users);
        foreach (var demo in new[] { "admin", "editor", "approver", "viewer" })
        {
            shown.ShouldContain(demo);
        }

        shown.ShouldNotContain(OtherUser);
        await Assertions.Expect(page.Locator("tr[data-user=editor]")).ToContainTextAsync("部门填报员");
        await NoEditControlAsync(page);
        await WebSteps.ScreenshotAsync(page, "host-bureau-users");

        // A link opens a tab directly.
        await page.GotoAsync($"/bureaus/{id}?year={Year}&tab=plan");
        await Assertions.Expect(Tab(page, "plan")).ToHaveAttributeAsync("aria-current", "page", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=plan-tasks] [data-testid=indicators] tbody tr")).ToHaveCountAsync(27);
    }

    [Fact]
    public async Task ABureauUser_OpeningTheDepartmentPageOrATab_GetsTheForbiddenPage()
    {
        var id = await IdAsync(await HostAsync("admin"), Bureau);
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, Bureau, "admin", BrowserFixture.DemoPassword, $"/bureaus/{id}?year={Year}&tab=users");
        await Assertions.Expect(page.GetByText("无权访问")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("bureau-users")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("bureau-tabs")).ToHaveCountAsync(0);
    }

    private static ILocator Tab(IPage page, string key) => page.Locator($"[data-testid=bureau-tabs] a[data-tab={key}]");

    private static async Task OpenTabAsync(IPage page, string key, Guid id)
    {
        await Tab(page, key).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/bureaus/{id}\\?.*tab={key}"));
        await Assertions.Expect(Tab(page, key)).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.GetByTestId($"pane-{key}")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".ant-skeleton")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
    }

    /// <summary>Nothing on the page's content could change data: no field, no text area, no button but a table's pager, no link or control named for a change.</summary>
    private static async Task NoEditControlAsync(IPage page)
    {
        var content = page.Locator(".app-content");
        await Assertions.Expect(content.Locator("input, textarea, [contenteditable=true]")).ToHaveCountAsync(0);
        await Assertions.Expect(content.Locator("button:not(.ant-pagination-item-link)")).ToHaveCountAsync(0);
        await Assertions.Expect(content.Locator("a, [role=button]").Filter(new() { HasTextRegex = new Regex("^\\s*(修改|编辑|删除|保存|新增|提交|退回|审定)") })).ToHaveCountAsync(0);
    }

    private async Task<HttpClient> HostAsync(string user)
    {
        var http = new HttpClient { BaseAddress = app.BaseAddress };
        var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = user, password = BrowserFixture.DemoPassword });
        login.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return http;
    }

    private static async Task<Guid> IdAsync(HttpClient host, string code) =>
        (await host.GetFromJsonAsync<JsonElement>("/api/host/bureaus")).EnumerateArray().Single(b => b.GetProperty("code").GetString() == code).GetProperty("id").GetGuid();
}
