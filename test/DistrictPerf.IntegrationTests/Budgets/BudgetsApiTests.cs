using System.Net;
using System.Net.Http.Json;
using System.Text;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.SharedKernel.Auditing;

namespace DistrictPerf.IntegrationTests.Budgets;

[Collection(ApiCollection.Name)]
public sealed class BudgetsApiTests(AppFixture app)
{
    [Fact]
    public async Task ReferenceBudget_EnteredThroughTheApi_GivesTheReportsFigures()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.EnterReferenceBudgetAsync();

        var figures = await bureau.Admin.FiguresAsync();
        var total = figures.GetProperty("total");
        total.GetProperty("initialWanYuan").GetDecimal().ShouldBe(5278.33m);
        total.GetProperty("adjustmentNetWanYuan").GetDecimal().ShouldBe(-625.85m);
        total.GetProperty("adjustedWanYuan").GetDecimal().ShouldBe(4652.48m);
        total.GetProperty("spendingWanYuan").GetDecimal().ShouldBe(4468.73m);
        total.GetProperty("executionRate").GetDecimal().ShouldBe(96.05m);
        total.GetProperty("adjustmentRate").GetDecimal().ShouldBe(11.86m);
        total.GetProperty("adjusted").GetDecimal().ShouldBe(46_524_800m);
        figures.GetProperty("basic").GetProperty("spending").GetDecimal().ShouldBe(29_000_000m);
        figures.GetProperty("project").GetProperty("adjusted").GetDecimal().ShouldBe(16_524_800m);
        figures.GetProperty("lines").GetArrayLength().ShouldBe(2);

