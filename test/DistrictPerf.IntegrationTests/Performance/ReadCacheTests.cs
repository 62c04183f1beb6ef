using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using DistrictPerf.Host.Persistence;
using DistrictPerf.IntegrationTests.Budgets;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.IntegrationTests.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests.Performance;

/// <summary>
/// A bureau's figures, curve and report are served from memory while the data they are computed from is unchanged
/// (the request's one version query instead of the read's own queries), and every write — through the API, an import, on another
/// replica, by the finance bureau to its rules or register — is seen by the next read. Values are per bureau and
/// per language.
/// </summary>
public sealed class ReadCacheTests : IAsyncLifetime
{
    private readonly CommandLog _commands = new();
    private AppFixture _app = null!;

    public async Task InitializeAsync()
    {
        _app = AppFixture.With(s => s.ConfigureDbContext<SqliteDistrictPerfDbContext>(o => o.AddInterceptors(_commands), ServiceLifetime.Singleton));
        await ((IAsyncLifetime)_app).InitializeAsync();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task Figures_come_from_memory_until_the_bureaus_budget_changes_and_the_next_read_shows_the_change()
    {
        var bureau = await _app.CreateBureauAsync();
        var line = await bureau.Admin.AddLineAsync("XM-01", 1_000_000m);
        await bureau.Admin.AddSpendingAsync(line, "2021-03-10", 250_000m);

        (await bureau.Admin.FiguresAsync()).GetProperty("total").GetProperty("spending").GetDecimal().ShouldBe(250_000m);
        var cached = await ReadAsync(bureau.Admin, $"{BudgetApi.Base()}/figures?month=12");
        cached.Body.ShouldContain("250000");
        cached.Sql.ShouldNotContain(c => c.Contains("SpendingEntries", StringComparison.Ordinal), "a second read of unchanged figures reads no budget table");
        // The whole request — the session check, the bureau lookup and the cache — runs one statement: the versions.
        cached.Sql.Count.ShouldBe(1, string.Join(Environment.NewLine, cached.Sql));
        cached.Sql[0].ShouldContain("DataVersions");

        await bureau.Admin.AddSpendingAsync(line, "2021-04-10", 100_000m);
        var fresh = await ReadAsync(bureau.Admin, $"{BudgetApi.Base()}/figures?month=12");
        fresh.Sql.ShouldContain(c => c.Contains("SpendingEntries", StringComparison.Ordinal));
        (await bureau.Admin.FiguresAsync()).GetProperty("total").GetProperty("spending").GetDecimal().ShouldBe(350_000m);

        // A spreadsheet import (rows written in bulk by the job) is a write like any other.
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("日期,项目编码,金额(元)\r\n2021-05-05,XM-01,50000\r\n"));
        file.Headers.ContentType = new("text/csv");
        form.Add(file, "file", "s.csv");
        (await bureau.Admin.PostAsync($"{BudgetApi.Base()}/imports?wait=true", form)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bureau.Admin.FiguresAsync()).GetProperty("total").GetProperty("spending").GetDecimal().ShouldBe(400_000m);

        // The curve too, and a deleted line takes its money with it.
        var curve = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/curve")).ReadJsonAsync();
        curve[11].GetProperty("spending").GetDecimal().ShouldBe(400_000m);
        var other = await bureau.Admin.AddLineAsync("XM-02", 10m);
        (await bureau.Admin.DeleteAsync($"{BudgetApi.Base()}/lines/{other}")).IsSuccessStatusCode.ShouldBeTrue();
        (await bureau.Admin.FiguresAsync()).GetProperty("total").GetProperty("initial").GetDecimal().ShouldBe(1_000_000m);
    }

    [Fact]
    public async Task Each_bureau_gets_its_own_figures_from_memory()
    {
        var a = await _app.CreateBureauAsync();
        var b = await _app.CreateBureauAsync();
        await a.Admin.AddLineAsync("XM-01", 111m);
        await b.Admin.AddLineAsync("XM-01", 222m);
        for (var i = 0; i < 2; i++)
        {
            (await a.Admin.FiguresAsync()).GetProperty("total").GetProperty("initial").GetDecimal().ShouldBe(111m);
            (await b.Admin.FiguresAsync()).GetProperty("total").GetProperty("initial").GetDecimal().ShouldBe(222m);
        }

        // The finance bureau acting in B reads B's.
        var root = await _app.RootAsync();
        root.DefaultRequestHeaders.Add("__tenant", b.Id.ToString());
        (await root.FiguresAsync()).GetProperty("total").GetProperty("initial").GetDecimal().ShouldBe(222m);
    }

