using System.Diagnostics;
using DistrictPerf.Host.Persistence;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Reports.Contracts;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.Modules.Reports.Features;
using DistrictPerf.Modules.Reports.Legacy;
using DistrictPerf.Modules.Search.Backends;
using DistrictPerf.Modules.Search.Indexing;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DistrictPerf.Benchmarks;

/// <summary>
/// The search benchmarks' reports: the 25 KB reference report once per bureau, each with its own bureau name and number
/// (report 777 also writes about 冷链物流), in a SQLite file migrated like the app's. Written once per size into
/// <c>$TMPDIR/districtperf-search-{n}/reports.db</c> (or under <c>$DISTRICTPERF_BENCH_SEARCH</c>) and reused.
/// Deterministic text; the ids are random.
/// </summary>
internal static class SearchDataset
{
    public const int Year = 2021;
    public const int RareReport = 777;

    public static string Folder(int reports) =>
        Path.Combine(Environment.GetEnvironmentVariable("DISTRICTPERF_BENCH_SEARCH") ?? Path.GetTempPath(), $"districtperf-search-{reports}");

    /// <summary>The database with <paramref name="reports"/> reports (created when missing); returns its path.</summary>
    public static string Ensure(int reports)
    {
        var folder = Folder(reports);
        var path = Path.Combine(folder, "reports.db");
        var marker = path + ".complete";
        if (File.Exists(path) && File.Exists(marker))
        {
            return path;
        }

        Directory.CreateDirectory(folder);
        foreach (var f in new[] { path, path + "-wal", path + "-shm", marker })
        {
            File.Delete(f);
        }

        var clock = Stopwatch.StartNew();
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "baiyun-investment-promotion-bureau-2021-self-evaluation.txt"));
        var sections = LegacyReportParser.Parse(text).Sections;
        var options = Options(path);
        using (var db = new SqliteDistrictPerfDbContext(options))
        {
            db.Database.Migrate();
        }

        for (var from = 0; from < reports; from += 1_000)
        {
            using var db = new SqliteDistrictPerfDbContext(options);
            for (var i = from; i < Math.Min(reports, from + 1_000); i++)
            {
                string Vary(string? s) => (s ?? "").Replace("广州市白云区投资促进局", $"基准区第{i}局", StringComparison.Ordinal).Replace("投促局", $"第{i}局", StringComparison.Ordinal);
                db.Add(new SelfEvaluationReport
                {
                    TenantId = Guid.NewGuid(), FiscalYear = Year, Status = ReportStatus.Published,
                    CreatedAt = new DateTime(2022, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i), // a minute apart: the catch-up's 2-minute overlap re-reads 2–3
                    BasicInfo = Vary(sections.BasicInfo), Evaluation = Vary(sections.Evaluation) + (i == RareReport ? "推进冷链物流园区建设。" : ""),
                    Problems = Vary(sections.ProblemsText), Measures = Vary(sections.MeasuresText), ConcurrencyStamp = Guid.NewGuid().ToString("N"),
                });
            }

            db.SaveChanges();
        }

        SqliteConnection.ClearAllPools();
        File.WriteAllText(marker, reports.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine($"// wrote {reports} reports ({new FileInfo(path).Length / 1_048_576} MB) in {clock.Elapsed.TotalSeconds:0.0} s");
        return path;
    }

    public static DbContextOptions<SqliteDistrictPerfDbContext> Options(string path) =>
        new DbContextOptionsBuilder<SqliteDistrictPerfDbContext>().UseSqlite($"Data Source={path}").Options;

    /// <summary>The report documents as the indexer reads them (every page of the source, all kept: the benchmarks index them from memory).</summary>
    public static IReadOnlyList<ReportSearchDocument> Read(string path)
    {
        using var db = new SqliteDistrictPerfDbContext(Options(path));
        return ReadAll(new ReportSearchSource(db));
    }

    /// <summary>Every document of <paramref name="source"/>, page after page.</summary>
    public static List<ReportSearchDocument> ReadAll(IReportSearchSource source)
    {
        var all = new List<ReportSearchDocument>();
        ReportSearchPage? page = null;
        do
        {
            page = source.PageAsync(page?.Next, 500).GetAwaiter().GetResult();
            all.AddRange(page.Documents);
        }
        while (!page.IsLast);

        return all;
    }

    /// <summary>The documents the indexer writes (no bureau rows: code and name empty, as for an unknown bureau).</summary>
    public static List<SearchDocument> Documents(IReadOnlyList<ReportSearchDocument> reports) =>
        reports.Select(d => new SearchDocument(d.ReportId, d.BureauId, "", "", d.FiscalYear, d.Revision, d.Status, d.SelfScore, d.SelfGrade,
            d.ChangedAt, d.Stamp, d.Sections.Select(s => new SearchSection(s.Key, s.Title, s.Text)).ToList())).ToList();

    /// <summary>What the search module needs from the app: the report source, the bureau directory, the tenant, on this database.</summary>
    public static ServiceProvider Services(string path)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ICurrentTenant, CurrentTenant>();
        services.AddDbContext<SqliteDistrictPerfDbContext>(o => o.UseSqlite($"Data Source={path}"));
        services.AddScoped<DbContext>(sp => sp.GetRequiredService<SqliteDistrictPerfDbContext>());
        services.AddScoped<IReportSearchSource, ReportSearchSource>();
        services.AddMemoryCache();
        services.AddSingleton<IBureauDirectory, DistrictPerf.Modules.Bureaus.BureauDirectory>();
        return services.BuildServiceProvider();
    }

    public static SearchIndexer Indexer(ISearchBackend backend, IServiceProvider services) =>
        new(backend, services.GetRequiredService<IServiceScopeFactory>(), NullLogger<SearchIndexer>.Instance);
}
