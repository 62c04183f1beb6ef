using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.Host.Persistence;
using DistrictPerf.IntegrationTests.SqlServer;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests.Infrastructure;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 (random port) over a fresh SQLite file in a temp folder,
/// with a bootstrap host administrator, and SQL Server's retrying execution strategy (see <see cref="SqlServerStrategy"/>). Shared by the tests of the API collection; each test
/// creates its own bureaus with unique codes, so tests do not see each other's data.
/// </summary>
public sealed class AppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string RootUser = "root";
    public const string RootPassword = "Root#Pass2026";
    public const string UserPassword = "Bureau#Pass2026";

    public string DataDirectory { get; private init; } = Path.Combine(Path.GetTempPath(), "districtperf-it-" + Guid.NewGuid().ToString("N"));

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private Action<IServiceCollection>? _services;

    /// <summary>The app's service registrations (read by the SQL Server stand-in, which copies them).</summary>
    internal IServiceCollection AppServices { get; private set; } = null!;

    /// <summary>Transient failures injected into chosen statements (inert until armed).</summary>
    public TransientFaults Faults { get; } = new();

    /// <summary>
    /// The SQL Server provider's own retrying strategy (what <c>EnableRetryOnFailure</c> installs), on
    /// the SQLite test database: every API test then runs every write through the check that made
    /// nearly every write fail on SQL Server (a user transaction outside the strategy is refused),
    /// and through its retries (it retries what SQL Server calls transient, e.g. a TimeoutException).
    /// </summary>
    public static ExecutionStrategy SqlServerStrategy(ExecutionStrategyDependencies dependencies) =>
        new SqlServerRetryingExecutionStrategy(dependencies, maxRetryCount: 3, maxRetryDelay: TimeSpan.FromMilliseconds(20), errorNumbersToAdd: null);

    public AppFixture() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    /// <summary>A separate app with extra service registrations (e.g. a test module), applied after the app's own.</summary>
    public static AppFixture With(Action<IServiceCollection> services) => new() { _services = services };

    private IReadOnlyDictionary<string, string?>? _settings;

    /// <summary>A separate app on an existing data folder (e.g. a database copied there); the folder is deleted with the app.</summary>
    public static AppFixture OnDataDirectory(string directory) => new() { DataDirectory = directory };

    /// <summary>A separate app with extra configuration (e.g. <c>Database:Provider=SqlServer</c> for the live suite), applied after the tests' defaults.</summary>
    public static AppFixture WithSettings(IReadOnlyDictionary<string, string?> settings) => new() { _settings = settings };

    /// <summary>A separate app with extra configuration and extra service registrations.</summary>
    public static AppFixture WithSettings(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection> services) =>
        new() { _settings = settings, _services = services };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:DataDirectory", DataDirectory);
        builder.UseSetting("Bootstrap:HostAdminUserName", RootUser);
        builder.UseSetting("Bootstrap:HostAdminPassword", RootPassword);
        // The shared app signs in hundreds of times from 127.0.0.1; SignInAbuseTests run the production limits.
        // Queued imports, warning retries and recurring sweeps share the shared app's job server: four workers, so that
        // a test's job never waits behind other tests' retries (production: Jobs:WorkerCount, 2 by default).
        builder.UseSetting("Jobs:WorkerCount", "4");
        builder.UseSetting("Identity:SignIn:AddressLimit", "1000000");
        builder.UseSetting("Identity:SignIn:AccountAddressFailures", "1000000");
        builder.UseSetting("Identity:SignIn:AccountFailures", "1000000");
        // One round of the start-up warm-up's requests (production: 40, for the runtime's optimised code) — every test
        // app waits for it (InitializeAsync); WarmUpTests run more.
        builder.UseSetting("Startup:WarmUpRounds", "1");
        builder.UseSetting("Logging:Json", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning");
        builder.ConfigureServices(services =>
        {
            AppServices = services;
            services.ConfigureDbContext<SqliteDistrictPerfDbContext>(o => o.UseSqlite(s => s.ExecutionStrategy(SqlServerStrategy)).AddInterceptors(Faults), ServiceLifetime.Singleton);
        });
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }

        foreach (var (key, value) in _settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>The real address Kestrel listens on, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.Single());
        ClientOptions.BaseAddress = BaseAddress;
        // As a load balancer would (readiness): tests start once the start-up warm-up has sent its requests, so that
        // what they count (statements, decryptions) is theirs.
        await Services.GetRequiredService<DistrictPerf.Host.Infrastructure.WarmUp>().Completion.WaitAsync(TimeSpan.FromMinutes(2));
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite pooled handles may linger a moment; the temp folder is cleaned by the OS.
        }

        return Task.CompletedTask;
    }

    /// <summary>An HTTP client to the real server, not signed in.</summary>
    public HttpClient Anonymous()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = BaseAddress, AllowAutoRedirect = false, HandleCookies = false });
        return client;
    }

    /// <summary>Signs in through the API and returns a client carrying the bearer token.</summary>
    public async Task<HttpClient> SignInAsync(string? bureauCode, string userName, string password)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { bureauCode, userName, password });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var token = JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task<HttpClient> RootAsync() => SignInAsync(null, RootUser, RootPassword);

    /// <summary>Creates a bureau (with admin <c>admin</c>) and returns it with a signed-in admin client.</summary>
    public async Task<TestBureau> CreateBureauAsync(string? name = null)
    {
        var root = await RootAsync();
        var code = "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var response = await root.PostAsJsonAsync("/api/host/bureaus", new
        {
            code,
            name = name ?? $"测试局{code}",
            district = "广州市白云区",
            admin = new { userName = "admin", password = UserPassword, displayName = "管理员" },
        });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var json = JsonDocument.Parse(body).RootElement;
        var admin = await SignInAsync(code, "admin", UserPassword);
        return new TestBureau(this, json.GetProperty("id").GetGuid(), code, admin);
    }

    /// <summary>Creates a host (finance bureau) user with <paramref name="role"/> and signs them in.</summary>
    public async Task<HttpClient> CreateHostUserAsync(string role)
    {
        var root = await RootAsync();
        var userName = "h" + Guid.NewGuid().ToString("N")[..8];
        var created = await root.PostAsJsonAsync("/api/users", new { userName, password = UserPassword, roles = new[] { role } });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return await SignInAsync(null, userName, UserPassword);
    }

    /// <summary>Seeds the demo tenant (投促局 with its 2021 budget) into this app's database, once.</summary>
    public async Task SeedDemoAsync()
    {
        await _demoLock.WaitAsync();
        try
        {
            if (!_demoSeeded)
            {
                await using var scope = Services.CreateAsyncScope();
                await DistrictPerf.Host.Seeding.DemoData.SeedAsync(scope.ServiceProvider, CancellationToken.None);
                _demoSeeded = true;
            }
        }
        finally
        {
            _demoLock.Release();
        }
    }

    private readonly SemaphoreSlim _demoLock = new(1, 1);
    private bool _demoSeeded;

    /// <summary>Runs <paramref name="action"/> on a fresh DbContext as the host, tenant filter still on.</summary>
    internal async Task<T> WithDbAsync<T>(Func<DistrictPerfDbContext, Task<T>> action, Guid? tenant = null)
    {
        await using var scope = Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<ICurrentTenant>().Change(tenant);
        return await action(scope.ServiceProvider.GetRequiredService<DistrictPerfDbContext>());
    }

    /// <summary>Counts rows of <typeparamref name="T"/> across all bureaus.</summary>
    public Task<int> CountAllAsync<T>()
        where T : class =>
        WithDbAsync(db => db.Set<T>().IgnoreQueryFilters().CountAsync());
}

public sealed record TestBureau(AppFixture App, Guid Id, string Code, HttpClient Admin)
{
    /// <summary>Creates a user with <paramref name="role"/> in this bureau and signs them in.</summary>
    public async Task<(Guid Id, HttpClient Client)> AddUserAsync(string userName, string role)
    {
        var response = await Admin.PostAsJsonAsync("/api/users", new { userName, password = AppFixture.UserPassword, roles = new[] { role } });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        return (id, await App.SignInAsync(Code, userName, AppFixture.UserPassword));
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "api";
}
