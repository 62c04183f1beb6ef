using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Bureaus.Domain;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.IntegrationTests;

/// <summary>The persistence layer itself refuses writes across bureaus, whatever a handler does.</summary>
[Collection(ApiCollection.Name)]
public sealed class TenantWriteGuardTests(AppFixture app)
{
    [Fact]
    public async Task InsertingARowOfAnotherBureau_Fails_AndWritesNothing()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var before = await app.CountAllAsync<ProfileEntry>();

        await Should.ThrowAsync<CrossTenantWriteException>(() => app.WithDbAsync(async db =>
        {
            var profileOfA = await db.Set<BureauProfile>().SingleAsync();
            db.Add(new ProfileEntry { ProfileId = profileOfA.Id, TenantId = b.Id, Kind = ProfileEntryKind.Section, Order = 1, Text = "越权" });
            return await db.SaveChangesAsync();
        }, tenant: a.Id));

        (await app.CountAllAsync<ProfileEntry>()).ShouldBe(before);
    }

    [Fact]
    public async Task ModifyingARowOfAnotherBureau_Fails_EvenWhenLoadedPastTheFilter()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();

        await Should.ThrowAsync<CrossTenantWriteException>(() => app.WithDbAsync(async db =>
        {
            var profileOfB = await db.Set<BureauProfile>().IgnoreQueryFilters([TenantFilter.Name]).SingleAsync(p => p.TenantId == b.Id);
            profileOfB.Overview = "被 A 改写";
            return await db.SaveChangesAsync();
        }, tenant: a.Id));

        var overview = await app.WithDbAsync(db => db.Set<BureauProfile>().Select(p => p.Overview).SingleAsync(), b.Id);
        overview.ShouldBeNull();
    }

    [Fact]
    public async Task TheTenantFilter_ReadsTheCurrentTenantAtQueryTime()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();

        // One context, two tenants in turn: the filter must not keep the first value.
        var ids = await app.WithDbAsync(async db =>
        {
            var tenant = app.Services.GetService(typeof(ICurrentTenant)) as ICurrentTenant;
            Guid first, second;
            using (tenant!.Change(a.Id))
            {
                first = (await db.Set<BureauProfile>().AsNoTracking().SingleAsync()).TenantId!.Value;
            }

            using (tenant.Change(b.Id))
            {
                second = (await db.Set<BureauProfile>().AsNoTracking().SingleAsync()).TenantId!.Value;
            }

            return (first, second);
        });

        ids.ShouldBe((a.Id, b.Id));
    }

    [Fact]
    public async Task AHostBatch_WritesExactlyTheBureausItWasAllowed()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var tenant = (ICurrentTenant)app.Services.GetService(typeof(ICurrentTenant))!;

        var written = await app.WithDbAsync(async db =>
        {
            var profileOfA = await db.Set<BureauProfile>().IgnoreQueryFilters([TenantFilter.Name]).SingleAsync(p => p.TenantId == a.Id);
            using (tenant.AllowWritesFor(new HashSet<Guid> { a.Id }))
            {
                db.Add(new ProfileEntry { ProfileId = profileOfA.Id, TenantId = a.Id, Kind = ProfileEntryKind.Section, Order = 99, Text = "批量写入" });
                return await db.SaveChangesAsync();
            }
        });
        written.ShouldBeGreaterThan(0);

        await Should.ThrowAsync<CrossTenantWriteException>(() => app.WithDbAsync(async db =>
        {
            var profileOfB = await db.Set<BureauProfile>().IgnoreQueryFilters([TenantFilter.Name]).SingleAsync(p => p.TenantId == b.Id);
            using (tenant.AllowWritesFor(new HashSet<Guid> { a.Id }))
            {
                db.Add(new ProfileEntry { ProfileId = profileOfB.Id, TenantId = b.Id, Kind = ProfileEntryKind.Section, Order = 99, Text = "越权" });
                return await db.SaveChangesAsync();
            }
        }));

        // Only the host may open such a batch.
        using (tenant.Change(a.Id))
        {
            Should.Throw<InvalidOperationException>(() => tenant.AllowWritesFor(new HashSet<Guid> { b.Id }));
        }
    }

    [Fact]
    public async Task OnTheHost_TenantOwnedRowsOfBureausAreInvisible()
    {
        await app.CreateBureauAsync();
        var visible = await app.WithDbAsync(db => db.Set<BureauProfile>().CountAsync());
        visible.ShouldBe(0);
    }
}
