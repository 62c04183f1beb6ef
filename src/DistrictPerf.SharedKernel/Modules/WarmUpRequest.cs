using System.Security.Claims;

namespace DistrictPerf.SharedKernel.Modules;

/// <summary>Who sends a warm-up request: an active user of the sample bureau, or an active finance-bureau user.</summary>
public enum WarmUpCaller
{
    Bureau,
    Host,
}

/// <summary>
/// A request the start-up warm-up sends through the application's own request pipeline — in process, before readiness,
/// never over the network — as a signed-in user (<see cref="IModule.WarmUpRequests"/>), so that the first user's request
/// finds every stage of its path run once: routing, authentication, tenant resolution, authorization, binding, the
/// handler, the response's serialisation. It must write nothing. <paramref name="Path"/> may carry a query string.
/// </summary>
public sealed record WarmUpRequest(string Path, WarmUpCaller Caller = WarmUpCaller.Bureau)
{
    public string Method { get; init; } = "GET";

    /// <summary>The body's media type (with its boundary for a form), when the request has a body.</summary>
    public string? ContentType { get; init; }

    public byte[]? Body { get; init; }
}

/// <summary>
/// For the start-up warm-up only (implemented by the Identity module): principals as a sign-in carries them, which the
/// warm-up hands to the request pipeline in process (the server's authentication feature, never a token a client could
/// present), and credentials of a session that does not exist, which run the whole per-request session check and are
/// refused. Reads only; no session is created.
/// </summary>
public interface IWarmUpSignIns
{
    /// <summary>
    /// The principal of an active user of <paramref name="bureau"/> (null: the finance bureau) — the one with the most
    /// permissions among the first few — as a sign-in builds it; null when there is none.
    /// </summary>
    Task<ClaimsPrincipal?> PrincipalAsync(Guid? bureau, CancellationToken cancellationToken);

    /// <summary>
    /// Request headers presenting <paramref name="principal"/> with a session that does not exist, once as a bearer
    /// token and once as the web client's cookie (short-lived, refused by the session check).
    /// </summary>
    IReadOnlyList<(string Header, string Value)> UnknownSessionCredentials(ClaimsPrincipal principal);
}
