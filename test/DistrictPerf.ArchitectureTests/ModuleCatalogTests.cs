using DistrictPerf.Host.Modules;
using DistrictPerf.SharedKernel.Authorization;

namespace DistrictPerf.ArchitectureTests;

/// <summary>The one module catalogue is complete: every module project is in it, every permission has one owner.</summary>
public sealed class ModuleCatalogTests
{
    [Fact]
    public void EveryModuleProject_IsInTheCatalogue()
    {
        // Module projects the host references (src/Modules/*/DistrictPerf.Modules.X): none may escape the catalogue.
        // Contracts and server-free .Shared projects are parts of a module, not modules.
        var referenced = typeof(Program).Assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => n.StartsWith("DistrictPerf.Modules.", StringComparison.Ordinal)
                && !n.EndsWith(".Contracts", StringComparison.Ordinal) && !n.EndsWith(".Shared", StringComparison.Ordinal))
            .Order().ToList();
        referenced.Count.ShouldBeGreaterThanOrEqualTo(7);
        ModuleCatalog.All.Select(m => m.Assembly.GetName().Name!).Order().ShouldBe(referenced);
        ModuleCatalog.All.Select(m => m.Name).ShouldBeUnique();
    }

    [Fact]
    public void EveryPermission_IsOwnedByExactlyOneModuleOrTheHost()
    {
        var owners = ModuleCatalog.All.SelectMany(m => m.Permissions.Select(p => (Permission: p, Owner: m.Name)))
            .Concat(ModuleCatalog.HostPermissions.Select(p => (Permission: p, Owner: "Host")))
            .ToList();
        owners.GroupBy(o => o.Permission).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(o => o.Owner))}").ShouldBeEmpty();
        owners.Select(o => o.Permission).Order().ShouldBe(Permissions.All.Order());
    }
}
