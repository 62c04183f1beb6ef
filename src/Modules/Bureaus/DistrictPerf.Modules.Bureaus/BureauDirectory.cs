using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Bureaus.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.Modules.Bureaus;

/// <summary>
/// Bureau lookups for tenant resolution, cached for <see cref="Ttl"/> and invalidated on every
/// change made through this process. (With several replicas a change is seen by the others
/// within <see cref="Ttl"/>.)
/// </summary>
internal sealed class BureauDirectory(IServiceScopeFactory scopes, IMemoryCache cache) : IBureauDirectory
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    public async Task<BureauInfo?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(IdKey(id), out BureauInfo? cached))
        {
            return cached;
        }

        var found = await Query(b => b.Id == id, cancellationToken);
        if (found is not null)
        {
            // Misses are not cached: a bureau created a moment ago must be found at once.
            cache.Set(IdKey(id), found, Ttl);
        }

        return found;
    }

    public async Task<BureauInfo?> FindByCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        var normalized = code.Trim().ToUpperInvariant();
        if (cache.TryGetValue(CodeKey(normalized), out Guid id))
        {
            return await FindAsync(id, cancellationToken);
        }

        var found = await Query(b => b.Code == normalized, cancellationToken);
        if (found is not null)
        {
            // Codes never change, so the code → id mapping can be kept; the details expire by id.
            cache.Set(CodeKey(normalized), found.Id, Ttl);
            cache.Set(IdKey(found.Id), found, Ttl);
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
