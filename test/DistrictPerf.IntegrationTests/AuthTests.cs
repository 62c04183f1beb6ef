using System.Net;
using System.Net.Http.Json;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests;

[Collection(ApiCollection.Name)]
public sealed class AuthTests(AppFixture app)
{
    [Theory]
    [InlineData("GET", "/api/bureau/profile")]
    [InlineData("PUT", "/api/bureau/profile")]
    [InlineData("GET", "/api/users")]
    [InlineData("POST", "/api/users")]
    [InlineData("GET", "/api/host/bureaus")]
    [InlineData("POST", "/api/host/bureaus")]
    [InlineData("GET", "/api/audit-logs")]
    [InlineData("GET", "/api/host/audit-logs")]
    [InlineData("GET", "/api/auth/me")]
    public async Task Anonymous_GetsProblem401(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "PUT" or "POST")
        {
            request.Content = JsonContent.Create(new { });
        }

        var response = await app.Anonymous().SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task WrongRole_GetsProblem403()
    {
        var bureau = await app.CreateBureauAsync();
        var (_, viewer) = await bureau.AddUserAsync("viewer1", "Viewer");
        var (_, editor) = await bureau.AddUserAsync("editor1", "BureauEditor");

        await (await viewer.PutAsJsonAsync("/api/bureau/profile", new { })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await editor.PostAsJsonAsync("/api/users", new { userName = "x" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await bureau.Admin.GetAsync("/api/host/bureaus")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await bureau.Admin.GetAsync("/api/host/audit-logs")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        await (await reviewer.PostAsJsonAsync("/api/host/bureaus", new { code = "X" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task WrongPasswords_DoNotLockTheAccount()
    {
        // No account-wide lockout (anyone could lock anyone out); Security/SignInAbuseTests hold the limits.
        var bureau = await app.CreateBureauAsync();
        await bureau.AddUserAsync("locky", "BureauEditor");
        var client = app.Anonymous();

        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var failed = await client.PostAsJsonAsync("/api/auth/login", new { bureauCode = bureau.Code, userName = "locky", password = "Wrong#Pass1" });
            (await failed.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("code").GetString().ShouldBe("invalid_credentials");
        }

        var right = await client.PostAsJsonAsync("/api/auth/login", new { bureauCode = bureau.Code, userName = "locky", password = AppFixture.UserPassword });
        right.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SameUserNameInTwoBureaus_AreDifferentPeople()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();

        var meA = await (await a.Admin.GetAsync("/api/auth/me")).ReadJsonAsync();
        var meB = await (await b.Admin.GetAsync("/api/auth/me")).ReadJsonAsync();

        meA.GetProperty("userName").GetString().ShouldBe("admin");
        meB.GetProperty("userName").GetString().ShouldBe("admin");
        meA.GetProperty("id").GetGuid().ShouldNotBe(meB.GetProperty("id").GetGuid());
        meA.GetProperty("bureauId").GetGuid().ShouldBe(a.Id);
        meB.GetProperty("bureauId").GetGuid().ShouldBe(b.Id);
        meA.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()).ShouldNotContain("Host.Bureaus.View");
    }

    [Fact]
    public async Task WrongBureauCode_CannotSignIn()
    {
        var a = await app.CreateBureauAsync();
        var response = await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { bureauCode = "NO-SUCH", userName = "admin", password = AppFixture.UserPassword });
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        // A bureau user cannot sign in as a host user by leaving the code out.
        var asHost = await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = AppFixture.UserPassword });
        await asHost.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        a.Code.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task CookieSignIn_WorksForTheWebUi_AndLogoutEndsIt()
    {
        var bureau = await app.CreateBureauAsync();
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = app.BaseAddress, HandleCookies = true, AllowAutoRedirect = false });

        var login = await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { bureauCode = bureau.Code, userName = "admin", password = AppFixture.UserPassword });
        login.StatusCode.ShouldBe(HttpStatusCode.OK, await login.Content.ReadAsStringAsync());
        login.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("DistrictPerf.Auth=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));

        var profile = await (await client.GetAsync("/api/bureau/profile")).ReadJsonAsync();
        profile.GetProperty("bureauId").GetGuid().ShouldBe(bureau.Id);

        (await client.PostAsync("/api/auth/logout", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await client.GetAsync("/api/bureau/profile")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RefreshToken_IssuesANewAccessToken()
    {
        var bureau = await app.CreateBureauAsync();
        var client = app.Anonymous();
        var login = await (await client.PostAsJsonAsync("/api/auth/login", new { bureauCode = bureau.Code, userName = "admin", password = AppFixture.UserPassword })).ReadJsonAsync();

        var refreshed = await (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() })).ReadJsonAsync();
        client.DefaultRequestHeaders.Authorization = new("Bearer", refreshed.GetProperty("accessToken").GetString());

        var me = await (await client.GetAsync("/api/auth/me")).ReadJsonAsync();
        me.GetProperty("bureauId").GetGuid().ShouldBe(bureau.Id);

        var bogus = await app.Anonymous().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "not-a-token" });
        await bogus.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DeactivatedUser_CannotSignIn()
    {
        var bureau = await app.CreateBureauAsync();
        var (id, _) = await bureau.AddUserAsync("leaver", "BureauEditor");
        var user = await (await bureau.Admin.GetAsync($"/api/users/{id}")).ReadJsonAsync();

        var update = await bureau.Admin.PutAsJsonAsync($"/api/users/{id}", new
        {
            displayName = "离职人员",
            roles = new[] { "BureauEditor" },
            isActive = false,
            concurrencyStamp = user.GetProperty("concurrencyStamp").GetString(),
        });
        update.StatusCode.ShouldBe(HttpStatusCode.OK, await update.Content.ReadAsStringAsync());

        var login = await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { bureauCode = bureau.Code, userName = "leaver", password = AppFixture.UserPassword });
        await login.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ABearerToken_StopsWorking_WhenItsUserIsDeactivated_OrLosesARole()
    {
        var bureau = await app.CreateBureauAsync();
        async Task<HttpClient> TokenClient(string userName)
        {
            var login = await (await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { bureauCode = bureau.Code, userName, password = AppFixture.UserPassword })).ReadJsonAsync();
            var client = app.Anonymous();
            client.DefaultRequestHeaders.Authorization = new("Bearer", login.GetProperty("accessToken").GetString());
            return client;
        }

        async Task Update(Guid id, string[] roles, bool isActive)
        {
            var user = await (await bureau.Admin.GetAsync($"/api/users/{id}")).ReadJsonAsync();
            var update = await bureau.Admin.PutAsJsonAsync($"/api/users/{id}", new { displayName = "用户", roles, isActive, concurrencyStamp = user.GetProperty("concurrencyStamp").GetString() });
            update.StatusCode.ShouldBe(HttpStatusCode.OK, await update.Content.ReadAsStringAsync());
            // No delay: every request re-checks the token's user.
        }

        var (leaverId, _) = await bureau.AddUserAsync("leaver2", "BureauEditor");
        var leaver = await TokenClient("leaver2");
        (await leaver.GetAsync("/api/bureau/profile")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Update(leaverId, ["BureauEditor"], isActive: false);
        await (await leaver.GetAsync("/api/bureau/profile")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        var (editorId, _) = await bureau.AddUserAsync("demoted", "BureauEditor");
        var editor = await TokenClient("demoted");
        (await editor.GetAsync("/api/bureau/profile")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Update(editorId, ["Viewer"], isActive: true);
        await (await editor.GetAsync("/api/bureau/profile")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized); // signs in again to get the new roles
        var fresh = await TokenClient("demoted");
        (await fresh.GetAsync("/api/bureau/profile")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
