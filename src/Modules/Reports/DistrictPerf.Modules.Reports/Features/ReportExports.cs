using System.Globalization;
using System.Net;
using System.Text;
using DistrictPerf.Modules.Indicators.Contracts;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Http;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MiniExcelLibs;

namespace DistrictPerf.Modules.Reports.Features;

/// <summary>The report as a print-friendly HTML page and a .docx, and table 1 as .xlsx — Chinese first.</summary>
internal static class ReportExports
{
    private const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapBureau(IEndpointRouteBuilder reports)
    {
        reports.MapGet("/export.html", async (int year, ReportViews views, CancellationToken ct) => Html(await views.BuildAsync(await views.CurrentAsync(ReportEndpoints.Year(year), ct), ct)))
            .RequirePermission(Permissions.ReportsView).WithName("ExportReportHtml");
        reports.MapGet("/export.docx", async (int year, ReportViews views, CancellationToken ct) => Docx(await views.BuildAsync(await views.CurrentAsync(ReportEndpoints.Year(year), ct), ct)))
            .RequirePermission(Permissions.ReportsView).WithName("ExportReportDocx");
        reports.MapGet("/table1.xlsx", async (int year, ReportViews views, CancellationToken ct) => Table1(await views.BuildAsync(await views.CurrentAsync(ReportEndpoints.Year(year), ct), ct)))
            .RequirePermission(Permissions.ReportsView).WithName("ExportTable1");
    }

    public static void MapHost(IEndpointRouteBuilder host)
    {
        host.MapGet("/reports/{id:guid}/export.html", async (Guid id, HostReports reports, CancellationToken ct) => Html(await reports.InBureauAsync(id, async v => await v.BuildAsync(await v.ByIdAsync(id, ct), ct), ct)))
            .RequirePermission(Permissions.HostReportsView).WithName("ExportBureauReportHtml");
        host.MapGet("/reports/{id:guid}/export.docx", async (Guid id, HostReports reports, CancellationToken ct) => Docx(await reports.InBureauAsync(id, async v => await v.BuildAsync(await v.ByIdAsync(id, ct), ct), ct)))
            .RequirePermission(Permissions.HostReportsView).WithName("ExportBureauReportDocx");
        host.MapGet("/reports/{id:guid}/table1.xlsx", async (Guid id, HostReports reports, CancellationToken ct) => Table1(await reports.InBureauAsync(id, async v => await v.BuildAsync(await v.ByIdAsync(id, ct), ct), ct)))
            .RequirePermission(Permissions.HostReportsView).WithName("ExportBureauTable1");
    }

    public static string Title(ReportDto r) => $"{r.BureauName}{r.FiscalYear}年部门整体支出绩效自评报告";

    private static string Pct(decimal? ratio) => ratio is { } v ? Money.RoundHalfUp(v * 100m).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "—";

    private static string Num(decimal value) => value.ToString("#,##0.00", CultureInfo.InvariantCulture);

    public static string BudgetSentence(ReportDto r) => r.Budget is { } b
        ? $"{r.FiscalYear}年部门整体年初预算安排 {Num(b.InitialWanYuan)} 万元，预算调整 {Num(b.AdjustmentWanYuan)} 万元，预算调整率为 {Pct(b.Exact.AdjustmentRate)}，调整后预算数 {Num(b.AdjustedWanYuan)} 万元，年度实际支出 {Num(b.SpendingWanYuan)} 万元，年度预算支出执行率为 {Pct(b.Exact.ExecutionRate)}。"
        : r.ReportedFigures is { } s ? StatedSentence(r, s) : "本年度尚无预算数据。";

