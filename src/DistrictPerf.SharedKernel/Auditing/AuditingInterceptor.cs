using System.Text.Json;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DistrictPerf.SharedKernel.Auditing;

/// <summary>Entity types the interceptor leaves alone entirely (e.g. key material of libraries).</summary>
public sealed class AuditingOptions
{
    public ISet<Type> IgnoredTypes { get; } = new HashSet<Type>();
}

/// <summary>
/// On every SaveChanges: stamps created/modified by/at, stamps and checks the tenant of
/// tenant-owned rows, renews concurrency stamps, and adds one <see cref="AuditLogEntry"/>
/// per written entity to the same unit of work (so the log commits or rolls back with it).
/// A new entity is stamped already when it is added (<see cref="OnTracked"/>), and a stamp
/// renewed by <see cref="Persistence.ConcurrencyExtensions.ExpectConcurrencyStamp{T}"/> is
/// kept: a handler's response, built before the unit of work saves, carries the values that
/// the save writes.
/// </summary>
public sealed class AuditingInterceptor(ICurrentTenant currentTenant, IAuditContext auditContext, TimeProvider clock, AuditingOptions options)
    : SaveChangesInterceptor
{
    /// <summary>Properties that are secrets or noise; never logged.</summary>
    private static readonly HashSet<string> Sensitive = new(StringComparer.Ordinal)
    {
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "AppUserToken.Value",
    };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not null)
        {
            Persistence.DataVersions.Bump(eventData.Context, Apply(eventData.Context));
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not null)
        {
            await Persistence.DataVersions.BumpAsync(eventData.Context, Apply(eventData.Context), cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Subscribe to <see cref="ChangeTracker.Tracked"/> of a context that uses this interceptor:
    /// an entity added by code (not loaded by a query) gets its tenant, creation stamps and
    /// concurrency stamp at once.
    /// </summary>
    public void OnTracked(object? sender, EntityTrackedEventArgs e)
    {
        // Audit rows carry the tenant of the row they describe (host-level rows stay on the host).
        if (e.FromQuery || e.Entry.State != EntityState.Added || e.Entry.Entity is AuditLogEntry || e.Entry.Metadata.IsOwned()
            || options.IgnoredTypes.Contains(e.Entry.Metadata.ClrType))
        {
            return;
        }

        if (e.Entry.Entity is ITenantOwned owned)
        {
            owned.TenantId ??= currentTenant.Id;
        }

        Stamp(e.Entry, clock.GetUtcNow().UtcDateTime);
    }

    public static string NewStamp() => Guid.NewGuid().ToString("N");

    /// <summary>Stamps, guards and audits the written entries; returns the data scopes they belong to (see <see cref="Persistence.DataVersion"/>).</summary>
    private HashSet<string> Apply(DbContext context)
    {
        context.ChangeTracker.DetectChanges();
        var now = clock.GetUtcNow().UtcDateTime;
        var tenant = currentTenant.Id;
        var entries = context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Where(e => e.Entity is not AuditLogEntry and not Persistence.DataVersion && !e.Metadata.IsOwned() && !options.IgnoredTypes.Contains(e.Metadata.ClrType))
            .ToList();

        var logs = new List<AuditLogEntry>(entries.Count);
        var writable = currentTenant.WritableTenants;
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            GuardTenant(entry, tenant, writable);
            Stamp(entry, now);
            scopes.Add(Persistence.DataVersion.ScopeOf(entry.Entity is ITenantOwned owned ? owned.TenantId : null));

            if (entry is { State: EntityState.Added or EntityState.Modified, Entity: IBatchAudited { AuditBatchId: not null } })
            {
                continue;
            }

            logs.Add(ToLog(entry, now, tenant));
        }

        context.Set<AuditLogEntry>().AddRange(logs);
        return scopes;
    }

    private static void GuardTenant(EntityEntry entry, Guid? tenant, IReadOnlySet<Guid>? writable)
    {
        bool Allowed(Guid? rowTenant) => rowTenant == tenant || (tenant is null && rowTenant is { } t && writable?.Contains(t) == true);

        if (entry.Entity is not ITenantOwned owned)
        {
            return;
        }

        if (entry.State == EntityState.Added)
        {
            owned.TenantId ??= tenant;
        }
        else
        {
            // The row's stored tenant must match too: moving a row to another bureau is refused.
            var original = (Guid?)entry.Property(nameof(ITenantOwned.TenantId)).OriginalValue;
            if (!Allowed(original))
            {
                throw new CrossTenantWriteException(entry.Metadata.ClrType.Name, original, tenant);
            }
        }

        if (!Allowed(owned.TenantId))
        {
            throw new CrossTenantWriteException(entry.Metadata.ClrType.Name, owned.TenantId, tenant);
        }
    }

    private void Stamp(EntityEntry entry, DateTime now)
    {
        if (entry.Entity is IAudited audited)
        {
            if (entry.State == EntityState.Added)
            {
                if (audited.CreatedAt == default)
                {
                    audited.CreatedAt = now;
                    audited.CreatedBy = auditContext.UserId;
                }
            }
            else if (entry.State == EntityState.Modified)
            {
                audited.ModifiedAt = now;
                audited.ModifiedBy = auditContext.UserId;
                entry.Property(nameof(IAudited.CreatedAt)).IsModified = false;
                entry.Property(nameof(IAudited.CreatedBy)).IsModified = false;
            }
        }

        if (entry.Entity is IHasConcurrencyStamp stamped)
        {
            if (entry.State == EntityState.Added)
            {
                stamped.ConcurrencyStamp ??= NewStamp();
            }
            else if (entry.State == EntityState.Modified
                     && Equals(entry.Property(nameof(IHasConcurrencyStamp.ConcurrencyStamp)).OriginalValue, stamped.ConcurrencyStamp))
            {
                // Not yet renewed by ExpectConcurrencyStamp in this unit of work.
                stamped.ConcurrencyStamp = NewStamp();
            }
        }
    }

    private AuditLogEntry ToLog(EntityEntry entry, DateTime now, Guid? tenant)
    {
        var changes = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (Sensitive.Contains(name) || Sensitive.Contains(entry.Metadata.ClrType.Name + "." + name) || property.Metadata.PropertyInfo?.IsDefined(typeof(NotAuditedAttribute), true) == true)
            {
                continue;
            }

            switch (entry.State)
            {
                case EntityState.Added:
                    changes[name] = new { after = property.CurrentValue };
                    break;
                case EntityState.Deleted:
                    changes[name] = new { before = property.OriginalValue };
                    break;
                case EntityState.Modified when property.IsModified && !Equals(property.OriginalValue, property.CurrentValue):
                    changes[name] = new { before = property.OriginalValue, after = property.CurrentValue };
                    break;
            }
        }

        var key = entry.Metadata.FindPrimaryKey();
        var entityId = key is null
            ? ""
            : string.Join(",", key.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString()));

        return new AuditLogEntry
        {
            // Host-level rows are the host's history, whatever bureau a host user was acting in.
            TenantId = entry.Entity is ITenantOwned owned ? owned.TenantId : null,
            OccurredAt = now,
            UserId = auditContext.UserId,
            UserName = auditContext.UserName,
            CorrelationId = auditContext.CorrelationId,
            Action = entry.State switch
            {
                EntityState.Added => AuditAction.Created,
                EntityState.Deleted => AuditAction.Deleted,
                _ => AuditAction.Modified,
            },
            EntityType = entry.Metadata.ClrType.Name,
            EntityId = entityId,
            Changes = JsonSerializer.Serialize(changes),
        };
    }
}
