using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Identity.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DistrictPerf.IntegrationTests.Security;

/// <summary>
/// Sign-in abuse with the production limits (Identity:SignIn defaults): the app trusts X-Forwarded-For
/// from the test client (loopback is the trusted proxy), so each request can come from its own address.
/// Each test runs its own app, so the limiters start empty.
/// </summary>
public sealed class SignInAbuseTests : IAsyncLifetime
{
    private readonly CountingHasher _hasher = new();
    private AppFixture _app = null!;

    public async Task InitializeAsync()
    {
        _app = AppFixture.WithSettings(
            new Dictionary<string, string?>
            {
                ["ForwardedHeaders:Enabled"] = "true",
                // Back to the defaults the shared test app raises.
                ["Identity:SignIn:AddressLimit"] = "30",
                ["Identity:SignIn:AccountAddressFailures"] = "5",
                ["Identity:SignIn:AccountFailures"] = "20",
            },
            services => services.AddScoped<IPasswordHasher<AppUser>>(sp =>
                _hasher.Wrap(new PasswordHasher<AppUser>(sp.GetRequiredService<IOptions<PasswordHasherOptions>>()))));
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    private async Task<HttpResponseMessage> LoginAsync(string address, string? bureauCode, string userName, string password, bool cookies = false)
    {
        using var client = _app.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, cookies ? "/api/auth/login?useCookies=true" : "/api/auth/login")
        {
            Content = JsonContent.Create(new { bureauCode, userName, password }),
        };
        request.Headers.Add("X-Forwarded-For", address);
        return await client.SendAsync(request);
    }

    private static async Task ShouldBeTooManyAsync(HttpResponseMessage response, string? mustNotMention = null)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("code").GetString().ShouldBe("too_many_attempts");
        response.Headers.RetryAfter?.Delta.ShouldNotBeNull();
        response.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
        if (mustNotMention is not null)
        {
            problem.GetRawText().ShouldNotContain(mustNotMention, Case.Insensitive);
        }
    }

    [Fact]
    public async Task ThreeHundredQuickFailures_AreRefusedWith429AndRetryAfter()
    {
        // One account from one address: the sixth failure and all after it are refused before any password check.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 300; i++)
        {
            using var response = await LoginAsync("203.0.113.10", null, AppFixture.RootUser, "Wrong#Pass1");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && statuses.Count(s => s == HttpStatusCode.TooManyRequests) == 1)
            {
                await ShouldBeTooManyAsync(response, mustNotMention: AppFixture.RootUser);
            }
        }

        statuses.Count(s => s == HttpStatusCode.Unauthorized).ShouldBe(5);
        statuses.Skip(5).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);

        // Many accounts from one address: the address limit (30 a minute) refuses the rest.
        var spray = new List<HttpStatusCode>();
        for (var i = 0; i < 300; i++)
        {
            using var response = await LoginAsync("203.0.113.11", null, "guess" + i, "Wrong#Pass1");
            spray.Add(response.StatusCode);
            if (i == 299)
            {
                await ShouldBeTooManyAsync(response, mustNotMention: "guess");
            }
        }

        spray.Count(s => s != HttpStatusCode.TooManyRequests).ShouldBe(30);
    }

    [Fact]
    public async Task AnAttackersFailures_DoNotLockTheRealUserOut()
    {
        const string home = "198.51.100.7";
        (await LoginAsync(home, null, AppFixture.RootUser, AppFixture.RootPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A distributed guess: 40 addresses, 10 wrong passwords each (the old lockout locked the account after 5).
        for (var a = 1; a <= 40; a++)
        {
            for (var i = 0; i < 10; i++)
            {
                using var response = await LoginAsync($"203.0.113.{a}", null, AppFixture.RootUser, "Wrong#Pass" + i);
                response.StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests);
            }
        }

        // The user, from where they signed in before, still signs in — bearer and cookie.
        (await LoginAsync(home, null, AppFixture.RootUser, AppFixture.RootPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await LoginAsync(home, null, AppFixture.RootUser, AppFixture.RootPassword, cookies: true)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The design's trade-off (docs/security.md): during the attack, an address new to the account waits.
        await ShouldBeTooManyAsync(await LoginAsync("198.51.100.99", null, AppFixture.RootUser, AppFixture.RootPassword));
    }

    [Fact]
    public async Task EveryFailure_GetsTheSameAnswer_AndCostsOnePasswordHash()
    {
        var root = await _app.RootAsync();
        var bureau = await _app.CreateBureauAsync();
        var (leaverId, _) = await bureau.AddUserAsync("leaver", "BureauEditor");
        var leaver = await (await bureau.Admin.GetAsync($"/api/users/{leaverId}")).ReadJsonAsync();
        (await bureau.Admin.PutAsJsonAsync($"/api/users/{leaverId}", new
        {
            displayName = "离职", roles = new[] { "BureauEditor" }, isActive = false,
            concurrencyStamp = leaver.GetProperty("concurrencyStamp").GetString(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        root.Dispose();

        var cases = new (string Name, string? Bureau, string User, string Password)[]
        {
            ("known user, wrong password", bureau.Code, "admin", "Wrong#Pass1"),
            ("unknown user", bureau.Code, "nobody", "Wrong#Pass1"),
            ("unknown bureau", "NO-SUCH-BUREAU", "admin", "Wrong#Pass1"),
            ("deactivated user, right password", bureau.Code, "leaver", AppFixture.UserPassword),
            ("unknown host user", null, "nobody", "Wrong#Pass1"),
        };
        string? shape = null;
        var address = 1;
        foreach (var (name, code, user, password) in cases)
        {
            var before = _hasher.Verifications;
            using var response = await LoginAsync($"192.0.2.{address++}", code, user, password);
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
            (_hasher.Verifications - before).ShouldBe(1, name + ": the password hasher runs exactly once");
            problem.GetProperty("code").GetString().ShouldBe("invalid_credentials", name);
            var thisShape = string.Join(",", problem.EnumerateObject().Where(p => p.Name is not ("requestId" or "traceId")).Select(p => p.Name + "=" + (p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())));
            shape ??= thisShape;
            thisShape.ShouldBe(shape, name);
        }
    }

    /// <summary>Counts password verifications of the app's hasher (the real one inside).</summary>
    private sealed class CountingHasher
    {
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public IPasswordHasher<AppUser> Wrap(IPasswordHasher<AppUser> inner) => new Counting(inner, this);

        private sealed class Counting(IPasswordHasher<AppUser> inner, CountingHasher counter) : IPasswordHasher<AppUser>
        {
            public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

            public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
            {
                Interlocked.Increment(ref counter._verifications);
                return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
            }
        }
    }
}
