using DistrictPerf.Host.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.ArchitectureTests;

/// <summary>Every entity is tenant-owned (and filtered) or explicitly host-level — never neither, never both.</summary>
public sealed class EntityTenancyTests
{
    public static TheoryData<string> Providers() => ["Sqlite", "SqlServer"];

    private static DbContext Create(string provider) => provider == "Sqlite"
        ? new SqliteDesignTimeFactory().CreateDbContext([])
        : new SqlServerDesignTimeFactory().CreateDbContext([]);

    [Theory]
    [MemberData(nameof(Providers))]
    public void EveryEntity_IsTenantOwnedOrHostLevel(string provider)
    {
        using var db = Create(provider);
        var entities = db.Model.GetEntityTypes().ToList();
        entities.Count.ShouldBeGreaterThan(14);

        foreach (var entity in entities)
        {
            var owned = typeof(ITenantOwned).IsAssignableFrom(entity.ClrType);
            var host = typeof(IHostLevel).IsAssignableFrom(entity.ClrType) || DistrictPerfDbContext.ExternalHostLevelEntities.Contains(entity.ClrType);
            (owned ^ host).ShouldBeTrue($"{entity.ClrType.Name} must implement exactly one of ITenantOwned or IHostLevel");
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void EveryTenantOwnedEntity_HasTheNamedTenantFilter_AndAnIndexOnTenantId(string provider)
    {
        using var db = Create(provider);
        foreach (var entity in db.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)))
        {
            entity.GetDeclaredQueryFilters().Select(f => f.Key).ShouldContain(TenantFilter.Name, entity.ClrType.Name);
            entity.GetIndexes().ShouldContain(i => i.Properties[0].Name == nameof(ITenantOwned.TenantId), entity.ClrType.Name);
        }
    }

    [Fact]
    public void HostLevelEntities_AreTheKnownFew()
    {
        using var db = Create("Sqlite");
        db.Model.GetEntityTypes().Where(e => typeof(IHostLevel).IsAssignableFrom(e.ClrType)).Select(e => e.ClrType.Name).Order()
            .ShouldBe(["AppRole", "AppRoleClaim", "Bureau", "DataVersion", "ScoringRuleSet", "WarningRun", "WarningSettingsSet"]);
    }
}
