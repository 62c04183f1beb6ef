namespace DistrictPerf.Host.Infrastructure;

/// <summary>
/// Security headers on every response: no MIME sniffing, no referrer to other sites, never framed
/// (<c>frame-ancestors 'none'</c> and <c>X-Frame-Options</c>), and a content security policy made for the
/// web application — its own scripts only (Blazor WebAssembly needs <c>'wasm-unsafe-eval'</c>), inline styles
/// (AntDesign positions its popups with them), images from itself or data/blob URLs (charts, exports), requests
/// to its own origin only. The Hangfire dashboard and the API reference (<c>/hangfire</c>, <c>/scalar</c>) are
/// tools with inline scripts of their own: they get the framing and sniffing rules, not the script policy.
/// HSTS is added by <c>UseHsts</c> on HTTPS requests (also behind a TLS ingress, with forwarded headers on).
/// Kestrel's <c>Server</c> header is switched off where Kestrel is configured.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string ToolsPolicy = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                var path = context.Request.Path;
                headers.ContentSecurityPolicy = path.StartsWithSegments("/hangfire") || path.StartsWithSegments("/scalar")
                    ? ToolsPolicy
                    : ContentSecurityPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
}
