using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.SharedKernel.Auditing;
using MiniExcelLibs;

namespace DistrictPerf.IntegrationTests.Budgets;

/// <summary>Imports with real .xlsx and .csv files written by the tests.</summary>
[Collection(ApiCollection.Name)]
public sealed class BudgetImportTests(AppFixture app)
{
    internal static Dictionary<string, object?> LineRow(string code, string name, string kind, object initial) =>
        new() { ["项目编码"] = code, ["项目名称"] = name, ["支出类型"] = kind, ["资金来源"] = "一般公共预算拨款", ["年初预算(元)"] = initial };

    private static Dictionary<string, object?> AdjustmentRow(object date, string code, string kind, object amount, string reason, string exclusion = "") =>
        new() { ["日期"] = date, ["项目编码"] = code, ["调整类型"] = kind, ["调整金额(元)"] = amount, ["调整原因"] = reason, ["不计入调整率原因"] = exclusion };

    internal static Dictionary<string, object?> SpendingRow(object date, string code, object amount, string voucher, string memo = "支出") =>
        new() { ["日期"] = date, ["项目编码"] = code, ["金额(元)"] = amount, ["凭证号"] = voucher, ["摘要"] = memo };

    internal static byte[] Workbook(List<Dictionary<string, object?>>? lines = null, List<Dictionary<string, object?>>? adjustments = null, List<Dictionary<string, object?>>? spending = null)
    {
        var sheets = new Dictionary<string, object>();
        if (lines is not null)
        {
            sheets["预算项目"] = lines;
        }

        if (adjustments is not null)
        {
            sheets["预算调整"] = adjustments;
        }

        if (spending is not null)
        {
            sheets["支出"] = spending;
        }

        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, sheets);
        return stream.ToArray();
    }

    /// <summary>The reference report's budget as a workbook: two lines, one decrease, spending in three months.</summary>
    internal static byte[] ReferenceWorkbook() => Workbook(
        [LineRow("JB-01", "人员及公用经费", "基本支出", 30_000_000m), LineRow("XM-01", "招商引资项目", "项目支出", 22_783_300m)],
        [AdjustmentRow(new DateTime(2021, 7, 15), "XM-01", "追减", -6_258_500m, "受疫情影响调减")],
        [
            SpendingRow(new DateTime(2021, 3, 31), "JB-01", 14_500_000m, "记-03-001"),
            SpendingRow("2021-09-30", "JB-01", 14_500_000m, "记-09-001"),
            SpendingRow("2021/12/20", "XM-01", "15,687,300.00", "记-12-001"),
        ]);

    internal static async Task<HttpResponseMessage> Upload(HttpClient client, byte[] content, string fileName, bool wait = true)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", fileName);
        return await client.PostAsync($"{BudgetApi.Base()}/imports{(wait ? "?wait=true" : "")}", form);
    }

    [Fact]
    public async Task GoodWorkbook_ImportsEverything_AndTheFiguresAreTheReports()
    {
        var bureau = await app.CreateBureauAsync();
        var auditBefore = await app.CountAllAsync<AuditLogEntry>();

        var job = await (await Upload(bureau.Admin, ReferenceWorkbook(), "2021预算.xlsx")).ReadJsonAsync();

        job.GetProperty("status").GetString().ShouldBe("Succeeded");
        job.GetProperty("linesAdded").GetInt32().ShouldBe(2);
        job.GetProperty("adjustmentsAdded").GetInt32().ShouldBe(1);
        job.GetProperty("spendingAdded").GetInt32().ShouldBe(3);
        job.GetProperty("rowsSkipped").GetInt32().ShouldBe(0);
        var total = (await bureau.Admin.FiguresAsync()).GetProperty("total");
        total.GetProperty("adjustedWanYuan").GetDecimal().ShouldBe(4652.48m);
        total.GetProperty("executionRate").GetDecimal().ShouldBe(96.05m);
        total.GetProperty("adjustmentRate").GetDecimal().ShouldBe(11.86m);

        // Imported rows are audited through the job (job created + job finished, lines row by row); entries carry the job id.
        (await app.CountAllAsync<AuditLogEntry>()).ShouldBe(auditBefore + 2 + 2);
        var spending = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/spending")).ReadJsonAsync();
        spending.GetProperty("items").EnumerateArray().ShouldAllBe(s => s.GetProperty("importJobId").GetGuid() == job.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task SameFileTwice_AddsNothingTheSecondTime()
    {
        var bureau = await app.CreateBureauAsync();
        var workbook = ReferenceWorkbook();
        await (await Upload(bureau.Admin, workbook, "a.xlsx")).ReadJsonAsync();
        var counts = await Counts();

        var again = await (await Upload(bureau.Admin, workbook, "a.xlsx")).ReadJsonAsync();

        again.GetProperty("status").GetString().ShouldBe("Succeeded");
        again.GetProperty("rowsSkipped").GetInt32().ShouldBe(6);
        again.GetProperty("linesAdded").GetInt32().ShouldBe(0);
        again.GetProperty("spendingAdded").GetInt32().ShouldBe(0);
        (await Counts()).ShouldBe(counts);
        (await bureau.Admin.FiguresAsync()).GetProperty("total").GetProperty("executionRate").GetDecimal().ShouldBe(96.05m);
    }

    [Fact]
    public async Task WorkbookWithErrorsInSeveralRows_ReportsEveryCell_AndWritesNothing()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.AddLineAsync("OLD-1", 100m);
        var closer = (await bureau.AddUserAsync("closer", "BureauApprover")).Client;
        await closer.PostAsync($"{BudgetApi.Base()}/months/2/close", null);
        var counts = await Counts();

        var workbook = Workbook(
            [
                LineRow("NEW-1", "新项目", "项目支出", 1_000m),       // row 2: fine
                LineRow("NEW-2", "负数预算", "项目支出", -5m),         // row 3: negative
                LineRow("NEW-3", "", "其他支出", 1.005m),              // row 4: name, kind, decimals
                LineRow("NEW-1", "重复", "基本支出", 1m),              // row 5: duplicate code
            ],
            [
                AdjustmentRow("2021-05-01", "NEW-1", "追减", 50m, "符号错"),  // row 2: sign
                AdjustmentRow("2021-05-01", "NOPE", "追加", 50m, ""),        // row 3: unknown line, no reason
            ],
            [
                SpendingRow("2021-05-01", "NEW-1", 10m, "V1"),                  // row 2: fine
                SpendingRow("2022-01-01", "NEW-1", 10m, "V2"),                  // row 3: outside the year
                SpendingRow("2021-02-10", "OLD-1", 10m, "V3"),                  // row 4: closed month
                SpendingRow("2021-05-02", "NEW-1", 2_000_000_000_000m, "V4"),   // row 5: over 10^12
                SpendingRow("not a date", "NEW-1", "abc", "V5"),                // row 6: date and amount
                SpendingRow("2021-05-01", "NEW-1", 10m, "V1"),                  // row 7: same as row 2
            ]);

        var response = await Upload(bureau.Admin, workbook, "bad.xlsx");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        var expected = new[]
        {
            "预算项目!E3", "预算项目!B4", "预算项目!C4", "预算项目!E4", "预算项目!A5",
            "预算调整!D2", "预算调整!B3", "预算调整!E3",
            "支出!A3", "支出!A4", "支出!C5", "支出!A6", "支出!C6", "支出!A7",
        };
        foreach (var cell in expected)
        {
            errors.TryGetProperty(cell, out _).ShouldBeTrue($"expected an error at {cell}; got {errors}");
        }

        problem.GetProperty("errorCount").GetInt32().ShouldBe(expected.Length);
        var first = problem.GetProperty("importErrors")[0];
        first.GetProperty("sheet").GetString().ShouldBe("预算项目");
        first.GetProperty("row").GetInt32().ShouldBe(3);
        first.GetProperty("column").GetString().ShouldBe("E");
        first.GetProperty("header").GetString().ShouldBe("年初预算(元)");
        first.GetProperty("reason").GetString()!.ShouldContain("负数");
        (await Counts()).ShouldBe(counts);

        var job = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/imports/{problem.GetProperty("importJobId").GetGuid()}")).ReadJsonAsync();
        job.GetProperty("status").GetString().ShouldBe("Failed");
        job.GetProperty("errors").GetArrayLength().ShouldBe(expected.Length);
    }

    [Fact]
    public async Task Csv_InUtf8OrGbk_ImportsOneKind_RecognisedByItsHeaders()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.AddLineAsync("L-1", 10_000m);

        var utf8 = "\uFEFF日期,项目编码,金额(元),凭证号,摘要\n2021-01-05,L-1,100.50,记-1,办公用品\n2021-02-05,L-1,\"1,000.00\",记-2,差旅费\n";
        var first = await (await Upload(bureau.Admin, Encoding.UTF8.GetBytes(utf8), "spending.csv")).ReadJsonAsync();
        first.GetProperty("spendingAdded").GetInt32().ShouldBe(2);

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030").GetBytes("日期,项目编码,金额（元）,凭证号,摘要\n2021-03-05,L-1,50,记-3,会议费\n");
        var second = await (await Upload(bureau.Admin, gbk, "spending-gbk.csv")).ReadJsonAsync();
        second.GetProperty("spendingAdded").GetInt32().ShouldBe(1);

        var list = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/spending")).ReadJsonAsync();
        list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("memo").GetString()).ShouldBe(["办公用品", "差旅费", "会议费"]);
        (await bureau.Admin.FiguresAsync()).GetProperty("total").GetProperty("spending").GetDecimal().ShouldBe(1_150.50m);

        var unknown = await Upload(bureau.Admin, Encoding.UTF8.GetBytes("a,b,c\n1,2,3\n"), "what.csv");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Upload_WithoutWaiting_Is202_AndTheJobCanBePolledToTheEnd()
    {
        var bureau = await app.CreateBureauAsync();
        var response = await Upload(bureau.Admin, ReferenceWorkbook(), "async.xlsx", wait: false);
        var accepted = await response.ReadJsonAsync(HttpStatusCode.Accepted);
        response.Headers.Location!.ToString().ShouldEndWith($"/imports/{accepted.GetProperty("id").GetGuid()}");

        var job = await ImportAcrossServersTests.PollAsync(bureau.Admin, accepted.GetProperty("id").GetGuid());

        job.GetProperty("status").GetString().ShouldBe("Succeeded");
        job.GetProperty("spendingAdded").GetInt32().ShouldBe(3);
        (await bureau.Admin.FiguresAsync()).GetProperty("total").GetProperty("executionRate").GetDecimal().ShouldBe(96.05m);
    }

    [Fact]
    public async Task Export_ReimportsAsIs_AndAddsNothing()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.EnterReferenceBudgetAsync();
        var counts = await Counts();

        var export = await bureau.Admin.GetAsync($"{BudgetApi.Base()}/export.xlsx");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var bytes = await export.Content.ReadAsByteArrayAsync();

        var job = await (await Upload(bureau.Admin, bytes, "export.xlsx")).ReadJsonAsync();
        job.GetProperty("rowsSkipped").GetInt32().ShouldBe(5);
        (await Counts()).ShouldBe(counts);

        // And into a fresh bureau it recreates the same figures.
        var other = await app.CreateBureauAsync();
        await (await Upload(other.Admin, bytes, "export.xlsx")).ReadJsonAsync();
        (await other.Admin.FiguresAsync()).GetProperty("total").GetProperty("executionRate").GetDecimal().ShouldBe(96.05m);
    }

    [Fact]
    public async Task Template_HasChineseHeaders_OnTheThreeSheets()
    {
        var bureau = await app.CreateBureauAsync();
        var bytes = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/import-template.xlsx")).Content.ReadAsByteArrayAsync();
        using var stream = new MemoryStream(bytes);
        MiniExcel.GetSheetNames(stream).ShouldBe(["预算项目", "预算调整", "支出", "说明"]);
        stream.Position = 0;
        var header = ((IDictionary<string, object>)MiniExcel.Query(stream, sheetName: "支出").First()).Values.Select(v => v?.ToString()).ToList();
        header.ShouldBe(["日期", "项目编码", "金额(元)", "凭证号", "摘要"]);

        // The empty template imports as "no data", not as a crash.
        await (await Upload(bureau.Admin, bytes, "template.xlsx")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BadUploads_Are400()
    {
        var bureau = await app.CreateBureauAsync();
        await (await Upload(bureau.Admin, Encoding.UTF8.GetBytes("hello"), "notes.txt")).ShouldBeValidationProblemAsync("file");
        await (await Upload(bureau.Admin, Encoding.UTF8.GetBytes("not a zip"), "broken.xlsx")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        using var empty = new MultipartFormDataContent();
        await (await bureau.Admin.PostAsync($"{BudgetApi.Base()}/imports?wait=true", empty)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ImportJobs_AreVisibleToTheirBureauOnly()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var job = await (await Upload(a.Admin, ReferenceWorkbook(), "a.xlsx")).ReadJsonAsync();
        await (await b.Admin.GetAsync($"{BudgetApi.Base()}/imports/{job.GetProperty("id").GetGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await b.Admin.GetAsync($"{BudgetApi.Base()}/imports")).ReadJsonAsync()).GetArrayLength().ShouldBe(0);

        // B's import of the same file refers to B's (missing) lines only: it creates B's own lines.
        var mine = await (await Upload(b.Admin, ReferenceWorkbook(), "a.xlsx")).ReadJsonAsync();
        mine.GetProperty("linesAdded").GetInt32().ShouldBe(2);
        (await a.Admin.FiguresAsync()).GetProperty("total").GetProperty("spending").GetDecimal().ShouldBe(44_687_300m);
    }

    [Fact]
    public async Task HundredThousandSpendingRows_ImportInOnePass()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.AddLineAsync("BIG", 100_000_000m);
        var rows = Enumerable.Range(0, 100_000)
            .Select(i => SpendingRow(new DateTime(2021, (i % 12) + 1, (i % 28) + 1), "BIG", 1.23m + (i % 100), $"记-{i:000000}"))
            .ToList();
        var workbook = Workbook(spending: rows);

        var job = await (await Upload(bureau.Admin, workbook, "big.xlsx")).ReadJsonAsync();

        job.GetProperty("spendingAdded").GetInt32().ShouldBe(100_000);
        var expected = rows.Sum(r => (decimal)r["金额(元)"]!);
        (await bureau.Admin.FiguresAsync()).GetProperty("total").GetProperty("spending").GetDecimal().ShouldBe(expected);
    }

    private async Task<(int Lines, int Adjustments, int Spending)> Counts() =>
        (await app.CountAllAsync<BudgetLine>(), await app.CountAllAsync<BudgetAdjustment>(), await app.CountAllAsync<SpendingEntry>());
}
