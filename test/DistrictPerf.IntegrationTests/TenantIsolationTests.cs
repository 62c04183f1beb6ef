using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests;

/// <summary>No request may show or change one bureau's data to another bureau.</summary>
[Collection(ApiCollection.Name)]
public sealed class TenantIsolationTests(AppFixture app)
{
    [Fact]
    public async Task BureauUser_Gets404_ForEveryOtherBureauUserResource()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var (bUserId, _) = await b.AddUserAsync("staff", "BureauEditor");
        var bUser = await (await b.Admin.GetAsync($"/api/users/{bUserId}")).ReadJsonAsync();
        var stamp = bUser.GetProperty("concurrencyStamp").GetString();

        await (await a.Admin.GetAsync($"/api/users/{bUserId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await a.Admin.PutAsJsonAsync($"/api/users/{bUserId}", new { displayName = "hijack", roles = new[] { "Viewer" }, isActive = false, concurrencyStamp = stamp }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await a.Admin.PostAsJsonAsync($"/api/users/{bUserId}/reset-password", new { newPassword = "Hijack#Pass99" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await a.Admin.DeleteAsync($"/api/users/{bUserId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        // B's user is untouched and can still sign in with the old password.
        var after = await (await b.Admin.GetAsync($"/api/users/{bUserId}")).ReadJsonAsync();
        after.GetProperty("isActive").GetBoolean().ShouldBeTrue();
        after.GetProperty("concurrencyStamp").GetString().ShouldBe(stamp);
        await app.SignInAsync(b.Code, "staff", AppFixture.UserPassword);
    }

    [Fact]
    public async Task Lists_ShowOnlyTheOwnBureau()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        await a.AddUserAsync("onlya", "Viewer");
        await b.AddUserAsync("onlyb", "Viewer");

        var users = await (await a.Admin.GetAsync("/api/users")).ReadJsonAsync();
        users.EnumerateArray().Select(u => u.GetProperty("userName").GetString()).Order().ShouldBe(["admin", "onlya"]);

        var log = await (await a.Admin.GetAsync("/api/audit-logs?pageSize=200")).ReadJsonAsync();
        var items = log.GetProperty("items").EnumerateArray().ToList();
        items.ShouldNotBeEmpty();
        items.ShouldAllBe(e => e.GetProperty("bureauId").GetGuid() == a.Id);

        var profile = await (await a.Admin.GetAsync("/api/bureau/profile")).ReadJsonAsync();
        profile.GetProperty("bureauId").GetGuid().ShouldBe(a.Id);
    }

    [Fact]
    public async Task ProfileUpdate_InOneBureau_LeavesTheOtherAlone()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var before = await b.Admin.GetStringAsync("/api/bureau/profile");