        // Mid-year the adjustment (July) and the December spending are not there yet.
        var june = (await bureau.Admin.FiguresAsync(6)).GetProperty("total");
        june.GetProperty("adjusted").GetDecimal().ShouldBe(52_783_300m);
        june.GetProperty("spending").GetDecimal().ShouldBe(29_000_000m);
        june.GetProperty("executionRate").GetDecimal().ShouldBe(54.94m);
    }

    [Fact]
    public async Task DemoData_ShowsThe2021FiguresOfTheReport()
    {
        await app.SeedDemoAsync();
        var editor = await app.SignInAsync("BY-TZCJ", "editor", "Demo@2026");

        var total = (await editor.FiguresAsync()).GetProperty("total");
        total.GetProperty("initialWanYuan").GetDecimal().ShouldBe(5278.33m);
        total.GetProperty("adjustedWanYuan").GetDecimal().ShouldBe(4652.48m);
        total.GetProperty("spendingWanYuan").GetDecimal().ShouldBe(4468.73m);
        total.GetProperty("executionRate").GetDecimal().ShouldBe(96.05m);
        total.GetProperty("adjustmentRate").GetDecimal().ShouldBe(11.86m);

        var curve = await (await editor.GetAsync($"{BudgetApi.Base()}/curve")).ReadJsonAsync();
        curve.GetArrayLength().ShouldBe(12);
        curve[11].GetProperty("executionRate").GetDecimal().ShouldBe(96.05m);
        curve[11].GetProperty("timeProgress").GetDecimal().ShouldBe(100m);
        curve[0].GetProperty("timeProgress").GetDecimal().ShouldBe(8.33m);
        // The report says spending lagged time progress during the year.
        curve[5].GetProperty("gapPercentagePoints").GetDecimal().ShouldBeLessThan(0m);
    }

    [Fact]
    public async Task ExecutionCurve_IsCumulative_AgainstTimeProgress()
    {
        var bureau = await app.CreateBureauAsync();
        var line = await bureau.Admin.AddLineAsync("L1", 1_200m);
        await bureau.Admin.AddSpendingAsync(line, "2021-01-10", 100m);
        await bureau.Admin.AddSpendingAsync(line, "2021-03-10", 200m);

        var curve = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/curve")).ReadJsonAsync();
        curve[0].GetProperty("spending").GetDecimal().ShouldBe(100m);
        curve[1].GetProperty("spending").GetDecimal().ShouldBe(100m);
        curve[2].GetProperty("spending").GetDecimal().ShouldBe(300m);
        curve[2].GetProperty("executionRate").GetDecimal().ShouldBe(25m);
        curve[2].GetProperty("gapPercentagePoints").GetDecimal().ShouldBe(0m);
        curve[11].GetProperty("gapPercentagePoints").GetDecimal().ShouldBe(-75m);

        var days = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/curve?mode=Days")).ReadJsonAsync();
        days[0].GetProperty("timeProgress").GetDecimal().ShouldBe(8.49m); // 31 / 365
    }

    [Fact]
    public async Task ExecutionCurve_ShowsBasicAndProjectSpendingApart()
    {
        var bureau = await app.CreateBureauAsync();
        var basic = await bureau.Admin.AddLineAsync("B1", 400m, "Basic");
        var project = await bureau.Admin.AddLineAsync("P1", 600m, "Project");
        await bureau.Admin.AddSpendingAsync(basic, "2021-02-10", 100m);
        await bureau.Admin.AddSpendingAsync(project, "2021-02-20", 30m);

        var feb = (await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/curve")).ReadJsonAsync())[1];
        feb.GetProperty("basicAdjusted").GetDecimal().ShouldBe(400m);
        feb.GetProperty("basicSpending").GetDecimal().ShouldBe(100m);
        feb.GetProperty("basicExecutionRate").GetDecimal().ShouldBe(25m);
        feb.GetProperty("projectAdjusted").GetDecimal().ShouldBe(600m);
        feb.GetProperty("projectSpending").GetDecimal().ShouldBe(30m);
        feb.GetProperty("projectExecutionRate").GetDecimal().ShouldBe(5m);
        feb.GetProperty("executionRate").GetDecimal().ShouldBe(13m); // 130 / 1,000
    }

    [Fact]
    public async Task ClosedMonth_IsNotEditedSilently_CorrectionsAreReversalsAndBothAreKept()
    {
        var bureau = await app.CreateBureauAsync();
        var (_, approver) = await bureau.AddUserAsync("closer", "BureauApprover");
        var line = await bureau.Admin.AddLineAsync("L1", 1_000m);
        var spent = await bureau.Admin.AddSpendingAsync(line, "2021-03-10", 300m, "记-001");

        (await approver.PostAsync($"{BudgetApi.Base()}/months/3/close", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await approver.PostAsync($"{BudgetApi.Base()}/months/3/close", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var counts = await Counts();
        await (await bureau.Admin.DeleteAsync($"{BudgetApi.Base()}/spending/{spent}")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var late = await bureau.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/spending", new { date = "2021-03-31", lineId = line, amount = 5m });
        (await late.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("field").GetString().ShouldBe("date");
        var lateAdjustment = await bureau.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/adjustments", new { date = "2021-03-01", lineId = line, kind = "Increase", amount = 5m, reason = "补录" });
        await lateAdjustment.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await Counts()).ShouldBe(counts);

        // Reversal needs a reason, lands in an open month, and keeps the original.
        await (await bureau.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/spending/{spent}/reverse", new { date = "2021-04-02" }))
            .ShouldBeValidationProblemAsync("reason");
        var reversal = await (await bureau.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/spending/{spent}/reverse", new { reason = "重复支付，冲销", date = "2021-04-02" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        reversal.GetProperty("amount").GetDecimal().ShouldBe(-300m);
        reversal.GetProperty("reversalOfId").GetGuid().ShouldBe(spent);
        await (await bureau.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/spending/{spent}/reverse", new { reason = "again", date = "2021-04-03" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var list = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/spending")).ReadJsonAsync();
        list.GetProperty("total").GetInt32().ShouldBe(2);
        (await bureau.Admin.FiguresAsync(3)).GetProperty("total").GetProperty("spending").GetDecimal().ShouldBe(300m);
        (await bureau.Admin.FiguresAsync(4)).GetProperty("total").GetProperty("spending").GetDecimal().ShouldBe(0m);

        var months = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/months")).ReadJsonAsync();
        months[2].GetProperty("closed").GetBoolean().ShouldBeTrue();
        months[3].GetProperty("closed").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task OpenMonthSpending_CanBeDeleted_AndLinesWithEntriesCannot()
    {
        var bureau = await app.CreateBureauAsync();
        var line = await bureau.Admin.AddLineAsync("L1", 1_000m);
        var spent = await bureau.Admin.AddSpendingAsync(line, "2021-05-10", 10m);
        await (await bureau.Admin.DeleteAsync($"{BudgetApi.Base()}/lines/{line}")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await bureau.Admin.DeleteAsync($"{BudgetApi.Base()}/spending/{spent}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await bureau.Admin.DeleteAsync($"{BudgetApi.Base()}/lines/{line}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task ExcludedAdjustment_ChangesTheBudget_ButNotTheAdjustmentRate()
    {
        var bureau = await app.CreateBureauAsync();
        var line = await bureau.Admin.AddLineAsync("L1", 1_000m);
        await bureau.Admin.AddAdjustmentAsync(line, "2021-02-01", -100m, "Decrease");
        await bureau.Admin.AddAdjustmentAsync(line, "2021-03-01", 300m, "Increase", excluded: "AssignedByHigherLevel");

        var total = (await bureau.Admin.FiguresAsync()).GetProperty("total");
        total.GetProperty("adjusted").GetDecimal().ShouldBe(1_200m);
        total.GetProperty("adjustmentRate").GetDecimal().ShouldBe(10m);
    }

    [Fact]
    public async Task ChangingALinesKind_MovesItsEntriesToTheOtherKind()
    {
        var bureau = await app.CreateBureauAsync();
        var line = await bureau.Admin.AddLineAsync("L1", 1_000m, "Project");
        await bureau.Admin.AddSpendingAsync(line, "2021-05-10", 400m);
        var lines = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/lines")).ReadJsonAsync();
        var stamp = lines[0].GetProperty("concurrencyStamp").GetString();

        var put = await bureau.Admin.PutAsJsonAsync($"{BudgetApi.Base()}/lines/{line}", new { name = "改为基本支出", kind = "Basic", initial = 1_000m, concurrencyStamp = stamp });
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var figures = await bureau.Admin.FiguresAsync();
        figures.GetProperty("basic").GetProperty("spending").GetDecimal().ShouldBe(400m);
        figures.GetProperty("project").GetProperty("spending").GetDecimal().ShouldBe(0m);

        var stale = await bureau.Admin.PutAsJsonAsync($"{BudgetApi.Base()}/lines/{line}", new { name = "x", kind = "Basic", initial = 1m, concurrencyStamp = stamp });
        await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    public static TheoryData<string, string, string> BadLines => new()
    {
        { "lines", """{"code":"N1","name":"负数","kind":"Project","initial":-1}""", "initial" },
        { "lines", """{"code":"N1","name":"三位小数","kind":"Project","initial":1.005}""", "initial" },
        { "lines", """{"code":"N1","name":"太大","kind":"Project","initial":1000000000000.01}""", "initial" },
        { "lines", """{"code":"N1","name":"类型","kind":"Other","initial":1}""", "kind" },
        { "lines", """{"code":"N1","name":"缺金额","kind":"Project"}""", "initial" },
        { "lines", """{"code":"","name":"缺编码","kind":"Project","initial":1}""", "code" },
        { "lines", """{"code":"N1","name":"字符串金额","kind":"Project","initial":"abc"}""", "initial" },
        { "spending", """{"date":"2022-01-01","lineId":"LINE","amount":1}""", "date" },
        { "spending", """{"date":"2021-13-01","lineId":"LINE","amount":1}""", "date" },
        { "spending", """{"date":"2021-05-01","lineId":"00000000-0000-0000-0000-000000000001","amount":1}""", "lineId" },
        { "spending", """{"date":"2021-05-01","lineId":"LINE","amount":0}""", "amount" },
        { "spending", """{"date":"2021-05-01","lineId":"LINE","amount":-5}""", "amount" },
        { "spending", """{"date":"2021-05-01","lineId":"LINE","amount":0.001}""", "amount" },
        { "spending", """{"date":"2021-05-01","lineId":"LINE","amount":2000000000000}""", "amount" },
        { "adjustments", """{"date":"2021-05-01","lineId":"LINE","kind":"Decrease","amount":5,"reason":"符号错"}""", "amount" },
        { "adjustments", """{"date":"2021-05-01","lineId":"LINE","kind":"Increase","amount":5}""", "reason" },
        { "adjustments", """{"date":"2021-05-01","lineId":"LINE","kind":"Increase","amount":5,"reason":"r","excludedFromRate":"Whim"}""", "excludedFromRate" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task BadInput_Is400NamingTheField_AndWritesNothing(string resource, string body, string field)
    {
        var bureau = await app.CreateBureauAsync();
        var line = await bureau.Admin.AddLineAsync("OK1", 100m);
        var counts = await Counts();

        var response = await bureau.Admin.PostAsync($"{BudgetApi.Base()}/{resource}", new StringContent(body.Replace("LINE", line.ToString(), StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        await response.ShouldBeValidationProblemAsync(field);
        (await Counts()).ShouldBe(counts);
    }

    [Theory]
    [InlineData("/api/bureau/budgets/1999/lines")]
    [InlineData("/api/bureau/budgets/2021/figures?month=13")]
    [InlineData("/api/bureau/budgets/2021/figures?month=0")]
    [InlineData("/api/bureau/budgets/2021/spending?pageSize=100000")]
    [InlineData("/api/bureau/budgets/2021/curve?mode=Weeks")]
    public async Task BadQuery_Is400(string path)
    {
        var bureau = await app.CreateBureauAsync();
        await (await bureau.Admin.GetAsync(path)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DuplicateLineCode_Is409()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.AddLineAsync("DUP", 1m);
        var again = await bureau.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/lines", new { code = "dup", name = "x", kind = "Basic", initial = 1m });
        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("field").GetString().ShouldBe("code");
    }

    [Fact]
    public async Task Permissions_ViewerReads_EditorWrites_OnlyApproverAndAdminClose()
    {
        var bureau = await app.CreateBureauAsync();
        var (_, viewer) = await bureau.AddUserAsync("v", "Viewer");
        var (_, editor) = await bureau.AddUserAsync("e", "BureauEditor");
        (await viewer.GetAsync($"{BudgetApi.Base()}/figures")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await viewer.PostAsJsonAsync($"{BudgetApi.Base()}/lines", new { code = "X", name = "x", kind = "Basic", initial = 1m })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await editor.PostAsJsonAsync($"{BudgetApi.Base()}/lines", new { code = "X", name = "x", kind = "Basic", initial = 1m })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await editor.PostAsync($"{BudgetApi.Base()}/months/1/close", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await app.Anonymous().GetAsync($"{BudgetApi.Base()}/figures")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task EveryBudgetWrite_IsAudited()
    {
        var bureau = await app.CreateBureauAsync();
        var before = await app.CountAllAsync<AuditLogEntry>();
        var line = await bureau.Admin.AddLineAsync("A1", 100m);
        await bureau.Admin.AddSpendingAsync(line, "2021-02-02", 10m);
        await bureau.Admin.AddAdjustmentAsync(line, "2021-02-03", 5m, "Increase");
        (await app.CountAllAsync<AuditLogEntry>()).ShouldBe(before + 3);
    }

    private async Task<(int Lines, int Adjustments, int Spending, int Audit)> Counts() =>
        (await app.CountAllAsync<BudgetLine>(), await app.CountAllAsync<BudgetAdjustment>(),
         await app.CountAllAsync<SpendingEntry>(), await app.CountAllAsync<AuditLogEntry>());
}
