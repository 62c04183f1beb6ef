using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DistrictPerf.IntegrationTests;

/// <summary>
/// POST /api/auth/change-password: a signed-in user changes their own password. The current session
/// stays signed in; every other session of the user ends; nobody else's account is reachable.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ChangePasswordTests(AppFixture app)
{
    private const string NewPassword = "Changed#Pass2027";

    [Fact]
    public async Task Success_KeepsThisCookieSession_EndsTheOthers_AndOnlyTheNewPasswordSignsIn()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.AddUserAsync("mover", "BureauEditor");
        var cookie = await CookieClientAsync(bureau.Code, "mover", AppFixture.UserPassword);
        var other = await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { bureauCode = bureau.Code, userName = "mover", password = AppFixture.UserPassword });
        var otherTokens = await other.ReadJsonAsync();
        var bearer = app.Anonymous();
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", otherTokens.GetProperty("accessToken").GetString());
        (await bearer.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var changed = await cookie.PostAsJsonAsync("/api/auth/change-password", new { currentPassword = AppFixture.UserPassword, newPassword = NewPassword });
        changed.StatusCode.ShouldBe(HttpStatusCode.NoContent, await changed.Content.ReadAsStringAsync());
        // The caller's cookie is re-issued with the new security stamp: this session goes on.
        changed.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("DistrictPerf.Auth=", StringComparison.Ordinal));
        var me = await (await cookie.GetAsync("/api/auth/me")).ReadJsonAsync();
        me.GetProperty("userName").GetString().ShouldBe("mover");

        // The old password no longer signs in; the new one does.
        await (await Login(bureau.Code, "mover", AppFixture.UserPassword)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await Login(bureau.Code, "mover", NewPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The other session ends: its bearer token (re-checked every second here) and its refresh token.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await (await bearer.GetAsync("/api/auth/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var refresh = await app.Anonymous().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = otherTokens.GetProperty("refreshToken").GetString() });
        await refresh.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        // The cookie session still works after the change, and can change the password again.
        (await cookie.GetAsync("/api/bureau/profile")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WrongCurrentPassword_Is400AtCurrentPassword_AndNothingChanges()
    {
        var bureau = await app.CreateBureauAsync();
        var (_, client) = await bureau.AddUserAsync("forgetful", "Viewer");

        var response = await client.PostAsJsonAsync("/api/auth/change-password", new { currentPassword = "Wrong#Pass2026", newPassword = NewPassword });

        var problem = await response.ShouldBeValidationProblemAsync("currentPassword");
        problem.GetProperty("errors").GetProperty("currentPassword")[0].GetString().ShouldBe("当前密码不正确。");
        problem.GetProperty("errors").TryGetProperty("newPassword", out _).ShouldBeFalse();
        (await Login(bureau.Code, "forgetful", AppFixture.UserPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await Login(bureau.Code, "forgetful", NewPassword)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task WeakNewPassword_Is400AtNewPassword_WithThePolicysReasons_InTheRequestsLanguage()
    {
        var bureau = await app.CreateBureauAsync();
        var (_, client) = await bureau.AddUserAsync("weakling", "BureauEditor");

        var chinese = await client.PostAsJsonAsync("/api/auth/change-password", new { currentPassword = AppFixture.UserPassword, newPassword = "abc" });
        var zh = (await chinese.ShouldBeValidationProblemAsync("newPassword")).GetProperty("errors").GetProperty("newPassword").EnumerateArray().Select(e => e.GetString()).ToList();
        zh.ShouldContain("密码至少须 8 个字符。");
        zh.ShouldContain("密码须包含至少一个大写字母（A–Z）。");

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/change-password")
        {
            Content = JsonContent.Create(new { currentPassword = AppFixture.UserPassword, newPassword = "abc" }),
        };
        request.Headers.TryAddWithoutValidation("Accept-Language", "en-US").ShouldBeTrue();
        var english = await client.SendAsync(request);
        var en = (await english.ShouldBeValidationProblemAsync("newPassword")).GetProperty("errors").GetProperty("newPassword").EnumerateArray().Select(e => e.GetString()!).ToList();
        en.ShouldContain(m => m.Contains('8', StringComparison.Ordinal) && m.Contains("characters", StringComparison.OrdinalIgnoreCase));

        // The same password again is not a change; empty fields are named.
        await (await client.PostAsJsonAsync("/api/auth/change-password", new { currentPassword = AppFixture.UserPassword, newPassword = AppFixture.UserPassword }))
            .ShouldBeValidationProblemAsync("newPassword");
        var empty = await (await client.PostAsJsonAsync("/api/auth/change-password", new { })).ShouldBeValidationProblemAsync("currentPassword");
        empty.GetProperty("errors").TryGetProperty("newPassword", out _).ShouldBeTrue();

        (await Login(bureau.Code, "weakling", AppFixture.UserPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Anonymous_Is401()
    {
        var response = await app.Anonymous().PostAsJsonAsync("/api/auth/change-password", new { currentPassword = AppFixture.UserPassword, newPassword = NewPassword });
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AHostUser_ChangesTheirOwnPassword_AlsoWhileActingInABureau()
    {
        var bureau = await app.CreateBureauAsync();
        var root = await app.RootAsync();
        var userName = "h" + Guid.NewGuid().ToString("N")[..8];
        (await root.PostAsJsonAsync("/api/users", new { userName, password = AppFixture.UserPassword, roles = new[] { "HostAdmin" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var host = await app.SignInAsync(null, userName, AppFixture.UserPassword);

        // Acting inside the bureau (__tenant) does not make the bureau's account the target: the caller's own host account changes.
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/change-password")
        {
            Content = JsonContent.Create(new { currentPassword = AppFixture.UserPassword, newPassword = NewPassword }),
        };
        request.Headers.Add("__tenant", bureau.Code);
        var changed = await host.SendAsync(request);
        changed.StatusCode.ShouldBe(HttpStatusCode.NoContent, await changed.Content.ReadAsStringAsync());

        (await Login(null, userName, NewPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await Login(null, userName, AppFixture.UserPassword)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        // The bureau's administrator is untouched.
        (await Login(bureau.Code, "admin", AppFixture.UserPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ABureauUser_ChangesOnlyTheirOwnAccount_NeverOneOfAnotherBureau()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var (_, aUser) = await a.AddUserAsync("twin", "BureauAdmin");
        await b.AddUserAsync("twin", "BureauAdmin");

        // Naming the other bureau is refused before anything runs.
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/change-password")
        {
            Content = JsonContent.Create(new { currentPassword = AppFixture.UserPassword, newPassword = NewPassword }),
        };
        request.Headers.Add("__tenant", b.Code);
        await (await aUser.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await Login(a.Code, "twin", AppFixture.UserPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The body names no user: A's twin changes A's twin, and B's twin (same name, same password) keeps theirs.
        var changed = await aUser.PostAsJsonAsync("/api/auth/change-password", new { currentPassword = AppFixture.UserPassword, newPassword = NewPassword, userName = "twin", bureauCode = b.Code });
        changed.StatusCode.ShouldBe(HttpStatusCode.NoContent, await changed.Content.ReadAsStringAsync());
        (await Login(a.Code, "twin", NewPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Login(b.Code, "twin", AppFixture.UserPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await Login(b.Code, "twin", NewPassword)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private Task<HttpResponseMessage> Login(string? bureauCode, string userName, string password) =>
        app.Anonymous().PostAsJsonAsync("/api/auth/login", new { bureauCode, userName, password });

    private async Task<HttpClient> CookieClientAsync(string bureauCode, string userName, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = app.BaseAddress, HandleCookies = true, AllowAutoRedirect = false });
        var login = await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { bureauCode, userName, password });
        login.StatusCode.ShouldBe(HttpStatusCode.OK, await login.Content.ReadAsStringAsync());
        return client;
    }
}
