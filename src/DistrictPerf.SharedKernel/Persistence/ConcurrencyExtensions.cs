using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.SharedKernel.Persistence;

public static class ConcurrencyExtensions
{
    /// <summary>
    /// Makes the next save of <paramref name="entity"/> succeed only if its stored stamp is
    /// still <paramref name="expectedStamp"/>; otherwise SaveChanges raises a concurrency
    /// error (409). A mismatch already visible in memory fails at once. The entity gets its
    /// new stamp now (so the response built before the unit of work saves carries it) and is
    /// written even if nothing else of it changes.
    /// </summary>
    public static void ExpectConcurrencyStamp<T>(this DbContext db, T entity, string? expectedStamp)
        where T : class, IHasConcurrencyStamp
    {
        if (!string.Equals(entity.ConcurrencyStamp, expectedStamp, StringComparison.Ordinal))
        {
            throw ConflictException.Concurrency();
        }

        db.Entry(entity).Property(e => e.ConcurrencyStamp).OriginalValue = expectedStamp;
        entity.ConcurrencyStamp = Auditing.AuditingInterceptor.NewStamp();
    }
}
