using System.Text.Json;
using System.Xml.Linq;

namespace DistrictPerf.ArchitectureTests;

/// <summary>
/// The package policy (docs/operations.md, "Package lock and vulnerability audit"): every project has a
/// committed packages.lock.json that lists each of its package references (so CI and the image build can
/// restore in locked mode), and a vulnerability advisory (NU1901-NU1904) or an unreachable advisory
/// source (NU1900, NU1905) stays a warning under TreatWarningsAsErrors.
/// </summary>
public sealed class PackageLockTests
{
    private static DirectoryInfo Root()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DistrictPerf.sln")))
        {
            folder = folder.Parent;
        }

        return folder ?? throw new DirectoryNotFoundException("DistrictPerf.sln not found above " + AppContext.BaseDirectory);
    }

    private static IEnumerable<string> Projects(DirectoryInfo root) =>
        Directory.EnumerateFiles(root.FullName, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"));

    private static XElement BuildProps(DirectoryInfo root) =>
        XDocument.Load(Path.Combine(root.FullName, "Directory.Build.props")).Root!;

    [Fact]
    public void LockFiles_AreOnForEveryProject_AndLockedInCiAndContainerBuilds()
    {
        var props = BuildProps(Root()).Descendants().ToList();
        props.Single(e => e.Name.LocalName == "RestorePackagesWithLockFile").Value.ShouldBe("true");
        var locked = props.Single(e => e.Name.LocalName == "RestoreLockedMode");
        locked.Value.ShouldBe("true");
        locked.Attribute("Condition")!.Value.ShouldContain("'$(CI)' == 'true'");
        locked.Attribute("Condition")!.Value.ShouldContain("DOTNET_RUNNING_IN_CONTAINER");
    }

    [Fact]
    public void EveryProject_HasALockFile_ListingEachOfItsPackageReferences()
    {
        var root = Root();
        var projects = Projects(root).ToList();
        projects.Count.ShouldBeGreaterThanOrEqualTo(20);
        var problems = new List<string>();
        foreach (var project in projects)
        {
            var relative = Path.GetRelativePath(root.FullName, project);
            var lockFile = Path.Combine(Path.GetDirectoryName(project)!, "packages.lock.json");
            if (!File.Exists(lockFile))
            {
                problems.Add($"{relative}: no packages.lock.json");
                continue;
            }

            using var json = JsonDocument.Parse(File.ReadAllText(lockFile));
            var direct = json.RootElement.GetProperty("dependencies").EnumerateObject()
                .Where(framework => !framework.Name.Contains('/', StringComparison.Ordinal)) // runtime-specific sections repeat them
                .SelectMany(framework => framework.Value.EnumerateObject())
                .Where(package => package.Value.GetProperty("type").GetString() == "Direct")
                .Select(package => package.Name)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            var references = XDocument.Load(project).Descendants()
                .Where(e => e.Name.LocalName == "PackageReference")
                .Select(e => (string?)e.Attribute("Include") ?? (string?)e.Attribute("Update"))
                .OfType<string>();
            problems.AddRange(references.Where(r => !direct.Contains(r))
                .Select(r => $"{relative}: {r} is not in packages.lock.json (run dotnet restore DistrictPerf.sln --force-evaluate)"));
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public void VulnerabilityAdvisories_StayWarnings_UnderWarningsAsErrors()
    {
        var props = BuildProps(Root()).Descendants().ToList();
        props.Single(e => e.Name.LocalName == "TreatWarningsAsErrors").Value.ShouldBe("true");
        var notAsErrors = props.Single(e => e.Name.LocalName == "WarningsNotAsErrors").Value
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        notAsErrors.ShouldContain("NU1900");
        notAsErrors.ShouldContain("NU1901");
        notAsErrors.ShouldContain("NU1902");
        notAsErrors.ShouldContain("NU1903");
        notAsErrors.ShouldContain("NU1904");
        notAsErrors.ShouldContain("NU1905");
        // Advisories are still looked up (not switched off), for direct and transitive packages.
        props.Where(e => e.Name.LocalName == "NuGetAudit").ShouldAllBe(e => e.Value != "false");
        props.Single(e => e.Name.LocalName == "NuGetAuditMode").Value.ShouldBe("all");
    }
}
