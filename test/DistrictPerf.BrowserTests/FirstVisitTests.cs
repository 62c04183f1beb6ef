using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DistrictPerf.BrowserTests;

/// <summary>
/// What a first visit costs (empty cache): the bytes transferred and the time until the sign-in
/// form takes input. Recorded in TestResults/first-visit.json and docs/performance.md; the test
/// asserts only what a user needs (the form works), not a time. With DISTRICTPERF_MEASURE_URL set
/// (e.g. a published Host on 127.0.0.1), it measures that server instead of the test's.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FirstVisitTests(BrowserFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task AFirstVisit_LoadsTheApplication_AndRecordsItsCost()
    {
        var page = await app.Browser.NewPageAsync();
        var session = await page.Context.NewCDPSessionAsync(page);
        await session.SendAsync("Network.enable");
        await session.SendAsync("Network.clearBrowserCache");
        await session.SendAsync("Network.setCacheDisabled", new() { ["cacheDisabled"] = true });
        long encoded = 0;
        var requests = 0;
        session.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            Interlocked.Add(ref encoded, (long)(e?.GetProperty("encodedDataLength").GetDouble() ?? 0));
            Interlocked.Increment(ref requests);
        };

        var clock = Stopwatch.StartNew();
        var target = Environment.GetEnvironmentVariable("DISTRICTPERF_MEASURE_URL");
        await page.GotoAsync(string.IsNullOrEmpty(target) ? "/signin" : target.TrimEnd('/') + "/signin");
        var userName = page.GetByLabel("用户名");
        await userName.WaitForAsync(new() { Timeout = 60_000 });
        await userName.FillAsync("editor"); // interactive: it takes input
        var interactive = clock.Elapsed;
        (await userName.InputValueAsync()).ShouldBe("editor");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var figures = new { server = string.IsNullOrEmpty(target) ? "test host (build output)" : target, transferredBytes = Interlocked.Read(ref encoded), requests, interactiveMs = (int)interactive.TotalMilliseconds, measuredAt = DateTime.UtcNow };
        output.WriteLine(JsonSerializer.Serialize(figures));
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "TestResults");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "first-visit.json"), JsonSerializer.Serialize(figures));
        figures.transferredBytes.ShouldBeGreaterThan(100_000); // the runtime and the app really came over the wire
        await session.SendAsync("Network.setCacheDisabled", new() { ["cacheDisabled"] = false });
    }
}
