using System.Data;
using System.Globalization;
using System.Text;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Budgets.Features;
using DistrictPerf.Modules.Budgets.Localization;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.Csv;

namespace DistrictPerf.Modules.Budgets.Import;

/// <summary>
/// Template and export in the import layout (Chinese headers), so an export re-imports as is
/// — and, being already there, adds nothing.
/// </summary>
internal static class ExportEndpoints
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Map(IEndpointRouteBuilder budgets)
    {
        budgets.MapGet("/import-template.xlsx", (int year) =>
            {
                BudgetRules.EnsureYear(year);
                var sheets = new Dictionary<string, object>();
                foreach (var (kind, headers) in SheetFormat.Headers)
                {
                    var table = new DataTable(SheetFormat.SheetNames[kind]);
                    foreach (var header in headers)
                    {
                        table.Columns.Add(header, typeof(string));
                    }

                    sheets[SheetFormat.SheetNames[kind]] = table;
                }

                sheets["说明"] = Instructions(year);
                return Xlsx(sheets, $"预算导入模板-{year}.xlsx");
            })
            .RequirePermission(Permissions.BudgetsView)
            .WithName("DownloadImportTemplate")
            .WithSummary("下载导入模板（中文表头）/ Download the import template");

        budgets.MapGet("/export.xlsx", async (int year, DbContext db, CancellationToken ct) =>
            {
                BudgetRules.EnsureYear(year);
                var data = await Load(db, year, ct);
                var sheets = new Dictionary<string, object>
                {
                    [SheetFormat.LinesSheet] = data.Lines,
                    [SheetFormat.AdjustmentsSheet] = data.Adjustments,
                    [SheetFormat.SpendingSheet] = data.Spending,
                };
                return Xlsx(sheets, $"预算执行-{year}.xlsx");
            })
            .RequirePermission(Permissions.BudgetsView)
            .WithName("ExportBudgetXlsx")
            .WithSummary("导出预算项目、调整、支出（.xlsx）/ Export lines, adjustments and spending");

        budgets.MapGet("/export/{kind}.csv", async (int year, string kind, DbContext db, CancellationToken ct) =>
            {
                BudgetRules.EnsureYear(year);
                var data = await Load(db, year, ct);
                IEnumerable<Dictionary<string, object?>> rows = kind.ToLowerInvariant() switch
                {
                    "lines" => data.Lines,
                    "adjustments" => data.Adjustments,
                    "spending" => data.Spending,
                    _ => throw new FieldValidationException("kind", BudgetsMessages.ExportKindInvalid, "budgets.export_kind"),
                };
                var stream = new MemoryStream();
                // UTF-8 with BOM so that Excel opens the Chinese text correctly.
                var config = new CsvConfiguration { StreamWriterFunc = s => new StreamWriter(s, new UTF8Encoding(true), 1 << 16, leaveOpen: true) };
                MiniExcel.SaveAs(stream, ToTable(rows, SheetFormat.Headers[KindOf(kind)]), excelType: ExcelType.CSV, configuration: config);
                stream.Position = 0;
                return Results.File(stream, "text/csv; charset=utf-8", $"{kind}-{year}.csv");
            })
            .RequirePermission(Permissions.BudgetsView)
            .WithName("ExportBudgetCsv")
            .WithSummary("导出单类数据为 CSV / Export one kind as CSV");
    }

    private static SheetKind KindOf(string kind) => kind.ToLowerInvariant() switch
    {
        "lines" => SheetKind.Lines,
        "adjustments" => SheetKind.Adjustments,
        _ => SheetKind.Spending,
    };

    private sealed record ExportData(List<Dictionary<string, object?>> Lines, List<Dictionary<string, object?>> Adjustments, List<Dictionary<string, object?>> Spending);

    private static async Task<ExportData> Load(DbContext db, int year, CancellationToken ct)
    {
        var lines = await db.Set<BudgetLine>().AsNoTracking().Where(l => l.FiscalYear == year).OrderBy(l => l.Code).ToListAsync(ct);
        var codes = lines.ToDictionary(l => l.Id, l => l.Code);
        var adjustments = await db.Set<BudgetAdjustment>().AsNoTracking().Where(a => a.FiscalYear == year).OrderBy(a => a.Date).ThenBy(a => a.Id).ToListAsync(ct);
        var spending = await db.Set<SpendingEntry>().AsNoTracking().Where(s => s.FiscalYear == year).OrderBy(s => s.Date).ThenBy(s => s.Id).ToListAsync(ct);
        return new ExportData(
            lines.Select(l => new Dictionary<string, object?>
            {
                [SheetFormat.Code] = l.Code, [SheetFormat.Name] = l.Name, [SheetFormat.Kind] = SheetFormat.KindLabel(l.Kind),
                [SheetFormat.FundingSource] = l.FundingSource ?? "", [SheetFormat.Initial] = Money.FromFen(l.InitialFen),
            }).ToList(),
            adjustments.Select(a => new Dictionary<string, object?>
            {
                [SheetFormat.Date] = Date(a.Date), [SheetFormat.Code] = codes[a.LineId], [SheetFormat.AdjustmentKind] = SheetFormat.AdjustmentKindLabel(a.Kind),
                [SheetFormat.AdjustmentAmount] = Money.FromFen(a.AmountFen), [SheetFormat.Reason] = a.Reason, [SheetFormat.Exclusion] = SheetFormat.ExclusionLabel(a.ExcludedFromRate),
            }).ToList(),
            spending.Select(s => new Dictionary<string, object?>
            {
                [SheetFormat.Date] = Date(s.Date), [SheetFormat.Code] = codes[s.LineId], [SheetFormat.Amount] = Money.FromFen(s.AmountFen),
                [SheetFormat.Voucher] = s.VoucherRef ?? "", [SheetFormat.Memo] = s.Memo ?? "",
            }).ToList());
    }

    /// <summary>Dates as ISO text, so they read back the same in every spreadsheet program and locale.</summary>
    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The CSV table: text that a spreadsheet would run as a formula is escaped (<see cref="CsvFormula"/>).</summary>
    private static DataTable ToTable(IEnumerable<Dictionary<string, object?>> rows, string[] headers)
    {
        var table = new DataTable();
        foreach (var header in headers)
        {
            table.Columns.Add(header, typeof(object));
        }

        foreach (var row in rows)
        {
            table.Rows.Add(headers.Select(h => CsvFormula.Escape(row.GetValueOrDefault(h) ?? "")).ToArray());
        }

        return table;
    }

    private static List<Dictionary<string, object?>> Instructions(int year) =>
    [
        new() { ["说明"] = $"本模板用于导入 {year} 年度的预算项目、预算调整和支出；三个工作表可只填其中一部分。" },
        new() { ["说明"] = "金额单位为元，最多两位小数，不超过 10^12；日期格式如 2021-03-05，须在本财政年度内。" },
        new() { ["说明"] = "支出类型：基本支出 / 项目支出；调整类型：追加（正数）/ 追减（负数）/ 结构调整。" },
        new() { ["说明"] = "不计入调整率原因：留空，或 政策性调整 / 不可抗力 / 上级交办。" },
        new() { ["说明"] = "导入全部成功或全部不写入：任何一格有误都会列出工作表、行、列和原因。重复导入同一文件不会重复添加。" },
        new() { ["说明"] = "已结账月份的支出不能导入；更正请在系统中冲销。" },
    ];

    private static IResult Xlsx(Dictionary<string, object> sheets, string fileName)
    {
        var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, sheets);
        stream.Position = 0;
        return Results.File(stream, XlsxType, fileName);
    }
}
