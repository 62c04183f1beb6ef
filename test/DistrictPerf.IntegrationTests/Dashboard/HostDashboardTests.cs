using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.IntegrationTests.Reports;

namespace DistrictPerf.IntegrationTests.Dashboard;

/// <summary>
/// The finance bureau's dashboard (<c>GET /api/host/dashboard/{year}?month=</c>) and its department view: the same
/// figures as each bureau's own APIs, district totals computed from exact sums, every bureau listed (zeros and nulls
/// without data), host users only.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostDashboardTests(AppFixture app)
{
    /// <summary>A year no other test of the collection budgets in: only this test's bureaus have data.</summary>
    private const int Year = 2027;

    [Fact]
    public async Task EveryBureau_HasTheFiguresOfItsOwnApis_AndTheDistrictTotalsAreExact()
    {
        var (a, b, c) = await SeedAsync();
        var root = await app.RootAsync();

        var dashboard = await (await root.GetAsync($"/api/host/dashboard/{Year}?month=6")).ReadJsonAsync();
        dashboard.GetProperty("year").GetInt32().ShouldBe(Year);
        dashboard.GetProperty("month").GetInt32().ShouldBe(6);
        dashboard.GetProperty("timeProgress").GetDecimal().ShouldBe(50m);
        dashboard.GetProperty("timeProgressByMonth").EnumerateArray().Select(p => p.GetDecimal()).ShouldBe(
            [8.33m, 16.67m, 25m, 33.33m, 41.67m, 50m, 58.33m, 66.67m, 75m, 83.33m, 91.67m, 100m]);
        dashboard.GetProperty("runMonths").EnumerateArray().Select(m => m.GetInt32()).ShouldBe([3, 6]);
        dashboard.GetProperty("grades").EnumerateArray().Select(g => g.GetProperty("grade").GetString()).ShouldBe(["优", "良", "中", "差"]);
        var rows = dashboard.GetProperty("bureaus").EnumerateArray().ToList();

        foreach (var bureau in new[] { a, b })
        {
            var row = rows.Single(r => r.GetProperty("bureauId").GetGuid() == bureau.Id);
            row.GetProperty("code").GetString().ShouldBe(bureau.Code);

            // Budget figures: the bureau's own figures to the end of June, and its curve month by month.
            var figures = await (await bureau.Admin.GetAsync($"/api/bureau/budgets/{Year}/figures?month=6")).ReadJsonAsync();
            var total = figures.GetProperty("total");
            row.GetProperty("initial").GetDecimal().ShouldBe(total.GetProperty("initial").GetDecimal());
            row.GetProperty("adjusted").GetDecimal().ShouldBe(total.GetProperty("adjusted").GetDecimal());
            row.GetProperty("spending").GetDecimal().ShouldBe(total.GetProperty("spending").GetDecimal());
            row.GetProperty("executionRate").GetDecimal().ShouldBe(total.GetProperty("executionRate").GetDecimal());
            row.GetProperty("adjustmentRate").GetDecimal().ShouldBe(total.GetProperty("adjustmentRate").GetDecimal());
            Rate(row, "basicExecutionRate").ShouldBe(Rate(figures.GetProperty("basic"), "executionRate"));
            Rate(row, "projectExecutionRate").ShouldBe(Rate(figures.GetProperty("project"), "executionRate"));
            row.GetProperty("gapPoints").GetDecimal().ShouldBe(total.GetProperty("executionRate").GetDecimal() - 50m);
            var curve = await (await bureau.Admin.GetAsync($"/api/bureau/budgets/{Year}/curve")).ReadJsonAsync();
            row.GetProperty("curve").EnumerateArray().Select(Rate).ShouldBe(curve.EnumerateArray().Select(p => Rate(p, "executionRate")));

            // ... and the finance bureau's own comparison of June.
            var host = await (await root.GetAsync($"/api/host/budgets/{Year}/figures?month=6")).ReadJsonAsync();
            var hostRow = host.GetProperty("bureaus").EnumerateArray().Single(r => r.GetProperty("bureauId").GetGuid() == bureau.Id).GetProperty("total");
            row.GetProperty("executionRate").GetDecimal().ShouldBe(hostRow.GetProperty("executionRate").GetDecimal());

            // Warnings: June's run, whole budget, 基本 and 项目, the forecast; the levels of every run month.
            var warnings = (await (await bureau.Admin.GetAsync($"/api/bureau/alerts/{Year}/warnings")).ReadJsonAsync()).EnumerateArray().ToList();
            JsonElement Warning(int month, string scope) => warnings.Single(w => w.GetProperty("month").GetInt32() == month && w.GetProperty("scope").GetString() == scope);
            row.GetProperty("level").GetString().ShouldBe(Warning(6, "Total").GetProperty("level").GetString());
            Text(row, "basicLevel").ShouldBe(warnings.SingleOrDefault(w => w.GetProperty("month").GetInt32() == 6 && w.GetProperty("scope").GetString() == "Basic") is { ValueKind: JsonValueKind.Object } basic ? basic.GetProperty("level").GetString() : null);
            row.GetProperty("projectLevel").GetString().ShouldBe(Warning(6, "Project").GetProperty("level").GetString());
            Rate(row, "forecastYearEndRate").ShouldBe(Rate(Warning(6, "Total"), "projectedYearEndRate"));
            row.GetProperty("forecastWarning").GetBoolean().ShouldBe(Warning(6, "Total").GetProperty("forecastWarning").GetBoolean());
            row.GetProperty("levels").EnumerateArray().Select(l => (l.GetProperty("month").GetInt32(), l.GetProperty("level").GetString()))
                .ShouldBe([(3, Warning(3, "Total").GetProperty("level").GetString()), (6, Warning(6, "Total").GetProperty("level").GetString())]);
        }

        // Bureau A: the plan (scored as its plan page scores it) and the report (as its report page shows it).
        var rowA = rows.Single(r => r.GetProperty("bureauId").GetGuid() == a.Id);
        var plan = await (await a.Admin.GetAsync($"/api/bureau/performance/{Year}")).ReadJsonAsync();
        rowA.GetProperty("computedScore").GetDecimal().ShouldBe(Math.Round(plan.GetProperty("totalScore").GetDecimal(), 2, MidpointRounding.AwayFromZero));
        rowA.GetProperty("computedGrade").GetString().ShouldBe(plan.GetProperty("grade").GetString());
        var indicators = plan.GetProperty("tasks").EnumerateArray().SelectMany(t => t.GetProperty("indicators").EnumerateArray()).ToList();
        rowA.GetProperty("indicators").GetInt32().ShouldBe(indicators.Count);
        rowA.GetProperty("indicatorsAchieved").GetInt32().ShouldBe(indicators.Count(i => i.GetProperty("achieved").GetBoolean()));
        (rowA.GetProperty("indicators").GetInt32(), rowA.GetProperty("indicatorsAchieved").GetInt32()).ShouldBe((2, 1));
        var report = await (await a.Admin.GetAsync($"/api/bureau/reports/{Year}")).ReadJsonAsync();
        rowA.GetProperty("reportId").GetGuid().ShouldBe(report.GetProperty("id").GetGuid());
        rowA.GetProperty("reportStatus").GetString().ShouldBe("Draft");
        rowA.GetProperty("reportRevision").GetInt32().ShouldBe(1);
        rowA.GetProperty("selfScore").GetDecimal().ShouldBe(report.GetProperty("selfScore").GetDecimal());
        rowA.GetProperty("selfGrade").GetString().ShouldBe("良");
        rowA.GetProperty("computedScore").GetDecimal().ShouldBe(report.GetProperty("computedScore").GetDecimal());

        // The worked example: June 1,183.33 of 2,700.00 = 43.83 % (gap −6.17 → yellow); B 1.00 of 3.00 = 33.33 %.
        rowA.GetProperty("executionRate").GetDecimal().ShouldBe(43.83m);
        rowA.GetProperty("gapPoints").GetDecimal().ShouldBe(-6.17m);
        rowA.GetProperty("level").GetString().ShouldBe("Yellow");
        rowA.GetProperty("forecastYearEndRate").GetDecimal().ShouldBe(87.65m);
        rowA.GetProperty("forecastWarning").GetBoolean().ShouldBeTrue();
        var rowB = rows.Single(r => r.GetProperty("bureauId").GetGuid() == b.Id);
        rowB.GetProperty("executionRate").GetDecimal().ShouldBe(33.33m);
        rowB.GetProperty("computedScore").ValueKind.ShouldBe(JsonValueKind.Null); // no indicators: no score
        rowB.GetProperty("reportStatus").ValueKind.ShouldBe(JsonValueKind.Null);

        // A bureau without data is listed with zeros and nulls, not left out.
        var rowC = rows.Single(r => r.GetProperty("bureauId").GetGuid() == c.Id);
        rowC.GetProperty("adjusted").GetDecimal().ShouldBe(0m);
        rowC.GetProperty("spending").GetDecimal().ShouldBe(0m);
        foreach (var name in new[] { "executionRate", "gapPoints", "adjustmentRate", "basicLevel", "projectLevel", "forecastYearEndRate", "computedScore", "computedGrade", "selfScore", "reportId", "reportStatus" })
        {
            rowC.GetProperty(name).ValueKind.ShouldBe(JsonValueKind.Null, name);
        }

        rowC.GetProperty("indicators").GetInt32().ShouldBe(0);
        rowC.GetProperty("curve").EnumerateArray().Count(v => v.ValueKind == JsonValueKind.Null).ShouldBe(12);
        rowC.GetProperty("level").GetString().ShouldBe("Green"); // the run judges a bureau without budget: nothing to spend, green
        rowC.GetProperty("levels").GetArrayLength().ShouldBe(2);

        // District totals: exact sums of every row's money, the rate from those sums (not an average of rounded rates).
        var district = dashboard.GetProperty("district");
        district.GetProperty("bureaus").GetInt32().ShouldBe(rows.Count);
        district.GetProperty("adjusted").GetDecimal().ShouldBe(rows.Sum(r => r.GetProperty("adjusted").GetDecimal()));
        district.GetProperty("spending").GetDecimal().ShouldBe(rows.Sum(r => r.GetProperty("spending").GetDecimal()));
        district.GetProperty("adjusted").GetDecimal().ShouldBe(2_703m);
        district.GetProperty("spending").GetDecimal().ShouldBe(1_184.33m);
        district.GetProperty("executionRate").GetDecimal().ShouldBe(43.82m); // 1,184.33 ÷ 2,703 = 43.815…%; the rounded rates would give 43.83 and 33.33
        district.GetProperty("gapPoints").GetDecimal().ShouldBe(-6.18m);
        district.GetProperty("adjustedWanYuan").GetDecimal().ShouldBe(0.27m);
        district.GetProperty("yellow").GetInt32().ShouldBe(rows.Count(r => Text(r, "level") == "Yellow"));
        district.GetProperty("red").GetInt32().ShouldBe(rows.Count(r => Text(r, "level") == "Red"));
        district.GetProperty("curve")[5].GetDecimal().ShouldBe(43.82m);
        district.GetProperty("curve")[2].GetDecimal().ShouldBe(18.35m); // March: 551.00 ÷ 3,003.00 = 18.348…%
    }

    [Fact]
    public async Task ABureauWithoutALedger_IsScoredOnItsReportsStatedFigures_AsItsReportPageScoresIt()
    {
        // The normal case of last year's published report: imported, no budget kept in the platform.
        var bureau = await app.CreateBureauAsync();
        var report = (await bureau.Admin.LegacyImportAsync()).GetProperty("report");
        report.GetProperty("scoreBasis").GetString().ShouldBe("Reported");
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");

        var dashboard = await (await reviewer.GetAsync("/api/host/dashboard/2021?month=12")).ReadJsonAsync();
        var row = dashboard.GetProperty("bureaus").EnumerateArray().Single(r => r.GetProperty("bureauId").GetGuid() == bureau.Id);
        row.GetProperty("computedScore").GetDecimal().ShouldBe(report.GetProperty("computedScore").GetDecimal());
        row.GetProperty("computedGrade").GetString().ShouldBe(report.GetProperty("computedGrade").GetString());

        // The same on the department's own page.
        var page = await (await reviewer.GetAsync($"/api/host/dashboard/2021/bureaus/{bureau.Id}")).ReadJsonAsync();
        page.GetRawText().ShouldContain(report.GetProperty("computedScore").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task TheDepartmentView_ShowsOneBureau_MonthByMonth_WithItsWarningsPlanAndReport()
    {
        var (a, _, c) = await SeedAsync();
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");

        var view = await (await reviewer.GetAsync($"/api/host/dashboard/{Year}/bureaus/{a.Id}")).ReadJsonAsync();
        view.GetProperty("code").GetString().ShouldBe(a.Code);
        var curve = (await (await a.Admin.GetAsync($"/api/bureau/budgets/{Year}/curve")).ReadJsonAsync()).EnumerateArray().ToList();
        var months = view.GetProperty("months").EnumerateArray().ToList();
        months.Count.ShouldBe(12);
        for (var m = 0; m < 12; m++)
        {
            months[m].GetProperty("month").GetInt32().ShouldBe(m + 1);
            months[m].GetProperty("adjusted").GetDecimal().ShouldBe(curve[m].GetProperty("adjusted").GetDecimal());
            months[m].GetProperty("spending").GetDecimal().ShouldBe(curve[m].GetProperty("spending").GetDecimal());
            Rate(months[m], "executionRate").ShouldBe(Rate(curve[m], "executionRate"));
            Rate(months[m], "basicExecutionRate").ShouldBe(Rate(curve[m], "basicExecutionRate"));
            Rate(months[m], "projectExecutionRate").ShouldBe(Rate(curve[m], "projectExecutionRate"));
            months[m].GetProperty("timeProgress").GetDecimal().ShouldBe(curve[m].GetProperty("timeProgress").GetDecimal());
            Rate(months[m], "gapPoints").ShouldBe(Rate(curve[m], "gapPercentagePoints"));
        }

        var warnings = view.GetProperty("warnings").EnumerateArray().ToList();
        var own = (await (await a.Admin.GetAsync($"/api/bureau/alerts/{Year}/warnings")).ReadJsonAsync()).EnumerateArray().ToList();
        warnings.Count.ShouldBe(own.Count);
        warnings[0].GetProperty("month").GetInt32().ShouldBe(6); // latest month first
        warnings.Select(w => (w.GetProperty("month").GetInt32(), w.GetProperty("scope").GetString(), w.GetProperty("level").GetString(), Rate(w, "gapPoints")))
            .OrderBy(w => w).ShouldBe(own.Select(w => (w.GetProperty("month").GetInt32(), w.GetProperty("scope").GetString(), w.GetProperty("level").GetString(), Rate(w, "gapPoints"))).OrderBy(w => w));
        view.GetProperty("plan").GetProperty("indicators").GetInt32().ShouldBe(2);
        view.GetProperty("report").GetProperty("status").GetString().ShouldBe("Draft");

        var empty = await (await reviewer.GetAsync($"/api/host/dashboard/{Year}/bureaus/{c.Id}")).ReadJsonAsync();
        empty.GetProperty("months").EnumerateArray().ShouldAllBe(m => m.GetProperty("executionRate").ValueKind == JsonValueKind.Null && m.GetProperty("adjusted").GetDecimal() == 0m);
        empty.GetProperty("warnings").EnumerateArray().ShouldAllBe(w => w.GetProperty("level").GetString() == "Green" && w.GetProperty("gapPoints").ValueKind == JsonValueKind.Null);
        empty.GetProperty("plan").ValueKind.ShouldBe(JsonValueKind.Null);
        empty.GetProperty("report").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task TheDashboard_IsTheFinanceBureaus_BureauUsersGet403_AndBadInputIsNamed()
    {
        var bureau = await app.CreateBureauAsync();
        (await bureau.Admin.GetAsync($"/api/host/dashboard/{Year}?month=6")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await bureau.Admin.GetAsync($"/api/host/dashboard/{Year}/bureaus/{bureau.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.Anonymous().GetAsync($"/api/host/dashboard/{Year}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        (await reviewer.GetAsync($"/api/host/dashboard/{Year}?month=6")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await reviewer.GetAsync($"/api/host/dashboard/{Year}?month=13")).ShouldBeValidationProblemAsync("month");
        await (await reviewer.GetAsync("/api/host/dashboard/1999?month=6")).ShouldBeValidationProblemAsync("year");
        await (await reviewer.GetAsync($"/api/host/dashboard/{Year}/bureaus/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// A (budget with an adjustment, spending every month to June, a plan of two indicators, a draft report with a
    /// self score), B (one line, 1.00 of 3.00 spent in March) and C (nothing); warnings run for March and June.
    /// </summary>
    private async Task<(TestBureau A, TestBureau B, TestBureau C)> SeedAsync()
    {
        await _seedLock.WaitAsync();
        try
        {
            return _seeded ??= await CreateAsync();
        }
        finally
        {
            _seedLock.Release();
        }
    }

    private static readonly SemaphoreSlim _seedLock = new(1, 1);
    private static (TestBureau, TestBureau, TestBureau)? _seeded;

    private async Task<(TestBureau, TestBureau, TestBureau)> CreateAsync()
    {
        var a = await app.CreateBureauAsync("看板测试甲局");
        var basic = await LineAsync(a.Admin, "JB-01", 1_000m, "Basic");
        var project = await LineAsync(a.Admin, "XM-01", 2_000m, "Project");
        await PostAsync(a.Admin, "adjustments", new { date = $"{Year}-04-15", lineId = project, kind = "Decrease", amount = -300m, reason = "年中调减" });
        for (var month = 1; month <= 6; month++)
        {
            await SpendAsync(a.Admin, basic, $"{Year}-{month:00}-10", 100m);
        }

        await SpendAsync(a.Admin, project, $"{Year}-02-20", 250m);
        await SpendAsync(a.Admin, project, $"{Year}-05-20", 333.33m);
        await SpendAsync(a.Admin, project, $"{Year}-09-20", 1_000m); // after June: in the curve, not in June's figures

        var plan = $"/api/bureau/performance/{Year}";
        var task = (await (await a.Admin.PostAsJsonAsync($"{plan}/tasks", new { number = 1, name = "招商推介", funds = 1_000m })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await a.Admin.PostAsJsonAsync($"{plan}/tasks/{task}/indicators", new { level1 = "产出", name = "举办招商推介活动次数", direction = "AtLeast", target = "≥35次", actual = "38次", weight = 50m }))
            .ReadJsonAsync(HttpStatusCode.Created);
        await (await a.Admin.PostAsJsonAsync($"{plan}/tasks/{task}/indicators", new { level1 = "效益", name = "新引进项目数", direction = "AtLeast", target = "≥10个", actual = "8个", weight = 40m }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var created = await (await a.Admin.PostAsync($"/api/bureau/reports/{Year}", null)).ReadJsonAsync(HttpStatusCode.Created);
        await (await a.Admin.PutAsJsonAsync($"/api/bureau/reports/{Year}", new
        {
            basicInfo = "基本情况。", selfScore = 85m, selfGrade = "良", concurrencyStamp = created.GetProperty("concurrencyStamp").GetString(),
        })).ReadJsonAsync();

        var b = await app.CreateBureauAsync("看板测试乙局");
        var only = await LineAsync(b.Admin, "XM-01", 3m, "Project");
        await SpendAsync(b.Admin, only, $"{Year}-03-05", 1m);

        var c = await app.CreateBureauAsync("看板测试丙局");

        var root = await app.RootAsync();
        foreach (var month in new[] { 3, 6 })
        {
            await (await root.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { year = Year, month })).ReadJsonAsync();
        }

        return (a, b, c);
    }

    private static async Task<Guid> LineAsync(HttpClient client, string code, decimal initial, string kind) =>
        (await PostAsync(client, "lines", new { code, name = $"项目{code}", kind, fundingSource = "一般公共预算拨款", initial })).GetProperty("id").GetGuid();

    private static async Task SpendAsync(HttpClient client, Guid lineId, string date, decimal amount) =>
        await PostAsync(client, "spending", new { date, lineId, amount, voucherRef = $"V{Guid.NewGuid():N}"[..12], memo = "支出" });

    private static async Task<JsonElement> PostAsync(HttpClient client, string what, object body) =>
        await (await client.PostAsJsonAsync($"/api/bureau/budgets/{Year}/{what}", body)).ReadJsonAsync(HttpStatusCode.Created);

    private static decimal? Rate(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDecimal();

    private static decimal? Rate(JsonElement owner, string name) => Rate(owner.GetProperty(name));

    private static string? Text(JsonElement owner, string name) => owner.GetProperty(name).ValueKind == JsonValueKind.Null ? null : owner.GetProperty(name).GetString();
}
