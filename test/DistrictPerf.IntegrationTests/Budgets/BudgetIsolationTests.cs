using System.Net;
using System.Net.Http.Json;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests.Budgets;

/// <summary>No budget endpoint shows or changes another bureau's lines, adjustments, spending or imports.</summary>
[Collection(ApiCollection.Name)]
public sealed class BudgetIsolationTests(AppFixture app)
{
    [Fact]
    public async Task BureauB_Gets404OrNothing_ForEveryBureauAResource()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var line = await a.Admin.AddLineAsync("SECRET-1", 9_999m, name: "A局机密项目");
        var spent = await a.Admin.AddSpendingAsync(line, "2021-04-01", 123m);
        await a.Admin.AddAdjustmentAsync(line, "2021-04-02", 1m, "Increase");
        var lines = await (await a.Admin.GetAsync($"{BudgetApi.Base()}/lines")).ReadJsonAsync();
        var stamp = lines[0].GetProperty("concurrencyStamp").GetString();

        // Lists and figures of B are empty.
        (await (await b.Admin.GetAsync($"{BudgetApi.Base()}/lines")).ReadJsonAsync()).GetArrayLength().ShouldBe(0);
        (await (await b.Admin.GetAsync($"{BudgetApi.Base()}/adjustments")).ReadJsonAsync()).GetArrayLength().ShouldBe(0);
        (await (await b.Admin.GetAsync($"{BudgetApi.Base()}/spending")).ReadJsonAsync()).GetProperty("total").GetInt32().ShouldBe(0);
        (await b.Admin.FiguresAsync()).GetProperty("total").GetProperty("initial").GetDecimal().ShouldBe(0m);
        (await b.Admin.GetAsync($"{BudgetApi.Base()}/spending?lineId={line}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A's resources by id: 404 for read-modify-delete, unknown line for writes.
        await (await b.Admin.PutAsJsonAsync($"{BudgetApi.Base()}/lines/{line}", new { name = "x", kind = "Basic", initial = 1m, concurrencyStamp = stamp })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await b.Admin.DeleteAsync($"{BudgetApi.Base()}/lines/{line}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await b.Admin.DeleteAsync($"{BudgetApi.Base()}/spending/{spent}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await b.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/spending/{spent}/reverse", new { reason = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await b.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/spending", new { date = "2021-04-01", lineId = line, amount = 1m })).ShouldBeValidationProblemAsync("lineId");
        await (await b.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/adjustments", new { date = "2021-04-01", lineId = line, kind = "Increase", amount = 1m, reason = "x" })).ShouldBeValidationProblemAsync("lineId");

        // Exports of B carry nothing of A.
        var export = await (await b.Admin.GetAsync($"{BudgetApi.Base()}/export/lines.csv")).Content.ReadAsStringAsync();
        export.ShouldNotContain("SECRET-1");
        export.ShouldNotContain("A局机密项目");
        var spendingCsv = await (await b.Admin.GetAsync($"{BudgetApi.Base()}/export/spending.csv")).Content.ReadAsStringAsync();
        spendingCsv.ShouldNotContain("123");

        // A is intact.
        (await a.Admin.FiguresAsync()).GetProperty("total").GetProperty("spending").GetDecimal().ShouldBe(123m);
    }

    [Fact]
    public async Task HostView_ListsEveryBureau_WithItsOwnFigures_InAFixedNumberOfQueries()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var empty = await app.CreateBureauAsync();
        await a.Admin.EnterReferenceBudgetAsync();
        var bLine = await b.Admin.AddLineAsync("B1", 1_000m, "Basic");
        await b.Admin.AddSpendingAsync(bLine, "2021-02-01", 250m);
        await b.Admin.AddSpendingAsync(bLine, "2021-08-01", 250m);

        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        var view = await (await reviewer.GetAsync($"/api/host/budgets/{BudgetApi.Year}/figures?month=12")).ReadJsonAsync();
        var bureaus = view.GetProperty("bureaus").EnumerateArray().ToDictionary(x => x.GetProperty("bureauId").GetGuid());

        bureaus[a.Id].GetProperty("total").GetProperty("executionRate").GetDecimal().ShouldBe(96.05m);
        bureaus[a.Id].GetProperty("total").GetProperty("adjustmentRate").GetDecimal().ShouldBe(11.86m);
        bureaus[a.Id].GetProperty("total").GetProperty("adjustedWanYuan").GetDecimal().ShouldBe(4652.48m);
        bureaus[b.Id].GetProperty("total").GetProperty("executionRate").GetDecimal().ShouldBe(50m);
        bureaus[b.Id].GetProperty("basic").GetProperty("spending").GetDecimal().ShouldBe(500m);
        bureaus[b.Id].GetProperty("project").GetProperty("initial").GetDecimal().ShouldBe(0m);
        bureaus[empty.Id].GetProperty("total").GetProperty("executionRate").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        var june = await (await reviewer.GetAsync($"/api/host/budgets/{BudgetApi.Year}/figures?month=6")).ReadJsonAsync();
        june.GetProperty("bureaus").EnumerateArray().Single(x => x.GetProperty("bureauId").GetGuid() == b.Id)
            .GetProperty("total").GetProperty("spending").GetDecimal().ShouldBe(250m);
        june.GetProperty("timeProgress").GetDecimal().ShouldBe(50m);
    }

    [Fact]
    public async Task HostView_IsForHostPermissionsOnly()
    {
        var a = await app.CreateBureauAsync();
        await (await a.Admin.GetAsync($"/api/host/budgets/{BudgetApi.Year}/figures")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await app.Anonymous().GetAsync($"/api/host/budgets/{BudgetApi.Year}/figures")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        await (await reviewer.GetAsync($"{BudgetApi.Base()}/figures")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reviewer.GetAsync($"/api/host/budgets/{BudgetApi.Year}/figures?month=13")).ShouldBeValidationProblemAsync("month");
    }

    [Fact]
    public async Task ALine_PointsAtOneOfItsOwnBureausTasks_OrIsRefusedNamingTheField()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        async Task<Guid> Task(TestBureau bureau) => (await (await bureau.Admin.PostAsJsonAsync("/api/bureau/performance/2021/tasks", new { number = 1, name = "招商引资", funds = 1_000m }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var own = await Task(a);
        var others = await Task(b);

        (await a.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/lines", new { code = "T1", name = "招商经费", kind = "Project", initial = 10m, mainTaskId = own })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await a.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/lines", new { code = "T2", name = "x", kind = "Project", initial = 10m, mainTaskId = others })).ShouldBeValidationProblemAsync("mainTaskId");
        await (await a.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/lines", new { code = "T3", name = "x", kind = "Project", initial = 10m, mainTaskId = Guid.NewGuid() })).ShouldBeValidationProblemAsync("mainTaskId");
        await (await a.Admin.PostAsJsonAsync($"{BudgetApi.Base(2022)}/lines", new { code = "T4", name = "x", kind = "Project", initial = 10m, mainTaskId = own })).ShouldBeValidationProblemAsync("mainTaskId"); // another year's plan

        var line = (await (await a.Admin.GetAsync($"{BudgetApi.Base()}/lines")).ReadJsonAsync()).EnumerateArray().Single();
        await (await a.Admin.PutAsJsonAsync($"{BudgetApi.Base()}/lines/{line.GetProperty("id").GetGuid()}", new { name = "招商经费", kind = "Project", initial = 10m, mainTaskId = others, concurrencyStamp = line.GetProperty("concurrencyStamp").GetString() }))
            .ShouldBeValidationProblemAsync("mainTaskId");
        (await (await a.Admin.GetAsync($"{BudgetApi.Base()}/lines")).ReadJsonAsync()).EnumerateArray().Single().GetProperty("mainTaskId").GetGuid().ShouldBe(own);
    }
}
