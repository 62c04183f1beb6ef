using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests.Admin;

/// <summary>The finance bureau's audit log filters: bureau (with its register rows), user, action, time range.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuditLogFilterTests(AppFixture app)
{
    private static List<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task ABureausLog_HoldsItsCreationAndRename_AndNothingOfAnotherBureau()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var root = await app.RootAsync();
        var current = await (await root.GetAsync($"/api/host/bureaus/{a.Id}")).ReadJsonAsync();
        (await root.PutAsJsonAsync($"/api/host/bureaus/{a.Id}", new
        {
            name = "改名后的测试局",
            district = "广州市白云区",
            concurrencyStamp = current.GetProperty("concurrencyStamp").GetString(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The register rows about A: created, then renamed (newest first), by root.
        var register = Items(await (await root.GetAsync($"/api/host/audit-logs?bureauId={a.Id}&entityType=Bureau")).ReadJsonAsync());
        register.Select(e => e.GetProperty("action").GetString()).ShouldBe(["Modified", "Created"]);
        register.ShouldAllBe(e => e.GetProperty("entityId").GetString() == a.Id.ToString() && e.GetProperty("userName").GetString() == AppFixture.RootUser);
        var renamed = JsonDocument.Parse(register[0].GetProperty("changes").GetString()!).RootElement.GetProperty("Name");
        renamed.GetProperty("after").GetString().ShouldBe("改名后的测试局");

        // Action: only A's modifications — the rename — and nothing of B.
        var modified = Items(await (await root.GetAsync($"/api/host/audit-logs?bureauId={a.Id}&action=Modified&pageSize=200")).ReadJsonAsync());
        modified.ShouldAllBe(e => e.GetProperty("action").GetString() == "Modified");
        modified.ShouldContain(e => e.GetProperty("entityType").GetString() == "Bureau");
        var all = Items(await (await root.GetAsync($"/api/host/audit-logs?bureauId={a.Id}&pageSize=200")).ReadJsonAsync());
        all.ShouldNotContain(e => e.GetProperty("entityId").GetString() == b.Id.ToString());
        all.ShouldNotContain(e => e.GetProperty("bureauId").ValueKind == JsonValueKind.String && e.GetProperty("bureauId").GetGuid() == b.Id);

        // User: every entry is that user's; A's admin created nothing yet, root did.
        Items(await (await root.GetAsync($"/api/host/audit-logs?bureauId={a.Id}&userName=nobody-{Guid.NewGuid():N}")).ReadJsonAsync()).ShouldBeEmpty();
        var byRoot = Items(await (await root.GetAsync($"/api/host/audit-logs?bureauId={a.Id}&userName={AppFixture.RootUser}&pageSize=200")).ReadJsonAsync());
        byRoot.Count.ShouldBe(all.Count);

        // Time range: from before the test finds them; from the future finds none; a reversed range names the field.
        var since = Uri.EscapeDataString(before.ToString("O"));
        Items(await (await root.GetAsync($"/api/host/audit-logs?bureauId={a.Id}&entityType=Bureau&from={since}")).ReadJsonAsync()).Count.ShouldBe(2);
        var future = Uri.EscapeDataString(DateTime.UtcNow.AddHours(1).ToString("O"));
        Items(await (await root.GetAsync($"/api/host/audit-logs?bureauId={a.Id}&from={future}")).ReadJsonAsync()).ShouldBeEmpty();
        Items(await (await root.GetAsync($"/api/host/audit-logs?bureauId={a.Id}&entityType=Bureau&to={since}")).ReadJsonAsync()).ShouldBeEmpty();
        await (await root.GetAsync($"/api/host/audit-logs?from={future}&to={since}")).ShouldBeValidationProblemAsync("to");
        await (await root.GetAsync("/api/host/audit-logs?action=Renamed")).ShouldBeValidationProblemAsync("action");
    }

    [Fact]
    public async Task BureauTokens_AreRefusedTheHostLog_WhateverTheFilter()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        await (await a.Admin.GetAsync($"/api/host/audit-logs?bureauId={b.Id}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await a.Admin.GetAsync($"/api/host/audit-logs?bureauId={a.Id}&action=Created")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        await (await reviewer.GetAsync("/api/host/audit-logs")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}
