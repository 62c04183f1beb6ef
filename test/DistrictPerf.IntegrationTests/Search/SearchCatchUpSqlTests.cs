using System.Net;
using System.Net.Http.Json;
using DistrictPerf.Host.Persistence;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Search.Indexing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests.Search;

/// <summary>
/// The SQL of the catch-up check that runs before every search, on the real SQLite file and Lucene index: when nothing
/// changed it reads no report text, although the reports it looks at again (those of the overlap before the watermark)
/// are there. An app of its own, whose SQL is recorded on the test's own flow only.
/// </summary>
public sealed class SearchCatchUpSqlTests : IAsyncLifetime
{
    private const int Year = 2046;
    private readonly SqlRecorder _sql = new();
    private readonly AppFixture _app;

    public SearchCatchUpSqlTests() =>
        _app = AppFixture.With(s => s.ConfigureDbContext<SqliteDistrictPerfDbContext>(o => o.AddInterceptors(_sql)));

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task TheCatchUpCheck_WhenNothingChanged_ReadsNoReportText()
    {
        // Three reports written just now: all inside the overlap the check looks at again, on every search.
        var admins = new List<HttpClient>();
        foreach (var word in new[] { "冷链物流", "智慧停车", "农贸市场" })
        {
            var bureau = await _app.CreateBureauAsync();
            await WriteReportAsync(bureau.Admin, $"全年推进{word}项目建设，招商引资成效明显。");
            admins.Add(bureau.Admin);
        }

        var root = await _app.RootAsync();
        (await (await root.GetAsync($"/api/host/search?q={Uri.EscapeDataString("招商引资")}&year={Year}")).ReadJsonAsync())
            .GetProperty("total").GetInt64().ShouldBe(3);

        // Nothing changed since: the check runs its queries on the reports and reads none of their text.
        var indexer = _app.Services.GetRequiredService<SearchIndexer>();
        using (var recording = _sql.Record())
        {
            (await indexer.CatchUpAsync(CancellationToken.None)).ShouldBe(0);
            var onReports = recording.OnReports;
            onReports.ShouldNotBeEmpty();
            onReports.ShouldAllBe(sql => !SqlRecorder.ReadsReportText(sql));
        }

        // The control: an edit is caught up by the next check, which reads that report's text (the recording sees it).
        await WriteReportAsync(admins[0], "完成老旧小区改造。");
        using (var recording = _sql.Record())
        {
            (await indexer.CatchUpAsync(CancellationToken.None)).ShouldBe(1);
            recording.OnReports.ShouldContain(sql => SqlRecorder.ReadsReportText(sql));
        }

        (await (await root.GetAsync($"/api/host/search?q={Uri.EscapeDataString("老旧小区")}")).ReadJsonAsync())
            .GetProperty("total").GetInt64().ShouldBe(1);
    }

    private static async Task WriteReportAsync(HttpClient client, string evaluation)
    {
        if ((await client.GetAsync($"/api/bureau/reports/{Year}")).StatusCode == HttpStatusCode.NotFound)
        {
            (await client.PostAsync($"/api/bureau/reports/{Year}", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var report = await (await client.GetAsync($"/api/bureau/reports/{Year}")).ReadJsonAsync();
        await (await client.PutAsJsonAsync($"/api/bureau/reports/{Year}", new
        {
            basicInfo = "本部门内设科室 3 个。",
            evaluation,
            problems = "资金到位较晚。",
            measures = "加大预算执行进度的督导力度。",
            concurrencyStamp = report.GetProperty("concurrencyStamp").GetString(),
        })).ReadJsonAsync();
    }
}
