using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using MiniExcelLibs;

namespace DistrictPerf.IntegrationTests.Reports;

/// <summary>The reference report imported through the API is the acceptance case of the Reports issue.</summary>
[Collection(ApiCollection.Name)]
public sealed class LegacyImportTests(AppFixture app)
{
    [Fact]
    public async Task ReferenceReport_ImportsIntoADraft_WithEveryStatedFigure()
    {
        var bureau = await app.CreateBureauAsync();

        var result = await bureau.Admin.LegacyImportAsync();

        var extracted = result.GetProperty("extracted");
        var budget = extracted.GetProperty("budget");
        budget.GetProperty("initial").GetDecimal().ShouldBe(5278.33m);
        budget.GetProperty("adjustment").GetDecimal().ShouldBe(-625.85m);
        budget.GetProperty("adjusted").GetDecimal().ShouldBe(4652.48m);
        budget.GetProperty("spending").GetDecimal().ShouldBe(4468.73m);
        budget.GetProperty("executionRatePercent").GetDecimal().ShouldBe(96.05m);
        budget.GetProperty("adjustmentRatePercent").GetDecimal().ShouldBe(11.86m);
        extracted.GetProperty("problems").GetArrayLength().ShouldBe(3);
        extracted.GetProperty("measures").GetArrayLength().ShouldBe(3);

        var report = result.GetProperty("report");
        report.GetProperty("status").GetString().ShouldBe("Draft");
        report.GetProperty("selfScore").GetDecimal().ShouldBe(91.35m);
        report.GetProperty("selfGrade").GetString().ShouldBe("优");

        var tasks = report.GetProperty("plan").GetProperty("tasks").EnumerateArray().ToList();
        tasks.Select(t => t.GetProperty("fundsYuan").GetDecimal()).ShouldBe([1_320_000m, 1_189_700m, 3_210_900m, 306_500m]);
        tasks.Select(t => t.GetProperty("indicators").GetArrayLength()).ShouldBe([6, 6, 10, 5]);
        var notAchieved = tasks.SelectMany(t => t.GetProperty("indicators").EnumerateArray()).Where(i => !i.GetProperty("achieved").GetBoolean()).ToList();
        notAchieved.Select(i => i.GetProperty("name").GetString()).Order().ShouldBe(["主题宣传片数量", "外出考察数量", "高层次人才服务人数"]);
        notAchieved.ShouldAllBe(i => !string.IsNullOrWhiteSpace(i.GetProperty("deviationReason").GetString()));

        // The checker, run on the import: the duplicated indicator, two 总建筑面积 values, 11 vs 16 镇街.
        var findings = report.GetProperty("findings").EnumerateArray().ToList();
        var text = string.Join("\n", findings.Select(f => f.GetProperty("code").GetString() + " " + f.GetProperty("message").GetString() + " " + f.GetProperty("excerpt").ToString()));
        findings.ShouldContain(f => f.GetProperty("code").GetString() == "indicator.duplicate" && f.GetProperty("message").GetString()!.Contains("协助完成区领导带队赴市外拜访企业数量"), text);
        findings.ShouldContain(f => f.GetProperty("code").GetString() == "text.label-two-values" && (f.GetProperty("message").GetString() + f.GetProperty("excerpt").ToString()).Contains("总建筑面积"), text);
        findings.ShouldContain(f => f.GetProperty("code").GetString() == "text.count-mismatch" && f.GetProperty("message").GetString()!.Contains("11") && f.GetProperty("message").GetString()!.Contains("16"), text);
    }

