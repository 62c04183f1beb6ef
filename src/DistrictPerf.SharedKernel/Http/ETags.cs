using DistrictPerf.SharedKernel.Errors;
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
            throw new PreconditionException(428, "保存前请先读取：请求须带 If-Match 头（读取时返回的 ETag）/ Send If-Match with the ETag you read.");
        }

        var tags = ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (!tags.Contains("*") && !tags.Contains(Of(currentStamp)))
        {
            throw new PreconditionException(412, "规则已被他人修改，请重新读取后再保存 / Changed by someone else since you read it; read again and re-apply your change.");
        }
    }
}
