using System.Reflection;
using DistrictPerf.Host.Modules;
using NetArchTest.Rules;

namespace DistrictPerf.ArchitectureTests;

/// <summary>
/// Host → modules; a module → SharedKernel and other modules' Contracts only; Contracts → SharedKernel only.
/// A module's server-free project (<c>DistrictPerf.Modules.X.Shared</c>: plain functions and types that the web
/// client compiles too) references nothing of the server, and counts as part of its module's contracts.
/// </summary>
public sealed class ModuleDependencyTests
{
    private const string SharedKernel = "DistrictPerf.SharedKernel";

    /// <summary>Every module of the host's one catalogue: a module left out of it is left out of the app too.</summary>
    public static IEnumerable<Assembly> ModuleAssemblies() => ModuleCatalog.All.Select(m => m.Assembly);

    public static TheoryData<string> ModuleNames() => [.. ModuleAssemblies().Select(a => a.GetName().Name!)];

    public static TheoryData<string> ContractNames() => [.. AllDistrictPerfAssemblies().Where(n => n.EndsWith(".Contracts", StringComparison.Ordinal))];

    public static TheoryData<string> ServerFreeNames() => [.. AllDistrictPerfAssemblies().Where(IsServerFree)];

    /// <summary>A module's server-free project: referenced by the server and by the web client.</summary>
    private static bool IsServerFree(string assembly) =>
        assembly.StartsWith("DistrictPerf.Modules.", StringComparison.Ordinal) && assembly.EndsWith(".Shared", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void Module_ReferencesOnlySharedKernelAndContracts(string module)
    {
        var references = References(module);

        references.ShouldNotBeEmpty();
        foreach (var reference in references)
        {
            (reference == SharedKernel || reference.EndsWith(".Contracts", StringComparison.Ordinal) || IsServerFree(reference))
                .ShouldBeTrue($"{module} references {reference}; modules may reference SharedKernel, Contracts and server-free projects only");
        }
    }

    /// <summary>
    /// Module A depends on module B when A references B's Contracts. The graph has no cycle: two
    /// modules that need each other share a port (defined by the one depended upon) or an event.
    /// </summary>
    [Fact]
    public void ModuleDependencies_ThroughContracts_HaveNoCycle()
    {
        var byContracts = ModuleCatalog.All.Where(m => m.ContractsAssembly is not null).ToDictionary(m => m.ContractsAssembly!.GetName().Name!, m => m.Name);
        foreach (var module in ModuleCatalog.All)
        {
            byContracts[$"DistrictPerf.Modules.{module.Name}.Shared"] = module.Name;
        }
        var edges = ModuleCatalog.All.ToDictionary(
            m => m.Name,
            m => References(m.Assembly.GetName().Name!).Where(byContracts.ContainsKey).Select(r => byContracts[r]).Where(n => n != m.Name).ToList());
        edges.Values.Sum(e => e.Count).ShouldBeGreaterThan(3); // the graph is read (Reports → Budgets, Indicators, Bureaus …)

        var cycle = FindCycle(edges);
        cycle.ShouldBeNull($"module dependency cycle: {string.Join(" → ", cycle ?? [])}");
    }

    [Fact]
    public void FindCycle_FindsOne_WhenThereIsOne()
    {
        FindCycle(new() { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"] }).ShouldNotBeNull();
        FindCycle(new() { ["A"] = ["B"], ["B"] = ["C"], ["C"] = [] }).ShouldBeNull();
    }

    private static List<string>? FindCycle(Dictionary<string, List<string>> edges)
    {
        var state = new Dictionary<string, int>(); // 1 = on the path, 2 = done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.SkipWhile(n => n != next), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        return edges.Keys.Where(n => state.GetValueOrDefault(n) == 0).Select(Visit).FirstOrDefault(c => c is not null);
    }

    [Theory]
    [MemberData(nameof(ContractNames))]
    public void Contracts_ReferenceOnlySharedKernel(string contracts)
    {
        var serverFree = string.Concat(contracts.AsSpan(0, contracts.Length - ".Contracts".Length), ".Shared");
        References(contracts).ShouldAllBe(r => r == SharedKernel || r == serverFree);
    }

    /// <summary>A server-free project references no other project and nothing of ASP.NET Core, EF Core or the pipeline's packages: the web client compiles it.</summary>
    [Theory]
    [MemberData(nameof(ServerFreeNames))]
    public void ServerFreeProjects_ReferenceOnlyTheBaseLibrary(string project)
    {
        var references = Assembly.Load(project).GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.ShouldNotBeEmpty();
        references.ShouldAllBe(r => r == "netstandard" || r.StartsWith("System", StringComparison.Ordinal), $"{project} references {string.Join(", ", references)}");
    }

    /// <summary>The web client (Blazor WebAssembly) shares only server-free projects with the server; its API types are generated.</summary>
    [Fact]
    public void TheWebClient_ReferencesOnlyServerFreeProjects()
    {
        var references = References("DistrictPerf.Web");
        references.ShouldNotBeEmpty(); // it computes the plan's scores with DistrictPerf.Modules.Indicators.Shared
        references.ShouldAllBe(r => IsServerFree(r));
        Assembly.Load("DistrictPerf.Web").GetReferencedAssemblies()
            .ShouldNotContain(a => a.Name!.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || a.Name == "Microsoft.AspNetCore.Http");
    }

    [Fact]
    public void SharedKernel_ReferencesNoModule()
    {
        References(SharedKernel).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void ModuleTypes_DoNotDependOnOtherModulesInternals(string module)
    {
        // Every type of the other modules' implementation assemblies and of the host (their Contracts are allowed).
        var others = ModuleAssemblies().Where(a => a.GetName().Name != module).Append(typeof(Program).Assembly)
            .SelectMany(a => a.GetTypes())
            .Where(t => t.FullName is not null && !t.FullName.Contains('<', StringComparison.Ordinal))
            .Select(t => t.FullName!)
            .ToArray();
        others.ShouldNotBeEmpty();
        var result = Types.InAssembly(Assembly.Load(module)).ShouldNot().HaveDependencyOnAny(others).GetResult();
        result.IsSuccessful.ShouldBeTrue($"offending types: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void OnlyTheModuleClass_IsPublic(string module)
    {
        var publicTypes = Assembly.Load(module).GetExportedTypes().Select(t => t.Name).ToList();
        publicTypes.ShouldBe([module.Split('.').Last() + "Module"]);
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void HandlersAndValidators_AreInternalSealed(string module)
    {
        var result = Types.InAssembly(Assembly.Load(module))
            .That().HaveNameEndingWith("Handler").Or().HaveNameEndingWith("Validator")
            .Should().NotBePublic().And().BeSealed()
            .GetResult();
        result.IsSuccessful.ShouldBeTrue($"offending types: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    private static List<string> References(string assembly) =>
        Assembly.Load(assembly).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("DistrictPerf.", StringComparison.Ordinal))
            .ToList();

    private static IEnumerable<string> AllDistrictPerfAssemblies() =>
        ModuleAssemblies().SelectMany(a => a.GetReferencedAssemblies().Select(r => r.Name!).Append(a.GetName().Name!))
            .Where(n => n.StartsWith("DistrictPerf.", StringComparison.Ordinal))
            .Distinct();
}