    /// <summary>Without a ledger: the figures the report itself states (as printed), said to be the report's.</summary>
    private static string StatedSentence(ReportDto r, ReportedFiguresDto s)
    {
        static string W(decimal? v) => v is { } x ? x.ToString("#,##0.00##", CultureInfo.InvariantCulture) + " 万元" : "—";
        static string P(decimal? v) => v is { } x ? x.ToString("0.00##", CultureInfo.InvariantCulture) + "%" : "—";
        var adjustment = s.IncreaseWanYuan is not null || s.DecreaseWanYuan is not null
            ? $"追加 {W(s.IncreaseWanYuan ?? 0m)}，追减 {W(s.DecreaseWanYuan ?? 0m)}"
            : $"预算调整 {W(s.AdjustmentWanYuan)}";
        return $"（平台无预算台账，以下为报告所述数据）{r.FiscalYear}年部门整体年初预算安排 {W(s.InitialWanYuan)}，{adjustment}，预算调整率为 {P(s.AdjustmentRatePercent)}，" +
            $"调整后预算数 {W(s.AdjustedWanYuan)}，年度实际支出 {W(s.SpendingWanYuan)}，年度预算支出执行率为 {P(s.ExecutionRatePercent)}。";
    }

    public static IEnumerable<(PlanTask Task, PlanIndicator? Indicator)> Table1Rows(ReportDto r) =>
        r.Plan.Tasks.SelectMany(t => t.Indicators.Count == 0 ? [(t, (PlanIndicator?)null)] : t.Indicators.Select(i => (t, (PlanIndicator?)i)));

