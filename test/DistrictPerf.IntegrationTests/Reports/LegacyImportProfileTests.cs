using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests.Reports;

/// <summary>
/// A report in the reference's table layout written for the tests (test/TestData/legacy-layouts, 某某县商务局 2022:
/// 追加 + 追减, a reason on the line after the row, sections, a subordinate unit and duties), imported through the API:
/// the preview offers the profile, the import writes it into the bureau profile only with applyProfile=true.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LegacyImportProfileTests(AppFixture app)
{
    private const string Base = "/api/bureau/reports/2022";

    private static string Text => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "legacy-layouts", "county-commerce-2022-reference-layout.txt"));

    [Fact]
    public async Task Preview_OffersTheProfile_ImportWritesItOnlyWhenAsked()
    {
        var bureau = await app.CreateBureauAsync();
        var before = await (await bureau.Admin.GetAsync("/api/bureau/profile")).ReadJsonAsync();

        var preview = await (await bureau.Admin.PostAsJsonAsync($"{Base}/legacy-import/preview", new { text = Text })).ReadJsonAsync();
        var offered = preview.GetProperty("profile");
        Strings(offered.GetProperty("sections")).ShouldBe(["办公室", "招商科", "企业服务科", "规划科"]);
        Strings(offered.GetProperty("subordinateUnits")).ShouldBe(["某某县投资服务中心"]);
        offered.GetProperty("duties").GetArrayLength().ShouldBe(3);
        preview.GetProperty("budget").GetProperty("increase").GetDecimal().ShouldBe(200m);
        preview.GetProperty("budget").GetProperty("decrease").GetDecimal().ShouldBe(50m);
        preview.GetProperty("indicatorCount").GetInt32().ShouldBe(5);

        // Without applyProfile: imported, the profile untouched.
        var imported = await (await bureau.Admin.PostAsJsonAsync($"{Base}/legacy-import?confirmMismatch=true", new { text = Text })).ReadJsonAsync();
        imported.GetProperty("profileApplied").GetBoolean().ShouldBeFalse();
        imported.GetProperty("extracted").GetProperty("profile").GetProperty("sections").GetArrayLength().ShouldBe(4);
        var tasks = imported.GetProperty("report").GetProperty("plan").GetProperty("tasks").EnumerateArray().ToList();
        tasks.Select(t => t.GetProperty("indicators").GetArrayLength()).ShouldBe([3, 2]);
        var signing = tasks[0].GetProperty("indicators")[1];
        signing.GetProperty("name").GetString().ShouldBe("签约项目数量");
        signing.GetProperty("deviationReason").GetString().ShouldBe("因部分企业投资计划推迟，签约延后");
        (await bureau.Admin.GetStringAsync("/api/bureau/profile")).ShouldBe(before.GetRawText());

        // With applyProfile=true (over the draft, so replace=true): the stated lists replace the profile's.
        var applied = await (await bureau.Admin.PostAsJsonAsync($"{Base}/legacy-import?replace=true&applyProfile=true&confirmMismatch=true", new { text = Text })).ReadJsonAsync();
        applied.GetProperty("profileApplied").GetBoolean().ShouldBeTrue();
        var profile = await (await bureau.Admin.GetAsync("/api/bureau/profile")).ReadJsonAsync();
        profile.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["办公室", "招商科", "企业服务科", "规划科"]);
        profile.GetProperty("subordinateUnits").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["某某县投资服务中心"]);
        Strings(profile.GetProperty("duties")).ShouldBe(
        [
            "贯彻执行国家和省、市有关商务工作的方针政策，拟订全县商务发展规划并组织实施。",
            "负责全县招商引资工作的统筹协调，组织重大招商推介活动。",
            "负责落户企业的跟踪服务，协调解决企业生产经营中的问题。",
        ]);
        profile.GetProperty("concurrencyStamp").GetString().ShouldNotBe(before.GetProperty("concurrencyStamp").GetString());
    }

    [Fact]
    public async Task RefusedImport_WritesNoProfileEither()
    {
        var bureau = await app.CreateBureauAsync();
        (await bureau.Admin.PostAsJsonAsync($"{Base}/legacy-import?confirmMismatch=true", new { text = Text })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await bureau.Admin.GetStringAsync("/api/bureau/profile");

        // Over the draft without replace=true: 409, and the profile is not written although applyProfile=true.
        var refused = await bureau.Admin.PostAsJsonAsync($"{Base}/legacy-import?applyProfile=true&confirmMismatch=true", new { text = Text.Replace("办公室、招商科", "综合科、招商科", StringComparison.Ordinal) });
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("field").GetString().ShouldBe("replace");
        (await bureau.Admin.GetStringAsync("/api/bureau/profile")).ShouldBe(before);
    }

    private static List<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()).ToList();
}
