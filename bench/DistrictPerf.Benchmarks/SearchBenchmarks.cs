using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using DistrictPerf.Host.Persistence;
using DistrictPerf.Modules.Reports.Contracts;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.Modules.Reports.Features;
using DistrictPerf.Modules.Reports.Legacy;
using DistrictPerf.Modules.Search.Backends;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Benchmarks;

/// <summary>
/// Search benchmark: 2,000 bureaus' reports (the 25 KB reference report, each with its own
/// bureau name and number; one bureau also writes about 冷链物流), searched through the Lucene
/// index (top 20 with highlighted fragments) against the baseline a search without an index pays:
/// SQL <c>LIKE '%…%'</c> over the four narrative columns of the same reports in SQLite.
/// Also the per-search catch-up check (the indexed "written since" query) when nothing changed.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
#pragma warning disable CA1001 // the index and connection are disposed in [GlobalCleanup], BenchmarkDotNet's lifetime hook
public class SearchBenchmarks
#pragma warning restore CA1001
{
    public const int Reports = 2_000;
    private const string Broad = "招商引资";
    private const string Rare = "冷链物流";

    private string _folder = "";
    private string _database = "";
    private LuceneSearchBackend _lucene = null!;
    private SqliteConnection _connection = null!;
    private Guid _someBureau;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"districtperf-search-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        _database = Path.Combine(_folder, "reports.db");
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "baiyun-investment-promotion-bureau-2021-self-evaluation.txt"));
        var sections = LegacyReportParser.Parse(text).Sections;
        var options = new DbContextOptionsBuilder<SqliteDistrictPerfDbContext>().UseSqlite($"Data Source={_database}").Options;
        var reports = new List<SelfEvaluationReport>(Reports);
        using (var db = new SqliteDistrictPerfDbContext(options))
        {
            db.Database.Migrate();
            for (var i = 0; i < Reports; i++)
            {
                string Vary(string? s) => (s ?? "").Replace("广州市白云区投资促进局", $"基准区第{i}局", StringComparison.Ordinal).Replace("投促局", $"第{i}局", StringComparison.Ordinal);
                reports.Add(new SelfEvaluationReport
                {
                    TenantId = Guid.NewGuid(), FiscalYear = 2021, Status = ReportStatus.Published, CreatedAt = new DateTime(2022, 3, 1, 0, 0, 0, DateTimeKind.Utc),
                    BasicInfo = Vary(sections.BasicInfo), Evaluation = Vary(sections.Evaluation) + (i == 777 ? "推进冷链物流园区建设。" : ""),
                    Problems = Vary(sections.ProblemsText), Measures = Vary(sections.MeasuresText), ConcurrencyStamp = Guid.NewGuid().ToString("N"),
                });
            }

            db.AddRange(reports);
            db.SaveChanges();
            _someBureau = reports[42].TenantId!.Value;
        }

        // Index them as the app does (the same documents the catch-up builds).
        var clock = Stopwatch.StartNew();
        using (var db = new SqliteDistrictPerfDbContext(options))
        {
            var documents = SearchDataset.ReadAll(new ReportSearchSource(db));
            _lucene = new LuceneSearchBackend(Path.Combine(_folder, "index"));
            _lucene.UpsertAsync(documents.Select(d => new SearchDocument(d.ReportId, d.BureauId, "B", "基准区", d.FiscalYear, d.Revision, d.Status, d.SelfScore, d.SelfGrade,
                d.ChangedAt, d.Stamp, d.Sections.Select(s => new SearchSection(s.Key, s.Title, s.Text)).ToList())).ToList(), CancellationToken.None).GetAwaiter().GetResult();
        }

        Console.WriteLine($"// indexed {Reports} reports ({new FileInfo(_database).Length / 1_048_576} MB database) in {clock.Elapsed.TotalSeconds:0.0} s");
        _connection = new SqliteConnection($"Data Source={_database}");
        _connection.Open();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _lucene.Dispose();
        _connection.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private int Like(string word)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT Id FROM SelfEvaluationReports
            WHERE FiscalYear = 2021 AND Status <> 'Superseded'
              AND (BasicInfo LIKE $w OR Evaluation LIKE $w OR Problems LIKE $w OR Measures LIKE $w)
            """;
        command.Parameters.AddWithValue("$w", $"%{word}%");
        using var reader = command.ExecuteReader();
        var n = 0;
        while (reader.Read())
        {
            n++;
        }

        return n;
    }

    private long Lucene(string word, Guid? bureau) =>
        _lucene.SearchAsync(new SearchQuery(word, bureau, 2021, false, 0, 20), CancellationToken.None).GetAwaiter().GetResult() is var r && r.Hits.Count > 0
            ? r.Total + r.Hits[0].Fragments.Count
            : r.Total;

    [Benchmark(Baseline = true, Description = "baseline: SQL LIKE, a word in every report (招商引资)")]
    public int LikeBroad() => Like(Broad);

    [Benchmark(Description = "Lucene: a word in every report, top 20 highlighted")]
    public long LuceneBroad() => Lucene(Broad, null);

    [Benchmark(Description = "Lucene: the same, one bureau's reports")]
    public long LuceneBroadOneBureau() => Lucene(Broad, _someBureau);

    [Benchmark(Description = "SQL LIKE, a word in one report (冷链物流)")]
    public int LikeRare() => Like(Rare);

    [Benchmark(Description = "Lucene: a word in one report, highlighted")]
    public long LuceneRare() => Lucene(Rare, null);

    [Benchmark(Description = "catch-up check before each search (nothing changed)")]
    public int CatchUpCheck()
    {
        var options = new DbContextOptionsBuilder<SqliteDistrictPerfDbContext>().UseSqlite($"Data Source={_database}").Options;
        using var db = new SqliteDistrictPerfDbContext(options);
        return new ReportSearchSource(db).StampsChangedSinceAsync(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)).GetAwaiter().GetResult().Count;
    }
}
