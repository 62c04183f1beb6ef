using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DistrictPerf.SharedKernel.Localization;

namespace DistrictPerf.UnitTests.Localization;

/// <summary>
/// Every message set is complete in both languages: each key of a neutral (Chinese) .resx is in
/// its .en.resx and vice versa, and each key is one member of the set's accessor class, which
/// reads Chinese by default and English under <c>en</c>.
/// </summary>
public sealed partial class ResourceSetTests
{
    /// <summary>The neutral .resx files under src/, relative to the repository root.</summary>
    public static TheoryData<string> NeutralResxFiles() => new(Neutral());

    /// <summary>The server's message sets (the web client's UI texts are checked by <see cref="TheWebClientsTexts_AreInBothLanguages"/>).</summary>
    private static IEnumerable<string> Neutral() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "src"), "*.resx", SearchOption.AllDirectories)
            .Where(f => !CulturePart().IsMatch(Path.GetFileName(f)))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}DistrictPerf.Web{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryRoot, f))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void EveryProjectThatOwnsMessages_HasAResourceSet()
    {
        var sets = Neutral().Select(Path.GetFileNameWithoutExtension).ToList();
        sets.ShouldBe(
        [
            "HostMessages", "SharedMessages", "AlertsMessages", "BudgetsMessages", "BureausMessages",
            "IdentityMessages", "IndicatorsMessages", "ReportsMessages", "SearchMessages",
        ], ignoreOrder: true);
    }

    [Fact]
    public void TheWebClientsTexts_AreInBothLanguages()
    {
        var folder = Path.Combine(RepositoryRoot, "src", "DistrictPerf.Web", "Localization");
        var chinese = Read(Path.Combine(folder, "Ui.resx"));
        var english = Read(Path.Combine(folder, "Ui.en.resx"));
        chinese.Count.ShouldBeGreaterThan(40);
        english.Keys.ShouldBe(chinese.Keys, ignoreOrder: true);
        english.Values.ShouldAllBe(v => !string.IsNullOrWhiteSpace(v));
        // One language at a time: no Chinese in English texts, none of the "中文 / English" pairs; the
        // language switch is the one text written in the other language on purpose.
        english.Where(kv => kv.Key != "Language").ShouldAllBe(kv => !Cjk().IsMatch(kv.Value));
        chinese.Where(kv => kv.Key != "Language").ShouldAllBe(kv => Cjk().IsMatch(kv.Value) && !kv.Value.Contains(" / ", StringComparison.Ordinal));
        var accessor = File.ReadAllText(Path.Combine(folder, "Ui.g.cs"));
        chinese.Keys.ShouldAllBe(k => accessor.Contains($" {k} => Get(nameof({k}))", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(NeutralResxFiles))]
    public void TheEnglishSet_HasExactlyTheKeysOfTheChineseSet(string neutral)
    {
        var chinese = Read(Path.Combine(RepositoryRoot, neutral));
        var englishFile = Path.Combine(RepositoryRoot, Path.ChangeExtension(neutral, ".en.resx"));
        File.Exists(englishFile).ShouldBeTrue($"{neutral} has no English satellite");
        var english = Read(englishFile);

        chinese.Keys.Except(english.Keys).ShouldBeEmpty($"keys missing in English ({englishFile})");
        english.Keys.Except(chinese.Keys).ShouldBeEmpty($"keys only in English ({englishFile})");
        chinese.ShouldAllBe(kv => !string.IsNullOrWhiteSpace(kv.Value) && Cjk().IsMatch(kv.Value), "every Chinese message has Chinese text");
        chinese.ShouldAllBe(kv => !kv.Value.Contains(" / ", StringComparison.Ordinal), "one language per message, no 中文 / English");
        english.ShouldAllBe(kv => !string.IsNullOrWhiteSpace(kv.Value));
    }

    [Theory]
    [MemberData(nameof(NeutralResxFiles))]
    public void TheAccessor_HasOneMemberPerKey_AndReadsBothLanguages(string neutral)
    {
        var keys = Read(Path.Combine(RepositoryRoot, neutral));
        var english = Read(Path.Combine(RepositoryRoot, Path.ChangeExtension(neutral, ".en.resx")));
        var accessor = Accessor(Path.GetFileNameWithoutExtension(neutral));
        var members = accessor.GetMembers(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m is PropertyInfo { PropertyType: var t } && t == typeof(string) || m is MethodInfo { ReturnType: var r, IsSpecialName: false } && r == typeof(string))
            .ToList();

        members.Select(m => m.Name).ShouldBe(keys.Keys, ignoreOrder: true);
        foreach (var member in members)
        {
            Read(member, MessageCulture.Default).ShouldBe(Expected(keys[member.Name], member), member.Name);
            Read(member, MessageCulture.English).ShouldBe(Expected(english[member.Name], member), member.Name);
            Read(member, CultureInfo.GetCultureInfo("en-GB")).ShouldBe(Expected(english[member.Name], member), member.Name);
            Read(member, CultureInfo.GetCultureInfo("zh-Hans")).ShouldBe(Expected(keys[member.Name], member), member.Name);
        }
    }

    private static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DistrictPerf.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DistrictPerf.sln not found above " + AppContext.BaseDirectory);
    }

    private static Dictionary<string, string> Read(string resx) =>
        XDocument.Load(resx).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    /// <summary>The accessor class of a set: the public or internal type of that name in one of the app's assemblies.</summary>
    private static Type Accessor(string name)
    {
        var assemblies = new[] { typeof(Program).Assembly }
            .Concat(typeof(Program).Assembly.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("DistrictPerf.", StringComparison.Ordinal)).Select(Assembly.Load))
            .Distinct();
        return assemblies.SelectMany(a => a.GetTypes()).Single(t => t.Name == name && t.IsAbstract && t.IsSealed);
    }

    private static readonly Dictionary<Type, object> Samples = new()
    {
        [typeof(string)] = "X1",
        [typeof(object)] = "X1",
        [typeof(int)] = 7,
        [typeof(long)] = 7L,
        [typeof(decimal)] = 7m,
    };

    private static object?[] Arguments(MemberInfo member) =>
        member is MethodInfo method ? method.GetParameters().Select(p => Samples[p.ParameterType]).ToArray() : [];

    private static string Read(MemberInfo member, CultureInfo culture)
    {
        using var _ = MessageCulture.Use(culture);
        return member switch
        {
            PropertyInfo p => (string)p.GetValue(null)!,
            MethodInfo m => (string)m.Invoke(null, Arguments(m))!,
            _ => throw new InvalidOperationException(),
        };
    }

    private static string Expected(string text, MemberInfo member) =>
        member is MethodInfo ? string.Format(CultureInfo.InvariantCulture, text, Arguments(member)) : text;

    [GeneratedRegex(@"\.[a-z]{2}(-[A-Za-z]+)*\.resx$")]
    private static partial Regex CulturePart();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();
}
