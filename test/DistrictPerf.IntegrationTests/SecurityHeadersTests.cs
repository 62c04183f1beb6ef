using System.Net;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests;

/// <summary>Every response carries the security headers, and no server banner; HSTS behind a TLS ingress.</summary>
[Collection(ApiCollection.Name)]
public sealed class SecurityHeadersTests(AppFixture app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/dashboard")]
    [InlineData("/api/auth/me")]
    [InlineData("/api/no-such-endpoint")]
    [InlineData("/health/live")]
    public async Task EveryResponse_CarriesTheSecurityHeaders_AndNoServerBanner(string path)
    {
        var response = await app.Anonymous().GetAsync(path);
        response.Headers.Contains("Server").ShouldBeFalse(string.Join(",", response.Headers.Select(h => h.Key)));
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("same-origin");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("script-src 'self' 'wasm-unsafe-eval'");
        csp.ShouldNotContain("'unsafe-eval'"); // only wasm-unsafe-eval
        response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse(); // plain http: no HSTS
    }

    [Fact]
    public async Task TheJobsDashboard_GetsTheToolsPolicy_NotTheAppsScriptPolicy()
    {
        var response = await app.Anonymous().GetAsync("/hangfire");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldNotContain("script-src");
    }

    [Fact]
    public async Task BehindATlsIngress_Hsts_IsSent()
    {
        await using var behindProxy = AppFixture.WithSettings(new Dictionary<string, string?> { ["ForwardedHeaders:Enabled"] = "true" });
        await behindProxy.InitializeAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = "perf.example.gov.cn"; // HSTS is never sent for localhost
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await behindProxy.Anonymous().SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Strict-Transport-Security").Single().ShouldContain("max-age=31536000");
    }
}
