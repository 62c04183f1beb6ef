using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests.Security;

/// <summary>
/// CSRF: a write carrying the sign-in cookie must come from this site (Origin, else Sec-Fetch-Site,
/// else Referer); a cross-site one is refused with 403 and writes nothing. Same-origin cookie writes
/// and bearer writes (whatever their Origin) work.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CrossSiteRequestTests(AppFixture app)
{
    private const string Evil = "https://evil.example";

    private async Task<string> CookieAsync(string bureauCode)
    {
        using var response = await app.Anonymous().PostAsJsonAsync("/api/auth/login?useCookies=true", new { bureauCode, userName = "admin", password = AppFixture.UserPassword });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("DistrictPerf.Auth=", StringComparison.Ordinal)).Split(';')[0];
    }

    private string SameOrigin => app.BaseAddress.GetLeftPart(UriPartial.Authority);

    private Task<HttpResponseMessage> CreateUserAsync(string userName, string? cookie = null, string? token = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/users")
        {
            Content = JsonContent.Create(new { userName, password = AppFixture.UserPassword, roles = new[] { "Viewer" } }),
        };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return app.Anonymous().SendAsync(request);
    }

    private async Task<string[]> UserNamesAsync(TestBureau bureau) =>
        (await (await bureau.Admin.GetAsync("/api/users")).ReadJsonAsync()).EnumerateArray().Select(u => u.GetProperty("userName").GetString()!).ToArray();

    [Fact]
    public async Task ACrossSiteCookieWrite_IsRefused_WhileSameOriginAndBearerWritesWork()
    {
        var bureau = await app.CreateBureauAsync();
        var cookie = await CookieAsync(bureau.Code);

        var problem = await (await CreateUserAsync("evil1", cookie, headers: ("Origin", Evil))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("code").GetString().ShouldBe("cross_site_request");
        await (await CreateUserAsync("evil2", cookie, headers: ("Origin", "null"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await CreateUserAsync("evil3", cookie, headers: ("Sec-Fetch-Site", "cross-site"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await CreateUserAsync("evil4", cookie, headers: ("Referer", Evil + "/page"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        // Sign-out is a write too (a forced sign-out); so is a cookie sign-in from another site.
        using (var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout"))
        {
            logout.Headers.Add("Cookie", cookie);
            logout.Headers.Add("Origin", Evil);
            await (await app.Anonymous().SendAsync(logout)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var login = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login?useCookies=true"))
        {
            login.Content = JsonContent.Create(new { bureauCode = bureau.Code, userName = "admin", password = AppFixture.UserPassword });
            login.Headers.Add("Origin", Evil);
            await (await app.Anonymous().SendAsync(login)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        (await UserNamesAsync(bureau)).ShouldNotContain(n => n.StartsWith("evil", StringComparison.Ordinal));

        // The web application's own requests (same origin) and requests without browser headers work.
        (await CreateUserAsync("same1", cookie, headers: [("Origin", SameOrigin), ("Sec-Fetch-Site", "same-origin")])).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await CreateUserAsync("same2", cookie)).StatusCode.ShouldBe(HttpStatusCode.Created);

        // Bearer clients are not concerned, whatever their Origin.
        var token = (await (await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { bureauCode = bureau.Code, userName = "admin", password = AppFixture.UserPassword })).ReadJsonAsync())
            .GetProperty("accessToken").GetString();
        (await CreateUserAsync("bearer1", token: token, headers: ("Origin", Evil))).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await UserNamesAsync(bureau)).ShouldBe(["admin", "bearer1", "same1", "same2"], ignoreOrder: true);
    }

    [Fact]
    public async Task ACrossSiteCookieUpload_IsRefused()
    {
        var bureau = await app.CreateBureauAsync();
        var cookie = await CookieAsync(bureau.Code);
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent("项目编码,项目名称\n"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "budget.csv" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/bureau/budgets/2026/imports") { Content = content };
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Origin", Evil);

        var problem = await (await app.Anonymous().SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("code").GetString().ShouldBe("cross_site_request");
        (await (await bureau.Admin.GetAsync("/api/bureau/budgets/2026/imports")).ReadJsonAsync()).GetArrayLength().ShouldBe(0);
    }
}
