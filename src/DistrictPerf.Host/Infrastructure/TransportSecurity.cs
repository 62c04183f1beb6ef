using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;

namespace DistrictPerf.Host.Infrastructure;

/// <summary>The <c>ForwardedHeaders</c> configuration section: trust X-Forwarded-For/-Proto from these proxies.</summary>
internal sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Off by default: the headers are ignored (anyone could send them).</summary>
    public bool Enabled { get; set; }

    /// <summary>Proxy addresses trusted to send the headers (e.g. <c>10.0.3.7</c>); none and no networks: loopback only.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation (e.g. the pod network <c>10.244.0.0/16</c>).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in front of the app to unwind (default 1: the ingress).</summary>
    public int ForwardLimit { get; set; } = 1;
}

/// <summary>
/// Cookies and TLS that ends before the app: with <c>ForwardedHeaders:Enabled</c> a request that a
/// trusted proxy forwarded with <c>X-Forwarded-Proto: https</c> counts as HTTPS, so the sign-in
/// cookie (<c>SecurePolicy=SameAsRequest</c>) is marked <c>Secure</c>; <c>Cookies:RequireSecure</c>
/// marks it <c>Secure</c> always. The forwarded-headers middleware runs first (a startup filter),
/// before anything reads the scheme or the client address.
/// </summary>
internal static class TransportSecurity
{
    public const string RequireSecureCookiesKey = "Cookies:RequireSecure";

    public static IServiceCollection AddDistrictPerfTransportSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var policy = configuration.GetValue(RequireSecureCookiesKey, false) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        // Every cookie scheme (the application cookie and Identity's others) and the antiforgery cookie.
        services.PostConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = policy);
        services.PostConfigure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = policy);

        var forwarded = configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings();
        if (!forwarded.Enabled)
        {
            return services;
        }

        var proxies = Split(forwarded.KnownProxies, configuration[$"{ForwardedHeadersSettings.Section}:KnownProxies"])
            .Select(p => IPAddress.TryParse(p, out var address)
                ? address
                : throw new InvalidOperationException($"{ForwardedHeadersSettings.Section}:KnownProxies: '{p}' is not an IP address."))
            .ToList();
        var networks = Split(forwarded.KnownNetworks, configuration[$"{ForwardedHeadersSettings.Section}:KnownNetworks"])
            .Select(n => System.Net.IPNetwork.TryParse(n, out var network)
                ? network
                : throw new InvalidOperationException($"{ForwardedHeadersSettings.Section}:KnownNetworks: '{n}' is not a network in CIDR notation (e.g. 10.244.0.0/16)."))
            .ToList();
        if (forwarded.ForwardLimit < 1)
        {
            throw new InvalidOperationException($"{ForwardedHeadersSettings.Section}:ForwardLimit must be at least 1.");
        }

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = forwarded.ForwardLimit;
            if (proxies.Count > 0 || networks.Count > 0)
            {
                // The configured proxies replace the default (loopback only).
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                proxies.ForEach(o.KnownProxies.Add);
                networks.ForEach(o.KnownIPNetworks.Add);
            }
        });
        services.AddTransient<IStartupFilter, ForwardedHeadersFirst>();
        return services;
    }

    /// <summary>A list from indexed keys (<c>KnownNetworks:0</c>) or from one value separated by commas or spaces.</summary>
    private static IEnumerable<string> Split(List<string> bound, string? single) =>
        bound.Concat(single is null ? [] : [single])
            .SelectMany(v => v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal);

    private sealed class ForwardedHeadersFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseForwardedHeaders();
            next(app);
        };
    }
}
