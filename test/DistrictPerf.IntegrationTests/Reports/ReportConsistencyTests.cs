using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;

namespace DistrictPerf.IntegrationTests.Reports;

/// <summary>
/// Issue 14 parts 1–2 through the API: a report imported into a bureau without a ledger is checked against itself, each
/// internal inconsistency found once with its numbers; its score rests on its stated figures and says so; the stated
/// figures are readable back (API and export); on the reference report no finding found before is lost.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReportConsistencyTests(AppFixture app)
{
    private const string BureauName = "广州市海珠区文化广电旅游体育局";

    private static readonly string[] InternalRules =
    [
        "stated.adjusted-budget", "stated.adjustment-net", "stated.execution-rate", "stated.adjustment-rate", "stated.task-funds",
        "grade.self-band", "task.declared-count", "indicator.duplicate", "indicator.stated-achievement",
    ];

    private static List<JsonElement> Findings(JsonElement report) => [.. report.GetProperty("findings").EnumerateArray()];

    private static string Dump(IEnumerable<JsonElement> findings) =>
        string.Join("\n", findings.Select(f => $"{f.GetProperty("severity").GetString()} {f.GetProperty("code").GetString()} {f.GetProperty("location").GetString()} {f.GetProperty("message").GetString()}"));

    private static string Code(JsonElement f) => f.GetProperty("code").GetString()!;

    private static string Message(JsonElement f) => f.GetProperty("message").GetString()!;

    private static string Severity(JsonElement f) => f.GetProperty("severity").GetString()!;

    [Fact]
    public async Task ConsistentReport_WithoutLedger_HasNoInternalFinding_AndIsScoredOnItsStatedFigures()
    {
        var bureau = await app.CreateBureauAsync(BureauName);
        var report = (await bureau.Admin.LegacyImportAsync(CheckerTestReports.Consistent)).GetProperty("report");
        var findings = Findings(report);

        findings.ShouldNotContain(f => InternalRules.Contains(Code(f)), Dump(findings));
        findings.ShouldNotContain(f => Severity(f) == "Error", Dump(findings));
        // The two ≤ indicators are far under their caps (2 of ≤ 5 working days, 0.2% of ≤ 1%): not over-achievement.
        findings.ShouldNotContain(f => Code(f) == "indicator.over-achievement", Dump(findings));

        // No ledger: the execution rate is the report's (2,893.55 ÷ 3,026.20 = 95.617%), not 0 points.
        report.GetProperty("budget").ValueKind.ShouldBe(JsonValueKind.Null);
        report.GetProperty("scoreBasis").GetString().ShouldBe("Reported");
        report.GetProperty("scoredExecutionRate").GetDecimal().ShouldBe(95.62m);
        report.GetProperty("executionScore").GetDecimal().ShouldBe(9.56m);

        // The stated figures read back, as printed.
        var stated = report.GetProperty("reportedFigures");
        stated.GetProperty("initialWanYuan").GetDecimal().ShouldBe(2846.20m);
        stated.GetProperty("adjustmentWanYuan").GetDecimal().ShouldBe(180.00m);
        stated.GetProperty("adjustedWanYuan").GetDecimal().ShouldBe(3026.20m);
        stated.GetProperty("spendingWanYuan").GetDecimal().ShouldBe(2893.55m);
        stated.GetProperty("executionRatePercent").GetDecimal().ShouldBe(95.62m);
        stated.GetProperty("adjustmentRatePercent").GetDecimal().ShouldBe(6.32m);
        (await bureau.Admin.ReportAsync()).GetProperty("reportedFigures").GetProperty("spendingWanYuan").GetDecimal().ShouldBe(2893.55m);

        // The self-score differs from the computed one: a warning with both scores and the rules, which does not block submission.
        var score = findings.Single(f => Code(f) == "score.self-mismatch");
        Severity(score).ShouldBe("Warning");
        Message(score).ShouldContain("91.2");
        Message(score).ShouldContain(report.GetProperty("computedScore").GetDecimal().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        Message(score).ShouldContain("执行率依据报告所述数据");
        var (_, approver) = await bureau.AddUserAsync("approver", "BureauApprover");
        (await approver.SubmitAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task InconsistentReport_EachInjectedDefect_IsFoundOnce_WithItsNumbers()
    {
        var bureau = await app.CreateBureauAsync(BureauName);
        var report = (await bureau.Admin.LegacyImportAsync(CheckerTestReports.Inconsistent)).GetProperty("report");
        var findings = Findings(report);
        var dump = Dump(findings);

        JsonElement One(string code) => findings.Where(f => Code(f) == code).ShouldHaveSingleItem(dump);

        var adjusted = One("stated.adjusted-budget");
        Severity(adjusted).ShouldBe("Error");
        Message(adjusted).ShouldContain("3,062.20");
        Message(adjusted).ShouldContain("2,846.20");
        Message(adjusted).ShouldContain("3,026.20");
        Message(adjusted).ShouldContain("容差");

        var rate = One("stated.adjustment-rate");
        Severity(rate).ShouldBe("Error");
        Message(rate).ShouldContain("6.42%");
        Message(rate).ShouldContain("6.32%");

        var funds = One("stated.task-funds");
        Message(funds).ShouldContain("3,253.80");
        Message(funds).ShouldContain("3,062.20");

        var grade = One("grade.self-band");
        Message(grade).ShouldContain("88.4");
        Message(grade).ShouldContain("良");

        var declared = One("task.declared-count");
        declared.GetProperty("location").GetString().ShouldBe("task:2");
        Message(declared).ShouldContain("5");
        Message(declared).ShouldContain("3");

        var verdicts = findings.Where(f => Code(f) == "indicator.stated-achievement").ToList();
        verdicts.Count.ShouldBe(2, dump);
        verdicts.ShouldContain(f => Message(f).Contains("基层文化骨干培训人次") && Message(f).Contains("460") && Message(f).Contains("500"), dump);
        verdicts.ShouldContain(f => Message(f).Contains("全民健身活动场次") && Message(f).Contains("32") && Message(f).Contains("30"), dump);

        // The execution rate follows from the corrected adjusted budget: the same defect, not a second finding.
        findings.ShouldNotContain(f => Code(f) == "stated.execution-rate", dump);
        // The indicator marked 达到 below its target is that finding only, not also "no deviation reason".
        findings.ShouldNotContain(f => Code(f) == "indicator.missing-reason" && Message(f).Contains("基层文化骨干培训人次"), dump);

        // Errors block submission.
        var (_, approver) = await bureau.AddUserAsync("approver", "BureauApprover");
        (await approver.SubmitAsync()).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task ExecutionRate_OffBy0Point01_IsFound()
    {
        var bureau = await app.CreateBureauAsync(BureauName);
        var report = (await bureau.Admin.LegacyImportAsync(CheckerTestReports.RateOffByOneHundredth)).GetProperty("report");
        var f = Findings(report).Where(f => Code(f) == "stated.execution-rate").ShouldHaveSingleItem(Dump(Findings(report)));
        Severity(f).ShouldBe("Error");
        Message(f).ShouldContain("95.63%");
        Message(f).ShouldContain("95.62%");
        Message(f).ShouldContain("±0.005");
    }

    /// <summary>
    /// The reference report's findings as they were before issue 14 (captured through this API on the same import):
    /// Error indicator.duplicate task:3 (协助完成区领导带队赴市外拜访企业数量, positions 5 and 6); Error task.declared-count task:3
    /// (10 declared, 11 listed, 1 duplicated); Warning grade.self-mismatch (优 vs 良 — with the execution rate scored 0);
    /// Warning score.self-mismatch (91.35 vs 88.16 — the same 0); Warning text.label-two-values (总建筑面积 7000 vs 220);
    /// Warning text.count-mismatch (镇街 11 vs 16); Warning indicator.over-achievement × 3 (完成策划方案总数 133.33%, 产业用地出让面积
    /// 191.00%, 服务对象数量 138.33%); Warning indicator.missing-measure × 3 (主题宣传片数量, 外出考察数量, 高层次人才服务人数).
    /// Every defect is still found; the declared count is carried by the duplicate's finding (one defect, one finding); the
    /// grade mismatch is gone because the execution rate is no longer scored 0 (96.05% from the stated figures → 优).
    /// </summary>
    [Fact]
    public async Task ReferenceReport_LosesNoFindingFoundBefore_AndCanBeSubmittedOnceItsRealDefectIsFixed()
    {
        var bureau = await app.CreateBureauAsync("广州市白云区投资促进局");
        var report = (await bureau.Admin.LegacyImportAsync()).GetProperty("report");
        var findings = Findings(report);
        var dump = Dump(findings);

        var dup = findings.Where(f => Code(f) == "indicator.duplicate").ShouldHaveSingleItem(dump);
        Severity(dup).ShouldBe("Error");
        Message(dup).ShouldContain("协助完成区领导带队赴市外拜访企业数量");
        Message(dup).ShouldContain("称设置 10 个关键绩效指标，列出 11 个，去掉重复后为 10 个");
        findings.ShouldContain(f => Code(f) == "text.label-two-values" && Message(f).Contains("7000") && Message(f).Contains("220"), dump);
        findings.ShouldContain(f => Code(f) == "text.count-mismatch" && Message(f).Contains("11") && Message(f).Contains("16"), dump);
        foreach (var name in new[] { "完成策划方案总数", "产业用地出让面积", "服务对象数量" })
        {
            findings.ShouldContain(f => Code(f) == "indicator.over-achievement" && Message(f).Contains(name), dump);
        }

        foreach (var name in new[] { "主题宣传片数量", "外出考察数量", "高层次人才服务人数" })
        {
            findings.ShouldContain(f => Code(f) == "indicator.missing-measure" && Message(f).Contains(name), dump);
        }

        // The score: execution rate from the stated figures (4,468.73 ÷ 4,652.48 = 96.05%), self 91.35 vs computed: a warning.
        report.GetProperty("scoreBasis").GetString().ShouldBe("Reported");
        report.GetProperty("scoredExecutionRate").GetDecimal().ShouldBe(96.05m);
        report.GetProperty("executionScore").GetDecimal().ShouldBe(9.61m);
        var score = findings.Where(f => Code(f) == "score.self-mismatch").ShouldHaveSingleItem(dump);
        Severity(score).ShouldBe("Warning");
        Message(score).ShouldContain("91.35");
        Message(score).ShouldContain(report.GetProperty("computedScore").GetDecimal().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));

        // Its stated figures are consistent; its only error is the duplicate.
        findings.Where(f => Severity(f) == "Error").ShouldHaveSingleItem(dump);
        findings.ShouldNotContain(f => Code(f).StartsWith("stated.", StringComparison.Ordinal) || Code(f) == "indicator.stated-achievement", dump);

        // With the duplicate removed from the narrative's list, nothing blocks submission (the 91.35 warning does not).
        var fixedText = ReportApi.ReferenceText.Replace("“协助完成区领导带队赴市外拜访企业数量”“协助完成区领导带队赴市外拜访企业数量”", "“协助完成区领导带队赴市外拜访企业数量”", StringComparison.Ordinal);
        fixedText.ShouldNotBe(ReportApi.ReferenceText);
        var other = await app.CreateBureauAsync("广州市白云区投资促进局");
        var fixedReport = (await other.Admin.LegacyImportAsync(fixedText)).GetProperty("report");
        Findings(fixedReport).ShouldNotContain(f => Severity(f) == "Error", Dump(Findings(fixedReport)));
        var (_, approver) = await other.AddUserAsync("approver", "BureauApprover");
        (await approver.SubmitAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Exports_PrintTheStatedFigures_WhenThereIsNoLedger()
    {
        var bureau = await app.CreateBureauAsync(BureauName);
        await bureau.Admin.LegacyImportAsync(CheckerTestReports.Consistent);

        var html = await (await bureau.Admin.GetAsync($"{ReportApi.Base}/export.html")).Content.ReadAsStringAsync();
        html.ShouldContain("报告所述数据");
        html.ShouldContain("2,846.20 万元");
        html.ShouldContain("95.62%");
        html.ShouldNotContain("本年度尚无预算数据");

        var docx = await (await bureau.Admin.GetAsync($"{ReportApi.Base}/export.docx")).Content.ReadAsByteArrayAsync();
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var body = document.MainDocumentPart!.Document.Body!.InnerText;
        body.ShouldContain("3,026.20 万元");
        body.ShouldContain("2,893.55 万元");
    }

    [Fact]
    public async Task WithNeitherLedgerNorStatedFigures_TheExecutionCriterionIsNotComputable_NotZero()
    {
        var bureau = await app.CreateBureauAsync();
        var report = await bureau.Admin.CleanReportAsync(); // weights 50 + 40 met, no budget, nothing stated

        report.GetProperty("scoreBasis").GetString().ShouldBe("None");
        report.GetProperty("executionScore").ValueKind.ShouldBe(JsonValueKind.Null);
        report.GetProperty("reportedFigures").ValueKind.ShouldBe(JsonValueKind.Null);
        // 90 of the 90 indicator points, rescaled to 100 — not 90 with the execution rate's 10 points lost.
        report.GetProperty("computedScore").GetDecimal().ShouldBe(100m);
    }

    [Fact]
    public async Task WithALedger_TheScoreUsesTheLedger()
    {
        var bureau = await app.CreateBureauAsync();
        var line = await (await bureau.Admin.PostAsJsonAsync("/api/bureau/budgets/2021/lines", new { code = "L1", name = "日常运转", kind = "Basic", initial = 1_000_000m }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var lineId = line.GetProperty("id").GetGuid();
        (await bureau.Admin.PostAsJsonAsync("/api/bureau/budgets/2021/spending", new { date = "2021-06-10", lineId, amount = 800_000m, voucherRef = "V1" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var report = await bureau.Admin.CleanReportAsync();

        report.GetProperty("scoreBasis").GetString().ShouldBe("Ledger");
        report.GetProperty("scoredExecutionRate").GetDecimal().ShouldBe(80m);
        report.GetProperty("executionScore").GetDecimal().ShouldBe(8m);
        report.GetProperty("computedScore").GetDecimal().ShouldBe(98m);
    }
}
