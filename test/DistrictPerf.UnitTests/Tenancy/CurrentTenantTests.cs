using DistrictPerf.SharedKernel.Tenancy;

namespace DistrictPerf.UnitTests.Tenancy;

public sealed class CurrentTenantTests
{
    private readonly CurrentTenant _tenant = new();

    [Fact]
    public void Default_IsTheHost()
    {
        _tenant.Id.ShouldBeNull();
        ((ICurrentTenant)_tenant).IsBureau.ShouldBeFalse();
    }

    [Fact]
    public void Change_IsScoped_AndNestedScopesRestoreTheOuterValue()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        using (_tenant.Change(a))
        {
            _tenant.Id.ShouldBe(a);
            using (_tenant.Change(b))
            {
                _tenant.Id.ShouldBe(b);
                using (_tenant.Change(null))
                {
                    _tenant.Id.ShouldBeNull();
                }

                _tenant.Id.ShouldBe(b);
            }

            _tenant.Id.ShouldBe(a);
        }

        _tenant.Id.ShouldBeNull();
    }

    [Fact]
    public void DisposingTwice_DoesNotRestoreTwice()
    {
        var a = Guid.NewGuid();
        using (_tenant.Change(a))
        {
            var inner = _tenant.Change(Guid.NewGuid());
            inner.Dispose();
            inner.Dispose();
            _tenant.Id.ShouldBe(a);
        }
    }

    [Fact]
    public async Task Value_FlowsThroughAwaits_AndParallelFlowsDoNotSeeEachOther()
    {
        var ids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        var seen = await Task.WhenAll(ids.Select(async id =>
        {
            using (_tenant.Change(id))
            {
                await Task.Yield();
                await Task.Delay(Random.Shared.Next(1, 10));
                return _tenant.Id;
            }
        }));

        seen.ShouldBe(ids.Cast<Guid?>());
        _tenant.Id.ShouldBeNull();
    }
}
