using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.SharedKernel.Persistence;

/// <summary>
/// The version of one scope's data — a bureau's (its tenant id) or the finance bureau's own (<see cref="Host"/>): a
/// stamp renewed by every write to the scope's rows, in the same SaveChanges (so in the same transaction) as the
/// write. A read that depends only on a scope's rows may be served from memory while the scope's stamp is the one
/// it was computed under (<see cref="ReadCache"/>); every replica reads the stamp from the database, so a write on
/// one replica is seen by the next read on any other.
/// </summary>
public sealed class DataVersion : IHostLevel
{
    public const string Host = "host";
    public const int ScopeMaxLength = 40;

    public string Scope { get; set; } = "";

    public string Stamp { get; set; } = "";

    public static string ScopeOf(Guid? tenant) => tenant is { } t ? t.ToString("D") : Host;
}

/// <summary>
/// Renews the stamps of the scopes a SaveChanges writes to (called by the auditing interceptor). Once a scope's row is
/// known to exist in a database (it is never deleted), its stamp is renewed with a plain UPDATE, without reading the
/// row first: a read at the start of a write transaction would pin SQLite's snapshot, and a commit by another connection
/// in between (an import's heartbeat) would then make the write fail (SQLITE_BUSY_SNAPSHOT). Only a scope's first write
/// in a process reads whether its row exists.
/// </summary>
public static class DataVersions
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Database, string Scope), bool> Known = new();

    public static async ValueTask BumpAsync(DbContext context, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        var database = context.Database.GetConnectionString() ?? "";
        foreach (var scope in scopes.Where(s => !RenewWithoutReading(context, database, s)))
        {
            Renew(context, database, scope, await context.Set<DataVersion>().FindAsync([scope], cancellationToken));
        }
    }

    public static void Bump(DbContext context, IReadOnlyCollection<string> scopes)
    {
        var database = context.Database.GetConnectionString() ?? "";
        foreach (var scope in scopes.Where(s => !RenewWithoutReading(context, database, s)))
        {
            Renew(context, database, scope, context.Set<DataVersion>().Find(scope));
        }
    }

    /// <summary>Renews a scope tracked by this context or known to have its row; false when its row must be looked up.</summary>
    private static bool RenewWithoutReading(DbContext context, string database, string scope)
    {
        if (context.Set<DataVersion>().Local.FirstOrDefault(v => v.Scope == scope) is { } tracked)
        {
            context.Entry(tracked).Property(v => v.Stamp).CurrentValue = Guid.NewGuid().ToString("N");
            return true;
        }

        if (!Known.ContainsKey((database, scope)))
        {
            return false;
        }

        Stub(context, scope);
        return true;
    }

    /// <summary>UPDATE DataVersions SET Stamp = … WHERE Scope = … for a row known to exist, without reading it.</summary>
    private static void Stub(DbContext context, string scope)
    {
        var stub = new DataVersion { Scope = scope, Stamp = "" };
        context.Set<DataVersion>().Attach(stub);
        context.Entry(stub).Property(v => v.Stamp).CurrentValue = Guid.NewGuid().ToString("N");
    }

    /// <summary>Renews the row just looked up (and remembers that it exists), or starts it on the scope's first write.</summary>
    private static void Renew(DbContext context, string database, string scope, DataVersion? row)
    {
        var stamp = Guid.NewGuid().ToString("N");
        if (row is null)
        {
            // The scope's first write (a bureau's creation writes its first rows): the row starts here.
            context.Set<DataVersion>().Add(new DataVersion { Scope = scope, Stamp = stamp });
        }
        else
        {
            Known.TryAdd((database, scope), true);
            context.Entry(row).Property(v => v.Stamp).CurrentValue = stamp;
        }
    }
}
