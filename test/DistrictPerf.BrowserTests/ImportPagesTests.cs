using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Playwright;
using MiniExcelLibs;
using static DistrictPerf.BrowserTests.WebSteps;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// The spreadsheet import (all or nothing: a file with one bad cell writes nothing, its errors are listed by
/// sheet, row and column; the corrected file imports) and the exports, in a real browser against the real host.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportPagesTests(BrowserFixture app)
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static Dictionary<string, object?> LineRow(string code, string name, string kind, object initial) =>
        new() { ["项目编码"] = code, ["项目名称"] = name, ["支出类型"] = kind, ["资金来源"] = "一般公共预算拨款", ["年初预算(元)"] = initial };

    private static Dictionary<string, object?> AdjustmentRow(string date, string code, string kind, object amount, string reason) =>
        new() { ["日期"] = date, ["项目编码"] = code, ["调整类型"] = kind, ["调整金额(元)"] = amount, ["调整原因"] = reason, ["不计入调整率原因"] = "" };

    private static Dictionary<string, object?> SpendingRow(string date, string code, object amount, string voucher, string memo) =>
        new() { ["日期"] = date, ["项目编码"] = code, ["金额(元)"] = amount, ["凭证号"] = voucher, ["摘要"] = memo };

    /// <summary>A bureau's 2023 budget as a workbook; <paramref name="secondSpendingLine"/> is the line code of 支出 row 3.</summary>
    private static byte[] Workbook(string secondSpendingLine)
    {
        var sheets = new Dictionary<string, object>
        {
            ["预算项目"] = new List<Dictionary<string, object?>>
            {
                LineRow("2023-JB-01", "人员及公用经费", "基本支出", 300_000m),
                LineRow("2023-XM-01", "科技创新券", "项目支出", 200_000m),
            },
            ["预算调整"] = new List<Dictionary<string, object?>> { AdjustmentRow("2023-06-30", "2023-XM-01", "追加", 50_000m, "追加创新券额度") },
            ["支出"] = new List<Dictionary<string, object?>>
            {
                SpendingRow("2023-03-31", "2023-JB-01", 80_000m, "记-03-001", "一季度人员经费"),
                SpendingRow("2023-04-30", secondSpendingLine, 60_000m, "记-04-007", "创新券兑付"),
            },
        };
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, sheets);
        return stream.ToArray();
    }

    private static FilePayload Xlsx(string name, byte[] content) => new() { Name = name, MimeType = XlsxType, Buffer = content };

    [Fact]
    public async Task AnEditor_ImportsAWorkbookWithOneBadRow_SeesTheRowsError_FixesIt_AndImportsAgain()
    {
        var bureau = await FreshBureau.CreateAsync(app, "BY-KJJ", "广州市白云区科学技术局");
        var page = await app.NewPageAsync();
        await SignInAsync(page, bureau.Code, "editor", BrowserFixture.DemoPassword, "/budgets/import?year=2023");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("数据导入（2023）", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator(".ant-breadcrumb")).ToContainTextAsync("数据导入");
        var history = page.Locator("[data-testid=import-history] tbody tr.ant-table-row");
        await Assertions.Expect(history).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("chosen-file")).ToContainTextAsync("未选择文件");

        // The template: a real workbook with the three sheets and their Chinese headers.
        var template = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-template").ClickAsync());
        template.SuggestedFilename.ShouldBe("预算导入模板-2023.xlsx");
        var templateText = WorkbookText(await SaveAsync(template));
        templateText.Sheets.ShouldBe(["预算项目", "预算调整", "支出", "说明"], ignoreOrder: true);
        templateText.Cells.ShouldContain("年初预算(元)");

        // Row 3 of 支出 names a line that does not exist (a typo): the file is refused, row, column and reason shown.
        await page.SetInputFilesAsync("#import-file", Xlsx("科技局2023预算.xlsx", Workbook("2023-XM-10")));
        await Assertions.Expect(page.GetByTestId("chosen-file")).ToHaveTextAsync("已选择：科技局2023预算.xlsx");
        await page.GetByTestId("start-import").GetByRole(AriaRole.Button).ClickAsync();

        var result = page.GetByTestId("import-result");
        await Assertions.Expect(result).ToContainTextAsync("导入失败，未写入任何数据", new() { Timeout = 30_000 });
        await Assertions.Expect(result).ToContainTextAsync("共 1 处错误");
        var errors = page.Locator("[data-testid=import-errors] tbody tr.ant-table-row");
        await Assertions.Expect(errors).ToHaveCountAsync(1);
        var cells = errors.First.Locator("td");
        await Assertions.Expect(cells.Nth(0)).ToHaveTextAsync("支出");
        await Assertions.Expect(cells.Nth(1)).ToHaveTextAsync("3");
        await Assertions.Expect(cells.Nth(2)).ToHaveTextAsync("B");
        await Assertions.Expect(cells.Nth(3)).ToHaveTextAsync("项目编码");
        await Assertions.Expect(cells.Nth(4)).ToHaveTextAsync("2023-XM-10");
        await Assertions.Expect(cells.Nth(5)).ToHaveTextAsync("未知的预算项目 2023-XM-10");
        await Assertions.Expect(history).ToHaveCountAsync(1);
        await Assertions.Expect(history.First).ToContainTextAsync("失败");
        await ScreenshotAsync(page, "budget-import-errors");

        // Nothing was written: not even the file's good lines.
        (await bureau.Admin.GetFromJsonAsync<JsonElement>("/api/bureau/budgets/2023/lines")).GetArrayLength().ShouldBe(0);

        // The corrected file, chosen again: everything is added.
        await Assertions.Expect(page.GetByTestId("chosen-file")).ToContainTextAsync("未选择文件");
        await page.SetInputFilesAsync("#import-file", Xlsx("科技局2023预算.xlsx", Workbook("2023-XM-01")));
        await page.GetByTestId("start-import").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(result).ToContainTextAsync("导入成功", new() { Timeout = 30_000 });
        await Assertions.Expect(result).ToContainTextAsync("共读取 5 行，新增预算项目 2 个、预算调整 1 笔、支出 2 笔；已存在而跳过 0 行");
        await Assertions.Expect(page.Locator("[data-testid=import-errors]")).ToHaveCountAsync(0);
        await Assertions.Expect(history).ToHaveCountAsync(2);
        await Assertions.Expect(history.First).ToContainTextAsync("成功");
        await Assertions.Expect(history.First).ToContainTextAsync("2 / 1 / 2");
        await Assertions.Expect(history.Nth(1)).ToContainTextAsync("失败");
        await ScreenshotAsync(page, "budget-import");

        // The earlier refusal's errors can still be read from the history.
        await page.GetByRole(AriaRole.Button, new() { Name = "查看错误 科技局2023预算.xlsx" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=import-errors] tbody tr.ant-table-row")).ToHaveCountAsync(1);

        // The imported lines are on the lines page, with the year's figures.
        var menu = page.Locator(".ant-layout-sider .ant-menu");
        if (!await menu.GetByRole(AriaRole.Link, new() { Name = "预算项目", Exact = true }).IsVisibleAsync())
        {
            await menu.GetByText("预算与支出").ClickAsync();
        }

        await menu.GetByRole(AriaRole.Link, new() { Name = "预算项目", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/budgets/lines\\?year=2023$"));
        var lines = page.Locator("[data-testid=lines] tbody tr.ant-table-row");
        await Assertions.Expect(lines).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("lines")).ToContainTextAsync("科技创新券");
        await Assertions.Expect(page.GetByTestId("adjusted")).ToHaveTextAsync("550,000.00");
        await Assertions.Expect(page.GetByTestId("figures").GetByTestId("spending")).ToHaveTextAsync("140,000.00");
    }

    [Fact]
    public async Task ALargeWorkbook_ShowsItsProgress_UntilItIsImported()
    {
        // 20,000 spending rows: long enough to watch the phase and the rows go by.
        var bureau = await FreshBureau.CreateAsync(app, "BY-SWJ", "广州市白云区商务局");
        const int count = 20_000;
        var spending = Enumerable.Range(1, count)
            .Select(i => SpendingRow($"2023-{1 + (i % 12):00}-15", "2023-XM-01", 1.25m, $"记-{i:00000}", "批量导入"))
            .ToList();
        var sheets = new Dictionary<string, object>
        {
            ["预算项目"] = new List<Dictionary<string, object?>> { LineRow("2023-XM-01", "商贸促进", "项目支出", 100_000m) },
            ["支出"] = spending,
        };
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, sheets);

        var page = await app.NewPageAsync();
        await SignInAsync(page, bureau.Code, "editor", BrowserFixture.DemoPassword, "/budgets/import?year=2023");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("数据导入（2023）", new() { Timeout = 60_000 });
        await page.SetInputFilesAsync("#import-file", Xlsx("商务局2023支出.xlsx", stream.ToArray()));
        await page.GetByTestId("start-import").GetByRole(AriaRole.Button).ClickAsync();

        // While it runs: a progress bar, the phase and the rows so far; the button is busy.
        var progress = page.GetByTestId("import-progress");
        await Assertions.Expect(progress.Locator(".ant-progress")).ToBeVisibleAsync();
        await Assertions.Expect(progress).ToContainTextAsync(new Regex("等待处理|已读取|已写入"));
        await Assertions.Expect(page.GetByTestId("start-import").GetByRole(AriaRole.Button)).ToBeDisabledAsync();

        var result = page.GetByTestId("import-result");
        await Assertions.Expect(result).ToContainTextAsync("导入成功", new() { Timeout = 120_000 });
        await Assertions.Expect(result).ToContainTextAsync($"新增预算项目 1 个、预算调整 0 笔、支出 {count} 笔");
        await Assertions.Expect(progress).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AViewer_SeesThePastImports_ButNoUploadControl()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, "BY-TZCJ", "viewer", BrowserFixture.DemoPassword, "/budgets/import?year=2021");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("数据导入（2021）", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("download-template")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("import-history")).ToBeVisibleAsync();
        (await page.GetByTestId("upload").CountAsync()).ShouldBe(0);
        (await page.Locator("input[type=file]").CountAsync()).ShouldBe(0);
        (await page.GetByRole(AriaRole.Button, new() { Name = "开始导入" }).CountAsync()).ShouldBe(0);

        // The server refuses an upload the screen does not offer.
        var status = await page.EvaluateAsync<int>("""
            async () => {
              const form = new FormData();
              form.append('file', new Blob(['项目编码,项目名称,支出类型,资金来源,年初预算(元)\n'], { type: 'text/csv' }), 'a.csv');
              return (await fetch('/api/bureau/budgets/2021/imports', { method: 'POST', body: form })).status;
            }
            """);
        status.ShouldBe(403);
    }

    [Fact]
    public async Task TheYearsWorkbook_Downloads_AsARealWorkbook_WithItsLines_AndTheCsvToo()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, "BY-TZCJ", "viewer", BrowserFixture.DemoPassword, "/budgets/lines?year=2021");
        await Assertions.Expect(page.Locator("[data-testid=lines] tbody tr.ant-table-row")).ToHaveCountAsync(7, new() { Timeout = 60_000 });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-xlsx").ClickAsync());
        download.SuggestedFilename.ShouldBe("预算执行-2021.xlsx");
        var workbook = WorkbookText(await SaveAsync(download));
        workbook.Sheets.ShouldBe(["预算项目", "预算调整", "支出"], ignoreOrder: true);
        workbook.Cells.ShouldContain("项目编码");
        workbook.Cells.ShouldContain("2021-JB-01");

        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-lines-csv").ClickAsync());
        csv.SuggestedFilename.ShouldBe("lines-2021.csv");
        var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(await SaveAsync(csv)));
        text.ShouldStartWith("\uFEFF项目编码"); // UTF-8 with BOM: Excel opens the Chinese headers as they are
        text.ShouldContain("2021-JB-01");
    }

    private static async Task<string> SaveAsync(IDownload download)
    {
        var path = Path.Combine(Path.GetTempPath(), "districtperf-download-" + Guid.NewGuid().ToString("N") + Path.GetExtension(download.SuggestedFilename));
        await download.SaveAsAsync(path);
        return path;
    }

    /// <summary>The sheet names and every cell's text of an .xlsx, read with the Open XML SDK (which refuses anything that is not a workbook).</summary>
    private static (List<string> Sheets, HashSet<string> Cells) WorkbookText(string path)
    {
        using var document = SpreadsheetDocument.Open(path, isEditable: false);
        var part = document.WorkbookPart.ShouldNotBeNull();
        var shared = part.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var sheets = part.Workbook.Descendants<Sheet>().ToList();
        var cells = new HashSet<string>();
        foreach (var sheet in sheets)
        {
            var worksheet = (WorksheetPart)part.GetPartById(sheet.Id!.Value!);
            foreach (var cell in worksheet.Worksheet.Descendants<Cell>())
            {
                var text = cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)]
                    : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString?.InnerText
                    : cell.CellValue?.Text;
                if (!string.IsNullOrEmpty(text))
                {
                    cells.Add(text);
                }
            }
        }

        return (sheets.Select(s => s.Name!.Value!).ToList(), cells);
    }
}
