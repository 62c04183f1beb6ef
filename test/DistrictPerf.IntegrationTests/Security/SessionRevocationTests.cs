using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests.Security;

/// <summary>
/// Sessions end at once: refresh tokens are good once (a replay ends the token family), sign-out ends
/// the refresh token and every copy of the cookie, and a deactivated user's token and cookie are
/// refused on the very next request (no re-check interval).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SessionRevocationTests(AppFixture app)
{
    private async Task<JsonElement> BearerLoginAsync(string? bureauCode, string userName, string password) =>
        await (await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { bureauCode, userName, password })).ReadJsonAsync();

    /// <summary>Signs in with a cookie and returns the cookie as a request header value (a copy anyone could replay).</summary>
    private async Task<string> CookieLoginAsync(string? bureauCode, string userName, string password)
    {
        using var response = await app.Anonymous().PostAsJsonAsync("/api/auth/login?useCookies=true", new { bureauCode, userName, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("DistrictPerf.Auth=", StringComparison.Ordinal));
        return setCookie.Split(';')[0];
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = null, string? cookie = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return app.Anonymous().SendAsync(request);
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        app.Anonymous().PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

    [Fact]
    public async Task ARefreshToken_IsGoodOnce_AndItsReplayEndsTheFamily()
    {
        var bureau = await app.CreateBureauAsync();
        var login = await BearerLoginAsync(bureau.Code, "admin", AppFixture.UserPassword);
        var first = login.GetProperty("refreshToken").GetString()!;

        var rotated = await (await RefreshAsync(first)).ReadJsonAsync();
        var second = rotated.GetProperty("refreshToken").GetString()!;
        second.ShouldNotBe(first);
        var access = rotated.GetProperty("accessToken").GetString()!;
        (await SendAsync(HttpMethod.Get, "/api/auth/me", token: access)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The replay is refused and ends the family: the rotated refresh token and its access token too.
        (await (await RefreshAsync(first)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("code").GetString().ShouldBe("invalid_credentials");
        await (await RefreshAsync(second)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await SendAsync(HttpMethod.Get, "/api/auth/me", token: access)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        // Other sessions of the same user are not affected.
        var other = await BearerLoginAsync(bureau.Code, "admin", AppFixture.UserPassword);
        (await RefreshAsync(other.GetProperty("refreshToken").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_EndsTheRefreshToken_AndEveryCopyOfTheCookie_AtOnce()
    {
        var bureau = await app.CreateBureauAsync();

        var login = await BearerLoginAsync(bureau.Code, "admin", AppFixture.UserPassword);
        var access = login.GetProperty("accessToken").GetString()!;
        var refresh = login.GetProperty("refreshToken").GetString()!;
        (await SendAsync(HttpMethod.Post, "/api/auth/logout", token: access)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await SendAsync(HttpMethod.Get, "/api/auth/me", token: access)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await RefreshAsync(refresh)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        var cookie = await CookieLoginAsync(bureau.Code, "admin", AppFixture.UserPassword);
        var copy = cookie; // e.g. taken from the browser before sign-out
        (await SendAsync(HttpMethod.Get, "/api/bureau/profile", cookie: copy)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Post, "/api/auth/logout", cookie: cookie)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await SendAsync(HttpMethod.Get, "/api/bureau/profile", cookie: copy)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        // The bureau admin's other session (the fixture's bearer client) goes on.
        (await bureau.Admin.GetAsync("/api/bureau/profile")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ADeactivatedUser_IsRefused_OnTheNextRequest_WithTokenOrCookie()
    {
        var bureau = await app.CreateBureauAsync();
        var (id, _) = await bureau.AddUserAsync("leaver3", "BureauEditor");
        var token = (await BearerLoginAsync(bureau.Code, "leaver3", AppFixture.UserPassword)).GetProperty("accessToken").GetString()!;
        var cookie = await CookieLoginAsync(bureau.Code, "leaver3", AppFixture.UserPassword);
        (await SendAsync(HttpMethod.Get, "/api/bureau/profile", token: token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Get, "/api/bureau/profile", cookie: cookie)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var user = await (await bureau.Admin.GetAsync($"/api/users/{id}")).ReadJsonAsync();
        var update = await bureau.Admin.PutAsJsonAsync($"/api/users/{id}", new
        {
            displayName = "离职", roles = new[] { "BureauEditor" }, isActive = false,
            concurrencyStamp = user.GetProperty("concurrencyStamp").GetString(),
        });
        update.StatusCode.ShouldBe(HttpStatusCode.OK, await update.Content.ReadAsStringAsync());

        // No delay: the very next request is refused.
        await (await SendAsync(HttpMethod.Get, "/api/bureau/profile", token: token)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await SendAsync(HttpMethod.Get, "/api/bureau/profile", cookie: cookie)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ChangingOnesPassword_KeepsThisCookieSession_AndEndsTheOthers()
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.AddUserAsync("mover", "BureauEditor");
        var token = (await BearerLoginAsync(bureau.Code, "mover", AppFixture.UserPassword)).GetProperty("accessToken").GetString()!;
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = app.BaseAddress, HandleCookies = true, AllowAutoRedirect = false });
        (await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { bureauCode = bureau.Code, userName = "mover", password = AppFixture.UserPassword })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var change = await client.PostAsJsonAsync("/api/auth/change-password", new { currentPassword = AppFixture.UserPassword, newPassword = "Moved#Pass2026", confirmPassword = "Moved#Pass2026" });
        change.StatusCode.ShouldBe(HttpStatusCode.NoContent, await change.Content.ReadAsStringAsync());

        (await client.GetAsync("/api/bureau/profile")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await SendAsync(HttpMethod.Get, "/api/bureau/profile", token: token)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}
