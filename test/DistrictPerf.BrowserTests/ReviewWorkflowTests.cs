using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// The review workflow across both sides, in the browser: the bureau's approver submits, the finance bureau finds the
/// report in its review queue, returns it with a comment, the bureau reads the comment and resubmits, the finance bureau
/// approves and publishes, and the bureau's revision shows what changed since the published one.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReviewWorkflowTests(BrowserFixture app)
{
    private const int Year = 2025; // a fresh bureau's year: nothing else writes it
    private const string Comment = "请补充第一项任务的绩效目标完成情况说明。";
    private const string AddedSentence = "另已建立预算执行月度通报机制。";

    [Fact]
    public async Task ASubmittedReport_IsReturnedWithAComment_Resubmitted_Approved_Published_AndItsRevisionShowsTheChange()
    {
        // An older submission of another department, then this department's report (no error finding).
        var earlier = await FreshBureau.CreateAsync(app, "RV-SJJ", "广州市白云区审计局");
        await CleanReportAsync(earlier);
        await SubmitAsync(earlier);
        var bureau = await FreshBureau.CreateAsync(app, "RV-FGJ", "广州市白云区民政局");
        var id = await CleanReportAsync(bureau);

        // The bureau's approver submits it in the browser.
        var approver = await app.NewPageAsync();
        await WebSteps.SignInAsync(approver, "RV-FGJ", "approver", BrowserFixture.DemoPassword, $"/report?year={Year}");
        await Assertions.Expect(approver.GetByTestId("no-findings").Or(approver.GetByTestId("findings-summary"))).ToBeVisibleAsync();
        (await approver.GetByTestId("findings").Locator("li.finding-error").CountAsync()).ShouldBe(0);
        await approver.GetByTestId("submit-report").Locator("button").ClickAsync();
        await WebSteps.ConfirmPopoverAsync(approver, "提交财政局");
        await Assertions.Expect(approver.Locator(".report-head")).ToContainTextAsync("已提交财政局");

        // The finance bureau's reviewer finds it in the queue, after the older submission, with its scores and counts.
        var reviewer = await app.NewPageAsync();
        await WebSteps.SignInAsync(reviewer, null, "reviewer", BrowserFixture.DemoPassword, "/");
        await reviewer.GetByRole(AriaRole.Menuitem, new() { Name = "报告审核" }).ClickAsync();
        await Assertions.Expect(reviewer.GetByRole(AriaRole.Heading, new() { Name = "报告审核" })).ToBeVisibleAsync();
        var rows = reviewer.Locator("[data-testid=review-queue] tbody tr.ant-table-row");
        var row = rows.Filter(new() { HasText = "广州市白云区民政局" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync(Year.ToString());
        await Assertions.Expect(row).ToContainTextAsync("第 1 版");
        await Assertions.Expect(row).ToContainTextAsync("已提交财政局");
        await Assertions.Expect(row).ToContainTextAsync("错误 0");
        var texts = await rows.AllInnerTextsAsync();
        texts.ToList().FindIndex(t => t.Contains("广州市白云区审计局")).ShouldBeLessThan(texts.ToList().FindIndex(t => t.Contains("广州市白云区民政局")), "oldest submission first");
        await WebSteps.ScreenshotAsync(reviewer, "review-queue");

        // Return: first without a comment (the server's message at the field), then with one.
        await row.GetByRole(AriaRole.Link, new() { Name = "广州市白云区民政局" }).ClickAsync();
        await reviewer.WaitForURLAsync($"**/reports/{id}**");
        await Assertions.Expect(reviewer.Locator(".report-head")).ToContainTextAsync("已提交财政局");
        await reviewer.GetByTestId("return-report").Locator("button").ClickAsync();
        await Assertions.Expect(reviewer.GetByTestId("comment-error")).ToContainTextAsync("退回须填写意见");
        await Assertions.Expect(reviewer.Locator("#review-comment")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("ant-input-status-error"));
        await Assertions.Expect(reviewer.Locator(".report-head")).ToContainTextAsync("已提交财政局"); // nothing happened
        await WebSteps.ScreenshotAsync(reviewer, "review-return", maxHeight: 1100);
        await reviewer.WaitForTimeoutAsync(1000); // the menu's transition back to desktop width
        await AccessibilityTests.AuditAsync(reviewer); // the review box with its error
        await reviewer.Locator("#review-comment").FillAsync(Comment);
        await Assertions.Expect(reviewer.GetByTestId("comment-error")).ToHaveCountAsync(0);
        await reviewer.GetByTestId("return-report").Locator("button").ClickAsync();
        await Assertions.Expect(reviewer.Locator(".report-head")).ToContainTextAsync("已退回");
        await Assertions.Expect(reviewer.GetByTestId("review-comment")).ToContainTextAsync(Comment);
        await Assertions.Expect(reviewer.Locator(".report-side .ant-timeline")).ToContainTextAsync(Comment);
        (await reviewer.GetByTestId("return-report").CountAsync()).ShouldBe(0); // decided: no more review buttons

        // The queue's status filter: no longer submitted, found among the returned.
        await reviewer.GetByRole(AriaRole.Menuitem, new() { Name = "报告审核" }).ClickAsync();
        await Assertions.Expect(reviewer.GetByTestId("review-total")).ToBeVisibleAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await reviewer.Locator("#review-status").SelectOptionAsync("returned");
        await Assertions.Expect(row).ToContainTextAsync("已退回");

        await approver.CloseAsync();
        await reviewer.CloseAsync();

        // The bureau sees the comment at the top and edits again.
        var editor = await app.NewPageAsync();
        await WebSteps.SignInAsync(editor, "RV-FGJ", "editor", BrowserFixture.DemoPassword, $"/report?year={Year}");
        await Assertions.Expect(editor.GetByTestId("review-comment")).ToContainTextAsync(Comment);
        var commentTop = (await editor.GetByTestId("review-comment").BoundingBoxAsync())!.Y;
        (await editor.Locator("#section-basicInfo").BoundingBoxAsync())!.Y.ShouldBeGreaterThan(commentTop, "the comment is above the report");
        await editor.Locator("#section-evaluation").FillAsync("本年度较好地完成各项既定目标。第一项任务完成 4 册策划文本，超过 3 册的目标。");
        await editor.GetByTestId("save-report").Locator("button").ClickAsync();
        await Assertions.Expect(editor.GetByTestId("save-state")).ToContainTextAsync("已保存");

        await editor.CloseAsync();

        // The approver resubmits.
        approver = await app.NewPageAsync();
        await WebSteps.SignInAsync(approver, "RV-FGJ", "approver", BrowserFixture.DemoPassword, $"/report?year={Year}");
        await approver.GetByTestId("submit-report").Locator("button").ClickAsync();
        await WebSteps.ConfirmPopoverAsync(approver, "提交财政局");
        await Assertions.Expect(approver.Locator(".report-head")).ToContainTextAsync("已提交财政局");

        await approver.CloseAsync();

        // The reviewer approves; publishing is not theirs to do.
        reviewer = await app.NewPageAsync();
        await WebSteps.SignInAsync(reviewer, null, "reviewer", BrowserFixture.DemoPassword, $"/reports/{id}");
        await reviewer.GetByTestId("approve-report").Locator("button").ClickAsync();
        await WebSteps.ConfirmPopoverAsync(reviewer, "审核通过");
        await Assertions.Expect(reviewer.Locator(".report-head")).ToContainTextAsync("已审核");
        await Assertions.Expect(reviewer.Locator(".report-side .ant-timeline")).ToContainTextAsync("已审核");
        (await reviewer.GetByTestId("publish-report").CountAsync()).ShouldBe(0);

        await reviewer.CloseAsync();

        // The finance bureau's administrator publishes.
        var admin = await app.NewPageAsync();
        await WebSteps.SignInAsync(admin, null, "admin", BrowserFixture.DemoPassword, $"/reports/{id}");
        (await admin.GetByTestId("approve-report").CountAsync()).ShouldBe(0);
        await admin.GetByTestId("publish-report").Locator("button").ClickAsync();
        await WebSteps.ConfirmPopoverAsync(admin, "公开报告");
        await Assertions.Expect(admin.Locator(".report-head")).ToContainTextAsync("已公开");
        await Assertions.Expect(admin.Locator(".report-side .ant-timeline")).ToContainTextAsync("已公开");

        await admin.CloseAsync();

        // The bureau revises the published report; the revision shows what changed since it.
        editor = await app.NewPageAsync();
        await WebSteps.SignInAsync(editor, "RV-FGJ", "editor", BrowserFixture.DemoPassword, $"/report?year={Year}");
        await Assertions.Expect(editor.Locator(".report-head")).ToContainTextAsync("已公开");
        await editor.GetByTestId("revise-report").Locator("button").ClickAsync();
        await WebSteps.ConfirmPopoverAsync(editor, "修订报告");
        await Assertions.Expect(editor.Locator(".report-head")).ToContainTextAsync("第 2 版");
        // The plan changes too (an actual, through the API), then one word of a sentence, and a sentence is added.
        await UpdateActualAsync(bureau, "完成策划方案总数", "完成4册策划文本");
        var problems = editor.Locator("#section-problems");
        (await problems.InputValueAsync()).ShouldBe("（一）预算执行进度管理有待加强。");
        await problems.FillAsync("（一）预算执行进度管理仍需加强。" + AddedSentence);
        await editor.GetByTestId("save-report").Locator("button").ClickAsync();
        await Assertions.Expect(editor.GetByTestId("save-state")).ToContainTextAsync("已保存");
        var revisions = editor.GetByTestId("revisions");
        await Assertions.Expect(revisions).ToContainTextAsync("版本历史（共 2 版）");
        await revisions.Locator("summary").ClickAsync();
        await Assertions.Expect(editor.GetByTestId("diff-heading")).ToHaveTextAsync("自第 1 版以来的修改");
        await Assertions.Expect(editor.GetByTestId("diff-problems").Locator("ins", new() { HasText = AddedSentence })).ToHaveCountAsync(1);
        (await editor.GetByTestId("diff-problems").Locator("td").First.InnerTextAsync()).ShouldNotContain(AddedSentence);
        await Assertions.Expect(editor.GetByTestId("diff-problems").Locator("del")).ToHaveTextAsync("有待");
        await Assertions.Expect(editor.GetByTestId("diff-problems").Locator("ins").First).ToHaveTextAsync("仍需");
        await Assertions.Expect(editor.GetByTestId("diff-basicInfo")).ToHaveCountAsync(0); // unchanged sections are named, not shown
        var indicator = editor.GetByTestId("diff-indicators").Locator("tr", new() { HasText = "完成策划方案总数" });
        await Assertions.Expect(indicator).ToContainTextAsync("完成3册策划文本");
        await Assertions.Expect(indicator).ToContainTextAsync("完成4册策划文本");
        await Assertions.Expect(revisions.GetByTestId("revision-list")).ToContainTextAsync("已公开");
        await Assertions.Expect(revisions.GetByTestId("revision-list")).ToContainTextAsync("草稿");

        await editor.CloseAsync();

        // The approver reads it with the changes open, before submitting.
        approver = await app.NewPageAsync();
        await WebSteps.SignInAsync(approver, "RV-FGJ", "approver", BrowserFixture.DemoPassword, $"/report?year={Year}");
        await Assertions.Expect(approver.GetByTestId("diff-problems").Locator("ins", new() { HasText = AddedSentence })).ToHaveCountAsync(1);
        await Assertions.Expect(approver.GetByTestId("changes-summary")).ToContainTextAsync("自第 1 版以来的修改");
        await WebSteps.ScreenshotAsync(approver, "revision-diff", scrollTo: approver.GetByTestId("diff-heading"));
        await approver.WaitForTimeoutAsync(1000);
        await AccessibilityTests.AuditAsync(approver); // the revisions and the comparison, open
        await approver.SetViewportSizeAsync(390, 844);
        (await approver.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390, "no sideways scrolling at phone width");
        await approver.SetViewportSizeAsync(1440, 900);

        // Submitted, the revision reaches the finance bureau's reviewer with the same comparison, open.
        await approver.GetByTestId("submit-report").Locator("button").ClickAsync();
        await WebSteps.ConfirmPopoverAsync(approver, "提交财政局");
        await Assertions.Expect(approver.Locator(".report-head")).ToContainTextAsync("已提交财政局");
        await approver.CloseAsync();
        reviewer = await app.NewPageAsync();
        await WebSteps.SignInAsync(reviewer, null, "reviewer", BrowserFixture.DemoPassword, "/review");
        row = reviewer.Locator("[data-testid=review-queue] tbody tr.ant-table-row", new() { HasText = "广州市白云区民政局" });
        await Assertions.Expect(row).ToContainTextAsync("第 2 版");
        await row.GetByRole(AriaRole.Link, new() { Name = "广州市白云区民政局" }).ClickAsync();
        await Assertions.Expect(reviewer.GetByTestId("diff-heading")).ToHaveTextAsync("自第 1 版以来的修改");
        await Assertions.Expect(reviewer.GetByTestId("diff-problems").Locator("ins", new() { HasText = AddedSentence })).ToHaveCountAsync(1);
        await Assertions.Expect(reviewer.GetByTestId("diff-indicators")).ToContainTextAsync("完成4册策划文本");
    }

    [Fact]
    public async Task ADecisionOnAReportSomeoneElseDecidedMeanwhile_AsksToReload_AndShowsTheirDecision()
    {
        var bureau = await FreshBureau.CreateAsync(app, "RV-TJJ", "广州市白云区统计局");
        var id = await CleanReportAsync(bureau);
        await SubmitAsync(bureau);

        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "reviewer", BrowserFixture.DemoPassword, $"/reports/{id}");
        await Assertions.Expect(page.Locator(".report-head")).ToContainTextAsync("已提交财政局");

        // Another reviewer approves it (through the API) while this page is open.
        using var other = await SignInAsync(null, "reviewer");
        var read = await ReadAsync(await other.GetAsync($"/api/host/reports/{id}"), HttpStatusCode.OK);
        await ReadAsync(await other.PostAsJsonAsync($"/api/host/reports/{id}/approve", new { concurrencyStamp = read.GetProperty("concurrencyStamp").GetString() }), HttpStatusCode.OK);

        await page.Locator("#review-comment").FillAsync("请补充说明。");
        await page.GetByTestId("return-report").Locator("button").ClickAsync();
        var dialog = page.Locator(".ant-modal-confirm");
        await Assertions.Expect(dialog).ToContainTextAsync("数据已被他人修改");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "重新加载" }).ClickAsync();
        await Assertions.Expect(page.Locator(".report-head")).ToContainTextAsync("已审核", new() { Timeout = 60_000 });
        (await page.GetByTestId("return-report").CountAsync()).ShouldBe(0);
        (await ReadAsync(await other.GetAsync($"/api/host/reports/{id}"), HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("Approved");
    }

    [Fact]
    public async Task ABureauUser_OpeningTheReviewQueue_GetsTheForbiddenPage()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, "BY-TZCJ", "approver", BrowserFixture.DemoPassword, "/review");
        await Assertions.Expect(page.GetByText("无权访问")).ToBeVisibleAsync();
        (await page.Locator(".ant-menu").AllInnerTextsAsync()).ShouldNotContain(t => t.Contains("报告审核"));
    }

    /// <summary>
    /// A plan with one task and two indicators met, and a report whose narrative states no figure and whose self score and
    /// grade are the computed ones: the checker finds no error. Written through the API by the bureau's administrator;
    /// an approver is added. Returns the report's id.
    /// </summary>
    private static async Task<Guid> CleanReportAsync(FreshBureau bureau)
    {
        var http = bureau.Admin;
        var approver = await http.PostAsJsonAsync("/api/users", new { userName = "approver", password = BrowserFixture.DemoPassword, displayName = "审核人", roles = new[] { "BureauApprover" } });
        approver.StatusCode.ShouldBe(HttpStatusCode.Created, await approver.Content.ReadAsStringAsync());

        var plan = $"/api/bureau/performance/{Year}";
        var task = await ReadAsync(await http.PostAsJsonAsync($"{plan}/tasks", new { number = 1, name = "完成重点项目策划", expectedGoal = "完成 3 册策划文本", completion = "完成 4 册", funds = 1_320_000m }), HttpStatusCode.Created);
        var taskId = task.GetProperty("id").GetGuid();
        await ReadAsync(await http.PostAsJsonAsync($"{plan}/tasks/{taskId}/indicators", new { level1 = "产出", level2 = "数量", name = "完成策划方案总数", direction = "AtLeast", target = "3册文本", actual = "完成3册策划文本", weight = 50m }), HttpStatusCode.Created);
        await ReadAsync(await http.PostAsJsonAsync($"{plan}/tasks/{taskId}/indicators", new { level1 = "效益", level2 = "社会效益", name = "项目验收合格率", direction = "AtLeast", target = "100%", actual = "100%", weight = 40m }), HttpStatusCode.Created);

        var report = $"/api/bureau/reports/{Year}";
        var created = await ReadAsync(await http.PostAsync(report, null), HttpStatusCode.Created);
        var saved = await ReadAsync(await http.PutAsJsonAsync(report, new
        {
            basicInfo = "本部门内设科室 2 个。",
            evaluation = "本年度较好地完成各项既定目标。",
            problems = "（一）预算执行进度管理有待加强。",
            measures = "（一）加大预算执行进度的督导力度。",
            selfScore = created.GetProperty("computedScore").GetDecimal(),
            selfGrade = created.GetProperty("computedGrade").GetString(),
            concurrencyStamp = created.GetProperty("concurrencyStamp").GetString(),
        }), HttpStatusCode.OK);
        var errors = saved.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("severity").GetString() == "Error").ToList();
        errors.ShouldBeEmpty(string.Join("; ", errors.Select(e => e.GetProperty("message").GetString())));
        return saved.GetProperty("id").GetGuid();
    }

    private static async Task UpdateActualAsync(FreshBureau bureau, string name, string actual)
    {
        var plan = await ReadAsync(await bureau.Admin.GetAsync($"/api/bureau/performance/{Year}"), HttpStatusCode.OK);
        var task = plan.GetProperty("tasks")[0];
        var i = task.GetProperty("indicators").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        await ReadAsync(await bureau.Admin.PutAsJsonAsync($"/api/bureau/performance/{Year}/tasks/{task.GetProperty("id").GetGuid()}/indicators/{i.GetProperty("id").GetGuid()}", new
        {
            level1 = i.GetProperty("level1").GetString(),
            level2 = i.GetProperty("level2").GetString(),
            name,
            direction = i.GetProperty("direction").GetString(),
            target = i.GetProperty("target").GetString(),
            actual,
            weight = i.GetProperty("enteredWeight").GetDecimal(),
            concurrencyStamp = i.GetProperty("concurrencyStamp").GetString(),
        }), HttpStatusCode.OK);
    }

    private async Task<HttpClient> SignInAsync(string? bureauCode, string userName)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress };
        var login = await client.PostAsJsonAsync("/api/auth/login", new { bureauCode, userName, password = BrowserFixture.DemoPassword });
        var token = (await ReadAsync(login, HttpStatusCode.OK)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task SubmitAsync(FreshBureau bureau)
    {
        using var approver = await SignInAsync(bureau.Code, "approver");
        var report = await ReadAsync(await approver.GetAsync($"/api/bureau/reports/{Year}"), HttpStatusCode.OK);
        await ReadAsync(await approver.PostAsJsonAsync($"/api/bureau/reports/{Year}/submit", new { concurrencyStamp = report.GetProperty("concurrencyStamp").GetString() }), HttpStatusCode.OK);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }
}
