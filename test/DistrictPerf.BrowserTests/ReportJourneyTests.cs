using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// Issue 11's acceptance as one user journey, in a fresh bureau, every step in the browser: the editor imports the
/// published reference report through the upload page, finds the duplicated indicator among the checker's findings,
/// follows the finding to the indicator, fixes the narrative's list of indicator names in the plan editor, sets the self-reported score; the approver
/// submits; the finance bureau finds it submitted in its review queue; the bureau's viewer reads and exports it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportJourneyTests(BrowserFixture app)
{
    private const string Code = "JR-TZJ";
    private const string BureauName = "广州市白云区招商服务中心";
    private const string Duplicate = "协助完成区领导带队赴市外拜访企业数量";

    private static string ReferencePath => Path.Combine(AppContext.BaseDirectory, "TestData", "baiyun-investment-promotion-bureau-2021-self-evaluation.txt");

    [Fact]
    public async Task ImportedReport_DuplicateFixedInThePlan_SubmittedByTheApprover_ReachesTheFinanceBureau()
    {
        var bureau = await FreshBureau.CreateAsync(app, Code, BureauName);
        var approverUser = await bureau.Admin.PostAsJsonAsync("/api/users", new { userName = "approver", password = BrowserFixture.DemoPassword, displayName = "审核人", roles = new[] { "BureauApprover" } });
        approverUser.StatusCode.ShouldBe(HttpStatusCode.Created, await approverUser.Content.ReadAsStringAsync());

        // 1. The editor imports the published report: preview first (4 tasks, 27 indicators), then confirms.
        var editor = await app.NewPageAsync();
        await WebSteps.SignInAsync(editor, Code, "editor", BrowserFixture.DemoPassword, "/report?year=2021");
        await editor.GetByTestId("import-report").ClickAsync();
        await editor.Locator("#report-file").SetInputFilesAsync(ReferencePath);
        await editor.GetByTestId("preview-import").Locator("button").ClickAsync();
        await Assertions.Expect(editor.Locator("[data-testid=preview-tasks] tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(editor.Locator("[data-testid=preview-indicators] tbody tr")).ToHaveCountAsync(27);
        await editor.GetByTestId("confirm-import").Locator("button").ClickAsync();
        await editor.Locator(".ant-modal-confirm").GetByRole(AriaRole.Button, new() { Name = "确认导入" }).ClickAsync(); // it names 投资促进局, not this centre
        await Assertions.Expect(editor).ToHaveURLAsync(new Regex(@"/report\?year=2021$"));
        await Assertions.Expect(editor.Locator("[data-testid=indicators] tbody tr")).ToHaveCountAsync(27);

        // 2. The checker's panel names the duplicate; its link lands on the indicator's row.
        var findings = editor.GetByTestId("findings");
        var duplicate = findings.Locator("a.finding-link", new() { HasTextRegex = new Regex("重复出现") });
        await Assertions.Expect(duplicate).ToHaveCountAsync(1);
        // One defect, one finding: the count the narrative declares (10 of 11 listed) is explained in the duplicate's finding.
        await Assertions.Expect(duplicate).ToContainTextAsync("称设置 10 个关键绩效指标，列出 11 个，去掉重复后为 10 个");
        await Assertions.Expect(findings.Locator("li", new() { HasTextRegex = new Regex("但列出了 11 个") })).ToHaveCountAsync(0);
        await duplicate.ClickAsync();
        var landed = await editor.EvaluateAsync<string>("() => document.activeElement.id");
        landed.ShouldStartWith("indicator-");
        await Assertions.Expect(editor.Locator($"[id='{landed}']").Locator("td").Nth(2)).ToHaveTextAsync(Duplicate);

        // 3. Fixed in the plan editor: the report's narrative lists the name twice; task 3's list of names loses the second copy.
        await editor.GetByRole(AriaRole.Menuitem, new() { Name = "绩效目标" }).ClickAsync();
        var rows = editor.Locator("[data-testid=indicator-row]");
        await Assertions.Expect(rows).ToHaveCountAsync(27, new() { Timeout = 60_000 });
        var task3 = editor.GetByTestId("task").Nth(2);
        await Assertions.Expect(task3.GetByTestId("task-declared")).ToHaveTextAsync("10 · 报告列出 11 个指标名称");
        await editor.GetByRole(AriaRole.Button, new() { Name = "修改主要任务 3", Exact = true }).ClickAsync();
        var names = editor.Locator("#task-declared-names");
        var listed = (await names.InputValueAsync()).Split('\n').ToList();
        listed.Count(n => n == Duplicate).ShouldBe(2);
        listed.RemoveAt(listed.LastIndexOf(Duplicate));
        await names.FillAsync(string.Join('\n', listed));
        await editor.GetByTestId("save-task").Locator("button").ClickAsync();
        await Assertions.Expect(task3.GetByTestId("task-declared")).ToHaveTextAsync("10 · 报告列出 10 个指标名称");
        await Assertions.Expect(rows).ToHaveCountAsync(27);

        // 4. Back in the report: the duplicate and the count findings are gone; one more sentence written and saved.
        await editor.GetByRole(AriaRole.Menuitem, new() { Name = "绩效自评" }).ClickAsync();
        await Assertions.Expect(editor.Locator("[data-testid=indicators] tbody tr")).ToHaveCountAsync(27);
        await Assertions.Expect(findings.Locator("a.finding-link", new() { HasTextRegex = new Regex("重复出现") })).ToHaveCountAsync(0);
        await Assertions.Expect(findings.Locator("li", new() { HasTextRegex = new Regex("关键绩效指标") })).ToHaveCountAsync(0);
        // The report's own 91.35 / 优 differs from what this year's rules compute: shown as a warning, with both scores.
        await Assertions.Expect(editor.Locator("#self-score")).ToHaveValueAsync("91.35");
        await Assertions.Expect(findings.Locator("li.finding-warning", new() { HasTextRegex = new Regex("自评分为 91.35 分，按本年度评分规则计算为") })).ToHaveCountAsync(1);
        await editor.Locator("#section-problems").FillAsync((await editor.Locator("#section-problems").InputValueAsync()) + "\n（四）已核对任务 3 所列关键绩效指标。");
        await editor.GetByTestId("save-report").Locator("button").ClickAsync();
        await Assertions.Expect(editor.GetByTestId("save-state")).ToContainTextAsync("已保存");
        await Assertions.Expect(findings.Locator("li.finding-warning").First).ToBeVisibleAsync(); // warnings stay and do not block
        (await findings.Locator("li.finding-error").AllInnerTextsAsync()).ShouldBeEmpty();
        await WebSteps.ScreenshotAsync(editor, "report-journey-fixed", maxHeight: 1400);

        // 5. The approver reads it and submits it to the finance bureau.
        var approver = await app.NewPageAsync();
        await WebSteps.SignInAsync(approver, Code, "approver", BrowserFixture.DemoPassword, "/report?year=2021");
        await Assertions.Expect(approver.Locator("[data-testid=indicators] tbody tr")).ToHaveCountAsync(27);
        await approver.GetByTestId("submit-report").Locator("button").ClickAsync();
        await WebSteps.ConfirmPopoverAsync(approver, "提交财政局");
        await Assertions.Expect(approver.Locator(".report-head")).ToContainTextAsync("已提交财政局");

        // 6. The finance bureau's reviewer finds it submitted in the review queue, with no error, and opens it.
        var reviewer = await app.NewPageAsync();
        await WebSteps.SignInAsync(reviewer, null, "reviewer", BrowserFixture.DemoPassword, "/review");
        var row = reviewer.Locator("[data-testid=review-queue] tbody tr.ant-table-row").Filter(new() { HasText = BureauName }).Filter(new() { HasText = "2021" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("已提交财政局");
        await Assertions.Expect(row).ToContainTextAsync("错误 0");
        await row.GetByRole(AriaRole.Link, new() { Name = BureauName }).ClickAsync();
        await Assertions.Expect(reviewer.Locator(".report-head")).ToContainTextAsync("已提交财政局");
        await Assertions.Expect(reviewer.Locator("[data-testid=indicators] tbody tr")).ToHaveCountAsync(27);

        // 7. The bureau's viewer reads it (no editing) and exports the .docx: title and 27 indicator rows.
        var viewer = await app.NewPageAsync();
        await WebSteps.SignInAsync(viewer, Code, "viewer", BrowserFixture.DemoPassword, "/report?year=2021");
        await Assertions.Expect(viewer.Locator(".report-head")).ToContainTextAsync("已提交财政局");
        (await viewer.Locator("textarea").CountAsync()).ShouldBe(0);
        (await viewer.GetByTestId("save-report").CountAsync()).ShouldBe(0);
        var download = await viewer.RunAndWaitForDownloadAsync(() => viewer.GetByTestId("export-docx").ClickAsync());
        using var docx = WordprocessingDocument.Open((await download.PathAsync())!, false);
        var body = docx.MainDocumentPart!.Document.Body!;
        body.Elements<Paragraph>().First().InnerText.ShouldBe($"{BureauName}2021年部门整体支出绩效自评报告");
        var indicatorRows = body.Descendants<Table>().SelectMany(t => t.Elements<TableRow>().Skip(1))
            .Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList())
            .Where(cells => cells.Count > 2 && cells[2].Length > 0)
            .ToList();
        indicatorRows.Count.ShouldBe(27);
        indicatorRows.Count(cells => cells[2] == Duplicate).ShouldBe(1);
    }
}
