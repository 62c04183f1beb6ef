using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using System.Linq.Expressions;
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
    public static void ExpectConcurrencyStamp<T>(this DbContext db, T entity, string? expectedStamp, string? conflictMessage = null)
        where T : class, IHasConcurrencyStamp
    {
        if (!string.Equals(entity.ConcurrencyStamp, expectedStamp, StringComparison.Ordinal))
        {
            throw ConflictException.Concurrency(conflictMessage);
        }

        db.Entry(entity).Property(e => e.ConcurrencyStamp).OriginalValue = expectedStamp;
        entity.ConcurrencyStamp = Auditing.AuditingInterceptor.NewStamp();
    }

    /// <summary>
    /// The row a save of a one-per-key document (a year's scoring rules, warning settings) writes:
    /// the stored one if its stamp is still <paramref name="expectedStamp"/>, or a new one when none
    /// is stored and none was expected (the first save of the year). A stamp sent for a row that
    /// does not exist, or a stale one, is a 409 with <paramref name="conflictMessage"/>.
    /// </summary>
    public static async Task<T> LoadForSaveAsync<T>(
        this DbContext db, Expression<Func<T, bool>> match, Func<T> create, string? expectedStamp, string? conflictMessage, CancellationToken cancellationToken)
        where T : class, IHasConcurrencyStamp
    {
        var entity = await db.Set<T>().FirstOrDefaultAsync(match, cancellationToken);
        if (entity is null)
        {
            if (!string.IsNullOrEmpty(expectedStamp))
            {
                throw ConflictException.Concurrency(conflictMessage);
            }

            entity = create();
            db.Add(entity);
            return entity;
        }

        db.ExpectConcurrencyStamp(entity, expectedStamp, conflictMessage);
        return entity;
    }
}