        var profile = await (await a.Admin.GetAsync("/api/bureau/profile")).ReadJsonAsync();
        var put = await a.Admin.PutAsJsonAsync("/api/bureau/profile", new
        {
            overview = "A 局",
            sections = new[] { new { name = "办公室" } },
            subordinateUnits = Array.Empty<object>(),
            duties = new[] { "职能一" },
            concurrencyStamp = profile.GetProperty("concurrencyStamp").GetString(),
        });
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());

        (await b.Admin.GetStringAsync("/api/bureau/profile")).ShouldBe(before);
    }

    [Fact]
    public async Task BureauUser_CannotSwitchBureauWithTheTenantHeader()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();

        foreach (var value in new[] { b.Id.ToString(), b.Code })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/bureau/profile");
            request.Headers.Add("__tenant", value);
            await (await a.Admin.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        // Naming the own bureau is harmless.
        var own = new HttpRequestMessage(HttpMethod.Get, "/api/bureau/profile");
        own.Headers.Add("__tenant", a.Code);
        (await (await a.Admin.SendAsync(own)).ReadJsonAsync()).GetProperty("bureauId").GetGuid().ShouldBe(a.Id);
    }

    [Fact]
    public async Task HostUserWithoutActInBureauPermission_SeesNoBureauData()
    {
        var b = await app.CreateBureauAsync();
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");

        await (await reviewer.GetAsync("/api/bureau/profile")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reviewer.GetAsync("/api/users")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reviewer.GetAsync("/api/audit-logs")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/bureau/profile");
        request.Headers.Add("__tenant", b.Code);
        await (await reviewer.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        // Host cross-bureau reads work, but only through host endpoints.
        var profile = await (await reviewer.GetAsync($"/api/host/bureaus/{b.Id}/profile")).ReadJsonAsync();
        profile.GetProperty("bureauId").GetGuid().ShouldBe(b.Id);
        var list = await (await reviewer.GetAsync("/api/host/bureaus")).ReadJsonAsync();
        list.EnumerateArray().ShouldContain(x => x.GetProperty("id").GetGuid() == b.Id);
    }

    [Fact]
    public async Task HostAdmin_OnTheHost_SeesHostUsersOnly_AndActsInABureauOnlyThroughTheHeader()
    {
        var b = await app.CreateBureauAsync();
        var (bUser, _) = await b.AddUserAsync("visible", "Viewer");
        var root = await app.RootAsync();

        var hostUsers = await (await root.GetAsync("/api/users")).ReadJsonAsync();
        hostUsers.EnumerateArray().ShouldNotContain(u => u.GetProperty("id").GetGuid() == bUser);
        await (await root.GetAsync($"/api/users/{bUser}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await root.GetAsync("/api/bureau/profile")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var inBureau = new HttpRequestMessage(HttpMethod.Get, "/api/users");
        inBureau.Headers.Add("__tenant", b.Id.ToString());
        var bureauUsers = await (await root.SendAsync(inBureau)).ReadJsonAsync();
        bureauUsers.EnumerateArray().Select(u => u.GetProperty("id").GetGuid()).ShouldContain(bUser);
        bureauUsers.EnumerateArray().ShouldAllBe(u => u.GetProperty("userName").GetString() != AppFixture.RootUser);
    }

    [Fact]
    public async Task UnknownOrDisabledBureau_InTheHeader_IsAProblem_NeverAFallbackToTheHost()
    {
        var root = await app.RootAsync();
        var unknown = new HttpRequestMessage(HttpMethod.Get, "/api/users");
        unknown.Headers.Add("__tenant", Guid.NewGuid().ToString());
        await (await root.SendAsync(unknown)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var b = await app.CreateBureauAsync();
        var bureau = await (await root.GetAsync($"/api/host/bureaus/{b.Id}")).ReadJsonAsync();
        var disable = await root.PostAsJsonAsync($"/api/host/bureaus/{b.Id}/disable", new { concurrencyStamp = bureau.GetProperty("concurrencyStamp").GetString() });
        disable.StatusCode.ShouldBe(HttpStatusCode.OK, await disable.Content.ReadAsStringAsync());

        var disabled = new HttpRequestMessage(HttpMethod.Get, "/api/users");
        disabled.Headers.Add("__tenant", b.Code);
        await (await root.SendAsync(disabled)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        // The disabled bureau's own users are refused too, on existing tokens and at sign-in.
        await (await b.Admin.GetAsync("/api/bureau/profile")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var login = await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { bureauCode = b.Code, userName = "admin", password = AppFixture.UserPassword });
        await login.ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        // Re-enabled, it works again.
        var current = await (await root.GetAsync($"/api/host/bureaus/{b.Id}")).ReadJsonAsync();
        current.GetProperty("isActive").GetBoolean().ShouldBeFalse();
        var enable = await root.PostAsJsonAsync($"/api/host/bureaus/{b.Id}/enable", new { concurrencyStamp = current.GetProperty("concurrencyStamp").GetString() });
        enable.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await b.Admin.GetAsync("/api/bureau/profile")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task HostAuditLog_FiltersByBureau_AndBureauLogNeverShowsHostEntries()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var root = await app.RootAsync();

        var forA = await (await root.GetAsync($"/api/host/audit-logs?bureauId={a.Id}&pageSize=200")).ReadJsonAsync();
        var entries = forA.GetProperty("items").EnumerateArray().ToList();
        entries.ShouldNotBeEmpty();
        // A's own rows, and the host's rows about A itself (its register entry, which carries no bureau).
        entries.ShouldAllBe(e => e.GetProperty("bureauId").ValueKind == JsonValueKind.String
            ? e.GetProperty("bureauId").GetGuid() == a.Id
            : e.GetProperty("entityType").GetString() == "Bureau" && e.GetProperty("entityId").GetString() == a.Id.ToString());
        entries.ShouldContain(e => e.GetProperty("bureauId").ValueKind == JsonValueKind.String);

        var bLog = await (await b.Admin.GetAsync("/api/audit-logs?pageSize=200")).ReadJsonAsync();
        bLog.GetProperty("items").EnumerateArray()
            .ShouldAllBe(e => e.GetProperty("bureauId").ValueKind == JsonValueKind.String && e.GetProperty("bureauId").GetGuid() == b.Id);
    }
}
