using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Bureaus.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.Modules.Bureaus;

/// <summary>
/// Bureau lookups for tenant resolution, cached. A lookup that names the host data's version (every request's tenant
/// resolution: the version is read once per request with the session check) uses an entry only if it was loaded under
/// that version, so a change on any replica is seen at once everywhere; a lookup without a version uses an entry for
/// up to <see cref="Ttl"/> (changes made through this process invalidate it at once).
/// </summary>
internal sealed class BureauDirectory(IServiceScopeFactory scopes, IMemoryCache cache) : IBureauDirectory
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    /// <summary>A cached bureau, with the host data's version it was loaded under (null when the caller named none).</summary>
    private sealed record Cached(BureauInfo Bureau, string? HostVersion);

    public Task<BureauInfo?> FindAsync(Guid id, CancellationToken cancellationToken = default) => Find(id, null, cancellationToken);

    public Task<BureauInfo?> FindAsync(Guid id, string hostVersion, CancellationToken cancellationToken = default) => Find(id, hostVersion, cancellationToken);

    public Task<BureauInfo?> FindByCodeAsync(string code, CancellationToken cancellationToken = default) => FindByCode(code, null, cancellationToken);

    public Task<BureauInfo?> FindByCodeAsync(string code, string hostVersion, CancellationToken cancellationToken = default) =>
        FindByCode(code, hostVersion, cancellationToken);

    private async Task<BureauInfo?> Find(Guid id, string? hostVersion, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(IdKey(id), out Cached? cached) && (hostVersion is null || cached!.HostVersion == hostVersion))
        {
            return cached!.Bureau;
        }

        var found = await Query(b => b.Id == id, cancellationToken);
        if (found is not null)
        {
            // Misses are not cached: a bureau created a moment ago must be found at once.
            cache.Set(IdKey(id), new Cached(found, hostVersion), Ttl);
        }

        return found;
    }

    private async Task<BureauInfo?> FindByCode(string code, string? hostVersion, CancellationToken cancellationToken)
    {
        var normalized = code.Trim().ToUpperInvariant();
        if (cache.TryGetValue(CodeKey(normalized), out Guid id))
        {
            return await Find(id, hostVersion, cancellationToken);
        }

        var found = await Query(b => b.Code == normalized, cancellationToken);
        if (found is not null)
        {
            // Codes never change, so the code → id mapping can be kept; the details expire by id.
            cache.Set(CodeKey(normalized), found.Id, Ttl);
            cache.Set(IdKey(found.Id), new Cached(found, hostVersion), Ttl);
        }

        return found;
    }

    public async Task<IReadOnlyList<BureauInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        return await db.Set<Bureau>().AsNoTracking().OrderBy(b => b.Code)
            .Select(b => new BureauInfo(b.Id, b.Code, b.Name, b.District, b.IsActive))
            .ToListAsync(cancellationToken);
    }

    public void Invalidate(Guid id) => cache.Remove(IdKey(id));

    private async Task<BureauInfo?> Query(System.Linq.Expressions.Expression<Func<Bureau, bool>> predicate, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        return await db.Set<Bureau>().AsNoTracking().Where(predicate)
            .Select(b => new BureauInfo(b.Id, b.Code, b.Name, b.District, b.IsActive))
            .FirstOrDefaultAsync(ct);
    }

    private static string IdKey(Guid id) => $"bureau:id:{id}";

    private static string CodeKey(string code) => $"bureau:code:{code}";
}
