using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests.Reports;

[Collection(ApiCollection.Name)]
public sealed class ReportWorkflowTests(AppFixture app)
{
    private static IEnumerable<JsonElement> Errors(JsonElement report) =>
        report.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("severity").GetString() == "Error");

    [Fact]
    public async Task EveryAllowedAndRefusedTransition_ByRole()
    {
        var bureau = await app.CreateBureauAsync();
        var (_, editor) = await bureau.AddUserAsync("editor", "BureauEditor");
        var (_, approver) = await bureau.AddUserAsync("approver", "BureauApprover");
        var (_, viewer) = await bureau.AddUserAsync("viewer", "Viewer");
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        var root = await app.RootAsync();

        var draft = await editor.CleanReportAsync();
        Errors(draft).ShouldBeEmpty(draft.GetProperty("findings").ToString());
        var id = draft.GetProperty("id").GetGuid();
        draft.GetProperty("status").GetString().ShouldBe("Draft");

        // Draft: editor and viewer cannot submit; the approver can. Nobody on the host can approve a draft.
        await (await editor.SubmitAsync()).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await viewer.SubmitAsync()).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await viewer.PutAsJsonAsync(ReportApi.Base, new { concurrencyStamp = "x" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reviewer.ReviewAsync(id, "approve")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await root.ReviewAsync(id, "publish")).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var submitted = await (await approver.SubmitAsync()).ReadJsonAsync();
        submitted.GetProperty("status").GetString().ShouldBe("Submitted");

        // Submitted: not editable, not re-submittable; bureau users cannot review; reviewers cannot publish.
        await (await editor.PutAsJsonAsync(ReportApi.Base, new { basicInfo = "改", concurrencyStamp = submitted.GetProperty("concurrencyStamp").GetString() })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await approver.SubmitAsync()).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await bureau.Admin.ReviewAsync(id, "approve")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reviewer.ReviewAsync(id, "publish")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reviewer.ReviewAsync(id, "return")).ShouldBeValidationProblemAsync("comment");

        var returned = await (await reviewer.ReviewAsync(id, "return", "请补充偏差原因")).ReadJsonAsync();
        returned.GetProperty("status").GetString().ShouldBe("Returned");
        returned.GetProperty("reviewComment").GetString().ShouldBe("请补充偏差原因");

        // Returned: editable again, then resubmitted and approved.
        var report = await editor.ReportAsync();
        report.GetProperty("editable").GetBoolean().ShouldBeTrue();
        (await editor.PutAsJsonAsync(ReportApi.Base, new
        {
            basicInfo = "本部门内设科室 2 个。", evaluation = "已补充。", problems = "无", measures = "无",
            concurrencyStamp = report.GetProperty("concurrencyStamp").GetString(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await approver.SubmitAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
        var approved = await (await reviewer.ReviewAsync(id, "approve", "同意")).ReadJsonAsync();
        approved.GetProperty("status").GetString().ShouldBe("Approved");
        approved.GetProperty("frozen").GetBoolean().ShouldBeTrue();
        await (await reviewer.ReviewAsync(id, "approve")).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var published = await (await root.ReviewAsync(id, "publish")).ReadJsonAsync();
        published.GetProperty("status").GetString().ShouldBe("Published");
        published.GetProperty("history").GetArrayLength().ShouldBe(5);

        // Published: not editable; a new revision keeps the old one.
        await (await editor.PutAsJsonAsync(ReportApi.Base, new { concurrencyStamp = published.GetProperty("concurrencyStamp").GetString() })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var revision = await (await editor.ReviseAsync()).ReadJsonAsync(HttpStatusCode.Created);
        revision.GetProperty("revision").GetInt32().ShouldBe(2);
        revision.GetProperty("status").GetString().ShouldBe("Draft");
        var revisions = await (await editor.GetAsync($"{ReportApi.Base}/revisions")).ReadJsonAsync();
        revisions.EnumerateArray().Select(r => (r.GetProperty("revision").GetInt32(), r.GetProperty("status").GetString())).ShouldBe([(1, "Published"), (2, "Draft")]);
        (await (await editor.GetAsync($"{ReportApi.Base}/revisions/1")).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("Published");
        await (await editor.ReviseAsync()).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        // Transitions are audited.
        var audit = await (await bureau.Admin.GetAsync($"/api/audit-logs?entityType=SelfEvaluationReport&entityId={id}&pageSize=100")).ReadJsonAsync();
        audit.GetProperty("total").GetInt32().ShouldBeGreaterThanOrEqualTo(7);
    }

    [Fact]
    public async Task Submit_IsRefusedWith422_WhileTheCheckerFindsErrors()
    {
        var bureau = await app.CreateBureauAsync();
        var (_, approver) = await bureau.AddUserAsync("approver", "BureauApprover");
        var imported = await bureau.Admin.LegacyImportAsync();
        Errors(imported.GetProperty("report")).ShouldNotBeEmpty();

        var response = await approver.SubmitAsync();

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("findings").EnumerateArray().ShouldAllBe(f => f.GetProperty("severity").GetString() == "Error");
        (await bureau.Admin.ReportAsync()).GetProperty("status").GetString().ShouldBe("Draft");
    }

    [Fact]
    public async Task RuleChange_AppliesToDrafts_NeverRewritesApprovedReports()
    {
        var year = 2021;
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var (_, approverA) = await a.AddUserAsync("approver", "BureauApprover");
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        var root = await app.RootAsync();
        var reportA = await a.Admin.CleanReportAsync();
        await b.Admin.CleanReportAsync();
        (await approverA.SubmitAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reviewer.ReviewAsync(reportA.GetProperty("id").GetGuid(), "approve")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await a.Admin.ReportAsync();

        try
        {
            var read = await (await root.GetAsync($"/api/host/scoring-rules/{year}")).ReadJsonAsync();
            var strict = JsonSerializer.Deserialize<Dictionary<string, object>>(read.GetProperty("rules").GetRawText())!;
            strict["grades"] = new[] { new { grade = "优", minScore = 101m }, new { grade = "良", minScore = 0m } };
            (await SaveRules(root, year, strict, read.GetProperty("concurrencyStamp").GetString())).StatusCode.ShouldBe(HttpStatusCode.OK);

            var after = await a.Admin.ReportAsync();
            after.GetProperty("computedGrade").GetString().ShouldBe(before.GetProperty("computedGrade").GetString());
            after.GetProperty("computedScore").GetDecimal().ShouldBe(before.GetProperty("computedScore").GetDecimal());
            (await b.Admin.ReportAsync()).GetProperty("computedGrade").GetString().ShouldBe("良");
        }
        finally
        {
            var defaults = await (await root.GetAsync("/api/host/scoring-rules/2099")).ReadJsonAsync();
            var current = (await (await root.GetAsync($"/api/host/scoring-rules/{year}")).ReadJsonAsync()).GetProperty("concurrencyStamp").GetString();
            (await SaveRules(root, year, JsonSerializer.Deserialize<Dictionary<string, object>>(defaults.GetProperty("rules").GetRawText())!, current)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    private static Task<HttpResponseMessage> SaveRules(HttpClient client, int year, object rules, string? concurrencyStamp) =>
        client.PutAsJsonAsync($"/api/host/scoring-rules/{year}", new { rules, concurrencyStamp });

    private static async Task<string?> RulesStamp(HttpClient client, int year) =>
        (await (await client.GetAsync($"/api/host/scoring-rules/{year}")).ReadJsonAsync()).GetProperty("concurrencyStamp").GetString();

    [Fact]
    public async Task ScoringRules_NeedTheStampTheyWereReadWith_SoNoSaveIsLost()
    {
        const int year = 2044;
        var root = await app.RootAsync();
        var other = await app.RootAsync();
        var read = await (await root.GetAsync($"/api/host/scoring-rules/{year}")).ReadJsonAsync();
        read.GetProperty("concurrencyStamp").ValueKind.ShouldBe(JsonValueKind.Null); // never saved: the defaults
        var rules = JsonSerializer.Deserialize<Dictionary<string, object>>(read.GetProperty("rules").GetRawText())!;

        await (await SaveRules(root, year, rules, "made-up")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var first = await (await SaveRules(root, year, rules, null)).ReadJsonAsync();
        var firstStamp = first.GetProperty("concurrencyStamp").GetString();
        firstStamp.ShouldNotBeNullOrEmpty();

        // Another administrator saves with what they read before the first save: refused, nothing overwritten.
        var stale = new Dictionary<string, object>(rules) { ["grades"] = new[] { new { grade = "优", minScore = 97m }, new { grade = "良", minScore = 0m } } };
        var refused = await (await SaveRules(other, year, stale, null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        refused.GetProperty("field").GetString().ShouldBe("concurrencyStamp");
        (await RulesStamp(root, year)).ShouldBe(firstStamp);
        (await (await root.GetAsync($"/api/host/scoring-rules/{year}")).ReadJsonAsync()).GetProperty("rules").GetProperty("grades")[0].GetProperty("minScore").GetDecimal().ShouldNotBe(97m);

        var changed = new Dictionary<string, object>(rules) { ["grades"] = new[] { new { grade = "优", minScore = 95m }, new { grade = "良", minScore = 0m } } };
        var second = await (await SaveRules(other, year, changed, firstStamp)).ReadJsonAsync();
        second.GetProperty("concurrencyStamp").GetString().ShouldNotBe(firstStamp);
        var now = await (await root.GetAsync($"/api/host/scoring-rules/{year}")).ReadJsonAsync();
        now.GetProperty("concurrencyStamp").GetString().ShouldBe(second.GetProperty("concurrencyStamp").GetString());
        now.GetProperty("rules").GetProperty("grades")[0].GetProperty("minScore").GetDecimal().ShouldBe(95m);
    }

    [Fact]
    public async Task ScoringRules_AreHostOnly_AndValidated()
    {
        var bureau = await app.CreateBureauAsync();
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        var root = await app.RootAsync();
        await (await bureau.Admin.PutAsJsonAsync("/api/host/scoring-rules/2021", new { })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reviewer.PutAsJsonAsync("/api/host/scoring-rules/2021", new { })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await SaveRules(root, 2030, new { executionWeight = 20m }, null)).ShouldBeValidationProblemAsync("rules.outputWeight");
        await (await SaveRules(root, 2030, new { grades = new[] { new { grade = "良", minScore = 80m }, new { grade = "优", minScore = 90m } } }, null)).ShouldBeValidationProblemAsync("rules.grades");
        await (await root.PutAsJsonAsync("/api/host/scoring-rules/2030", new { concurrencyStamp = (string?)null })).ShouldBeValidationProblemAsync("rules");
    }

    [Fact]
    public async Task WorkflowActions_NeedTheStampTheyActOn()
    {
        var bureau = await app.CreateBureauAsync();
        var (_, approver) = await bureau.AddUserAsync("approver", "BureauApprover");
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        var draft = await bureau.Admin.CleanReportAsync();
        var id = draft.GetProperty("id").GetGuid();
        var stamp = draft.GetProperty("concurrencyStamp").GetString();

        await (await approver.PostAsync($"{ReportApi.Base}/submit", null)).ShouldBeValidationProblemAsync("concurrencyStamp");
        await (await approver.PostAsJsonAsync($"{ReportApi.Base}/submit", new { concurrencyStamp = "stale" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var submitted = await (await approver.PostAsJsonAsync($"{ReportApi.Base}/submit", new { concurrencyStamp = stamp })).ReadJsonAsync();
        submitted.GetProperty("concurrencyStamp").GetString().ShouldNotBe(stamp);

        // The reviewer acts on what it read: the stamp from before the submission is stale.
        await (await reviewer.PostAsJsonAsync($"/api/host/reports/{id}/approve", new { })).ShouldBeValidationProblemAsync("concurrencyStamp");
        await (await reviewer.PostAsJsonAsync($"/api/host/reports/{id}/approve", new { concurrencyStamp = stamp })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await bureau.Admin.ReportAsync()).GetProperty("status").GetString().ShouldBe("Submitted");
        var approved = await (await reviewer.PostAsJsonAsync($"/api/host/reports/{id}/approve", new { concurrencyStamp = submitted.GetProperty("concurrencyStamp").GetString() })).ReadJsonAsync();
        approved.GetProperty("status").GetString().ShouldBe("Approved");
    }
}
