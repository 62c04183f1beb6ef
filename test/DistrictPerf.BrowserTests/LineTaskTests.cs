using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>A budget line names the plan's main task it funds; the plan page lists the lines of each task.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LineTaskTests(BrowserFixture app)
{
    [Fact]
    public async Task AnEditor_LinksABudgetLineToAMainTask_AndThePlanShowsTheLine()
    {
        const int year = 2022;
        var bureau = await FreshBureau.CreateAsync(app, "BY-RWJ", "广州市白云区任务测试局");
        await bureau.AddLineAsync(year, "2022-XM-01", "招商推介活动经费", "Project", 300_000m);
        var task = await bureau.Admin.PostAsJsonAsync($"/api/bureau/performance/{year}/tasks",
            new { number = 1, name = "开展招商推介", expectedGoal = "举办推介会 4 场", completion = (string?)null, funds = 300_000m, concurrencyStamp = (string?)null });
        task.StatusCode.ShouldBe(HttpStatusCode.Created, await task.Content.ReadAsStringAsync());

        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, bureau.Code, "editor", BrowserFixture.DemoPassword, $"/budgets/lines?year={year}");
        var row = page.Locator("[data-testid=lines] tbody tr", new() { HasText = "2022-XM-01" });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^修改") }).ClickAsync();
        await page.Locator("#line-task").SelectOptionAsync(new SelectOptionValue { Label = "1. 开展招商推介" });
        await page.GetByTestId("save-line").Locator("button").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("1. 开展招商推介");

        // Reloaded, and on the plan page: the task lists the line that funds it.
        await page.ReloadAsync();
        await Assertions.Expect(row).ToContainTextAsync("1. 开展招商推介");
        await page.GotoAsync($"/plan?year={year}");
        await Assertions.Expect(page.GetByTestId("task-lines").First).ToContainTextAsync("2022-XM-01");
    }
}