    private static IResult Html(ReportDto r)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        static string Para(string? s) => string.Join("", (s ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => $"<p>{E(p.Trim())}</p>"));
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>{{E(Title(r))}}</title>
            <style>
            body { font-family: "SimSun","Songti SC","Noto Serif CJK SC","WenQuanYi Micro Hei",serif; max-width: 60em; margin: 2em auto; line-height: 1.8; color: #000; }
            h1 { text-align: center; font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
            table { border-collapse: collapse; width: 100%; font-size: .9em; } th, td { border: 1px solid #000; padding: .3em .5em; vertical-align: top; }
            th { background: #eee; } .num { text-align: right; white-space: nowrap; } .no { color: #b00; font-weight: bold; }
            .meta { text-align: center; color: #555; }
            @media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } .meta { display: none; } }
            </style></head><body>
            <h1>{{E(Title(r))}}</h1>
            <p class="meta">第 {{r.Revision}} 版 · 状态：{{E(r.Status.ToString())}}</p>
            <h2>一、基本情况</h2>{{Para(r.BasicInfo)}}
            <h2>部门整体收支情况</h2><p>{{E(BudgetSentence(r))}}</p>
            <h2>二、综合评价分析</h2>{{Para(r.Evaluation)}}
            <h3>表 1 部门整体支出绩效目标完成情况表（单位：万元）</h3>
            <table><thead><tr><th>序号</th><th>主要任务</th><th>关键指标</th><th>目标值</th><th>指标完成情况</th><th>完成率</th><th>是否达成</th><th>任务涉及资金</th></tr></thead><tbody>
            """);
        foreach (var (task, indicator) in Table1Rows(r))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{task.Number}</td><td>{E(task.Name)}</td><td>{E(indicator?.Name)}</td><td>{E(indicator?.AdjustedTarget ?? indicator?.Target)}</td><td>{E(indicator?.Actual)}</td><td class=\"num\">{Pct(indicator?.CompletionRatio)}</td>");
            html.Append(indicator is null ? "<td></td>" : indicator.Achieved ? "<td>是</td>" : "<td class=\"no\">否</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Num(Money.ToWanYuan(task.FundsYuan))}</td></tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $$"""
            </tbody></table>
            <h3>评分</h3>
            <table><tr><th></th><th>得分</th><th>等级</th></tr>
            <tr><td>部门自评</td><td class="num">{{SelfScoreText(r)}}</td><td>{{E(r.SelfGrade ?? "—")}}</td></tr>
            <tr><td>按评分规则计算</td><td class="num">{{Num(r.ComputedScore)}}</td><td>{{E(r.ComputedGrade)}}</td></tr></table>
            <h2>三、存在的主要问题</h2>{{Para(r.Problems)}}
            <h2>四、下一步改进措施</h2>{{Para(r.Measures)}}
            </body></html>
            """);
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string SelfScoreText(ReportDto r) => r.SelfScore is { } s ? Num(s) : "—";

    private static IResult Docx(ReportDto r)
    {
        var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document, true))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            main.Document = new Document(body);
            body.Append(Paragraph(Title(r), bold: true, size: 36, center: true));
            body.Append(Paragraph("一、基本情况", bold: true, size: 28));
            AppendText(body, r.BasicInfo);
            body.Append(Paragraph("部门整体收支情况", bold: true, size: 28));
            body.Append(Paragraph(BudgetSentence(r)));
            body.Append(Paragraph("二、综合评价分析", bold: true, size: 28));
            AppendText(body, r.Evaluation);
            body.Append(Paragraph("表 1 部门整体支出绩效目标完成情况表（单位：万元）", bold: true));
            var table = new Table(new TableProperties(new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
            table.Append(Row(true, "序号", "主要任务", "关键指标", "目标值", "指标完成情况", "完成率", "是否达成", "任务涉及资金"));
            foreach (var (task, indicator) in Table1Rows(r))
            {
                table.Append(Row(false, task.Number.ToString(CultureInfo.InvariantCulture), task.Name, indicator?.Name ?? "", indicator?.AdjustedTarget ?? indicator?.Target ?? "",
                    indicator?.Actual ?? "", Pct(indicator?.CompletionRatio), indicator is null ? "" : indicator.Achieved ? "是" : "否", Num(Money.ToWanYuan(task.FundsYuan))));
            }

            body.Append(table);
            body.Append(Paragraph($"自评得分 {(r.SelfScore is { } s ? Num(s) : "—")}（{r.SelfGrade ?? "—"}）；按评分规则计算 {Num(r.ComputedScore)}（{r.ComputedGrade}）。"));
            body.Append(Paragraph("三、存在的主要问题", bold: true, size: 28));
            AppendText(body, r.Problems);
            body.Append(Paragraph("四、下一步改进措施", bold: true, size: 28));
            AppendText(body, r.Measures);
            main.Document.Save();
        }

        stream.Position = 0;
        return Results.File(stream, DocxType, $"{Title(r)}.docx");
    }

    private static void AppendText(Body body, string? text)
    {
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            body.Append(Paragraph(line.Trim()));
        }
    }

    private static Paragraph Paragraph(string text, bool bold = false, int size = 24, bool center = false)
    {
        var runProperties = new RunProperties(new RunFonts { EastAsia = "宋体", Ascii = "Times New Roman", HighAnsi = "Times New Roman" }, new FontSize { Val = size.ToString(CultureInfo.InvariantCulture) });
        if (bold)
        {
            runProperties.Append(new Bold());
        }

        var clean = new string(text.Where(System.Xml.XmlConvert.IsXmlChar).ToArray());
        var paragraph = new Paragraph(new Run(runProperties, new Text(clean) { Space = SpaceProcessingModeValues.Preserve }));
        if (center)
        {
            paragraph.PrependChild(new ParagraphProperties(new Justification { Val = JustificationValues.Center }));
        }

        return paragraph;
    }

    private static TableRow Row(bool header, params string[] cells) =>
        new(cells.Select(c => new TableCell(Paragraph(c, bold: header, size: 20))));

    private static IResult Table1(ReportDto r)
    {
        var rows = Table1Rows(r).Select(x => new Dictionary<string, object?>
        {
            ["序号"] = x.Task.Number,
            ["主要任务"] = x.Task.Name,
            ["预期目标"] = x.Task.ExpectedGoal,
            ["目标完成情况"] = x.Task.Completion,
            ["关键指标"] = x.Indicator?.Name,
            ["目标值"] = x.Indicator?.AdjustedTarget ?? x.Indicator?.Target,
            ["指标完成情况"] = x.Indicator?.Actual,
            ["完成率"] = x.Indicator?.CompletionRatio is { } c ? Money.RoundHalfUp(c * 100m) : null,
            ["是否达成"] = x.Indicator is null ? null : x.Indicator.Achieved ? "是" : "否",
            ["偏差原因"] = x.Indicator?.DeviationReason,
            ["权重"] = x.Indicator?.Weight is { } w ? Money.RoundHalfUp(w) : null,
            ["得分"] = x.Indicator?.Score is { } s ? Money.RoundHalfUp(s) : null,
            ["任务涉及资金(万元)"] = Money.ToWanYuan(x.Task.FundsYuan),
        }).ToList();
        var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, new Dictionary<string, object> { ["表1"] = rows });
        stream.Position = 0;
        return Results.File(stream, XlsxType, $"{Title(r)}-表1.xlsx");
    }
}
