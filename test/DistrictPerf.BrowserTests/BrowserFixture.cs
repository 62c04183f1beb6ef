using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// The real app on Kestrel (127.0.0.1, a free port) over a temporary SQLite folder with the demo
/// tenant, and a real headless Chromium (Debian's, installed by scripts/test.sh) driven by Playwright.
/// </summary>
public sealed class BrowserFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DemoPassword = "Demo@2026";
    private const string Chromium = "/usr/bin/chromium";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "districtperf-ui-" + Guid.NewGuid().ToString("N"));
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "districtperf-chromium-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public BrowserFixture() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowserContext Browser { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // The web application's files come from the build's static web assets (as in Development;
        // a published app has them in wwwroot).
        builder.UseStaticWebAssets();
        builder.UseSetting("Database:DataDirectory", _data);
        builder.UseSetting("Demo:Seed", "true");
        // Every test signs in from 127.0.0.1, many times a minute; SignInAbuseTests run the production limits.
        builder.UseSetting("Identity:SignIn:AddressLimit", "1000000");
        builder.UseSetting("Identity:SignIn:AccountAddressFailures", "1000000");
        builder.UseSetting("Identity:SignIn:AccountFailures", "1000000");
        builder.UseSetting("Startup:WarmUpRounds", "1"); // the warm-up's requests once, not 40 times while the browser works
        builder.UseSetting("Logging:Json", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The search index as the app makes it, behind a knob that can hold a rebuild (AdminPagesTests' cancel).
        builder.ConfigureServices(services =>
        {
            var index = services.Last(d => d.ServiceType == typeof(DistrictPerf.Modules.Search.Backends.ISearchBackend));
            services.Remove(index);
            services.AddSingleton(sp => new PausableSearchBackend((DistrictPerf.Modules.Search.Backends.ISearchBackend)index.ImplementationFactory!(sp)));
            services.AddSingleton<DistrictPerf.Modules.Search.Backends.ISearchBackend>(sp => sp.GetRequiredService<PausableSearchBackend>());
        });
    }

    public async Task InitializeAsync()
    {
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        File.Exists(Chromium).ShouldBeTrue($"{Chromium} is missing: apt-get install -y chromium fonts-wqy-microhei (scripts/test.sh does)");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Locale = "zh-CN",
            BaseURL = BaseAddress.ToString(),
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh page with no cookies and no stored language choice of earlier tests.</summary>
    public async Task<IPage> NewPageAsync()
    {
        await Browser.ClearCookiesAsync();
        var page = await Browser.NewPageAsync();
        await page.GotoAsync("/favicon.png"); // any page of the origin, to reach its storage
        await page.EvaluateAsync("() => localStorage.clear()");
        return page;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        Dispose();
        foreach (var folder in new[] { _data, _profile })
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Handles may linger a moment; the temp folder is cleaned by the OS.
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
