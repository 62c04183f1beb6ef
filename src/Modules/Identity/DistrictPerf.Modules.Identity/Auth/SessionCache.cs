using Microsoft.Extensions.Caching.Memory;

namespace DistrictPerf.Modules.Identity.Auth;

/// <summary>
/// The process's memory of sessions found good (<see cref="SignInSessions"/>): which user, bureau and security stamp,
/// under which data version of the user's bureau, until when. An entry is only a hint — it is used while the database
/// still holds the version it was checked under — so a bounded size (an unused entry goes after 10 minutes, the
/// least used first when full) costs nothing but a query.
/// </summary>
internal sealed class SessionCache : IDisposable
{
    public const int MaxEntries = 100_000;

    private static readonly MemoryCacheEntryOptions Options = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) };

    private readonly MemoryCache _memory = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    internal sealed record Entry(Guid UserId, Guid? Home, string SecurityStamp, string Version, long ExpiresAt);

    public Entry? Find(string sessionId) => _memory.TryGetValue(sessionId, out Entry? entry) ? entry : null;

    public void Keep(string sessionId, Entry entry) => _memory.Set(sessionId, entry, Options);

    public void Forget(string sessionId) => _memory.Remove(sessionId);

    public void Dispose() => _memory.Dispose();
}
