using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// A bureau of its own for a test (created by the finance bureau's administrator through the API, with an
/// administrator, an editor and a viewer; the demo password), so that its budget collides with no other test.
/// </summary>
internal sealed class FreshBureau
{
    private FreshBureau(string code, HttpClient admin)
    {
        Code = code;
        Admin = admin;
    }

    public string Code { get; }

    /// <summary>The bureau's administrator, signed in with a bearer token.</summary>
    public HttpClient Admin { get; }

    private static readonly HashSet<string> Taken = [];

    public static async Task<FreshBureau> CreateAsync(BrowserFixture app, string code, string name)
    {
        // The tests share one app: a code or name used twice would make one test read another's department (the
        // dashboard's charts name departments by name).
        lock (Taken)
        {
            if (!Taken.Add($"{app.BaseAddress} code:{code}") || !Taken.Add($"{app.BaseAddress} name:{name}"))
            {
                throw new InvalidOperationException($"{code} {name}: another test already created a department with this code or name; pick another");
            }
        }

        var host = await SignInAsync(app, null, "admin");
        var created = await host.PostAsJsonAsync("/api/host/bureaus", new
        {
            code,
            name,
            district = "广州市白云区",
            admin = new { userName = "admin", password = BrowserFixture.DemoPassword, displayName = "部门管理员" },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var admin = await SignInAsync(app, code, "admin");
        foreach (var (userName, displayName, role) in new[] { ("editor", "填报员", "BureauEditor"), ("viewer", "查阅员", "Viewer") })
        {
            var user = await admin.PostAsJsonAsync("/api/users", new { userName, password = BrowserFixture.DemoPassword, displayName, roles = new[] { role } });
            user.StatusCode.ShouldBe(HttpStatusCode.Created, await user.Content.ReadAsStringAsync());
        }

        return new FreshBureau(code, admin);
    }

    /// <summary>Adds a budget line; returns its id.</summary>
    public async Task<Guid> AddLineAsync(int year, string code, string name, string kind, decimal initial)
    {
        var response = await Admin.PostAsJsonAsync($"/api/bureau/budgets/{year}/lines", new { code, name, kind, fundingSource = "一般公共预算拨款", initial });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Enters a spending entry on a line (date "yyyy-MM-dd", of an open month).</summary>
    public async Task SpendAsync(int year, Guid lineId, string date, decimal amount, string voucherRef)
    {
        var response = await Admin.PostAsJsonAsync($"/api/bureau/budgets/{year}/spending", new { date, lineId, amount, voucherRef });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpClient> SignInAsync(BrowserFixture app, string? bureauCode, string userName)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress };
        var response = await client.PostAsJsonAsync("/api/auth/login", new { bureauCode, userName, password = BrowserFixture.DemoPassword });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var token = JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
