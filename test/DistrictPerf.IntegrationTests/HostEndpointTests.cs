using System.Net;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests;

[Collection(ApiCollection.Name)]
public sealed class HostEndpointTests(AppFixture app)
{
    [Fact]
    public async Task TheServerListensOnLoopback()
    {
        var client = app.Anonymous();
        client.BaseAddress!.Host.ShouldBe("127.0.0.1");
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task HealthReady_ChecksTheDatabase()
    {
        // Ready once the start-up warm-up has run (WarmUpTests).
        var response = await app.Anonymous().GetAsync("/health/ready");
        for (var i = 0; i < 120 && response.StatusCode != HttpStatusCode.OK; i++)
        {
            await Task.Delay(500);
            response = await app.Anonymous().GetAsync("/health/ready");
        }

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        var response = await app.Anonymous().GetAsync("/openapi/v1.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/auth/login", "/api/host/bureaus", "/api/host/bureaus/{id}", "/api/bureau/profile", "/api/users", "/api/audit-logs" })
        {
            paths.TryGetProperty(path, out _).ShouldBeTrue(path);
        }

        (await app.Anonymous().GetAsync("/scalar")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DataProtectionKeys_AreKeptInTheDatabase_AndNeverAudited()
    {
        await app.RootAsync();
        (await app.CountAllAsync<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>()).ShouldBeGreaterThan(0);
        var audited = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.Set<SharedKernel.Auditing.AuditLogEntry>()),
            e => e.EntityType == "DataProtectionKey"));
        audited.ShouldBe(0);
    }

    [Fact]
    public async Task OpenApi_DeclaresTheBearerScheme()
    {
        var doc = JsonDocument.Parse(await app.Anonymous().GetStringAsync("/openapi/v1.json")).RootElement;
        doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString().ShouldBe("bearer");
    }

    [Fact]
    public async Task UnknownRoute_IsAProblem404()
    {
        var response = await app.Anonymous().GetAsync("/api/no-such-thing");
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        response.Headers.Contains("X-Request-Id").ShouldBeTrue();
    }
}
