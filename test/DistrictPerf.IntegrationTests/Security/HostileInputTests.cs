using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Budgets;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.IntegrationTests.Reports;

namespace DistrictPerf.IntegrationTests.Security;

/// <summary>
/// Issue 15's outside probe, the part about request bodies and names: an unknown charset, broken multipart on the
/// budget import, control and text-direction characters in names, a garbage legacy import over a linked plan, and
/// the GET → PUT round trip of plan tasks and indicators (their stamps are in the plan).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(AppFixture app)
{
    private static StringContent Json(string json, string contentType)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    [Fact]
    public async Task An_unknown_charset_is_a_415_problem_on_any_JSON_endpoint_sign_in_included()
    {
        var bureau = await app.CreateBureauAsync();
        var login = await app.Anonymous().PostAsync("/api/auth/login", Json($"{{\"bureauCode\":\"{bureau.Code}\",\"userName\":\"admin\",\"password\":\"x\"}}", "application/json; charset=foo"));
        var problem = await login.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        problem.GetProperty("code").GetString().ShouldBe("unsupported_charset");

        var line = await bureau.Admin.PostAsync($"{BudgetApi.Base()}/lines", Json("{\"code\":\"A-1\",\"name\":\"x\",\"kind\":\"Project\",\"initial\":1}", "application/json; charset=\"no-such-charset\""));
        await line.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);

        // A known charset still works.
        var ok = await bureau.Admin.PostAsync($"{BudgetApi.Base()}/lines", Json("{\"code\":\"A-1\",\"name\":\"项目\",\"kind\":\"Project\",\"initial\":1}", "application/json; charset=utf-8"));
        ok.StatusCode.ShouldBe(HttpStatusCode.Created, await ok.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_of_another_media_type_is_a_415_problem_for_a_signed_in_caller_not_a_403()
    {
        var bureau = await app.CreateBureauAsync();
        foreach (var type in new[] { "text/plain", "application/xml" })
        {
            var response = await bureau.Admin.PostAsync($"{BudgetApi.Base()}/lines", Json("{\"code\":\"A-1\"}", type));
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
            problem.GetProperty("code").GetString().ShouldBe("unsupported_media_type");
        }

        // A method the path does not serve is a 405, also for a signed-in caller.
        (await bureau.Admin.PatchAsync($"{BudgetApi.Base()}/lines", Json("{}", "application/json"))).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        // An unknown path stays a 404, and an anonymous caller still gets 401 on a real endpoint.
        (await bureau.Admin.GetAsync("/api/bureau/no-such-thing")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Anonymous().PostAsync($"{BudgetApi.Base()}/lines", Json("{}", "application/json"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reordering_indicators_with_null_items_is_a_400_naming_the_item_not_a_500()
    {
        var bureau = await app.CreateBureauAsync();
        var task = (await (await bureau.Admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks", new { number = 1, name = "任务", expectedGoal = "目标", completion = "完成", funds = 1m }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var response = await bureau.Admin.PutAsync($"{ReportApi.Plan}/tasks/{task}/indicators/order", Json("{\"indicators\":[null,null]}", "application/json"));
        await response.ShouldBeValidationProblemAsync("indicators[0]");
    }

    [Fact]
    public async Task Multipart_without_a_boundary_or_cut_off_on_the_budget_import_is_a_400_naming_file()
    {
        var bureau = await app.CreateBureauAsync();
        foreach (var wait in new[] { "?wait=true", "" })
        {
            var noBoundary = new ByteArrayContent(Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nabc"));
            noBoundary.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");
            await (await bureau.Admin.PostAsync($"{BudgetApi.Base()}/imports{wait}", noBoundary)).ShouldBeValidationProblemAsync("file");

            var truncated = new ByteArrayContent(Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n日期,项目编码,金额(元)\r\n2021-01-0"));
            truncated.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
            await (await bureau.Admin.PostAsync($"{BudgetApi.Base()}/imports{wait}", truncated)).ShouldBeValidationProblemAsync("file");
        }

        // A whole form still imports.
        await bureau.Admin.AddLineAsync("L-1", 100m);
        var job = await (await BudgetImportTests.Upload(bureau.Admin, Encoding.UTF8.GetBytes("日期,项目编码,金额(元)\r\n2021-01-05,L-1,1\r\n"), "s.csv")).ReadJsonAsync();
        job.GetProperty("spendingAdded").GetInt32().ShouldBe(1);
    }

    public static TheoryData<string> Controls => new() { "a\u0000b", "a\u0007b", "a\nb", "a\u202Eexe.txt", "a\u2066b\u2069", "a\u200Fb", "a\u001Bb" };

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task Control_and_direction_characters_in_names_are_a_400_naming_the_field(string name)
    {
        var root = await app.RootAsync();
        var code = "C" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var bureauResponse = await root.PostAsJsonAsync("/api/host/bureaus", new
        {
            code, name = "局" + name, district = "广州市白云区",
            admin = new { userName = "admin", password = AppFixture.UserPassword, displayName = "管理员" },
        });
        (await bureauResponse.ShouldBeValidationProblemAsync("name")).GetProperty("fieldCodes").GetProperty("name")[0].GetString().ShouldBe("control_characters");
        var displayName = await root.PostAsJsonAsync("/api/host/bureaus", new
        {
            code, name = "测试局", district = "广州市白云区",
            admin = new { userName = "admin", password = AppFixture.UserPassword, displayName = name },
        });
        await displayName.ShouldBeValidationProblemAsync("admin.displayName");

        var bureau = await app.CreateBureauAsync();
        var user = await bureau.Admin.PostAsJsonAsync("/api/users", new { userName = "plain", password = AppFixture.UserPassword, displayName = name, roles = new[] { "Viewer" } });
        await user.ShouldBeValidationProblemAsync("displayName");
        var (userId, _) = await bureau.AddUserAsync("renamed", "Viewer");
        var stamp = (await (await bureau.Admin.GetAsync($"/api/users/{userId}")).ReadJsonAsync()).GetProperty("concurrencyStamp").GetString();
        var rename = await bureau.Admin.PutAsJsonAsync($"/api/users/{userId}", new { displayName = name, roles = new[] { "Viewer" }, isActive = true, concurrencyStamp = stamp });
        await rename.ShouldBeValidationProblemAsync("displayName");

        var line = await bureau.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/lines", new { code = "XM-1", name, kind = "Project", initial = 1m });
        await line.ShouldBeValidationProblemAsync("name");
        var task = await bureau.Admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks", new { number = 1, name, funds = 1m });
        await task.ShouldBeValidationProblemAsync("name");

        var okTask = await (await bureau.Admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks", new { number = 1, name = "招商推介", funds = 1m })).ReadJsonAsync(HttpStatusCode.Created);
        var indicator = await bureau.Admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks/{okTask.GetProperty("id").GetGuid()}/indicators", new { level1 = "产出", name, direction = "AtLeast", target = "≥1次" });
        await indicator.ShouldBeValidationProblemAsync("name");
    }

    [Fact]
    public async Task Plain_names_with_Chinese_punctuation_and_spaces_are_accepted()
    {
        var bureau = await app.CreateBureauAsync("白云区 投资促进局（招商）");
        (await bureau.Admin.PostAsJsonAsync($"{BudgetApi.Base()}/lines", new { code = "XM-1", name = "“招商引资”项目 2021·一期", kind = "Project", initial = 1m }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Plan_tasks_and_indicators_round_trip_GET_to_PUT_with_the_stamp_of_the_plan()
    {
        var bureau = await app.CreateBureauAsync();
        var task = await (await bureau.Admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks", new { number = 1, name = "招商推介", funds = 10m })).ReadJsonAsync(HttpStatusCode.Created);
        var taskId = task.GetProperty("id").GetGuid();
        (await bureau.Admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks/{taskId}/indicators", new { level1 = "产出", name = "推介会场次", direction = "AtLeast", target = "≥3场" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var plan = await (await bureau.Admin.GetAsync(ReportApi.Plan)).ReadJsonAsync();
        var read = plan.GetProperty("tasks")[0];
        var stamp = read.GetProperty("concurrencyStamp").GetString();
        stamp.ShouldNotBeNullOrEmpty();
        var saved = await (await bureau.Admin.PutAsJsonAsync($"{ReportApi.Plan}/tasks/{taskId}", new { number = 1, name = "招商推介（改）", funds = 12m, concurrencyStamp = stamp })).ReadJsonAsync();
        saved.GetProperty("concurrencyStamp").GetString().ShouldNotBe(stamp);

        var indicator = read.GetProperty("indicators")[0];
        var indicatorStamp = indicator.GetProperty("concurrencyStamp").GetString();
        indicatorStamp.ShouldNotBeNullOrEmpty();
        (await bureau.Admin.PutAsJsonAsync($"{ReportApi.Plan}/tasks/{taskId}/indicators/{indicator.GetProperty("id").GetGuid()}", new
        {
            level1 = "产出", name = "推介会场次", direction = "AtLeast", target = "≥3场", actual = "4场", concurrencyStamp = indicatorStamp,
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var after = (await (await bureau.Admin.GetAsync(ReportApi.Plan)).ReadJsonAsync()).GetProperty("tasks")[0];
        after.GetProperty("name").GetString().ShouldBe("招商推介（改）");
        after.GetProperty("indicators")[0].GetProperty("actual").GetString().ShouldBe("4场");
    }

    [Fact]
    public async Task A_garbage_or_binary_legacy_import_with_replace_deletes_no_task_and_unlinks_no_budget_line()
    {
        var bureau = await app.CreateBureauAsync();
        var editor = bureau.Admin;
        var taskId = (await (await editor.PostAsJsonAsync($"{ReportApi.Plan}/tasks", new { number = 1, name = "招商推介", funds = 10m })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var lineId = (await (await editor.PostAsJsonAsync($"{BudgetApi.Base()}/lines", new { code = "XM-1", name = "推介活动", kind = "Project", initial = 10m, mainTaskId = taskId })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var random = new byte[4096];
        new Random(7).NextBytes(random);

        await (await editor.PostAsJsonAsync($"{ReportApi.Base}/legacy-import?replace=true", new { text = string.Concat(Enumerable.Repeat("随便写的一些字，", 100)) })).ShouldBeValidationProblemAsync("text");
        await (await editor.PostAsJsonAsync($"{ReportApi.Base}/legacy-import?replace=true", new { text = "\u0000\u0001\u0002" + new string('x', 500) })).ShouldBeValidationProblemAsync("text");
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent(random), "file", "report.docx");
            (await editor.PostAsync($"{ReportApi.Base}/legacy-import?replace=true", form)).StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity);
        }

        var plan = await (await editor.GetAsync(ReportApi.Plan)).ReadJsonAsync();
        plan.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ShouldBe([taskId]);
        var line = (await (await editor.GetAsync($"{BudgetApi.Base()}/lines")).ReadJsonAsync()).EnumerateArray().Single(l => l.GetProperty("id").GetGuid() == lineId);
        line.GetProperty("mainTaskId").GetGuid().ShouldBe(taskId);
    }
}
