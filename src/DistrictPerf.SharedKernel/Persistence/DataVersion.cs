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

/// <summary>Renews the stamps of the scopes a SaveChanges writes to (called by the auditing interceptor).</summary>
public static class DataVersions
{
    public static async ValueTask BumpAsync(DbContext context, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        foreach (var scope in scopes)
        {
            var row = context.Set<DataVersion>().Local.FirstOrDefault(v => v.Scope == scope)
                ?? await context.Set<DataVersion>().FindAsync([scope], cancellationToken);
            Renew(context, scope, row);
        }
    }

    public static void Bump(DbContext context, IReadOnlyCollection<string> scopes)
    {
        foreach (var scope in scopes)
        {
            Renew(context, scope, context.Set<DataVersion>().Local.FirstOrDefault(v => v.Scope == scope) ?? context.Set<DataVersion>().Find(scope));
        }
    }

    private static void Renew(DbContext context, string scope, DataVersion? row)
    {
        var stamp = Guid.NewGuid().ToString("N");
        if (row is null)
        {
            // The scope's first write (a bureau's creation writes its first rows): the row starts here.
            context.Set<DataVersion>().Add(new DataVersion { Scope = scope, Stamp = stamp });
        }
        else
        {
            context.Entry(row).Property(v => v.Stamp).CurrentValue = stamp;
        }
    }
}
