using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.SharedKernel.Auditing;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Host.Persistence;

/// <summary>
/// The one database of DistrictPerf. Modules contribute their entity configurations; this
/// context applies the cross-cutting rules to all of them: the named tenant filter on every
/// <see cref="ITenantOwned"/> entity (reading <see cref="CurrentTenantId"/> at query time),
/// concurrency tokens, and the audit log table. One derived context per database provider
/// carries that provider's migrations.
/// </summary>
internal abstract class DistrictPerfDbContext
    : IdentityDbContext<AppUser, AppRole, Guid, AppUserClaim, AppUserRole, AppUserLogin, AppRoleClaim, AppUserToken>,
      IDataProtectionKeyContext
{
    private readonly ICurrentTenant currentTenant;

    protected DistrictPerfDbContext(DbContextOptions options, ICurrentTenant currentTenant)
        : base(options)
    {
        this.currentTenant = currentTenant;

        // Entities are stamped (tenant, creation, concurrency stamp) as they are added, so a
        // command's response built before its unit of work saves already carries those values.
        var auditing = options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.Interceptors?.OfType<AuditingInterceptor>().FirstOrDefault();
        if (auditing is not null)
        {
            ChangeTracker.Tracked += auditing.OnTracked;
        }
    }

    /// <summary>
    /// The application's <see cref="ICurrentTenant"/> (a singleton whose value flows with the request or job), from the
    /// application services the options were built with: the application's contexts are pooled and serve many requests,
    /// each reading the tenant at query time. A context built by hand from bare options (tools, the database copy, tests)
    /// gets a tenant of its own, on the host (no bureau) unless changed.
    /// </summary>
    protected static ICurrentTenant TenantOf(DbContextOptions options) =>
        options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService(typeof(ICurrentTenant)) as ICurrentTenant
        ?? new CurrentTenant();

    /// <summary>
    /// Entities of libraries that cannot implement <see cref="IHostLevel"/> but are host-level
    /// by nature (and never audited): the data-protection key ring shared by all replicas.
    /// </summary>
    public static readonly IReadOnlySet<Type> ExternalHostLevelEntities = new HashSet<Type> { typeof(DataProtectionKey) };

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Read by the tenant query filter each time a query runs (never captured at model build).</summary>
    public Guid? CurrentTenantId => currentTenant.Id;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        foreach (var module in Modules.ModuleCatalog.All)
        {
            module.ConfigureModel(builder);
        }

        builder.Entity<DataProtectionKey>().ToTable("DataProtectionKeys");

        builder.Entity<SharedKernel.Persistence.DataVersion>(b =>
        {
            b.ToTable("DataVersions");
            b.HasKey(x => x.Scope);
            b.Property(x => x.Scope).HasMaxLength(SharedKernel.Persistence.DataVersion.ScopeMaxLength);
            b.Property(x => x.Stamp).HasMaxLength(32).IsRequired();
        });

        builder.Entity<AuditLogEntry>(b =>
        {
            b.ToTable("AuditLog");
            b.HasKey(x => x.Id);
            b.Property(x => x.Action).HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.EntityType).HasMaxLength(128).IsRequired();
            b.Property(x => x.EntityId).HasMaxLength(200).IsRequired();
            b.Property(x => x.UserName).HasMaxLength(256);
            b.Property(x => x.CorrelationId).HasMaxLength(128);
            b.HasIndex(x => new { x.TenantId, x.OccurredAt });
            b.HasIndex(x => new { x.EntityType, x.EntityId });
        });

        foreach (var entityType in builder.Model.GetEntityTypes().Where(t => !t.IsOwned()).ToList())
        {
            var clr = entityType.ClrType;
            if (typeof(ITenantOwned).IsAssignableFrom(clr))
            {
                typeof(DistrictPerfDbContext).GetMethod(nameof(ApplyTenantFilter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                    .MakeGenericMethod(clr)
                    .Invoke(this, [builder]);
            }

            if (typeof(IHasConcurrencyStamp).IsAssignableFrom(clr))
            {
                builder.Entity(clr).Property(nameof(IHasConcurrencyStamp.ConcurrencyStamp)).IsConcurrencyToken().HasMaxLength(40);
            }
        }
    }

    private void ApplyTenantFilter<TEntity>(ModelBuilder builder)
        where TEntity : class, ITenantOwned
    {
        builder.Entity<TEntity>().HasQueryFilter(TenantFilter.Name, e => e.TenantId == CurrentTenantId);
        if (!builder.Entity<TEntity>().Metadata.GetIndexes().Any(i => i.Properties[0].Name == nameof(ITenantOwned.TenantId)))
        {
            builder.Entity<TEntity>().HasIndex(e => e.TenantId);
        }
    }
}

/// <summary>The embedded default: a SQLite file in the data folder. One constructor, as context pooling requires (see <see cref="DistrictPerfDbContext.TenantOf"/>).</summary>
internal sealed class SqliteDistrictPerfDbContext(DbContextOptions<SqliteDistrictPerfDbContext> options)
    : DistrictPerfDbContext(options, TenantOf(options));

/// <summary>Production: SQL Server, chosen with <c>Database:Provider = SqlServer</c>. One constructor, as context pooling requires (see <see cref="DistrictPerfDbContext.TenantOf"/>).</summary>
internal sealed class SqlServerDistrictPerfDbContext(DbContextOptions<SqlServerDistrictPerfDbContext> options)
    : DistrictPerfDbContext(options, TenantOf(options));
