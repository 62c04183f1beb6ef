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
        await (await editor.PostAsync($"{ReportApi.Base}/submit", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await viewer.PostAsync($"{ReportApi.Base}/submit", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await viewer.PutAsJsonAsync(ReportApi.Base, new { concurrencyStamp = "x" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reviewer.PostAsJsonAsync($"/api/host/reports/{id}/approve", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await root.PostAsJsonAsync($"/api/host/reports/{id}/publish", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var submitted = await (await approver.PostAsync($"{ReportApi.Base}/submit", null)).ReadJsonAsync();
        submitted.GetProperty("status").GetString().ShouldBe("Submitted");

        // Submitted: not editable, not re-submittable; bureau users cannot review; reviewers cannot publish.
        await (await editor.PutAsJsonAsync(ReportApi.Base, new { basicInfo = "改", concurrencyStamp = submitted.GetProperty("concurrencyStamp").GetString() })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await approver.PostAsync($"{ReportApi.Base}/submit", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await bureau.Admin.PostAsJsonAsync($"/api/host/reports/{id}/approve", new { })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reviewer.PostAsJsonAsync($"/api/host/reports/{id}/publish", new { })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reviewer.PostAsJsonAsync($"/api/host/reports/{id}/return", new { })).ShouldBeValidationProblemAsync("comment");

        var returned = await (await reviewer.PostAsJsonAsync($"/api/host/reports/{id}/return", new { comment = "请补充偏差原因" })).ReadJsonAsync();
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
        (await approver.PostAsync($"{ReportApi.Base}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var approved = await (await reviewer.PostAsJsonAsync($"/api/host/reports/{id}/approve", new { comment = "同意" })).ReadJsonAsync();
        approved.GetProperty("status").GetString().ShouldBe("Approved");
        approved.GetProperty("frozen").GetBoolean().ShouldBeTrue();
        await (await reviewer.PostAsJsonAsync($"/api/host/reports/{id}/approve", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var published = await (await root.PostAsJsonAsync($"/api/host/reports/{id}/publish", new { })).ReadJsonAsync();
        published.GetProperty("status").GetString().ShouldBe("Published");
        published.GetProperty("history").GetArrayLength().ShouldBe(5);

        // Published: not editable; a new revision keeps the old one.
        await (await editor.PutAsJsonAsync(ReportApi.Base, new { concurrencyStamp = published.GetProperty("concurrencyStamp").GetString() })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var revision = await (await editor.PostAsync($"{ReportApi.Base}/revise", null)).ReadJsonAsync(HttpStatusCode.Created);
        revision.GetProperty("revision").GetInt32().ShouldBe(2);
        revision.GetProperty("status").GetString().ShouldBe("Draft");
        var revisions = await (await editor.GetAsync($"{ReportApi.Base}/revisions")).ReadJsonAsync();
        revisions.EnumerateArray().Select(r => (r.GetProperty("revision").GetInt32(), r.GetProperty("status").GetString())).ShouldBe([(1, "Published"), (2, "Draft")]);
        (await (await editor.GetAsync($"{ReportApi.Base}/revisions/1")).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("Published");
        await (await editor.PostAsync($"{ReportApi.Base}/revise", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

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

        var response = await approver.PostAsync($"{ReportApi.Base}/submit", null);

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
        (await approverA.PostAsync($"{ReportApi.Base}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reviewer.PostAsJsonAsync($"/api/host/reports/{reportA.GetProperty("id").GetGuid()}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await a.Admin.ReportAsync();

        try
        {
            var read = await root.GetAsync($"/api/host/scoring-rules/{year}");
            var rules = await read.ReadJsonAsync();
            var strict = JsonSerializer.Deserialize<Dictionary<string, object>>(rules.GetRawText())!;
            strict["grades"] = new[] { new { grade = "优", minScore = 101m }, new { grade = "良", minScore = 0m } };
            (await SaveRules(root, year, strict, read.Headers.ETag!.Tag)).StatusCode.ShouldBe(HttpStatusCode.OK);

            var after = await a.Admin.ReportAsync();
            after.GetProperty("computedGrade").GetString().ShouldBe(before.GetProperty("computedGrade").GetString());
            after.GetProperty("computedScore").GetDecimal().ShouldBe(before.GetProperty("computedScore").GetDecimal());
            (await b.Admin.ReportAsync()).GetProperty("computedGrade").GetString().ShouldBe("良");
        }
        finally
        {
            var defaults = await (await root.GetAsync("/api/host/scoring-rules/2099")).ReadJsonAsync();
            var current = (await root.GetAsync($"/api/host/scoring-rules/{year}")).Headers.ETag!.Tag;
            (await SaveRules(root, year, JsonSerializer.Deserialize<Dictionary<string, object>>(defaults.GetRawText())!, current)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    private static Task<HttpResponseMessage> SaveRules(HttpClient client, int year, object rules, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/host/scoring-rules/{year}") { Content = JsonContent.Create(rules) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    [Fact]
    public async Task ScoringRules_NeedTheETagTheyWereReadWith_SoNoSaveIsLost()
    {
        const int year = 2044;
        var root = await app.RootAsync();
        var other = await app.RootAsync();
        var read = await root.GetAsync($"/api/host/scoring-rules/{year}");
        var rules = JsonSerializer.Deserialize<Dictionary<string, object>>((await read.ReadJsonAsync()).GetRawText())!;
        var etag = read.Headers.ETag!.Tag;

        await (await SaveRules(root, year, rules, null)).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        var first = await SaveRules(root, year, rules, etag);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Headers.ETag!.Tag.ShouldNotBe(etag);

        // Another administrator saves with the ETag read before the first save: refused, nothing overwritten.
        var stale = new Dictionary<string, object>(rules) { ["grades"] = new[] { new { grade = "优", minScore = 97m }, new { grade = "良", minScore = 0m } } };
        await (await SaveRules(other, year, stale, etag)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var unchanged = await root.GetAsync($"/api/host/scoring-rules/{year}");
        unchanged.Headers.ETag!.Tag.ShouldBe(first.Headers.ETag!.Tag);
        (await unchanged.ReadJsonAsync()).GetProperty("grades")[0].GetProperty("minScore").GetDecimal().ShouldNotBe(97m);
        var changed = new Dictionary<string, object>(rules) { ["grades"] = new[] { new { grade = "优", minScore = 95m }, new { grade = "良", minScore = 0m } } };
        (await SaveRules(other, year, changed, first.Headers.ETag!.Tag)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var now = await root.GetAsync($"/api/host/scoring-rules/{year}");
        now.Headers.ETag!.Tag.ShouldNotBe(first.Headers.ETag!.Tag);
        (await now.ReadJsonAsync()).GetProperty("grades")[0].GetProperty("minScore").GetDecimal().ShouldBe(95m);
    }

    [Fact]
    public async Task ScoringRules_AreHostOnly_AndValidated()
    {
        var bureau = await app.CreateBureauAsync();
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        var root = await app.RootAsync();
        await (await bureau.Admin.PutAsJsonAsync("/api/host/scoring-rules/2021", new { })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reviewer.PutAsJsonAsync("/api/host/scoring-rules/2021", new { })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await root.PutAsJsonAsync("/api/host/scoring-rules/2030", new { executionWeight = 20m })).ShouldBeValidationProblemAsync("outputWeight");
        await (await root.PutAsJsonAsync("/api/host/scoring-rules/2030", new { grades = new[] { new { grade = "良", minScore = 80m }, new { grade = "优", minScore = 90m } } })).ShouldBeValidationProblemAsync("grades");
    }
}
