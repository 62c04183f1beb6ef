using System.Net;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.SharedKernel.Modules;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace DistrictPerf.IntegrationTests;

/// <summary>Authorization is the default: an endpoint that declares no rule is refused, never open by accident.</summary>
[Collection(ApiCollection.Name)]
public sealed class EndpointAuthorizationTests(AppFixture app, ITestOutputHelper output)
{
    [Fact]
    public void EveryEndpointOfTheApp_DeclaresItsRule()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        endpoints.Count.ShouldBeGreaterThan(80);
        var undeclared = endpoints
            .Where(e => !e.Metadata.Any(m => m is IAuthorizeData or IAllowAnonymous or AuthorizationPolicy))
            // MapStaticAssets' own catch-all for files (only ever a static file of the web application).
            .Where(e => e.RoutePattern.RawText != "{**path:file}")
            .Select(e => $"{e.RoutePattern.RawText} ({e.DisplayName})")
            .ToList();
        undeclared.ShouldBeEmpty();

        var anonymous = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(e => e.RoutePattern.RawText!).Order().ToList();
        output.WriteLine("anonymous: " + string.Join(", ", anonymous));
        // Public by declaration: sign-in and refresh, health, the API document and reference, the
        // Hangfire dashboard (its own host-administrator filter), the web application's files and shell,
        // and the 404 for unknown API addresses. Nothing else under /api.
        anonymous.Where(p => p.TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            .ShouldBe(["/api/auth/login", "/api/auth/refresh"], ignoreOrder: true);
        anonymous.ShouldContain("/health/live");
        anonymous.ShouldContain("/hangfire/{**path}");
    }

    [Fact]
    public async Task AnEndpointAddedWithoutARule_IsRefused_AndOneDeclaredAnonymousIsNot()
    {
        var guarded = AppFixture.With(s => s.AddSingleton<IModule>(new CarelessModule()));
        await guarded.InitializeAsync();
        try
        {
            var anonymous = guarded.Anonymous();
            (await anonymous.GetAsync("/api/careless/open")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await anonymous.GetAsync("/api/careless/declared-public")).StatusCode.ShouldBe(HttpStatusCode.OK);

            // Signed in is not enough either: no rule, no access.
            var root = await guarded.RootAsync();
            var refused = await root.GetAsync("/api/careless/open");
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await refused.Content.ReadAsStringAsync()).ShouldNotContain("the careless endpoint ran");

            // An unknown route is still a plain 404.
            (await anonymous.GetAsync("/api/careless/no-such-route")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        finally
        {
            await ((IAsyncLifetime)guarded).DisposeAsync();
        }
    }

    /// <summary>A module whose author forgot RequirePermission on one endpoint.</summary>
    internal sealed class CarelessModule : IModule
    {
        public string Name => "Careless";

        public IReadOnlyCollection<string> Permissions => [];

        public void AddServices(ModuleServices module)
        {
        }

        public void MapEndpoints(ModuleEndpoints endpoints)
        {
            endpoints.Api.MapGet("/careless/open", () => "the careless endpoint ran");
            endpoints.Api.MapGet("/careless/declared-public", () => "public on purpose").AllowAnonymous();
        }
    }
}
