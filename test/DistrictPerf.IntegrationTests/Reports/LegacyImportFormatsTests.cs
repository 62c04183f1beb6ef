using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Reports.Features;

namespace DistrictPerf.IntegrationTests.Reports;

/// <summary>
/// What bureaus actually hold: the reference report as GBK text, as a PDF and as a .docx gives the extraction the
/// UTF-8 text gives; what is not a department-wide report (a project table, a template, an excerpt) is refused
/// with what was recognised and what is missing; a report of another bureau or year needs confirmation.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LegacyImportFormatsTests(AppFixture app)
{
    private const string Preview = $"{ReportApi.Base}/legacy-import/preview";
    private const string Import = $"{ReportApi.Base}/legacy-import";

    private static MultipartFormDataContent Form(byte[] bytes, string fileName)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(bytes), "file", fileName);
        return form;
    }

    /// <summary>Everything the preview read, as comparable text: figures, score, every task and indicator, section lengths aside.</summary>
    private static string Extraction(JsonElement preview)
    {
        var b = new StringBuilder();
        b.AppendLine(preview.GetProperty("bureauName").ToString()).AppendLine(preview.GetProperty("statedYear").ToString());
        b.AppendLine(preview.GetProperty("budget").GetRawText()).AppendLine(preview.GetProperty("selfScore").ToString()).AppendLine(preview.GetProperty("selfGrade").ToString());
        foreach (var task in preview.GetProperty("tasks").EnumerateArray())
        {
            b.AppendLine($"{task.GetProperty("number")} {task.GetProperty("name")} {task.GetProperty("fundsWanYuan")} {task.GetProperty("declaredIndicatorCount")}");
            foreach (var i in task.GetProperty("indicators").EnumerateArray())
            {
                b.AppendLine($"  {i.GetProperty("name")} | {i.GetProperty("target")} | {i.GetProperty("actual")} | {i.GetProperty("achieved")} | {i.GetProperty("deviationReason")}");
            }
        }

        b.AppendLine(string.Join(",", preview.GetProperty("problems").EnumerateArray().Select(p => p.GetString())));
        b.AppendLine(string.Join(",", preview.GetProperty("measures").EnumerateArray().Select(p => p.GetString())));
        return b.ToString();
    }

    [Fact]
    public async Task TheReference_AsGbkText_AsPdf_AndAsDocx_GivesTheSameExtractionAsUtf8()
    {
        var bureau = await app.CreateBureauAsync();
        var utf8 = Extraction(await (await bureau.Admin.PostAsync(Preview, Form(Encoding.UTF8.GetBytes(ReportApi.ReferenceText), "report.txt"))).ReadJsonAsync());
        utf8.ShouldContain("外出考察数量");

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030").GetBytes(ReportApi.ReferenceText); // GBK as Chinese Windows saves it (GB18030: every character of the text)
        Extraction(await (await bureau.Admin.PostAsync(Preview, Form(gbk, "报告-GBK.txt"))).ReadJsonAsync()).ShouldBe(utf8);

        // The format is the content's, not the name's: a PDF called .txt is read as a PDF.
        var pdf = TestDocuments.Pdf(ReportApi.ReferenceText);
        Extraction(await (await bureau.Admin.PostAsync(Preview, Form(pdf, "报告.pdf"))).ReadJsonAsync()).ShouldBe(utf8);
        Extraction(await (await bureau.Admin.PostAsync(Preview, Form(pdf, "report.txt"))).ReadJsonAsync()).ShouldBe(utf8);

        var docx = TestDocuments.Docx(ReportApi.ReferenceText);
        Extraction(await (await bureau.Admin.PostAsync(Preview, Form(docx, "报告.docx"))).ReadJsonAsync()).ShouldBe(utf8);

        // And the import itself, from the PDF: the draft holds the 27 indicators.
        var imported = await (await bureau.Admin.PostAsync($"{Import}?confirmMismatch=true", Form(pdf, "报告.pdf"))).ReadJsonAsync();
        imported.GetProperty("report").GetProperty("plan").GetProperty("tasks").EnumerateArray().Sum(t => t.GetProperty("indicators").GetArrayLength()).ShouldBe(27);
    }

    [Fact]
    public async Task ADocxTable_IsReadAsATable_OneLinePerRow_MergedCellsLeftEmpty()
    {
        var docx = TestDocuments.Docx("表 1 部门整体支出绩效目标完成情况表", [
            ["主要任务", "指标名称", "年度目标值", "实际完成值"],
            ["招商引资", "引进项目数量", "≥10个", "12个"],
            ["招商引资", "签约金额", "≥5亿元", "6亿元"],
            ["企业服务", "走访企业\n数量", "≥100家", "120家"],
        ], new HashSet<(int, int)> { (2, 0) });
        var text = LegacyImportFormats.DocxToText(docx);
        text.Split('\n').ShouldBe([
            "表 1 部门整体支出绩效目标完成情况表",
            "主要任务\t指标名称\t年度目标值\t实际完成值",
            "招商引资\t引进项目数量\t≥10个\t12个",
            "\t签约金额\t≥5亿元\t6亿元",
            "企业服务\t走访企业 数量\t≥100家\t120家",
            "",
        ]);
    }

    [Fact]
    public async Task FilesThatAreNoReport_Are400NamingTheFile_AndWriteNothing()
    {
        var bureau = await app.CreateBureauAsync();
        var cases = new (byte[] Bytes, string Name, string Code)[]
        {
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0], "报告.doc", "reports.old_word_format"),
            (Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n<< /Type /Catalog"), "损坏.pdf", "reports.pdf_invalid"),
            (TestDocuments.Pdf(" \n \n"), "扫描件.pdf", "reports.pdf_no_text"),
            ([0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8], "损坏.docx", "reports.docx_invalid"),
        };
        foreach (var (bytes, name, code) in cases)
        {
            var problem = await (await bureau.Admin.PostAsync($"{Import}?confirmMismatch=true", Form(bytes, name))).ShouldBeValidationProblemAsync("file");
            problem.GetProperty("fieldCodes").GetProperty("file")[0].GetString().ShouldBe(code, name);
        }

        await (await bureau.Admin.GetAsync(ReportApi.Base)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private const string ProjectTable = """
        2021年度项目支出绩效自评表
        项目名称：白云区重点产业招商推介活动经费
        主管部门：广州市白云区投资促进局        实施单位：广州市白云区投资促进局
        项目资金（万元）  年初预算数  全年预算数  全年执行数  分值  执行率  得分
        年度资金总额      120        118.97      115.3      10   96.9%   9.69
        年度总体目标：举办招商推介活动，引进优质项目。
        一级指标  二级指标  三级指标  年度指标值  实际完成值  分值  得分  偏差原因分析及改进措施
        产出指标  数量指标  推介活动场次  ≥6场  7场  20  20
        总分  100  95.5
        """;

    private const string Template = """
        ××局2021年部门整体支出绩效自评报告
        一、部门基本情况
        （请填写部门职能、内设机构、人员编制等情况）
        二、绩效目标完成情况
        表1 部门整体支出绩效目标完成情况表
        主要任务  关键绩效指标  年度目标值  实际完成值  完成情况
        任务1  指标1  （填写目标值）
        注：未达到90%的需说明原因
        三、存在问题
        四、改进措施
        """;

    private const string Excerpt = """
        一、部门基本情况
        广州市白云区民政局内设科室8个，下属事业单位3个。主要职能是贯彻执行民政工作方针政策，负责社会救助、养老服务、社会组织管理等工作。
        2021年末在职人员共86人，其中行政编制42人，事业编制44人。
        """;

    [Fact]
    public async Task AProjectTable_ATemplate_AndAnExcerpt_Are422_SayingWhatWasRecognisedAndWhatIsMissing()
    {
        var bureau = await app.CreateBureauAsync();
        foreach (var (text, kind, mustSay) in new[] { (ProjectTable, "project_table", "项目名称"), (Template, "template", "未达到90%的需说明原因"), (Excerpt, "fragment", "基本情况") })
        {
            foreach (var url in new[] { Preview, $"{Import}?replace=true&confirmMismatch=true" })
            {
                var response = await bureau.Admin.PostAsJsonAsync(url, new { text });
                var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
                problem.GetProperty("code").GetString().ShouldBe("reports.not_department_report." + kind);
                problem.GetProperty("kind").GetString().ShouldBe(kind);
                problem.GetProperty("field").GetString().ShouldBe("text");
                problem.GetProperty("detail").GetString()!.ShouldContain(mustSay);
                problem.GetProperty("missing").GetArrayLength().ShouldBeGreaterThan(0);
            }
        }

        var excerpt = await (await bureau.Admin.PostAsJsonAsync(Preview, new { text = Excerpt })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        excerpt.GetProperty("recognised").EnumerateArray().Select(e => e.GetString()).ShouldBe(["基本情况"]);
        excerpt.GetProperty("missing").EnumerateArray().Select(e => e.GetString()).ShouldContain("绩效目标完成情况表（表 1）");

        // Nothing was written by any of them.
        await (await bureau.Admin.GetAsync(ReportApi.Base)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await bureau.Admin.GetAsync(ReportApi.Plan)).ReadJsonAsync()).GetProperty("tasks").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task AReportOfAnotherBureau_IsShownInThePreview_AndImportedOnlyWhenConfirmed()
    {
        var other = await app.CreateBureauAsync("广州市白云区民政局" + Guid.NewGuid().ToString("N")[..4]);
        var preview = await (await other.Admin.PostAsJsonAsync(Preview, new { text = ReportApi.ReferenceText })).ReadJsonAsync();
        var mismatch = preview.GetProperty("mismatches").EnumerateArray().Single();
        mismatch.GetProperty("field").GetString().ShouldBe("bureau");
        mismatch.GetProperty("stated").GetString().ShouldBe("广州市白云区投资促进局");

        var refused = await (await other.Admin.PostAsJsonAsync(Import, new { text = ReportApi.ReferenceText })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        refused.GetProperty("field").GetString().ShouldBe("confirmMismatch");
        refused.GetProperty("code").GetString().ShouldBe("conflict.reports.mismatch_unconfirmed");
        refused.GetProperty("detail").GetString()!.ShouldContain("广州市白云区投资促进局");
        await (await other.Admin.GetAsync(ReportApi.Base)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await (await other.Admin.PostAsJsonAsync($"{Import}?confirmMismatch=true", new { text = ReportApi.ReferenceText })).ReadJsonAsync())
            .GetProperty("report").GetProperty("status").GetString().ShouldBe("Draft");

        // The bureau the report names, written with or without its district: no confirmation needed.
        var same = await app.CreateBureauAsync("白云区投资促进局" + Guid.NewGuid().ToString("N")[..4]);
        (await (await same.Admin.PostAsJsonAsync(Preview, new { text = ReportApi.ReferenceText })).ReadJsonAsync()).GetProperty("mismatches").GetArrayLength().ShouldBe(0);
    }
}
