using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests.Budgets;

/// <summary>Helpers that drive the budget API the way a bureau's editor would.</summary>
internal static class BudgetApi
{
    public const int Year = 2021;

    public static string Base(int year = Year) => $"/api/bureau/budgets/{year}";

    public static async Task<Guid> AddLineAsync(this HttpClient client, string code, decimal initialYuan, string kind = "Project", string? name = null)
    {
        var response = await client.PostAsJsonAsync($"{Base()}/lines", new { code, name = name ?? $"项目{code}", kind, fundingSource = "一般公共预算拨款", initial = initialYuan });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> AddSpendingAsync(this HttpClient client, Guid lineId, string date, decimal amount, string? voucher = null)
    {
        var response = await client.PostAsJsonAsync($"{Base()}/spending", new { date, lineId, amount, voucherRef = voucher ?? $"V{Guid.NewGuid():N}"[..12], memo = "支出" });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static async Task AddAdjustmentAsync(this HttpClient client, Guid lineId, string date, decimal amount, string kind, string? excluded = null)
    {
        var response = await client.PostAsJsonAsync($"{Base()}/adjustments", new { date, lineId, kind, amount, reason = "年中调整", excludedFromRate = excluded });
        await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonElement> FiguresAsync(this HttpClient client, int month = 12) =>
        await (await client.GetAsync($"{Base()}/figures?month={month}")).ReadJsonAsync();

    /// <summary>The reference report's budget, entered through the API: figures 4,652.48 万元 / 96.05% / 11.86%.</summary>
    public static async Task EnterReferenceBudgetAsync(this HttpClient client)
    {
        var basic = await client.AddLineAsync("JB-01", 30_000_000m, "Basic", "人员及公用经费");
        var project = await client.AddLineAsync("XM-01", 22_783_300m, "Project", "招商引资项目");
        await client.AddAdjustmentAsync(project, "2021-07-15", -6_258_500m, "Decrease");
        await client.AddSpendingAsync(basic, "2021-06-30", 29_000_000m);
        await client.AddSpendingAsync(project, "2021-12-20", 15_687_300m);
    }
}
