using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.IntegrationTests.Reports;

namespace DistrictPerf.IntegrationTests.Search;

/// <summary>Full-text search over the API: a real Lucene index in the fixture's data folder, reports written through the API.</summary>
[Collection(ApiCollection.Name)]
public sealed class SearchTests(AppFixture app)
{
    private static async Task<JsonElement> WriteReportAsync(HttpClient client, int year, string evaluation, string problems)
    {
        var existing = await client.GetAsync($"/api/bureau/reports/{year}");
        if (existing.StatusCode == HttpStatusCode.NotFound)
        {
            (await client.PostAsync($"/api/bureau/reports/{year}", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var report = await (await client.GetAsync($"/api/bureau/reports/{year}")).ReadJsonAsync();
        return await (await client.PutAsJsonAsync($"/api/bureau/reports/{year}", new
        {
            basicInfo = "本部门内设科室 3 个。",
            evaluation,
            problems,
            measures = "加大预算执行进度的督导力度。",
            concurrencyStamp = report.GetProperty("concurrencyStamp").GetString(),
        })).ReadJsonAsync();
    }

    private static async Task<JsonElement> Search(HttpClient client, string path) => await (await client.GetAsync(path)).ReadJsonAsync();

    private static IEnumerable<Guid> Bureaus(JsonElement page) => page.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("bureauId").GetGuid());

    [Fact]
    public async Task ABureauFindsItsOwnReports_NeverAnothers_AndTheHostFindsBoth()
    {
        const int year = 2041;
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        await WriteReportAsync(a.Admin, year, "全年招商引资签约项目 12 个，预算执行率达到 96.05%。", "园区配套资金拨付偏慢。");
        await WriteReportAsync(b.Admin, year, "全年招商引资签约项目 7 个，完成年度目标。", "冷链物流项目建设滞后。");

        // Bureau A: its own report, with the words highlighted.
        var own = await Search(a.Admin, $"/api/bureau/search?q={Uri.EscapeDataString("招商引资")}&year={year}");
        Bureaus(own).ShouldBe([a.Id]);
        var fragment = own.GetProperty("hits")[0].GetProperty("fragments").EnumerateArray().First(f => f.GetProperty("section").GetString() == "evaluation");
        fragment.GetProperty("html").GetString()!.ShouldContain("<em>招商引资</em>");
        fragment.GetProperty("title").GetString().ShouldBe("二、综合评价分析");

        // B's words are not found by A, whatever the query.
        (await Search(a.Admin, $"/api/bureau/search?q={Uri.EscapeDataString("冷链物流")}")).GetProperty("total").GetInt64().ShouldBe(0);
        (await Search(b.Admin, $"/api/bureau/search?q={Uri.EscapeDataString("冷链物流")}")).GetProperty("total").GetInt64().ShouldBe(1);

        // The host finds both; narrowed to one bureau, only that one.
        var root = await app.RootAsync();
        var all = await Search(root, $"/api/host/search?q={Uri.EscapeDataString("招商引资 签约项目")}&year={year}");
        Bureaus(all).Order().ShouldBe(new[] { a.Id, b.Id }.Order());
        all.GetProperty("hits").EnumerateArray().Single(h => h.GetProperty("bureauId").GetGuid() == b.Id).GetProperty("bureauCode").GetString().ShouldBe(b.Code);
        var onlyA = await Search(root, $"/api/host/search?q={Uri.EscapeDataString("冷链物流")}&bureauId={a.Id}");
        onlyA.GetProperty("total").GetInt64().ShouldBe(0);

        // A host user acting inside bureau A (the __tenant header) searches as A.
        var acting = await app.RootAsync();
        acting.DefaultRequestHeaders.Add("__tenant", a.Code);
        (await Search(acting, $"/api/bureau/search?q={Uri.EscapeDataString("冷链物流")}")).GetProperty("total").GetInt64().ShouldBe(0);
        Bureaus(await Search(acting, $"/api/bureau/search?q={Uri.EscapeDataString("园区配套")}")).ShouldBe([a.Id]);
    }

    [Fact]
    public async Task AnEditIsSearchableAtOnce_AndTheOldWordsAreGone()
    {
        const int year = 2042;
        var bureau = await app.CreateBureauAsync();
        await WriteReportAsync(bureau.Admin, year, "完成农贸市场升级改造。", "资金到位较晚。");
        (await Search(bureau.Admin, $"/api/bureau/search?q={Uri.EscapeDataString("农贸市场")}")).GetProperty("total").GetInt64().ShouldBe(1);

        await WriteReportAsync(bureau.Admin, year, "完成智慧停车系统建设。", "资金到位较晚。");
        (await Search(bureau.Admin, $"/api/bureau/search?q={Uri.EscapeDataString("智慧停车")}")).GetProperty("total").GetInt64().ShouldBe(1);
        (await Search(bureau.Admin, $"/api/bureau/search?q={Uri.EscapeDataString("农贸市场")}")).GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task TheDemoReport_IsFoundByItsChineseWords()
    {
        await app.SeedDemoAsync();
        var root = await app.RootAsync();
        var page = await Search(root, $"/api/host/search?q={Uri.EscapeDataString("招商引资")}&year=2021");
        var demo = page.GetProperty("hits").EnumerateArray().Single(h => h.GetProperty("bureauCode").GetString() == "BY-TZCJ");
        demo.GetProperty("bureauName").GetString()!.ShouldContain("投资促进局");
        demo.GetProperty("fragments").GetArrayLength().ShouldBeGreaterThan(0);

        // A word split by SmartCn (预算/执行/率) still finds the report.
        var split = await Search(root, $"/api/host/search?q={Uri.EscapeDataString("预算执行率")}&year=2021&bureauId={demo.GetProperty("bureauId").GetGuid()}");
        split.GetProperty("total").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task BadQueries_AreProblemsNamingTheField()
    {
        var bureau = await app.CreateBureauAsync();
        await (await bureau.Admin.GetAsync("/api/bureau/search")).ShouldBeValidationProblemAsync("q");
        await (await bureau.Admin.GetAsync("/api/bureau/search?q=%20%20")).ShouldBeValidationProblemAsync("q");
        await (await bureau.Admin.GetAsync($"/api/bureau/search?q={new string('预', 101)}")).ShouldBeValidationProblemAsync("q");
        await (await bureau.Admin.GetAsync("/api/bureau/search?q=abc&year=1999")).ShouldBeValidationProblemAsync("year");
        await (await bureau.Admin.GetAsync("/api/bureau/search?q=abc&page=0")).ShouldBeValidationProblemAsync("page");
        await (await bureau.Admin.GetAsync("/api/bureau/search?q=abc&pageSize=51")).ShouldBeValidationProblemAsync("pageSize");
        var root = await app.RootAsync();
        await (await root.GetAsync($"/api/host/search?q=abc&bureauId={Guid.NewGuid()}")).ShouldBeValidationProblemAsync("bureauId");

        // Query syntax is not interpreted: operators and brackets are just text, never a 500.
        foreach (var q in new[] { "招商 AND (", "\"未闭合", "*:*", "预算~2^3", "[a TO", "\\" })
        {
            (await bureau.Admin.GetAsync($"/api/bureau/search?q={Uri.EscapeDataString(q)}")).StatusCode.ShouldBe(HttpStatusCode.OK, q);
        }
    }

    [Fact]
    public async Task OnlyHostUsersSearchAllBureaus_AndOnlyAdminsRebuild()
    {
        const int year = 2043;
        var bureau = await app.CreateBureauAsync();
        await WriteReportAsync(bureau.Admin, year, "完成全域旅游宣传推介。", "宣传渠道单一。");
        (await app.Anonymous().GetAsync("/api/bureau/search?q=abc")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await (await bureau.Admin.GetAsync("/api/host/search?q=abc")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await bureau.Admin.PostAsync("/api/host/search/rebuild", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        (await reviewer.GetAsync($"/api/host/search?q={Uri.EscapeDataString("全域旅游")}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await reviewer.PostAsync("/api/host/search/rebuild", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        // A rebuild empties the index and indexes every report again from the database.
        var root = await app.RootAsync();
        // It runs in the background (202); its status says when it has finished and how many it indexed.
        var started = await (await root.PostAsync("/api/host/search/rebuild", null)).ReadJsonAsync(HttpStatusCode.Accepted);
        started.GetProperty("state").GetString().ShouldBe("Running");
        var rebuilt = started;
        for (var i = 0; i < 300 && rebuilt.GetProperty("state").GetString() == "Running"; i++)
        {
            await Task.Delay(100);
            rebuilt = await (await root.GetAsync("/api/host/search/rebuild")).ReadJsonAsync();
        }

        rebuilt.GetProperty("state").GetString().ShouldBe("Succeeded");
        rebuilt.GetProperty("indexed").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        rebuilt.GetProperty("indexed").GetInt32().ShouldBe(rebuilt.GetProperty("total").GetInt32());
        Bureaus(await Search(root, $"/api/host/search?q={Uri.EscapeDataString("全域旅游")}")).ShouldBe([bureau.Id]);
    }

    [Fact]
    public async Task AnApprovedReport_IsFoundByItsIndicators_AndItsReviewComment()
    {
        var bureau = await app.CreateBureauAsync();
        var (_, editor) = await bureau.AddUserAsync("editor", "BureauEditor");
        var (_, approver) = await bureau.AddUserAsync("approver", "BureauApprover");
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        var draft = await editor.CleanReportAsync();
        var id = draft.GetProperty("id").GetGuid();

        // A draft's plan is live data: not part of the report's text yet.
        (await Search(reviewer, $"/api/host/search?q={Uri.EscapeDataString("项目验收合格率")}&bureauId={bureau.Id}")).GetProperty("total").GetInt64().ShouldBe(0);

        (await approver.SubmitAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reviewer.ReviewAsync(id, "approve", "同意，指标佐证材料齐全")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Approved: the frozen goals, tasks and indicators are searchable, and so is the reviewer's comment.
        var byIndicator = await Search(reviewer, $"/api/host/search?q={Uri.EscapeDataString("项目验收合格率")}&bureauId={bureau.Id}");
        var hit = byIndicator.GetProperty("hits").EnumerateArray().Single();
        hit.GetProperty("status").GetString().ShouldBe("Approved");
        var fragment = hit.GetProperty("fragments").EnumerateArray().Single(f => f.GetProperty("section").GetString() == "performance");
        fragment.GetProperty("title").GetString().ShouldBe("绩效目标与指标");
        fragment.GetProperty("html").GetString()!.ShouldContain("<em>");
        var byComment = await Search(editor, $"/api/bureau/search?q={Uri.EscapeDataString("佐证材料")}");
        byComment.GetProperty("hits").EnumerateArray().Single().GetProperty("fragments").EnumerateArray()
            .ShouldContain(f => f.GetProperty("section").GetString() == "reviewComment");
    }
}
