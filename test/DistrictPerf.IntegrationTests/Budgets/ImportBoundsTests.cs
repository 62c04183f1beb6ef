using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Budgets.Domain;
using MiniExcelLibs;

namespace DistrictPerf.IntegrationTests.Budgets;

/// <summary>
/// Hostile and awkward import files (issue 15): the bounds of an import (columns, rows, cell size), UTF-8 without
/// a BOM, formula-safe CSV exports and re-importing one's own export after a month is closed.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ImportBoundsTests(AppFixture app)
{
    private const int ThirtyMb = 30 * 1024 * 1024;

    private static async Task<JsonElement> RefusedAsync(HttpResponseMessage response, string code)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var codes = problem.GetProperty("importErrors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToList();
        codes.ShouldContain(code, problem.ToString());
        return problem;
    }

    private async Task<(int Lines, int Adjustments, int Spending)> Counts() =>
        (await app.CountAllAsync<BudgetLine>(), await app.CountAllAsync<BudgetAdjustment>(), await app.CountAllAsync<SpendingEntry>());

    [Fact]
    public async Task HostileCsv_With_a_30_MB_header_row_is_refused_naming_the_column_limit()
    {
        var bureau = await app.CreateBureauAsync();
        var csv = new StringBuilder("日期,项目编码,金额(元),凭证号,摘要", ThirtyMb);
        while (csv.Length < ThirtyMb - 1024)
        {
            csv.Append(",x");
        }

        var problem = await RefusedAsync(await BudgetImportTests.Upload(bureau.Admin, Encoding.UTF8.GetBytes(csv.Append('\n').ToString()), "wide.csv"), "budgets.import.too_many_columns");

        problem.GetProperty("importErrors")[0].GetProperty("reason").GetString()!.ShouldContain("64");
    }

    [Fact]
    public async Task HostileCsv_With_one_30_MB_cell_is_refused_naming_the_cell_limit()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.AddLineAsync("L-1", 1_000m);
        var csv = new StringBuilder("日期,项目编码,金额(元),凭证号,摘要\n2021-01-05,L-1,1,V-1,\"", ThirtyMb);
        csv.Append('长', (ThirtyMb / 3) - 64).Append("\"\n");

        var problem = await RefusedAsync(await BudgetImportTests.Upload(bureau.Admin, Encoding.UTF8.GetBytes(csv.ToString()), "tall.csv"), "budgets.import.cell_too_large");

        var error = problem.GetProperty("importErrors").EnumerateArray().Single(e => e.GetProperty("code").GetString() == "budgets.import.cell_too_large");
        error.GetProperty("row").GetInt32().ShouldBe(2);
        error.GetProperty("column").GetString().ShouldBe("E");
        error.GetProperty("header").GetString().ShouldBe("摘要");
    }

    [Fact]
    public async Task HostileCsv_With_millions_of_tiny_rows_is_refused_naming_the_row_limit_and_writes_nothing()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.AddLineAsync("L", 1_000_000_000m);
        var row = "2021-01-05,L,1,"u8.ToArray();
        var content = new byte[ThirtyMb];
        var header = Encoding.UTF8.GetBytes("日期,项目编码,金额(元),凭证号\n");
        header.CopyTo(content, 0);
        var at = header.Length;
        for (var i = 0; at + row.Length + 8 < content.Length; i++)
        {
            row.CopyTo(content, at);
            at += row.Length;
            at += Encoding.ASCII.GetBytes($"{i % 10_000_000:X6}\n", 0, 7, content, at);
        }

        var counts = await Counts();

        await RefusedAsync(await BudgetImportTests.Upload(bureau.Admin, content[..at], "long.csv"), "budgets.import.too_many_rows");

        (await Counts()).ShouldBe(counts);
    }

    [Fact]
    public async Task Xlsx_over_the_column_or_cell_bound_is_refused_naming_the_limit()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.AddLineAsync("L-1", 1_000m);
        var wide = BudgetImportTests.SpendingRow("2021-01-05", "L-1", 1m, "V-1");
        for (var i = 0; i < 100; i++)
        {
            wide[$"多余列{i}"] = "x";
        }

        await RefusedAsync(await BudgetImportTests.Upload(bureau.Admin, BudgetImportTests.Workbook(spending: [wide]), "wide.xlsx"), "budgets.import.too_many_columns");

        var tall = BudgetImportTests.SpendingRow("2021-01-05", "L-1", 1m, "V-1", new string('长', 5_000));
        await RefusedAsync(await BudgetImportTests.Upload(bureau.Admin, BudgetImportTests.Workbook(spending: [tall]), "tall.xlsx"), "budgets.import.cell_too_large");
    }

    /// <summary>LARGE: a valid 100,000-row spending CSV (about 4 MB) still imports under the bounds.</summary>
    [Fact]
    public async Task Large_A_valid_100000_row_spending_csv_still_imports()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.AddLineAsync("BIG", 100_000_000m);
        var csv = new StringBuilder("日期,项目编码,金额(元),凭证号,摘要\r\n");
        var total = 0m;
        for (var i = 0; i < 100_000; i++)
        {
            var amount = 1.23m + (i % 100);
            total += amount;
            csv.Append($"2021-{(i % 12) + 1:00}-{(i % 28) + 1:00},BIG,{amount},记-{i:000000},办公用品\r\n");
        }

        var job = await (await BudgetImportTests.Upload(bureau.Admin, Encoding.UTF8.GetBytes(csv.ToString()), "big.csv")).ReadJsonAsync();

        job.GetProperty("spendingAdded").GetInt32().ShouldBe(100_000);
        (await bureau.Admin.FiguresAsync()).GetProperty("total").GetProperty("spending").GetDecimal().ShouldBe(total);
    }

    [Fact]
    public async Task Utf8Csv_without_a_BOM_ending_in_a_Chinese_character_with_CRLF_imports()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.AddLineAsync("L-1", 10_000m);
        var csv = "日期,项目编码,金额(元),凭证号,摘要\r\n2021-01-05,L-1,100.50,记-1,办公用品\r\n";

        var job = await (await BudgetImportTests.Upload(bureau.Admin, new UTF8Encoding(false).GetBytes(csv), "spending.csv")).ReadJsonAsync();

        job.GetProperty("spendingAdded").GetInt32().ShouldBe(1);
        var list = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/spending")).ReadJsonAsync();
        list.GetProperty("items")[0].GetProperty("memo").GetString().ShouldBe("办公用品");
    }

    [Fact]
    public async Task CsvExports_escape_formulas_keep_negative_numbers_and_reimport_unchanged()
    {
        var bureau = await app.CreateBureauAsync();
        var line = await bureau.Admin.AddLineAsync("F-1", 1_000m, name: "=HYPERLINK(\"http://x\",\"点击\")");
        (await bureau.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/spending", new { date = "2021-03-05", lineId = line, amount = 12.5m, voucherRef = "+1-2", memo = "@SUM(A1)" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await bureau.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/spending", new { date = "2021-03-06", lineId = line, amount = 2.5m, voucherRef = "V-2", memo = "-冲销" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        await bureau.Admin.AddAdjustmentAsync(line, "2021-03-07", -2.5m, "Decrease");

        var lines = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/export/lines.csv")).Content.ReadAsByteArrayAsync();
        var spending = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/export/spending.csv")).Content.ReadAsByteArrayAsync();
        var adjustments = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/export/adjustments.csv")).Content.ReadAsByteArrayAsync();
        var linesText = Encoding.UTF8.GetString(lines);
        var spendingText = Encoding.UTF8.GetString(spending);
        var adjustmentsText = Encoding.UTF8.GetString(adjustments);

        linesText.ShouldContain("'=HYPERLINK");
        spendingText.ShouldContain("'+1-2");
        spendingText.ShouldContain("'@SUM(A1)");
        spendingText.ShouldContain("'-冲销");
        adjustmentsText.ShouldContain(",-2.5");   // a negative amount stays a number
        adjustmentsText.ShouldNotContain("'-2.5");
        foreach (var cell in CsvCells(linesText).Concat(CsvCells(spendingText)).Concat(CsvCells(adjustmentsText)))
        {
            cell.ShouldNotMatch("^[=+@\\t\\r]", linesText + spendingText + adjustmentsText);
            if (cell.StartsWith('-'))
            {
                decimal.TryParse(cell, System.Globalization.CultureInfo.InvariantCulture, out _).ShouldBeTrue($"only numbers may start with '-': {cell}");
            }
        }

        // The exports re-import as they are: everything is already there.
        var counts = await Counts();
        (await (await BudgetImportTests.Upload(bureau.Admin, lines, "lines.csv")).ReadJsonAsync()).GetProperty("rowsSkipped").GetInt32().ShouldBe(1);
        (await (await BudgetImportTests.Upload(bureau.Admin, spending, "spending.csv")).ReadJsonAsync()).GetProperty("rowsSkipped").GetInt32().ShouldBe(2);
        (await (await BudgetImportTests.Upload(bureau.Admin, adjustments, "adjustments.csv")).ReadJsonAsync()).GetProperty("rowsSkipped").GetInt32().ShouldBe(1);
        (await Counts()).ShouldBe(counts);
    }

    /// <summary>The cells of a simple CSV (quotes removed), enough to look at how each cell starts.</summary>
    private static IEnumerable<string> CsvCells(string csv)
    {
        var cell = new StringBuilder();
        var quoted = false;
        foreach (var c in csv.TrimStart('\uFEFF'))
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is ',' or '\n')
            {
                yield return cell.ToString().TrimEnd('\r');
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }
    }

    [Fact]
    public async Task Reimporting_the_bureaus_own_export_after_closing_a_month_skips_every_row()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.EnterReferenceBudgetAsync(); // spending on 2021-06-30 and 2021-12-20, an adjustment on 2021-07-15
        var export = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/export.xlsx")).Content.ReadAsByteArrayAsync();
        var closer = (await bureau.AddUserAsync("closer", "BureauApprover")).Client;
        (await closer.PostAsync($"{BudgetApi.Base()}/months/6/close", null)).IsSuccessStatusCode.ShouldBeTrue();
        (await closer.PostAsync($"{BudgetApi.Base()}/months/7/close", null)).IsSuccessStatusCode.ShouldBeTrue();
        var counts = await Counts();

        var job = await (await BudgetImportTests.Upload(bureau.Admin, export, "export.xlsx")).ReadJsonAsync();

        job.GetProperty("status").GetString().ShouldBe("Succeeded");
        job.GetProperty("rowsSkipped").GetInt32().ShouldBe(5);
        (await Counts()).ShouldBe(counts);

        // A new row in a closed month is still refused.
        using var stream = new MemoryStream(export);
        var spending = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "支出").Cast<IDictionary<string, object?>>().ToList();
        var extra = BudgetImportTests.SpendingRow("2021-06-15", "JB-01", 1m, "记-新");
        var refused = await BudgetImportTests.Upload(bureau.Admin, BudgetImportTests.Workbook(spending: [extra]), "new.xlsx");
        await RefusedAsync(refused, "budgets.import.month_closed");
        spending.Count.ShouldBe(2);
    }
}
