using System.Reflection;
using DistrictPerf.Modules.Bureaus;
using DistrictPerf.Modules.Identity;
using NetArchTest.Rules;

namespace DistrictPerf.ArchitectureTests;

/// <summary>Host → modules; a module → SharedKernel and other modules' Contracts only; Contracts → SharedKernel only.</summary>
public sealed class ModuleDependencyTests
{
    private const string SharedKernel = "DistrictPerf.SharedKernel";

    public static IEnumerable<Assembly> ModuleAssemblies() =>
    [
        typeof(BureausModule).Assembly,
        typeof(IdentityModule).Assembly,
        typeof(DistrictPerf.Modules.Budgets.BudgetsModule).Assembly,
        typeof(DistrictPerf.Modules.Indicators.IndicatorsModule).Assembly,
        typeof(DistrictPerf.Modules.Reports.ReportsModule).Assembly,
        typeof(DistrictPerf.Modules.Alerts.AlertsModule).Assembly,
        typeof(DistrictPerf.Modules.Search.SearchModule).Assembly,
    ];

    public static TheoryData<string> ModuleNames() => [.. ModuleAssemblies().Select(a => a.GetName().Name!)];

    public static TheoryData<string> ContractNames() => [.. AllDistrictPerfAssemblies().Where(n => n.EndsWith(".Contracts", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void Module_ReferencesOnlySharedKernelAndContracts(string module)
    {
        var references = References(module);

        references.ShouldNotBeEmpty();
        foreach (var reference in references)
        {
            (reference == SharedKernel || reference.EndsWith(".Contracts", StringComparison.Ordinal))
                .ShouldBeTrue($"{module} references {reference}; modules may reference SharedKernel and Contracts only");
        }
    }

    [Theory]
    [MemberData(nameof(ContractNames))]
    public void Contracts_ReferenceOnlySharedKernel(string contracts)
    {
        References(contracts).ShouldAllBe(r => r == SharedKernel);
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