    [Fact]
    public async Task Reads_side_by_side_share_their_version_statements_and_every_one_sees_the_write_before_it()
    {
        // Concurrent requests join one statement for the versions (DataVersionReader); a request only joins a statement
        // not yet sent, so each read below, started after the write returned, must show it — whichever statement served it.
        var a = await _app.CreateBureauAsync();
        var b = await _app.CreateBureauAsync();
        var line = await a.Admin.AddLineAsync("XM-01", 1_000_000m);
        await b.Admin.AddLineAsync("XM-01", 5m);
        for (var round = 1; round <= 8; round++)
        {
            await a.Admin.AddSpendingAsync(line, "2021-03-10", 1_000m);
            var reads = Enumerable.Range(0, 24).Select(async i =>
            {
                var figures = await (i % 3 == 0 ? b.Admin : a.Admin).FiguresAsync();
                return (Bureau: i % 3 == 0 ? "b" : "a", Spending: figures.GetProperty("total").GetProperty("spending").GetDecimal());
            });
            foreach (var (bureau, spending) in await Task.WhenAll(reads))
            {
                spending.ShouldBe(bureau == "a" ? round * 1_000m : 0m, $"round {round}, bureau {bureau}");
            }
        }
    }

    [Fact]
    public async Task A_write_on_another_replica_is_seen_by_the_next_read_here()
    {
        var bureau = await _app.CreateBureauAsync();
        var line = await bureau.Admin.AddLineAsync("XM-01", 1_000m);
        (await bureau.Admin.FiguresAsync()).GetProperty("total").GetProperty("spending").GetDecimal().ShouldBe(0m);
        (await bureau.Admin.FiguresAsync()).GetProperty("total").GetProperty("spending").GetDecimal().ShouldBe(0m);

        await using var replica = AppFixture.WithSettings(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = _app.DataDirectory,
            ["Search:LucenePath"] = "search-index-" + Guid.NewGuid().ToString("N"),
            ["Jobs:Server"] = "false",
        });
        await replica.InitializeAsync();
        var there = await replica.SignInAsync(bureau.Code, "admin", AppFixture.UserPassword);
        await there.AddSpendingAsync(line, "2021-02-01", 400m);

        (await bureau.Admin.FiguresAsync()).GetProperty("total").GetProperty("spending").GetDecimal().ShouldBe(400m);
    }

    [Fact]
    public async Task The_report_follows_its_own_writes_and_the_finance_bureaus_register()
    {
        var bureau = await _app.CreateBureauAsync("缓存测试局");
        await bureau.Admin.CleanReportAsync();
        var first = await bureau.Admin.ReportAsync();
        first.GetProperty("bureauName").GetString().ShouldBe("缓存测试局");
        var cached = await ReadAsync(bureau.Admin, ReportApi.Base);
        cached.Sql.ShouldNotContain(c => c.Contains("Indicators", StringComparison.Ordinal), "a second read of an unchanged report reads no plan table");
        cached.Sql.Count.ShouldBe(1, string.Join(Environment.NewLine, cached.Sql));
        cached.Body.ShouldBe(await (await bureau.Admin.GetAsync(ReportApi.Base)).Content.ReadAsStringAsync(), "the kept bytes are served again as they are");

        // Its own write.
        var put = await bureau.Admin.PutAsJsonAsync(ReportApi.Base, new
        {
            basicInfo = "改过的概况。", evaluation = "评价。", problems = "问题。", measures = "措施。",
            selfScore = 12m, selfGrade = "优",
            concurrencyStamp = first.GetProperty("concurrencyStamp").GetString(),
        });
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        var edited = await bureau.Admin.ReportAsync();
        edited.GetProperty("basicInfo").GetString().ShouldBe("改过的概况。");
        edited.GetProperty("findings").EnumerateArray().ShouldContain(f => f.GetProperty("code").GetString() == "grade.self-band");

        // The finance bureau renames the bureau (its register is the host's data).
        var root = await _app.RootAsync();
        var register = await (await root.GetAsync($"/api/host/bureaus/{bureau.Id}")).ReadJsonAsync();
        (await root.PutAsJsonAsync($"/api/host/bureaus/{bureau.Id}", new
        {
            name = "缓存测试局（更名）", district = "广州市白云区", concurrencyStamp = register.GetProperty("concurrencyStamp").GetString(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bureau.Admin.ReportAsync()).GetProperty("bureauName").GetString().ShouldBe("缓存测试局（更名）");
    }

    private async Task<(string Body, List<string> Sql)> ReadAsync(HttpClient client, string url)
    {
        _commands.Start();
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return (body, _commands.Stop());
    }

    /// <summary>The SQL commands the app runs while recording (tests in this class run one at a time).</summary>
    private sealed class CommandLog : DbCommandInterceptor
    {
        private ConcurrentQueue<string>? _recording;

        public void Start() => _recording = new ConcurrentQueue<string>();

        public List<string> Stop()
        {
            var recorded = _recording!.ToList();
            _recording = null;
            return recorded;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _recording?.Enqueue(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
