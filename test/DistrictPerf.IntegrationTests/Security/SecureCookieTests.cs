using System.Net;
using System.Net.Http.Json;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests.Security;

/// <summary>
/// The sign-in cookie over plain HTTP on 127.0.0.1, as behind an ingress that ends TLS: <c>Secure</c>
/// when a trusted proxy says the request was HTTPS (<c>X-Forwarded-Proto: https</c> with
/// <c>ForwardedHeaders:Enabled</c>; the test client's 127.0.0.1 is the trusted proxy, as the
/// default trusts loopback), not when the header is absent, ignored when forwarded headers are off
/// or the sender is not a configured proxy, and always with <c>Cookies:RequireSecure</c>.
/// </summary>
public sealed class SecureCookieTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("districtperf-cookie-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<AppFixture> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Database:DataDirectory"] = Path.Combine(_folder, "data-" + Guid.NewGuid().ToString("N"));
        var app = AppFixture.WithSettings(settings);
        await app.InitializeAsync();
        return app;
    }

    /// <summary>Signs the root user in with a cookie (as the web application does) and returns the auth cookie's Set-Cookie header.</summary>
    private static async Task<string> SignInCookieAsync(AppFixture app, string? forwardedProto)
    {
        using var client = app.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login?useCookies=true")
        {
            Content = JsonContent.Create(new { bureauCode = (string?)null, userName = AppFixture.RootUser, password = AppFixture.RootPassword }),
        };
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        }

        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("DistrictPerf.Auth=", StringComparison.Ordinal));
    }

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';', StringSplitOptions.TrimEntries).Any(a => a.Equals("secure", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task ForwardedHeadersEnabled_HttpsForwardedByTheProxy_MakesTheCookieSecure_AndItStillSignsIn()
    {
        await using var app = await StartAsync(new() { ["ForwardedHeaders:Enabled"] = "true" });

        var behindTls = await SignInCookieAsync(app, "https");
        IsSecure(behindTls).ShouldBeTrue(behindTls);

        var plain = await SignInCookieAsync(app, forwardedProto: null);
        IsSecure(plain).ShouldBeFalse(plain); // the http dev run (127.0.0.1:5080) keeps working in a browser

        // The Secure cookie signs the user in on the next request through the proxy.
        using var client = app.Anonymous();
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        me.Headers.Add("Cookie", behindTls.Split(';')[0]);
        me.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(me);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ForwardedHeadersDisabled_TheHeaderIsIgnored()
    {
        // The default: anyone could send X-Forwarded-Proto, so it is not believed.
        await using var app = await StartAsync([]);

        var setCookie = await SignInCookieAsync(app, "https");
        IsSecure(setCookie).ShouldBeFalse(setCookie);
    }

    [Fact]
    public async Task ForwardedHeadersEnabled_FromAnAddressOutsideTheKnownNetworks_TheHeaderIsIgnored()
    {
        // Only the configured pod network is trusted; the request comes from 127.0.0.1.
        await using var app = await StartAsync(new()
        {
            ["ForwardedHeaders:Enabled"] = "true",
            ["ForwardedHeaders:KnownNetworks:0"] = "10.244.0.0/16",
        });

        var setCookie = await SignInCookieAsync(app, "https");
        IsSecure(setCookie).ShouldBeFalse(setCookie);
    }

    [Fact]
    public async Task ForwardedHeadersEnabled_WithLoopbackAmongTheKnownNetworks_GivenAsOneCommaSeparatedValue_TheHeaderIsBelieved()
    {
        await using var app = await StartAsync(new()
        {
            ["ForwardedHeaders:Enabled"] = "true",
            ["ForwardedHeaders:KnownNetworks"] = "10.244.0.0/16, 127.0.0.0/8",
        });

        var setCookie = await SignInCookieAsync(app, "https");
        IsSecure(setCookie).ShouldBeTrue(setCookie);
    }

    [Fact]
    public async Task RequireSecure_MakesTheCookieSecureEvenOverPlainHttp()
    {
        await using var app = await StartAsync(new() { ["Cookies:RequireSecure"] = "true" });

        var setCookie = await SignInCookieAsync(app, forwardedProto: null);
        IsSecure(setCookie).ShouldBeTrue(setCookie);
    }

    [Fact]
    public async Task AKnownNetworkThatIsNotCidr_StopsStartUp()
    {
        var app = AppFixture.WithSettings(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = Path.Combine(_folder, "bad"),
            ["ForwardedHeaders:Enabled"] = "true",
            ["ForwardedHeaders:KnownNetworks:0"] = "pod-network",
        });
        try
        {
            var error = await Should.ThrowAsync<InvalidOperationException>(app.InitializeAsync);
            error.Message.ShouldContain("ForwardedHeaders:KnownNetworks");
        }
        finally
        {
            app.Dispose();
        }
    }
}
