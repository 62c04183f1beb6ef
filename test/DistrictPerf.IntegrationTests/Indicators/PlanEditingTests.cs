using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.IntegrationTests.Reports;

namespace DistrictPerf.IntegrationTests.Indicators;

/// <summary>What the plan editor relies on: a save answers with the server's figures, the plan shows how it read each indicator, indicators can be reordered.</summary>
[Collection(ApiCollection.Name)]
public sealed class PlanEditingTests(AppFixture app)
{
    private static async Task<Guid> TaskAsync(HttpClient client, int number = 1) =>
        (await (await client.PostAsJsonAsync($"{ReportApi.Plan}/tasks", new { number, name = "招商推介", funds = 100m })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private static async Task<JsonElement> AddAsync(HttpClient client, Guid task, string name, string target, string actual) =>
        await (await client.PostAsJsonAsync($"{ReportApi.Plan}/tasks/{task}/indicators", new { level1 = "产出", name, direction = "AtLeast", target, actual })).ReadJsonAsync(HttpStatusCode.Created);

    private static JsonElement Figures(JsonElement saved, Guid id) =>
        saved.GetProperty("figures").GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);

    [Fact]
    public async Task SavingAnIndicator_AnswersWithThePlansFigures_AsThePlanComputesThem()
    {
        var bureau = await app.CreateBureauAsync();
        var editor = bureau.Admin;
        var task = await TaskAsync(editor);
        var first = await AddAsync(editor, task, "举办招商推介活动次数", "≥35次", "2021年实际完成38次，达到预期目标。");
        first.GetProperty("figures").GetProperty("indicators").GetArrayLength().ShouldBe(1);
        var firstId = first.GetProperty("id").GetGuid();
        var second = await AddAsync(editor, task, "主题宣传片数量", "1部", "实际完成90%");
        var secondId = second.GetProperty("id").GetGuid();

        // No weights entered: the second indicator halves the first one's derived weight (产出 takes all 90 points).
        Figures(second, firstId).GetProperty("weight").GetDecimal().ShouldBe(45m);
        var read = Figures(second, secondId);
        read.GetProperty("weight").GetDecimal().ShouldBe(45m);
        read.GetProperty("targetOperator").ValueKind.ShouldBe(JsonValueKind.Null);
        read.GetProperty("targetNumber").GetDecimal().ShouldBe(1m);
        read.GetProperty("unit").GetString().ShouldBe("部");
        read.GetProperty("actualNumber").GetDecimal().ShouldBe(90m);
        read.GetProperty("actualUnit").GetString().ShouldBe("%"); // a percentage of completion
        read.GetProperty("score").GetDecimal().ShouldBe(40.5m);
        read.GetProperty("achieved").GetBoolean().ShouldBeFalse();

        // The actual falls short: the answer carries the new score, total and stamp.
        var updated = await (await editor.PutAsJsonAsync($"{ReportApi.Plan}/tasks/{task}/indicators/{firstId}", new
        {
            level1 = "产出", name = "举办招商推介活动次数", direction = "AtLeast", target = "≥35次", actual = "实际完成28次",
            concurrencyStamp = first.GetProperty("concurrencyStamp").GetString(),
        })).ReadJsonAsync();
        updated.GetProperty("concurrencyStamp").GetString().ShouldNotBe(first.GetProperty("concurrencyStamp").GetString());
        var short1 = Figures(updated, firstId);
        short1.GetProperty("targetOperator").GetString().ShouldBe("≥");
        short1.GetProperty("targetNumber").GetDecimal().ShouldBe(35m);
        short1.GetProperty("actualNumber").GetDecimal().ShouldBe(28m);
        short1.GetProperty("score").GetDecimal().ShouldBe(36m); // 45 × 28 ÷ 35
        short1.GetProperty("achieved").GetBoolean().ShouldBeFalse();

        // … the same figures as the plan read afterwards.
        var plan = await (await editor.GetAsync(ReportApi.Plan)).ReadJsonAsync();
        updated.GetProperty("figures").GetProperty("totalScore").GetDecimal().ShouldBe(plan.GetProperty("totalScore").GetDecimal());
        updated.GetProperty("figures").GetProperty("grade").GetString().ShouldBe(plan.GetProperty("grade").GetString());
        updated.GetProperty("figures").GetProperty("indicatorScore").GetDecimal().ShouldBe(76.5m);
        var indicator = plan.GetProperty("tasks")[0].GetProperty("indicators")[0];
        indicator.GetProperty("score").GetDecimal().ShouldBe(36m);
        indicator.GetProperty("enteredWeight").GetDecimal().ShouldBe(0m);
        indicator.GetProperty("weight").GetDecimal().ShouldBe(45m);
        indicator.GetProperty("targetNumber").GetDecimal().ShouldBe(35m);
        indicator.GetProperty("actualNumber").GetDecimal().ShouldBe(28m);
        indicator.GetProperty("concurrencyStamp").GetString().ShouldBe(updated.GetProperty("concurrencyStamp").GetString());
    }

    [Fact]
    public async Task APlanIndicator_CarriesItsEnteredWeightAndShare_SoAnEditorSendsThemBackUnchanged()
    {
        var bureau = await app.CreateBureauAsync();
        var task = await TaskAsync(bureau.Admin);
        await (await bureau.Admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks/{task}/indicators", new
        {
            level1 = "满意度", name = "服务对象满意度", direction = "Qualitative", target = "满意", actual = "基本满意", weight = 10m, rating = "PartlyAchieved", share = 0.6m,
        })).ReadJsonAsync(HttpStatusCode.Created);

        var indicator = (await (await bureau.Admin.GetAsync(ReportApi.Plan)).ReadJsonAsync()).GetProperty("tasks")[0].GetProperty("indicators")[0];
        indicator.GetProperty("enteredWeight").GetDecimal().ShouldBe(10m);
        indicator.GetProperty("share").GetDecimal().ShouldBe(0.6m);
        indicator.GetProperty("score").GetDecimal().ShouldBe(6m);
        indicator.GetProperty("targetNumber").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Reordering_PutsTheTasksIndicatorsInTheOrderGiven_WithTheirStamps()
    {
        var bureau = await app.CreateBureauAsync();
        var editor = bureau.Admin;
        var task = await TaskAsync(editor);
        var a = await AddAsync(editor, task, "甲", "1次", "1次");
        var b = await AddAsync(editor, task, "乙", "2次", "2次");
        var c = await AddAsync(editor, task, "丙", "3次", "3次");
        object Position(JsonElement saved) => new { id = saved.GetProperty("id").GetGuid(), concurrencyStamp = saved.GetProperty("concurrencyStamp").GetString() };
        var url = $"{ReportApi.Plan}/tasks/{task}/indicators/order";

        var moved = await (await editor.PutAsJsonAsync(url, new { indicators = new[] { Position(c), Position(a), Position(b) } })).ReadJsonAsync();
        moved.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ShouldBe([c.GetProperty("id").GetGuid(), a.GetProperty("id").GetGuid(), b.GetProperty("id").GetGuid()]);
        var plan = await (await editor.GetAsync(ReportApi.Plan)).ReadJsonAsync();
        var indicators = plan.GetProperty("tasks")[0].GetProperty("indicators").EnumerateArray().ToList();
        indicators.Select(i => i.GetProperty("name").GetString()).ShouldBe(["丙", "甲", "乙"]);
        indicators.Select(i => i.GetProperty("order").GetInt32()).ShouldBe([1, 2, 3]);

        // Each moved indicator has a new stamp (the answer's, the plan's); the old one is stale now.
        var stamps = moved.EnumerateArray().ToDictionary(s => s.GetProperty("id").GetGuid(), s => s.GetProperty("concurrencyStamp").GetString());
        indicators.ShouldAllBe(i => stamps[i.GetProperty("id").GetGuid()] == i.GetProperty("concurrencyStamp").GetString());
        stamps[a.GetProperty("id").GetGuid()].ShouldNotBe(a.GetProperty("concurrencyStamp").GetString());
        var stale = await (await editor.PutAsJsonAsync(url, new { indicators = new[] { Position(a), Position(b), Position(c) } })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        stale.GetProperty("field").GetString().ShouldBe("concurrencyStamp");

        // All of the task's indicators, each once, each with its stamp.
        var fresh = indicators.Select(i => (object)new { id = i.GetProperty("id").GetGuid(), concurrencyStamp = i.GetProperty("concurrencyStamp").GetString() }).ToArray();
        await (await editor.PutAsJsonAsync(url, new { indicators = fresh[..2] })).ShouldBeValidationProblemAsync("indicators");
        await (await editor.PutAsJsonAsync(url, new { indicators = new[] { fresh[0], fresh[0], fresh[1] } })).ShouldBeValidationProblemAsync("indicators");
        await (await editor.PutAsJsonAsync(url, new { indicators = new[] { new { id = c.GetProperty("id").GetGuid() } } })).ShouldBeValidationProblemAsync("indicators[0].concurrencyStamp");
        await (await editor.PutAsJsonAsync(url, new { indicators = Array.Empty<object>() })).ShouldBeValidationProblemAsync("indicators");

        // Unchanged positions need no write: the same order again succeeds and keeps the stamps.
        var again = await (await editor.PutAsJsonAsync(url, new { indicators = fresh })).ReadJsonAsync();
        again.EnumerateArray().Select(s => s.GetProperty("concurrencyStamp").GetString()).ShouldBe(indicators.Select(i => i.GetProperty("concurrencyStamp").GetString()));
    }

    [Fact]
    public async Task Reordering_AnotherBureausTask_IsNotFound_AndAViewerMayNot()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var task = await TaskAsync(a.Admin);
        var saved = await AddAsync(a.Admin, task, "甲", "1次", "1次");
        var body = new { indicators = new[] { new { id = saved.GetProperty("id").GetGuid(), concurrencyStamp = saved.GetProperty("concurrencyStamp").GetString() } } };
        var url = $"{ReportApi.Plan}/tasks/{task}/indicators/order";

        await (await b.Admin.PutAsJsonAsync(url, body)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var (_, viewer) = await a.AddUserAsync("plan-viewer", "Viewer");
        await (await viewer.PutAsJsonAsync(url, body)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var host = await app.RootAsync();
        await (await host.PutAsJsonAsync(url, body)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        (await (await a.Admin.PutAsJsonAsync(url, body)).ReadJsonAsync()).GetArrayLength().ShouldBe(1);
    }
    [Fact]
    public async Task TheNamesAReportLists_AreEditedWithTheTask_SoTheDuplicateFindingCanBeFixed_AndAbsentFieldsStayAsTheyWere()
    {
        var bureau = await app.CreateBureauAsync();
        var imported = await bureau.Admin.LegacyImportAsync();
        Codes(imported.GetProperty("report")).ShouldContain("indicator.duplicate");
        var task3 = (await (await bureau.Admin.GetAsync(ReportApi.Plan)).ReadJsonAsync()).GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("number").GetInt32() == 3);
        var listed = task3.GetProperty("declaredIndicatorNames").EnumerateArray().Select(n => n.GetString()!).ToList();
        listed.Count.ShouldBe(11);
        var id = task3.GetProperty("id").GetGuid();

        // Saving the task without the new fields (an older client) keeps what the report listed.
        object Body(string stamp, object? count = null, object? names = null) => new
        {
            number = 3, name = task3.GetProperty("name").GetString(), expectedGoal = task3.GetProperty("expectedGoal").GetString(),
            completion = task3.GetProperty("completion").GetString(), funds = task3.GetProperty("fundsYuan").GetDecimal(), concurrencyStamp = stamp,
            declaredIndicatorCount = count, declaredIndicatorNames = names,
        };
        var saved = await (await bureau.Admin.PutAsJsonAsync($"{ReportApi.Plan}/tasks/{id}", Body(task3.GetProperty("concurrencyStamp").GetString()!))).ReadJsonAsync();
        var after = (await (await bureau.Admin.GetAsync(ReportApi.Plan)).ReadJsonAsync()).GetProperty("tasks")[2];
        after.GetProperty("declaredIndicatorNames").GetArrayLength().ShouldBe(11);
        after.GetProperty("declaredIndicatorCount").GetInt32().ShouldBe(10);

        // A name with a line break, or too many names: 400 naming the field, nothing written.
        var bad = await bureau.Admin.PutAsJsonAsync($"{ReportApi.Plan}/tasks/{id}", Body(saved.GetProperty("concurrencyStamp").GetString()!, 10, new[] { "甲\n乙" }));
        await bad.ShouldBeValidationProblemAsync("declaredIndicatorNames[0]");
        var tooMany = await bureau.Admin.PutAsJsonAsync($"{ReportApi.Plan}/tasks/{id}", Body(saved.GetProperty("concurrencyStamp").GetString()!, 10, Enumerable.Range(1, 100).Select(n => $"指标{n}").ToArray()));
        await tooMany.ShouldBeValidationProblemAsync("declaredIndicatorNames");
        (await (await bureau.Admin.GetAsync(ReportApi.Plan)).ReadJsonAsync()).GetProperty("tasks")[2].GetProperty("declaredIndicatorNames").GetArrayLength().ShouldBe(11);

        // The second copy removed: the report's duplicate and count findings are gone.
        var fixedNames = listed.Where((_, i) => i != 5).ToArray();
        (await bureau.Admin.PutAsJsonAsync($"{ReportApi.Plan}/tasks/{id}", Body(saved.GetProperty("concurrencyStamp").GetString()!, 10, fixedNames))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await bureau.Admin.ReportAsync();
        Codes(report).ShouldNotContain("indicator.duplicate");
        Codes(report).ShouldNotContain("task.declared-count");

        // Count 0 and no names: nothing stated any more.
        var stamp = (await (await bureau.Admin.GetAsync(ReportApi.Plan)).ReadJsonAsync()).GetProperty("tasks")[2].GetProperty("concurrencyStamp").GetString()!;
        (await bureau.Admin.PutAsJsonAsync($"{ReportApi.Plan}/tasks/{id}", Body(stamp, 0, Array.Empty<string>()))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var cleared = (await (await bureau.Admin.GetAsync(ReportApi.Plan)).ReadJsonAsync()).GetProperty("tasks")[2];
        cleared.GetProperty("declaredIndicatorCount").ValueKind.ShouldBe(JsonValueKind.Null);
        cleared.GetProperty("declaredIndicatorNames").GetArrayLength().ShouldBe(0);
    }

    private static List<string> Codes(JsonElement report) =>
        report.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()!).ToList();
}
