using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests.Reports;

internal static class ReportApi
{
    public const int Year = 2021;
    public const string Base = "/api/bureau/reports/2021";
    public const string Plan = "/api/bureau/performance/2021";

    public static string ReferenceText => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "baiyun-investment-promotion-bureau-2021-self-evaluation.txt"));

    /// <summary>
    /// Imports a report's text (the reference by default). Test bureaus are not the report's 投资促进局, so the import
    /// confirms the bureau mismatch unless <paramref name="confirmMismatch"/> is false.
    /// </summary>
    public static async Task<JsonElement> LegacyImportAsync(this HttpClient client, string? text = null, bool replace = false, bool confirmMismatch = true) =>
        await (await client.PostAsJsonAsync(
            $"{Base}/legacy-import?replace={(replace ? "true" : "false")}&confirmMismatch={(confirmMismatch ? "true" : "false")}", new { text = text ?? ReferenceText })).ReadJsonAsync();

    public static async Task<JsonElement> ReportAsync(this HttpClient client) => await (await client.GetAsync(Base)).ReadJsonAsync();

    /// <summary>A small consistent plan and report: one task, two indicators met, weights 50 + 40, narrative without contradictions.</summary>
    public static async Task<JsonElement> CleanReportAsync(this HttpClient editor)
    {
        var task = (await (await editor.PostAsJsonAsync($"{Plan}/tasks", new { number = 1, name = "完成策划方案", expectedGoal = "完成 3 册策划文本", completion = "完成 4 册", funds = 1_320_000m }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await editor.PostAsJsonAsync($"{Plan}/tasks/{task}/indicators", new { level1 = "产出", level2 = "数量", name = "完成策划方案总数", direction = "AtLeast", target = "3册文本", actual = "完成3册策划文本", weight = 50m }))
            .ReadJsonAsync(HttpStatusCode.Created);
        await (await editor.PostAsJsonAsync($"{Plan}/tasks/{task}/indicators", new { level1 = "效益", level2 = "社会效益", name = "项目验收合格率", direction = "AtLeast", target = "100%", actual = "100%", weight = 40m }))
            .ReadJsonAsync(HttpStatusCode.Created);
        await (await editor.PostAsync(Base, null)).ReadJsonAsync(HttpStatusCode.Created);
        var report = await editor.ReportAsync();
        var put = await editor.PutAsJsonAsync(Base, new
        {
            basicInfo = "本部门内设科室 2 个。",
            evaluation = "本年度较好地完成各项既定目标。",
            problems = "（一）预算执行进度管理有待加强。",
            measures = "（一）加大预算执行进度的督导力度。",
            concurrencyStamp = report.GetProperty("concurrencyStamp").GetString(),
        });
        return await put.ReadJsonAsync();
    }

    /// <summary>The report's current stamp as <paramref name="client"/> reads it (null if it may not read it).</summary>
    public static async Task<string?> StampAsync(this HttpClient client, Guid? hostReportId = null)
    {
        var response = await client.GetAsync(hostReportId is { } id ? $"/api/host/reports/{id}" : Base);
        return response.IsSuccessStatusCode ? (await response.ReadJsonAsync()).GetProperty("concurrencyStamp").GetString() : null;
    }

    /// <summary>POST submit with the stamp just read (every workflow action needs the stamp it acts on).</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client) =>
        await client.PostAsJsonAsync($"{Base}/submit", new { concurrencyStamp = await client.StampAsync() });

    public static async Task<HttpResponseMessage> ReviseAsync(this HttpClient client) =>
        await client.PostAsJsonAsync($"{Base}/revise", new { concurrencyStamp = await client.StampAsync() });

    /// <summary>The finance bureau's return / approve / publish with the stamp it read.</summary>
    public static async Task<HttpResponseMessage> ReviewAsync(this HttpClient client, Guid id, string action, string? comment = null) =>
        await client.PostAsJsonAsync($"/api/host/reports/{id}/{action}", new { comment, concurrencyStamp = await client.StampAsync(id) });
}
