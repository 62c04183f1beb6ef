using System.Globalization;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.Extensions.Caching.Memory;

namespace DistrictPerf.SharedKernel.Persistence;

/// <summary>The process's memory for <see cref="ReadCache"/>: bounded in entries, an entry unused for 10 minutes goes.</summary>
public sealed class ReadCacheStore : IDisposable
{
    public const int MaxEntries = 20_000;

    internal MemoryCache Memory { get; } = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    private static readonly AsyncLocal<bool> NotKeeping = new();

    /// <summary>
    /// From here on in the calling async flow (and what it awaits), values are computed and not kept: the start-up
    /// warm-up reads through the cache without leaving anything in it — it warms code, not data. In process only.
    /// </summary>
    public static void KeepNothingInThisFlow() => NotKeeping.Value = true;

    /// <summary>Whether values read in this async flow are kept (all but the warm-up's).</summary>
    internal static bool Keeping => !NotKeeping.Value;

    /// <summary>How many values are kept.</summary>
    public int Count => Memory.Count;

    public void Dispose() => Memory.Dispose();
}

/// <summary>
/// Serves a read of the current bureau's data from memory while that data is unchanged. The cached value was computed
/// under the data versions (<see cref="DataVersion"/>) of the bureau — and of the finance bureau's own data, when the
/// read depends on it (bureau names, the year's scoring rules) — and is used only while those versions are still the
/// database's: each read costs no query of its own (the stamps are read once per request, by the session check —
/// <see cref="DataVersionReader"/>) instead of the read's own queries, and a write on any replica is
/// seen by the next read on every replica. The versions are read before the value is computed, so a write that commits
/// meanwhile can make a cached value newer than its version, never older. Keys include the bureau, the year, the
/// read's arguments and the request's language (messages in the value are localised).
/// </summary>
public sealed class ReadCache(DataVersionReader versions, ICurrentTenant tenant, ReadCacheStore store)
{
    private sealed record Entry(string Versions, object? Value);

    /// <summary>
    /// <paramref name="load"/>'s value for the current bureau, from memory if its data has not changed since.
    /// <paramref name="withHostData"/>: the value also depends on the finance bureau's own data.
    /// </summary>
    public async Task<T> GetAsync<T>(string read, int year, string arguments, bool withHostData, Func<CancellationToken, Task<T>> load, CancellationToken ct)
    {
        if (tenant.Id is not { } bureau)
        {
            return await load(ct);
        }

        var scope = DataVersion.ScopeOf(bureau);
        var versions = await Versions(scope, withHostData, ct);
        var key = string.Join('|', read, scope, year.ToString(CultureInfo.InvariantCulture), arguments, CultureInfo.CurrentUICulture.Name);
        if (store.Memory.TryGetValue(key, out Entry? hit) && hit!.Versions == versions)
        {
            return (T)hit.Value!;
        }

        var value = await load(ct);
        var entry = new Entry(versions, value);
        if (ReadCacheStore.Keeping)
        {
            store.Memory.Set(key, entry, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        }

        return value;
    }

    private async ValueTask<string> Versions(string scope, bool withHostData, CancellationToken ct)
    {
        // Usually no query at all: the request's session check read the bureau's and the host's stamps already.
        var own = await versions.StampAsync(scope, ct);
        return withHostData ? own + "/" + await versions.StampAsync(DataVersion.Host, ct) : own;
    }
}
