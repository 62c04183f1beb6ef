using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.IntegrationTests.Reports;

namespace DistrictPerf.IntegrationTests.Indicators;

/// <summary>Budget lines point at main tasks of another module: deleting a task never leaves a dangling id.</summary>
[Collection(ApiCollection.Name)]
public sealed class MainTaskLinkTests(AppFixture app)
{
    private static async Task<JsonElement> Line(HttpClient client, Guid id) =>
        (await (await client.GetAsync("/api/bureau/budgets/2021/lines")).ReadJsonAsync()).EnumerateArray().Single(l => l.GetProperty("id").GetGuid() == id);

    [Fact]
    public async Task DeletingATask_UnlinksTheBudgetLinesThatFundedIt_InTheSameUnitOfWork()
    {
        var bureau = await app.CreateBureauAsync();
        var editor = bureau.Admin;
        var task = await (await editor.PostAsJsonAsync($"{ReportApi.Plan}/tasks", new { number = 1, name = "招商推介", funds = 100m })).ReadJsonAsync(HttpStatusCode.Created);
        var taskId = task.GetProperty("id").GetGuid();
        task.GetProperty("concurrencyStamp").GetString().ShouldNotBeNullOrEmpty();
        var other = (await (await editor.PostAsJsonAsync($"{ReportApi.Plan}/tasks", new { number = 2, name = "企业服务", funds = 50m })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var funded = await (await editor.PostAsJsonAsync("/api/bureau/budgets/2021/lines", new { code = "XM-01", name = "推介活动", kind = "Project", initial = 100m, mainTaskId = taskId })).ReadJsonAsync(HttpStatusCode.Created);
        var untouched = await (await editor.PostAsJsonAsync("/api/bureau/budgets/2021/lines", new { code = "XM-02", name = "企业服务", kind = "Project", initial = 50m, mainTaskId = other })).ReadJsonAsync(HttpStatusCode.Created);

        (await editor.DeleteAsync($"{ReportApi.Plan}/tasks/{taskId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var line = await Line(editor, funded.GetProperty("id").GetGuid());
        line.GetProperty("mainTaskId").ValueKind.ShouldBe(JsonValueKind.Null);
        line.GetProperty("concurrencyStamp").GetString().ShouldNotBe(funded.GetProperty("concurrencyStamp").GetString());
        (await Line(editor, untouched.GetProperty("id").GetGuid())).GetProperty("mainTaskId").GetGuid().ShouldBe(other);

        // The unlink is audited with the task it pointed at.
        var audit = await (await editor.GetAsync($"/api/audit-logs?entityType=BudgetLine&entityId={funded.GetProperty("id").GetGuid()}&pageSize=10")).ReadJsonAsync();
        audit.GetRawText().ShouldContain(taskId.ToString());
    }

    [Fact]
    public async Task ReplacingThePlanByAnImport_UnlinksLinesOfTheOldTasks()
    {
        var bureau = await app.CreateBureauAsync();
        var editor = bureau.Admin;
        var taskId = (await (await editor.PostAsJsonAsync($"{ReportApi.Plan}/tasks", new { number = 1, name = "旧任务", funds = 10m })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var line = await (await editor.PostAsJsonAsync("/api/bureau/budgets/2021/lines", new { code = "XM-09", name = "旧项目", kind = "Project", initial = 10m, mainTaskId = taskId })).ReadJsonAsync(HttpStatusCode.Created);

        var imported = await editor.LegacyImportAsync(replace: true); // over a plan: replacing it is confirmed
        imported.GetProperty("report").GetProperty("plan").GetProperty("tasks").GetArrayLength().ShouldBe(4);

        (await Line(editor, line.GetProperty("id").GetGuid())).GetProperty("mainTaskId").ValueKind.ShouldBe(JsonValueKind.Null);
    }
}
