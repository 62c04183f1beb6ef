using System.Net;
using DistrictPerf.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DistrictPerf.IntegrationTests.Security;

/// <summary>
/// A bearer token is decrypted once per process (the session check authenticates the request with the ticket it
/// decrypted or kept; the handler used to decrypt it a second time on every request), and the handler's own rules still
/// hold on every request: a token past its expiry — also one decrypted before — or one that does not decrypt is 401.
/// </summary>
public sealed class BearerTokenTests : IAsyncLifetime
{
    private readonly CountingProtector _counter = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private AppFixture _app = null!;

    public async Task InitializeAsync()
    {
        _app = AppFixture.With(services => services.PostConfigure<BearerTokenOptions>(IdentityConstants.BearerScheme, o =>
        {
            _counter.Inner = o.BearerTokenProtector;
            o.BearerTokenProtector = _counter;
            o.TimeProvider = _time;
        }));
        await ((IAsyncLifetime)_app).InitializeAsync();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task A_token_is_decrypted_once_not_once_per_request()
    {
        var bureau = await _app.CreateBureauAsync();
        (await bureau.Admin.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = _counter.Unprotected;

        for (var i = 0; i < 5; i++)
        {
            (await bureau.Admin.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await bureau.Admin.GetAsync("/api/bureau/budgets/2021/figures")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (_counter.Unprotected - before).ShouldBe(0);

        // Another token (another sign-in of the same user) is decrypted on its first use, once.
        var other = await _app.SignInAsync(bureau.Code, "admin", AppFixture.UserPassword);
        before = _counter.Unprotected;
        for (var i = 0; i < 3; i++)
        {
            (await other.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (_counter.Unprotected - before).ShouldBe(1);
    }

    [Fact]
    public async Task An_expired_or_garbled_token_is_401()
    {
        var bureau = await _app.CreateBureauAsync();
        (await bureau.Admin.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var garbled = _app.Anonymous();
        garbled.DefaultRequestHeaders.Authorization = new("Bearer", bureau.Admin.DefaultRequestHeaders.Authorization!.Parameter![..^4] + "AAAA");
        (await garbled.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        _time.Advance(TimeSpan.FromMinutes(61));
        (await bureau.Admin.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private sealed class CountingProtector : ISecureDataFormat<AuthenticationTicket>
    {
        private int _unprotected;

        public ISecureDataFormat<AuthenticationTicket> Inner { get; set; } = null!;

        public int Unprotected => Volatile.Read(ref _unprotected);

        public string Protect(AuthenticationTicket data) => Inner.Protect(data);

        public string Protect(AuthenticationTicket data, string? purpose) => Inner.Protect(data, purpose);

        public AuthenticationTicket? Unprotect(string? protectedText)
        {
            Interlocked.Increment(ref _unprotected);
            return Inner.Unprotect(protectedText);
        }

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Interlocked.Increment(ref _unprotected);
            return Inner.Unprotect(protectedText, purpose);
        }
    }
}
