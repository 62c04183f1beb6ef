using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests.Dashboard;

/// <summary>
/// The finance bureau's read-only views of one department: its plan (<c>GET /api/host/bureaus/{id}/plan/{year}</c>)
/// and its users (<c>GET /api/host/bureaus/{id}/users</c>). Each answers that bureau's data only, the same as the
/// bureau's own APIs; an unknown bureau is 404, bureau users get 403.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostBureauReadTests(AppFixture app)
{
    /// <summary>A year no other test plans in.</summary>
    private const int Year = 2028;

    [Fact]
    public async Task ThePlan_IsThatBureausOwn_ScoredAsItsPlanPage_AndNothingOfAnotherBureau()
    {
        var a = await app.CreateBureauAsync("主页测试甲局");
        var b = await app.CreateBureauAsync("主页测试乙局");
        await PlanAsync(a.Admin, "甲局招商推介", ("举办招商推介活动次数", "≥35次", "38次"), ("新引进项目数", "≥10个", "8个"));
        await PlanAsync(b.Admin, "乙局宣传", ("主题宣传片数量", "1部", "1部"));
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");

        foreach (var (bureau, other) in new[] { (a, b), (b, a) })
        {
            var own = await (await bureau.Admin.GetAsync($"/api/bureau/performance/{Year}")).ReadJsonAsync();
            var seen = await (await reviewer.GetAsync($"/api/host/bureaus/{bureau.Id}/plan/{Year}")).ReadJsonAsync();
            seen.GetProperty("totalScore").GetDecimal().ShouldBe(own.GetProperty("totalScore").GetDecimal());
            seen.GetProperty("grade").GetString().ShouldBe(own.GetProperty("grade").GetString());
            Indicators(seen).ShouldBe(Indicators(own));
            Tasks(seen).ShouldBe(Tasks(own));
            var others = Tasks(await (await other.Admin.GetAsync($"/api/bureau/performance/{Year}")).ReadJsonAsync());
            Tasks(seen).Intersect(others).ShouldBeEmpty();
        }

        var planA = await (await reviewer.GetAsync($"/api/host/bureaus/{a.Id}/plan/{Year}")).ReadJsonAsync();
        Tasks(planA).ShouldBe(["甲局招商推介"]);
        Indicators(planA).Select(i => i.Name).ShouldBe(["举办招商推介活动次数", "新引进项目数"]);
        Indicators(planA).Select(i => i.Achieved).ShouldBe([true, false]);

        // A bureau without a plan: an empty plan, not another bureau's.
        var c = await app.CreateBureauAsync();
        var empty = await (await reviewer.GetAsync($"/api/host/bureaus/{c.Id}/plan/{Year}")).ReadJsonAsync();
        empty.GetProperty("tasks").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task ThePlan_IsTheFinanceBureaus_UnknownIs404_BureauUsersGet403_BadYearIsNamed()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var admin = await app.RootAsync();
        (await admin.GetAsync($"/api/host/bureaus/{a.Id}/plan/{Year}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await admin.GetAsync($"/api/host/bureaus/{Guid.NewGuid()}/plan/{Year}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"/api/host/bureaus/{a.Id}/plan/1999")).ShouldBeValidationProblemAsync("year");
        (await a.Admin.GetAsync($"/api/host/bureaus/{a.Id}/plan/{Year}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await a.Admin.GetAsync($"/api/host/bureaus/{b.Id}/plan/{Year}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.Anonymous().GetAsync($"/api/host/bureaus/{a.Id}/plan/{Year}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TheUsers_AreThatBureausOnly_WithRoles_AndNoSecrets()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        await a.AddUserAsync("a-editor", "BureauEditor");
        await a.AddUserAsync("a-viewer", "Viewer");
        await b.AddUserAsync("b-approver", "BureauApprover");
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");

        var seenA = (await (await reviewer.GetAsync($"/api/host/bureaus/{a.Id}/users")).ReadJsonAsync()).EnumerateArray().ToList();
        seenA.Select(u => u.GetProperty("userName").GetString()).ShouldBe(["a-editor", "a-viewer", "admin"]);
        seenA.Single(u => u.GetProperty("userName").GetString() == "a-editor").GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["BureauEditor"]);
        seenA.ShouldAllBe(u => u.GetProperty("isActive").GetBoolean());

        // The same users (ids, roles) as the bureau's own list, none of bureau B's.
        var ownA = (await (await a.Admin.GetAsync("/api/users")).ReadJsonAsync()).EnumerateArray().ToList();
        seenA.Select(u => (u.GetProperty("id").GetGuid(), Roles(u))).ShouldBe(ownA.Select(u => (u.GetProperty("id").GetGuid(), Roles(u))));
        var ownB = (await (await b.Admin.GetAsync("/api/users")).ReadJsonAsync()).EnumerateArray().Select(u => u.GetProperty("id").GetGuid()).ToList();
        seenA.Select(u => u.GetProperty("id").GetGuid()).Intersect(ownB).ShouldBeEmpty();
        var seenB = (await (await reviewer.GetAsync($"/api/host/bureaus/{b.Id}/users")).ReadJsonAsync()).EnumerateArray().ToList();
        seenB.Select(u => u.GetProperty("userName").GetString()).ShouldBe(["admin", "b-approver"]);
        seenB.Select(u => u.GetProperty("id").GetGuid()).ShouldBe(ownB, ignoreOrder: true);

        // Never a secret or an edit token.
        foreach (var user in seenA.Concat(seenB))
        {
            var names = user.EnumerateObject().Select(p => p.Name.ToLowerInvariant()).ToList();
            names.ShouldNotContain(n => n.Contains("password") || n.Contains("stamp") || n.Contains("hash"));
        }

        // A deactivated user is listed as inactive.
        var editorId = seenA.Single(u => u.GetProperty("userName").GetString() == "a-editor").GetProperty("id").GetGuid();
        var editor = await (await a.Admin.GetAsync($"/api/users/{editorId}")).ReadJsonAsync();
        await (await a.Admin.PutAsJsonAsync($"/api/users/{editorId}", new
        {
            displayName = editor.GetProperty("displayName").GetString(), email = editor.GetProperty("email").GetString(), roles = new[] { "BureauEditor" },
            isActive = false, concurrencyStamp = editor.GetProperty("concurrencyStamp").GetString(),
        })).ReadJsonAsync();
        var after = (await (await reviewer.GetAsync($"/api/host/bureaus/{a.Id}/users")).ReadJsonAsync()).EnumerateArray().ToList();
        after.Single(u => u.GetProperty("id").GetGuid() == editorId).GetProperty("isActive").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task TheUsers_AreTheFinanceBureaus_UnknownIs404_BureauUsersGet403()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var admin = await app.RootAsync();
        (await admin.GetAsync($"/api/host/bureaus/{a.Id}/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await admin.GetAsync($"/api/host/bureaus/{Guid.NewGuid()}/users")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await a.Admin.GetAsync($"/api/host/bureaus/{a.Id}/users")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await a.Admin.GetAsync($"/api/host/bureaus/{b.Id}/users")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.Anonymous().GetAsync($"/api/host/bureaus/{a.Id}/users")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static async Task PlanAsync(HttpClient client, string task, params (string Name, string Target, string Actual)[] indicators)
    {
        var plan = $"/api/bureau/performance/{Year}";
        var id = (await (await client.PostAsJsonAsync($"{plan}/tasks", new { number = 1, name = task, funds = 1_000m })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        foreach (var (name, target, actual) in indicators)
        {
            await (await client.PostAsJsonAsync($"{plan}/tasks/{id}/indicators", new { level1 = "产出", name, direction = "AtLeast", target, actual }))
                .ReadJsonAsync(HttpStatusCode.Created);
        }
    }

    private static List<string?> Tasks(JsonElement plan) => plan.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();

    private static List<(string? Name, bool Achieved, decimal? Score)> Indicators(JsonElement plan) =>
        plan.GetProperty("tasks").EnumerateArray().SelectMany(t => t.GetProperty("indicators").EnumerateArray())
            .Select(i => (i.GetProperty("name").GetString(), i.GetProperty("achieved").GetBoolean(),
                i.GetProperty("score").ValueKind == JsonValueKind.Null ? (decimal?)null : i.GetProperty("score").GetDecimal()))
            .ToList();

    private static string Roles(JsonElement user) => string.Join(",", user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
}