    [Fact]
    public async Task Import_AsAFile_Works_AndBadTextIsRefused_WritingNothing()
    {
        var bureau = await app.CreateBureauAsync();
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(ReportApi.ReferenceText)), "file", "report.txt");
        (await bureau.Admin.PostAsync($"{ReportApi.Base}/legacy-import?confirmMismatch=true", form)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var other = await app.CreateBureauAsync();
        await (await other.Admin.PostAsJsonAsync($"{ReportApi.Base}/legacy-import", new { text = "" })).ShouldBeValidationProblemAsync("text");
        // The 2021 report into 2022: refused unless confirmed (409 naming confirmMismatch, saying both years).
        var otherYear = await (await other.Admin.PostAsJsonAsync("/api/bureau/reports/2022/legacy-import", new { text = ReportApi.ReferenceText })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        otherYear.GetProperty("field").GetString().ShouldBe("confirmMismatch");
        otherYear.GetProperty("detail").GetString()!.ShouldContain("2021");
        otherYear.GetProperty("detail").GetString()!.ShouldContain("2022");
        await (await other.Admin.PostAsync($"{ReportApi.Base}/legacy-import", new StringContent("{\"text\": 5", Encoding.UTF8, "application/json"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await other.Admin.GetAsync(ReportApi.Base)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await other.Admin.GetAsync(ReportApi.Plan)).ReadJsonAsync()).GetProperty("tasks").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Exports_HtmlDocxAndTable1_CarryTheReport()
    {
        var bureau = await app.CreateBureauAsync(name: "广州市白云区投资促进局测试");
        await bureau.Admin.LegacyImportAsync();

        var html = await (await bureau.Admin.GetAsync($"{ReportApi.Base}/export.html")).Content.ReadAsStringAsync();
        html.ShouldContain("广州市白云区投资促进局测试2021年部门整体支出绩效自评报告");
        html.ShouldContain("表 1 部门整体支出绩效目标完成情况表");
        html.ShouldContain("外出考察数量");
        html.ShouldContain("@media print");

        var docx = await (await bureau.Admin.GetAsync($"{ReportApi.Base}/export.docx")).Content.ReadAsByteArrayAsync();
        using (var document = WordprocessingDocument.Open(new MemoryStream(docx), false))
        {
            var body = document.MainDocumentPart!.Document.Body!.InnerText;
            body.ShouldContain("部门整体支出绩效自评报告");
            body.ShouldContain("高层次人才服务人数");
        }

        var xlsx = await (await bureau.Admin.GetAsync($"{ReportApi.Base}/table1.xlsx")).Content.ReadAsByteArrayAsync();
        var rows = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        rows.Count.ShouldBe(27);
        rows.Count(r => (string)r["是否达成"] == "否").ShouldBe(3);
    }

    [Fact]
    public async Task Reports_AreIsolated_AndTheHostReadsThemOnlyThroughHostEndpoints()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var imported = await a.Admin.LegacyImportAsync();
        var id = imported.GetProperty("report").GetProperty("id").GetGuid();

        await (await b.Admin.GetAsync(ReportApi.Base)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await b.Admin.GetAsync($"{ReportApi.Base}/export.html")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await b.Admin.GetAsync(ReportApi.Plan)).ReadJsonAsync()).GetProperty("tasks").GetArrayLength().ShouldBe(0);
        await (await b.Admin.GetAsync($"/api/host/reports/{id}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        // A's tasks and indicators by id: 404 for B, for every verb.
        var taskA = imported.GetProperty("report").GetProperty("plan").GetProperty("tasks")[0];
        var taskId = taskA.GetProperty("id").GetGuid();
        var indicatorId = taskA.GetProperty("indicators")[0].GetProperty("id").GetGuid();
        await (await b.Admin.PutAsJsonAsync($"{ReportApi.Plan}/tasks/{taskId}", new { number = 1, name = "x", funds = 1m, concurrencyStamp = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await b.Admin.DeleteAsync($"{ReportApi.Plan}/tasks/{taskId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await b.Admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks/{taskId}/indicators", new { name = "x", direction = "AtLeast", target = "1" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await b.Admin.PutAsJsonAsync($"{ReportApi.Plan}/tasks/{taskId}/indicators/{indicatorId}", new { name = "x", direction = "AtLeast", target = "1", concurrencyStamp = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await b.Admin.DeleteAsync($"{ReportApi.Plan}/indicators/{indicatorId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await a.Admin.GetAsync(ReportApi.Plan)).ReadJsonAsync()).GetProperty("tasks")[0].GetProperty("indicators").GetArrayLength().ShouldBe(6);
        await (await b.Admin.GetAsync("/api/host/reports")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        var list = await (await reviewer.GetAsync("/api/host/reports?year=2021")).ReadJsonAsync();
        list.EnumerateArray().ShouldContain(r => r.GetProperty("id").GetGuid() == id && r.GetProperty("bureauId").GetGuid() == a.Id);
        var read = await (await reviewer.GetAsync($"/api/host/reports/{id}")).ReadJsonAsync();
        read.GetProperty("bureauId").GetGuid().ShouldBe(a.Id);
        read.GetProperty("plan").GetProperty("tasks").GetArrayLength().ShouldBe(4);
        (await reviewer.GetAsync($"/api/host/reports/{id}/export.html")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await reviewer.GetAsync($"/api/host/reports/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await reviewer.GetAsync(ReportApi.Base)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task BadInput_OnReportAndPlan_Is400NamingTheField()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.CleanReportAsync();
        var report = await bureau.Admin.ReportAsync();
        var stamp = report.GetProperty("concurrencyStamp").GetString();

        await (await bureau.Admin.PutAsJsonAsync(ReportApi.Base, new { selfScore = 101m, concurrencyStamp = stamp })).ShouldBeValidationProblemAsync("selfScore");
        await (await bureau.Admin.PutAsJsonAsync(ReportApi.Base, new { selfScore = 90.123m, concurrencyStamp = stamp })).ShouldBeValidationProblemAsync("selfScore");
        await (await bureau.Admin.PutAsJsonAsync(ReportApi.Base, new { selfGrade = "甲", concurrencyStamp = stamp })).ShouldBeValidationProblemAsync("selfGrade");
        await (await bureau.Admin.PutAsJsonAsync(ReportApi.Base, new { basicInfo = new string('字', 60_001), concurrencyStamp = stamp })).ShouldBeValidationProblemAsync("basicInfo");
        await (await bureau.Admin.PutAsJsonAsync(ReportApi.Base, new { basicInfo = "x", concurrencyStamp = "stale" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await bureau.Admin.PostAsync(ReportApi.Base, null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var plan = await (await bureau.Admin.GetAsync(ReportApi.Plan)).ReadJsonAsync();
        var taskId = plan.GetProperty("tasks")[0].GetProperty("id").GetGuid();
        await (await bureau.Admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks", new { number = 1, name = "重复序号", funds = 1m })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await bureau.Admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks", new { number = 2, name = "资金", funds = 1.005m })).ShouldBeValidationProblemAsync("funds");
        await (await bureau.Admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks/{taskId}/indicators", new { direction = "AtLeast", target = "1" })).ShouldBeValidationProblemAsync("name");
        await (await bureau.Admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks/{taskId}/indicators", new { name = "x", direction = "Sideways", target = "1" })).ShouldBeValidationProblemAsync("direction");
        await (await bureau.Admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks/{taskId}/indicators", new { name = "x", direction = "AtLeast", target = "1", level1 = "其他" })).ShouldBeValidationProblemAsync("level1");
        await (await bureau.Admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks/{Guid.NewGuid()}/indicators", new { name = "x", direction = "AtLeast", target = "1" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ComputedAndSelfReportedScores_AreBothShown()
    {
        var bureau = await app.CreateBureauAsync();
        var report = (await bureau.Admin.LegacyImportAsync()).GetProperty("report");
        report.GetProperty("selfScore").GetDecimal().ShouldBe(91.35m);
        report.GetProperty("computedScore").ValueKind.ShouldBe(JsonValueKind.Number);
        report.GetProperty("computedGrade").GetString().ShouldNotBeNullOrEmpty();
        report.GetProperty("plan").GetProperty("tasks")[2].GetProperty("indicators").EnumerateArray()
            .Single(i => i.GetProperty("name").GetString() == "外出考察数量").GetProperty("completionRatio").GetDecimal().ShouldBe(20m / 26m, 0.0001m);
    }
}
