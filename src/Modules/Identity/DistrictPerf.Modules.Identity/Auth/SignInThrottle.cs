using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using DistrictPerf.Modules.Identity.Localization;
using DistrictPerf.SharedKernel.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DistrictPerf.Modules.Identity.Auth;

/// <summary>The <c>Identity:SignIn</c> settings: how many sign-in attempts are allowed (docs/configuration.md).</summary>
internal sealed class SignInLimitOptions
{
    public const string Section = "Identity:SignIn";

    /// <summary>Sign-in requests (any outcome) per client address per <see cref="AddressWindow"/>.</summary>
    public int AddressLimit { get; set; } = 30;

    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed sign-ins for one account from one address per <see cref="FailureWindow"/>.</summary>
    public int AccountAddressFailures { get; set; } = 5;

    /// <summary>
    /// Failed sign-ins for one account from all addresses that have not signed in to it before, per
    /// <see cref="FailureWindow"/> (a distributed guess); addresses it signed in from keep working.
    /// </summary>
    public int AccountFailures { get; set; } = 20;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an address an account signed in from stays "known" for that account.</summary>
    public TimeSpan KnownAddressLifetime { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>
/// Sign-in abuse limits, built on ASP.NET Core's rate limiter (System.Threading.RateLimiting):
/// <list type="bullet">
/// <item>per client address, every sign-in request: the <see cref="PolicyName"/> policy of the rate-limiting middleware;</item>
/// <item>per account and address, failures: an attacker's failures block the attacker's address for that account, not the account;</item>
/// <item>per account, failures from addresses that never signed in to it: a distributed guess is slowed, while the
/// addresses the account's user signed in from (remembered in memory) are exempt, so an attacker cannot lock the user out.</item>
/// </list>
/// There is no account-wide lockout (Identity's lockout is off): that was a denial of service anyone could cause.
/// The account key is the bureau code and user name as typed, whether or not the account exists.
/// Limits are per process (each replica counts its own).
/// </summary>
internal sealed class SignInThrottle : IDisposable
{
    public const string PolicyName = "sign-in";
    public const string TooManyAttemptsCode = "too_many_attempts";

    private readonly SignInLimitOptions _options;
    private readonly IMemoryCache _knownAddresses;
    private readonly PartitionedRateLimiter<string> _accountAddress;
    private readonly PartitionedRateLimiter<string> _account;

    public SignInThrottle(IOptions<SignInLimitOptions> options, IMemoryCache cache)
    {
        _options = options.Value;
        _knownAddresses = cache;
        _accountAddress = Failures(_options.AccountAddressFailures);
        _account = Failures(_options.AccountFailures);
    }

    private PartitionedRateLimiter<string> Failures(int limit) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, limit),
            Window = _options.FailureWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public static string AccountKey(string? bureauCode, string? userName) =>
        (bureauCode ?? "").Trim().ToUpperInvariant() + "\n" + (userName ?? "").Trim().ToUpperInvariant();

    /// <summary>The client address as a partition key: IPv4 as is, IPv6 by its /64 network (one host can use a whole /64).</summary>
    public static string AddressKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }

    private static string KnownKey(string account, string address) => "sign-in-known:" + account + "\n" + address;

    /// <summary>Null when the attempt may go ahead; else how long to wait. Consumes nothing.</summary>
    public TimeSpan? Check(string account, string address)
    {
        if (Refused(_accountAddress, account + "\n" + address) is { } wait)
        {
            return wait;
        }

        return _knownAddresses.TryGetValue(KnownKey(account, address), out _) ? null : Refused(_account, account);
    }

    /// <summary>Counts a failed attempt (wrong password, unknown user, deactivated user alike).</summary>
    public void Failed(string account, string address)
    {
        _accountAddress.AttemptAcquire(account + "\n" + address).Dispose();
        if (!_knownAddresses.TryGetValue(KnownKey(account, address), out _))
        {
            _account.AttemptAcquire(account).Dispose();
        }
    }

    /// <summary>Remembers the address for the account: its later failures there do not count against the account.</summary>
    public void Succeeded(string account, string address) =>
        _knownAddresses.Set(KnownKey(account, address), true, new MemoryCacheEntryOptions { SlidingExpiration = _options.KnownAddressLifetime });

    private TimeSpan? Refused(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key, 0);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _options.FailureWindow;
    }

    /// <summary>The one refusal every limit answers: 429, Retry-After, no account detail.</summary>
    public static async Task WriteTooManyAsync(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = IdentityMessages.TooManyAttemptsTitle,
                Detail = IdentityMessages.TooManyAttempts,
                Extensions = { [ErrorCodes.Member] = TooManyAttemptsCode },
            },
        });
    }

    /// <summary>The per-address policy of the rate-limiting middleware, for the sign-in endpoint.</summary>
    public static void AddPolicy(RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(PolicyName, context =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptions<SignInLimitOptions>>().Value;
            return RateLimitPartition.GetFixedWindowLimiter(AddressKey(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, limits.AddressLimit),
                Window = limits.AddressWindow,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        options.OnRejected = (context, _) =>
        {
            var limits = context.HttpContext.RequestServices.GetRequiredService<IOptions<SignInLimitOptions>>().Value;
            var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : limits.AddressWindow;
            return new ValueTask(WriteTooManyAsync(context.HttpContext, wait));
        };
    }

    public void Dispose()
    {
        _accountAddress.Dispose();
        _account.Dispose();
    }
}
