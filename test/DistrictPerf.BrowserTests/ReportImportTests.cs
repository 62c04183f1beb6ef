using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// A bureau imports its published report (the reference 2021 self-evaluation) through the upload page: the preview
/// shows what was read before anything is written; importing again asks before replacing the draft; a garbage file
/// is refused at the field; the imported report exports as .docx. A fresh bureau, so the demo bureau's 2021 data
/// that other tests read stays untouched.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportImportTests(BrowserFixture app)
{
    private const string Code = "BY-FGJ";
    private const string BureauName = "广州市白云区发展和改革局";
    private const string Reference = "baiyun-investment-promotion-bureau-2021-self-evaluation.txt";

    private static string ReferencePath => Path.Combine(AppContext.BaseDirectory, "TestData", Reference);

    [Fact]
    public async Task TheReferenceReport_IsPreviewedThenImported_AskedBeforeReplacing_GarbageIsRefused_AndTheDocxHasIt()
    {
        var bureau = await FreshBureau.CreateAsync(app, Code, BureauName);
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, Code, "editor", BrowserFixture.DemoPassword, "/report?year=2021");

        // No report yet: the empty state offers the import.
        await page.GetByTestId("import-report").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/report/import\?year=2021$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("导入已有报告");

        // Upload and preview: 4 tasks, 27 indicators, what was not read listed — and nothing written yet.
        await page.Locator("#report-file").SetInputFilesAsync(ReferencePath);
        await Assertions.Expect(page.GetByTestId("chosen-file")).ToContainTextAsync(Reference);
        await page.GetByTestId("preview-import").Locator("button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("preview-summary")).ToContainTextAsync("读出 4 项主要任务、27 个绩效指标");
        await Assertions.Expect(page.Locator("[data-testid=preview-tasks] tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=preview-indicators] tbody tr")).ToHaveCountAsync(27);
        await Assertions.Expect(page.GetByTestId("preview-indicators")).ToContainTextAsync("外出考察数量");
        await Assertions.Expect(page.GetByTestId("preview-figures")).ToContainTextAsync("5,278.33");
        await Assertions.Expect(page.GetByTestId("preview-self-score")).ToHaveTextAsync("91.35");
        await Assertions.Expect(page.GetByTestId("not-extracted")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("not-extracted")).ToContainTextAsync("未能识别的内容");
        await Assertions.Expect(page.GetByTestId("preview-sections")).ToContainTextAsync("一、基本情况");
        (await page.GetByTestId("replace-notice").CountAsync()).ShouldBe(0); // nothing to replace in a new bureau
        // The profile the report states is offered, not forced: the box is unticked.
        await Assertions.Expect(page.GetByTestId("preview-profile")).ToContainTextAsync("内设机构");
        await Assertions.Expect(page.Locator("#apply-profile")).Not.ToBeCheckedAsync();
        await page.WaitForTimeoutAsync(500); // AntDesign's entry transitions, before axe reads the colours
        await AccessibilityTests.AuditAsync(page);
        await WebSteps.ScreenshotAsync(page, "report-import-preview", maxHeight: 1200);
        await page.SetViewportSizeAsync(390, 844); // the wide tables scroll in their own boxes, never the page
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        widths[0].ShouldBeLessThanOrEqualTo(widths[1]);
        await page.SetViewportSizeAsync(1440, 900);
        (await bureau.Admin.GetAsync("/api/bureau/reports/2021")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The report names another department (投资促进局, not this 发展和改革局): said in the preview, asked on import.
        await Assertions.Expect(page.GetByTestId("mismatch-notice")).ToContainTextAsync("报告所写的部门是“广州市白云区投资促进局”，不是本部门“广州市白云区发展和改革局”");

        // Confirmed: the report page shows the imported report with its 27 indicator rows.
        await page.GetByTestId("confirm-import").Locator("button").ClickAsync();
        var dialog = page.Locator(".ant-modal-confirm");
        await Assertions.Expect(dialog).ToContainTextAsync("确认要导入到本部门、本年度吗？");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认导入" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/report\?year=2021$"));
        await Assertions.Expect(page.Locator("[data-testid=indicators] tbody tr")).ToHaveCountAsync(27);
        await Assertions.Expect(page.Locator("#section-basicInfo")).ToHaveValueAsync(new Regex("投资促进局"));
        await Assertions.Expect(page.GetByTestId("self-score")).ToContainTextAsync("91.35");

        // Importing again (pasted this time) says what it would replace and asks first; cancelling writes nothing.
        await page.GetByTestId("import-report").ClickAsync();
        await page.Locator("#report-text").FillAsync(await File.ReadAllTextAsync(ReferencePath));
        await page.GetByTestId("preview-import").Locator("button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("replace-notice")).ToContainTextAsync("将替换现有草稿，原草稿保存为修订版");
        await Assertions.Expect(page.GetByTestId("replace-notice")).ToContainTextAsync("第 1 版");
        await page.GetByTestId("confirm-import").Locator("button").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("将替换现有草稿，原草稿保存为修订版");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        (await RevisionsAsync(bureau)).ShouldBe(["1 Draft"]);

        await page.GetByTestId("confirm-import").Locator("button").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("确认要导入到本部门、本年度吗？"); // one question for both
        await dialog.GetByRole(AriaRole.Button, new() { Name = "替换并导入" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/report\?year=2021$"));
        await Assertions.Expect(page.Locator(".report-head")).ToContainTextAsync("第 2 版");
        await Assertions.Expect(page.Locator("[data-testid=indicators] tbody tr")).ToHaveCountAsync(27);
        (await RevisionsAsync(bureau)).ShouldBe(["1 Superseded", "2 Draft"]);

        // A garbage file: the error at the file field, no preview, nothing written.
        await page.GetByTestId("import-report").ClickAsync();
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        await page.Locator("#report-file").SetInputFilesAsync(new FilePayload { Name = "scan.txt", MimeType = "text/plain", Buffer = garbage });
        await page.GetByTestId("preview-import").Locator("button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("file-error")).ToContainTextAsync("不是报告的纯文本");
        (await page.GetByTestId("import-preview").CountAsync()).ShouldBe(0);
        await page.Locator("#report-text").FillAsync("这是一段与自评报告无关的文字，没有章节，也没有任务和指标，不能导入。");
        await page.GetByTestId("preview-import").Locator("button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("text-error")).ToContainTextAsync("未能识别出自评报告的结构");
        (await RevisionsAsync(bureau)).ShouldBe(["1 Superseded", "2 Draft"]);

        // The report page's .docx: the report's title and its 27 indicator rows in table 1.
        await page.GotoAsync("/report?year=2021");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-docx").ClickAsync());
        using var docx = WordprocessingDocument.Open((await download.PathAsync())!, false);
        var body = docx.MainDocumentPart!.Document.Body!;
        body.Elements<Paragraph>().First().InnerText.ShouldBe($"{BureauName}2021年部门整体支出绩效自评报告");
        var rows = body.Descendants<Table>().SelectMany(t => t.Elements<TableRow>().Skip(1))
            .Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList())
            .Where(cells => cells.Count > 2 && cells[2].Length > 0)
            .ToList();
        rows.Count.ShouldBe(27);
        rows.ShouldContain(cells => cells[2] == "外出考察数量" && cells[6] == "否");
    }

    [Fact]
    public async Task AViewer_FindsNoImport_AndIsTurnedAwayFromThePage()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, "BY-TZCJ", "viewer", BrowserFixture.DemoPassword, "/report?year=2021");
        await Assertions.Expect(page.Locator("[data-testid=indicators] tbody tr")).ToHaveCountAsync(27);
        (await page.GetByTestId("import-report").CountAsync()).ShouldBe(0);

        await page.GotoAsync("/report/import?year=2021");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/forbidden"));
    }

    private static async Task<List<string>> RevisionsAsync(FreshBureau bureau)
    {
        var json = JsonDocument.Parse(await bureau.Admin.GetStringAsync("/api/bureau/reports/2021/revisions")).RootElement;
        return json.EnumerateArray().Select(r => $"{r.GetProperty("revision").GetInt32()} {r.GetProperty("status").GetString()}").ToList();
    }
}
