using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Indicators.Domain;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.SharedKernel.Auditing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.IntegrationTests.Reports;

/// <summary>
/// The import's preview writes nothing; the import replaces a draft or a plan only when asked to
/// (<c>replace=true</c>), keeping the old draft as a revision; garbage and binary are refused, writing
/// nothing; another bureau and a viewer can do neither.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LegacyImportPreviewTests(AppFixture app)
{
    private const string Preview = $"{ReportApi.Base}/legacy-import/preview";
    private const string Import = $"{ReportApi.Base}/legacy-import";

    [Fact]
    public async Task ThePreview_OfTheReferenceReport_ReadsFourTasksAnd27Indicators_AndWritesNothing()
    {
        var bureau = await app.CreateBureauAsync();
        var before = await RowsAsync(bureau.Id);

        var preview = await (await bureau.Admin.PostAsJsonAsync(Preview, new { text = ReportApi.ReferenceText })).ReadJsonAsync();

        preview.GetProperty("fiscalYear").GetInt32().ShouldBe(2021);
        preview.GetProperty("statedYear").GetInt32().ShouldBe(2021);
        preview.GetProperty("bureauName").GetString().ShouldBe("广州市白云区投资促进局");
        var tasks = preview.GetProperty("tasks").EnumerateArray().ToList();
        tasks.Count.ShouldBe(4);
        tasks.Select(t => t.GetProperty("indicators").GetArrayLength()).ShouldBe([6, 6, 10, 5]);
        tasks.Select(t => t.GetProperty("fundsWanYuan").GetDecimal()).ShouldBe([132m, 118.97m, 321.09m, 30.65m]);
        preview.GetProperty("indicatorCount").GetInt32().ShouldBe(27);
        var visit = tasks[2].GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "外出考察数量");
        visit.GetProperty("achieved").GetBoolean().ShouldBeFalse();
        visit.GetProperty("deviationReason").GetString().ShouldNotBeNullOrWhiteSpace();
        var budget = preview.GetProperty("budget");
        budget.GetProperty("initial").GetDecimal().ShouldBe(5278.33m);
        budget.GetProperty("executionRatePercent").GetDecimal().ShouldBe(96.05m);
        preview.GetProperty("selfScore").GetDecimal().ShouldBe(91.35m);
        preview.GetProperty("selfGrade").GetString().ShouldBe("优");
        var sections = preview.GetProperty("sections").EnumerateArray().ToList();
        sections.Select(s => s.GetProperty("key").GetString()).ShouldBe(["basicInfo", "evaluation", "problems", "measures"]);
        sections.ShouldAllBe(s => s.GetProperty("length").GetInt32() > 0 && s.GetProperty("start").GetString()!.Length > 0);
        preview.GetProperty("problems").GetArrayLength().ShouldBe(3);
        foreach (var item in preview.GetProperty("notExtracted").EnumerateArray())
        {
            item.GetProperty("label").GetString().ShouldNotBe(item.GetProperty("field").GetString()); // every field the parser names has words
        }

        var existing = preview.GetProperty("existing");
        existing.GetProperty("replaceRequired").GetBoolean().ShouldBeFalse();
        existing.GetProperty("reportId").ValueKind.ShouldBe(JsonValueKind.Null);

        // The same as an uploaded file.
        using var form = FileForm(Encoding.UTF8.GetBytes(ReportApi.ReferenceText));
        var uploaded = await (await bureau.Admin.PostAsync(Preview, form)).ReadJsonAsync();
        uploaded.GetProperty("indicatorCount").GetInt32().ShouldBe(27);

        // Pasted text in the form, beside an empty file part (as the web client sends it): the text is read.
        using var pasted = FileForm([]);
        pasted.Add(new StringContent(ReportApi.ReferenceText), "text");
        (await (await bureau.Admin.PostAsync(Preview, pasted)).ReadJsonAsync()).GetProperty("indicatorCount").GetInt32().ShouldBe(27);
        using var lorem = FileForm([]);
        lorem.Add(new StringContent("这不是报告。"), "text");
        await (await bureau.Admin.PostAsync(Preview, lorem)).ShouldBeValidationProblemAsync("text");

        (await RowsAsync(bureau.Id)).ShouldBe(before);
        await (await bureau.Admin.GetAsync(ReportApi.Base)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AGbkFile_ReadsAsTheUtf8One()
    {
        var bureau = await app.CreateBureauAsync();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var form = FileForm(Encoding.GetEncoding("GB18030").GetBytes(ReportApi.ReferenceText));

        var preview = await (await bureau.Admin.PostAsync(Preview, form)).ReadJsonAsync();

        preview.GetProperty("indicatorCount").GetInt32().ShouldBe(27);
        preview.GetProperty("bureauName").GetString().ShouldBe("广州市白云区投资促进局");
    }

    [Fact]
    public async Task ImportingOverADraft_IsRefusedWithoutReplace_AndKeepsTheOldDraftAsARevisionWithIt()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.CleanReportAsync();
        var before = await RowsAsync(bureau.Id);

        var preview = await (await bureau.Admin.PostAsJsonAsync(Preview, new { text = ReportApi.ReferenceText })).ReadJsonAsync();
        var existing = preview.GetProperty("existing");
        existing.GetProperty("replaceRequired").GetBoolean().ShouldBeTrue();
        existing.GetProperty("keptAsRevision").GetBoolean().ShouldBeTrue();
        existing.GetProperty("revision").GetInt32().ShouldBe(1);
        existing.GetProperty("status").GetString().ShouldBe("Draft");
        existing.GetProperty("planTasks").GetInt32().ShouldBe(1);
        existing.GetProperty("planIndicators").GetInt32().ShouldBe(2);
        existing.GetProperty("blocked").ValueKind.ShouldBe(JsonValueKind.Null);

        // Without replace: 409 naming replace, nothing written (the JSON body and the upload alike).
        var refused = await (await bureau.Admin.PostAsJsonAsync(Import, new { text = ReportApi.ReferenceText })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        refused.GetProperty("field").GetString().ShouldBe("replace");
        refused.GetProperty("code").GetString().ShouldBe("conflict.reports.replace_required");
        using (var form = FileForm(Encoding.UTF8.GetBytes(ReportApi.ReferenceText)))
        {
            await (await bureau.Admin.PostAsync($"{Import}?replace=false", form)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }

        (await RowsAsync(bureau.Id)).ShouldBe(before);
        var unchanged = await bureau.Admin.ReportAsync();
        unchanged.GetProperty("basicInfo").GetString().ShouldBe("本部门内设科室 2 个。");
        unchanged.GetProperty("plan").GetProperty("tasks").GetArrayLength().ShouldBe(1);

        // With replace: the import is the new draft (revision 2); the old draft is revision 1, superseded, with its own plan frozen in it.
        var imported = await bureau.Admin.LegacyImportAsync(replace: true);
        var report = imported.GetProperty("report");
        report.GetProperty("revision").GetInt32().ShouldBe(2);
        report.GetProperty("status").GetString().ShouldBe("Draft");
        report.GetProperty("plan").GetProperty("tasks").GetArrayLength().ShouldBe(4);
        report.GetProperty("history").EnumerateArray().ShouldContain(t => t.GetProperty("comment").GetString()!.Contains("替换第 1 版"));

        var revisions = (await (await bureau.Admin.GetAsync($"{ReportApi.Base}/revisions")).ReadJsonAsync()).EnumerateArray().ToList();
        revisions.Select(r => (r.GetProperty("revision").GetInt32(), r.GetProperty("status").GetString())).ShouldBe([(1, "Superseded"), (2, "Draft")]);
        var old = await (await bureau.Admin.GetAsync($"{ReportApi.Base}/revisions/1")).ReadJsonAsync();
        old.GetProperty("basicInfo").GetString().ShouldBe("本部门内设科室 2 个。");
        old.GetProperty("frozen").GetBoolean().ShouldBeTrue();
        old.GetProperty("editable").GetBoolean().ShouldBeFalse();
        var oldTasks = old.GetProperty("plan").GetProperty("tasks").EnumerateArray().ToList();
        oldTasks.Select(t => t.GetProperty("name").GetString()).ShouldBe(["完成策划方案"]);
        oldTasks[0].GetProperty("indicators").GetArrayLength().ShouldBe(2);
        old.GetProperty("history").EnumerateArray().Last().GetProperty("to").GetString().ShouldBe("Superseded");
        (await bureau.Admin.ReportAsync()).GetProperty("revision").GetInt32().ShouldBe(2);

        // Importing again: the preview says the imported draft would be replaced, kept as revision 2.
        var again = await (await bureau.Admin.PostAsJsonAsync(Preview, new { text = ReportApi.ReferenceText })).ReadJsonAsync();
        again.GetProperty("existing").GetProperty("revision").GetInt32().ShouldBe(2);
        again.GetProperty("existing").GetProperty("replaceRequired").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task ImportingOverAPlanWithoutAReport_NeedsReplace_AndKeepsThePlanAsARevision()
    {
        var bureau = await app.CreateBureauAsync();
        (await bureau.Admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks", new { number = 1, name = "自拟任务", funds = 10m })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var preview = await (await bureau.Admin.PostAsJsonAsync(Preview, new { text = ReportApi.ReferenceText })).ReadJsonAsync();
        preview.GetProperty("existing").GetProperty("replaceRequired").GetBoolean().ShouldBeTrue();
        preview.GetProperty("existing").GetProperty("revision").ValueKind.ShouldBe(JsonValueKind.Null);
        preview.GetProperty("existing").GetProperty("planTasks").GetInt32().ShouldBe(1);
        await (await bureau.Admin.PostAsJsonAsync(Import, new { text = ReportApi.ReferenceText })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await (await bureau.Admin.GetAsync(ReportApi.Plan)).ReadJsonAsync()).GetProperty("tasks").GetArrayLength().ShouldBe(1);

        var imported = await bureau.Admin.LegacyImportAsync(replace: true);

        imported.GetProperty("report").GetProperty("revision").GetInt32().ShouldBe(2);
        var kept = await (await bureau.Admin.GetAsync($"{ReportApi.Base}/revisions/1")).ReadJsonAsync();
        kept.GetProperty("status").GetString().ShouldBe("Superseded");
        kept.GetProperty("plan").GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ShouldBe(["自拟任务"]);
    }

    [Fact]
    public async Task AReportUnderReview_CannotBeReplaced_EvenWithReplace()
    {
        var bureau = await app.CreateBureauAsync();
        var (_, approver) = await bureau.AddUserAsync("approver", "BureauApprover");
        await bureau.Admin.CleanReportAsync();
        (await approver.SubmitAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await RowsAsync(bureau.Id);

        var preview = await (await bureau.Admin.PostAsJsonAsync(Preview, new { text = ReportApi.ReferenceText })).ReadJsonAsync();
        preview.GetProperty("existing").GetProperty("blocked").GetString().ShouldNotBeNullOrWhiteSpace();
        preview.GetProperty("existing").GetProperty("keptAsRevision").GetBoolean().ShouldBeFalse();
        var refused = await (await bureau.Admin.PostAsJsonAsync($"{Import}?replace=true", new { text = ReportApi.ReferenceText })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        refused.GetProperty("code").GetString().ShouldBe("conflict.reports.not_editable");

        (await RowsAsync(bureau.Id)).ShouldBe(before);
        (await bureau.Admin.ReportAsync()).GetProperty("status").GetString().ShouldBe("Submitted");
    }

    [Fact]
    public async Task GarbageAndBinary_Are400NamingTheField_AndWriteNothing_EvenWithReplace()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.CleanReportAsync();
        var before = await RowsAsync(bureau.Id);
        var lorem = string.Concat(Enumerable.Repeat("这是一段与自评报告无关的文字，没有章节也没有表格。", 20));
        var random = new byte[8192];
        new Random(42).NextBytes(random);
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, .. Encoding.ASCII.GetBytes("[Content_Types].xml"), .. random[..512]];

        foreach (var url in new[] { Preview, $"{Import}?replace=true" })
        {
            var notAReport = await (await bureau.Admin.PostAsJsonAsync(url, new { text = lorem })).ShouldBeValidationProblemAsync("text");
            notAReport.GetProperty("fieldCodes").GetProperty("text")[0].GetString().ShouldBe("reports.not_a_report");
            var nul = await (await bureau.Admin.PostAsJsonAsync(url, new { text = ReportApi.ReferenceText[..2000] + "\0\0\u0001" })).ShouldBeValidationProblemAsync("text");
            nul.GetProperty("fieldCodes").GetProperty("text")[0].GetString().ShouldBe("reports.binary_text");
            await (await bureau.Admin.PostAsJsonAsync(url, new { text = new string('\uFFFD', 300) + ReportApi.ReferenceText[..500] })).ShouldBeValidationProblemAsync("text");

            foreach (var bytes in new[] { random, zip, Encoding.UTF8.GetBytes(lorem), Array.Empty<byte>() })
            {
                using var form = FileForm(bytes);
                await (await bureau.Admin.PostAsync(url, form)).ShouldBeValidationProblemAsync("file");
            }

            // Broken multipart: no boundary, or cut off in the middle of the file.
            var noBoundary = new ByteArrayContent(Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nabc"));
            noBoundary.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");
            await (await bureau.Admin.PostAsync(url, noBoundary)).ShouldBeValidationProblemAsync("file");
            var truncated = new ByteArrayContent(Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n一、基本情况"));
            truncated.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
            (await bureau.Admin.PostAsync(url, truncated)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        (await RowsAsync(bureau.Id)).ShouldBe(before);
        var report = await bureau.Admin.ReportAsync();
        report.GetProperty("revision").GetInt32().ShouldBe(1);
        report.GetProperty("basicInfo").GetString().ShouldBe("本部门内设科室 2 个。");
        report.GetProperty("plan").GetProperty("tasks").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task AnotherBureau_NeitherSeesNorReplacesThisOnesDraft_AndAViewerCanDoNeither()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        await a.Admin.CleanReportAsync();
        var (_, viewer) = await a.AddUserAsync("viewer", "Viewer");
        var beforeA = await RowsAsync(a.Id);

        // B's preview and import concern B's year only: nothing of A's to replace, A's draft untouched.
        var preview = await (await b.Admin.PostAsJsonAsync(Preview, new { text = ReportApi.ReferenceText })).ReadJsonAsync();
        preview.GetProperty("existing").GetProperty("replaceRequired").GetBoolean().ShouldBeFalse();
        preview.GetProperty("existing").GetProperty("planTasks").GetInt32().ShouldBe(0);
        var imported = await b.Admin.LegacyImportAsync();
        imported.GetProperty("report").GetProperty("bureauId").GetGuid().ShouldBe(b.Id);
        imported.GetProperty("report").GetProperty("revision").GetInt32().ShouldBe(1);
        (await RowsAsync(a.Id)).ShouldBe(beforeA);
        (await a.Admin.ReportAsync()).GetProperty("basicInfo").GetString().ShouldBe("本部门内设科室 2 个。");

        // A viewer of A may read the report but not preview or import; anonymous callers are refused too.
        await (await viewer.PostAsJsonAsync(Preview, new { text = ReportApi.ReferenceText })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await viewer.PostAsJsonAsync($"{Import}?replace=true", new { text = ReportApi.ReferenceText })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await app.Anonymous().PostAsJsonAsync(Preview, new { text = ReportApi.ReferenceText })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await RowsAsync(a.Id)).ShouldBe(beforeA);

        // A bureau editor may do both (the role that writes reports and plans).
        var (_, editor) = await a.AddUserAsync("editor", "BureauEditor");
        (await editor.PostAsJsonAsync(Preview, new { text = ReportApi.ReferenceText })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static MultipartFormDataContent FileForm(byte[] bytes)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");
        form.Add(file, "file", "report.txt");
        return form;
    }

    /// <summary>What a write would change: this bureau's reports, their transitions, tasks, indicators and audit entries.</summary>
    private Task<(int Reports, int Transitions, int Tasks, int Indicators, int Audit)> RowsAsync(Guid bureau) =>
        app.WithDbAsync(async db => (
            await db.Set<SelfEvaluationReport>().IgnoreQueryFilters().CountAsync(r => r.TenantId == bureau),
            await db.Set<ReportTransition>().IgnoreQueryFilters().CountAsync(r => r.TenantId == bureau),
            await db.Set<MainTask>().IgnoreQueryFilters().CountAsync(r => r.TenantId == bureau),
            await db.Set<Indicator>().IgnoreQueryFilters().CountAsync(r => r.TenantId == bureau),
            await db.Set<AuditLogEntry>().IgnoreQueryFilters().CountAsync(r => r.TenantId == bureau)));
}
