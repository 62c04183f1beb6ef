using DistrictPerf.Host.Localization;
using DistrictPerf.SharedKernel.Errors;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DistrictPerf.Host.Infrastructure;

/// <summary>The <c>Csrf</c> settings.</summary>
internal sealed class CsrfOptions
{
    public const string Section = "Csrf";

    /// <summary>Other origins (scheme://host[:port]) whose pages may write with the sign-in cookie; none by default.</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}

/// <summary>
/// CSRF defence for the cookie session (beyond SameSite=Lax): an unsafe request (POST, PUT, PATCH,
/// DELETE…) that carries the sign-in cookie — or signs in with <c>useCookies=true</c> — must come from
/// this site. A browser says where a request comes from: <c>Origin</c> (sent with every cross-origin
/// request and every same-origin POST/PUT/PATCH/DELETE of current browsers), else
/// <c>Sec-Fetch-Site</c>, else <c>Referer</c>; a request whose first present header names another
/// site (or <c>Origin: null</c>) is refused with 403 before authentication. A request with none of
/// them does not come from a browser page and passes. Bearer-token requests pass: a browser never
/// adds a bearer token on its own. The web application needs no token: its requests are same-origin.
/// Uploads are covered like every other write (their <c>DisableAntiforgery()</c> concerns only the
/// framework's form antiforgery, which this app does not use).
/// </summary>
internal sealed class CrossSiteRequestGuard(RequestDelegate next, IOptionsMonitor<CookieAuthenticationOptions> cookies, IOptions<CsrfOptions> options)
{
    public const string Code = "cross_site_request";

    private readonly HashSet<string> _allowed = new(
        options.Value.AllowedOrigins.Select(o => o.Trim().TrimEnd('/')).Where(o => o.Length > 0), StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method)
            || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || !UsesCookie(request)
            || FromThisSite(request))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = HostMessages.CrossSiteRequestTitle,
                Detail = HostMessages.CrossSiteRequest,
                Extensions = { [ErrorCodes.Member] = Code },
            },
        });
    }

    private bool UsesCookie(HttpRequest request)
    {
        var name = cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name;
        return (name is not null && request.Cookies.ContainsKey(name))
            || (request.Path.StartsWithSegments("/api/auth/login", StringComparison.OrdinalIgnoreCase)
                && string.Equals(request.Query["useCookies"], "true", StringComparison.OrdinalIgnoreCase));
    }

    private bool FromThisSite(HttpRequest request)
    {
        var self = request.Scheme + "://" + request.Host.Value;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return SameOrigin(origin, self);
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is "same-origin" or "none";
        }

        var referer = request.Headers.Referer.ToString();
        if (referer.Length > 0)
        {
            return Uri.TryCreate(referer, UriKind.Absolute, out var uri) && SameOrigin(uri.GetLeftPart(UriPartial.Authority), self);
        }

        return true;
    }

    private bool SameOrigin(string origin, string self) =>
        string.Equals(origin.TrimEnd('/'), self, StringComparison.OrdinalIgnoreCase) || _allowed.Contains(origin.TrimEnd('/'));
}
