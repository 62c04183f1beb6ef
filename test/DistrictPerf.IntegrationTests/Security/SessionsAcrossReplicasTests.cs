using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Budgets;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.IntegrationTests.Reports;

namespace DistrictPerf.IntegrationTests.Security;

/// <summary>
/// A replica keeps the answers of its session checks and its bureau lookups in memory (issue 16), but only under the
/// data version the database holds: whatever ends a session or disables a bureau on one replica is refused by every
/// other replica on its very next request. Two app instances on one SQLite file; each test first makes "here" keep the
/// session (two requests), then changes it "there".
/// </summary>
public sealed class SessionsAcrossReplicasTests : IAsyncLifetime
{
    private AppFixture _here = null!;
    private AppFixture _there = null!;

    public async Task InitializeAsync()
    {
        _here = AppFixture.WithSettings(new Dictionary<string, string?>());
        await _here.InitializeAsync();
        _there = AppFixture.WithSettings(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = _here.DataDirectory,
            ["Search:LucenePath"] = "search-index-" + Guid.NewGuid().ToString("N"),
            ["Jobs:Server"] = "false",
        });
        await _there.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _there.DisposeAsync();
        await _here.DisposeAsync();
    }

    private static async Task<JsonElement> LoginAsync(AppFixture app, string? bureauCode, string userName) =>
        await (await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { bureauCode, userName, password = AppFixture.UserPassword })).ReadJsonAsync();

    private static Task<HttpResponseMessage> GetAsync(AppFixture app, string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return app.Anonymous().SendAsync(request);
    }

    /// <summary>Two good reads here: the second one is answered from the replica's memory of the session.</summary>
    private async Task KeptHereAsync(string token)
    {
        for (var i = 0; i < 2; i++)
        {
            (await GetAsync(_here, $"{BudgetApi.Base()}/figures", token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_sign_out_there_ends_the_token_here_at_once()
    {
        var bureau = await _here.CreateBureauAsync();
        var token = (await LoginAsync(_here, bureau.Code, "admin")).GetProperty("accessToken").GetString()!;
        await KeptHereAsync(token);

        var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
        logout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await _there.Anonymous().SendAsync(logout)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await GetAsync(_here, $"{BudgetApi.Base()}/figures", token)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        // The bureau's other sessions go on (the fixture's admin client signed in separately).
        (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/figures")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_user_deactivated_there_is_refused_here_on_the_next_request()
    {
        var bureau = await _here.CreateBureauAsync();
        var (id, _) = await bureau.AddUserAsync("leaver", "BureauEditor");
        var token = (await LoginAsync(_here, bureau.Code, "leaver")).GetProperty("accessToken").GetString()!;
        await KeptHereAsync(token);

        var adminThere = await _there.SignInAsync(bureau.Code, "admin", AppFixture.UserPassword);
        var user = await (await adminThere.GetAsync($"/api/users/{id}")).ReadJsonAsync();
        var update = await adminThere.PutAsJsonAsync($"/api/users/{id}", new
        {
            displayName = "离职", roles = new[] { "BureauEditor" }, isActive = false,
            concurrencyStamp = user.GetProperty("concurrencyStamp").GetString(),
        });
        update.StatusCode.ShouldBe(HttpStatusCode.OK, await update.Content.ReadAsStringAsync());

        await (await GetAsync(_here, $"{BudgetApi.Base()}/figures", token)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_refresh_token_replayed_there_ends_the_access_token_here()
    {
        var bureau = await _here.CreateBureauAsync();
        var login = await LoginAsync(_here, bureau.Code, "admin");
        var token = login.GetProperty("accessToken").GetString()!;
        var refresh = login.GetProperty("refreshToken").GetString()!;
        await KeptHereAsync(token);

        (await _there.Anonymous().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh })).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The access token of the first pair stays good after a normal rotation ...
        (await GetAsync(_here, $"{BudgetApi.Base()}/figures", token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // ... and a replay of the used refresh token ends the whole session, here too.
        await (await _there.Anonymous().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh })).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await GetAsync(_here, $"{BudgetApi.Base()}/figures", token)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_bureau_disabled_there_is_refused_here_at_once_and_its_new_name_is_seen_at_once()
    {
        var bureau = await _here.CreateBureauAsync("改名前的局");
        await bureau.Admin.CleanReportAsync();
        var token = (await LoginAsync(_here, bureau.Code, "admin")).GetProperty("accessToken").GetString()!;
        await KeptHereAsync(token);
        (await (await GetAsync(_here, "/api/bureau/reports/2021", token)).ReadJsonAsync()).GetProperty("bureauName").GetString().ShouldBe("改名前的局");

        var rootThere = await _there.RootAsync();
        var register = await (await rootThere.GetAsync($"/api/host/bureaus/{bureau.Id}")).ReadJsonAsync();
        (await rootThere.PutAsJsonAsync($"/api/host/bureaus/{bureau.Id}", new
        {
            name = "改名后的局", district = "广州市白云区", concurrencyStamp = register.GetProperty("concurrencyStamp").GetString(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await GetAsync(_here, "/api/bureau/reports/2021", token)).ReadJsonAsync()).GetProperty("bureauName").GetString().ShouldBe("改名后的局");

        register = await (await rootThere.GetAsync($"/api/host/bureaus/{bureau.Id}")).ReadJsonAsync();
        (await rootThere.PostAsJsonAsync($"/api/host/bureaus/{bureau.Id}/disable", new
        {
            concurrencyStamp = register.GetProperty("concurrencyStamp").GetString(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await (await GetAsync(_here, $"{BudgetApi.Base()}/figures", token)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        refused.GetProperty("code").GetString().ShouldBe("tenant.bureau_disabled");
    }
}
