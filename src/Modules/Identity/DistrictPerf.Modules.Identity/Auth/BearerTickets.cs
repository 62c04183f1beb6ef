using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;

namespace DistrictPerf.Modules.Identity.Auth;

/// <summary>
/// Bearer tokens this process has decrypted, by their exact text: a client sends the same access token with every
/// request for an hour, and decrypting it (key derivation, AES, HMAC) is the largest fixed cost of a read. Only a token
/// that decrypted and verified is kept; a token differing in one character is another key and is decrypted (and
/// refused) as before. What the cache saves is the decryption only: the token's expiry and its session (user, security
/// stamp, sign-out) are still checked on every request (<see cref="SignInSessions"/>). An entry goes when its token
/// expires, after 10 minutes unused, or when the cache is full (least used first). Tickets are shared between the
/// requests that carry the same token; nothing in the pipeline changes a ticket's principal after sign-in.
/// </summary>
internal sealed class BearerTickets : IDisposable
{
    public const int MaxEntries = 20_000;

    private readonly MemoryCache _memory = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    public AuthenticationTicket? Unprotect(string token, ISecureDataFormat<AuthenticationTicket> protector)
    {
        if (_memory.TryGetValue(token, out AuthenticationTicket? known))
        {
            return known;
        }

        var ticket = protector.Unprotect(token);
        if (ticket?.Properties.ExpiresUtc is { } expires)
        {
            _memory.Set(token, ticket, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = expires, SlidingExpiration = TimeSpan.FromMinutes(10) });
        }

        return ticket;
    }

    public void Dispose() => _memory.Dispose();
}
