using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Localization;
using Microsoft.AspNetCore.Http;

namespace DistrictPerf.SharedKernel.Http;

/// <summary>
/// Optimistic concurrency over HTTP for documents without a stamp in their body (settings, rules):
/// GET sends the stored concurrency stamp as an ETag; a PUT must send it back in If-Match —
/// missing is 428, stale is 412 — so two administrators never overwrite each other unknowingly.
/// </summary>
public static class ETags
{
    public static string Of(string? stamp) => $"\"{(string.IsNullOrEmpty(stamp) ? "none" : stamp)}\"";

    public static void Set(HttpContext context, string? stamp) => context.Response.Headers.ETag = Of(stamp);

    public static void EnsureIfMatch(HttpRequest request, string? currentStamp)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            throw new PreconditionException(428, SharedMessages.IfMatchRequired);
        }

        var tags = ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (!tags.Contains("*") && !tags.Contains(Of(currentStamp)))
        {
            throw new PreconditionException(412, SharedMessages.IfMatchStale);
        }
    }
}
