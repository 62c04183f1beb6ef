using System.Diagnostics;
using System.Globalization;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Search.Backends;
using DistrictPerf.Modules.Search.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.Benchmarks;

/// <summary>
/// Search latency at scale through the app's own search path (<see cref="SearchEndpoints.RunAsync"/>: validation, the
/// catch-up check, the Lucene query, highlighting of the top 20, the bureau names) — everything the endpoint does but
/// HTTP, authentication and JSON. A fixed mix of host-wide queries, run in passes; every query timed on its own
/// (Stopwatch), p50/p95/p99/max per round, allocation per query (process-wide allocated bytes over the round). The
/// same-run baseline is the existing SearchBenchmarks': SQL <c>LIKE '%招商引资%'</c> over the four narrative columns of
/// the same reports. Then where one query's time goes: the catch-up check alone, the Lucene search with 1 hit (no
/// highlighting to speak of) and with 20.
/// <para>
/// The index is built once, by the indexer's catch-up (the app's path), next to the database, and reused by later runs.
/// BenchmarkDotNet is not used here because it reports means per invocation, not the distribution of single queries.
/// </para>
/// </summary>
internal static class SearchLatency
{
    private static readonly (string Label, string Query, int? Year)[] Mix =
    [
        ("a word in every report", "招商引资", null),
        ("the same, one year", "招商引资", SearchDataset.Year),
        ("three words, split by SmartCn", "预算执行率", null),
        ("two words side by side", "招商引资 签约项目", null),
        ("a common word", "绩效", null),
        ("a word in one report", "冷链物流", null),
        ("a word in no report", "量子计算", null),
    ];

    public static async Task RunAsync(string[] args)
    {
        var reports = Option(args, "--reports", 20_000);
        var rounds = Option(args, "--rounds", 3);
        var passes = Option(args, "--passes", 20);
        Console.WriteLine($"search latency: {reports} reports, {rounds} rounds × {passes} passes × {Mix.Length} queries; {Environment.ProcessorCount} cores; load: {Load()}");

        var database = SearchDataset.Ensure(reports);
        await using var services = SearchDataset.Services(database);
        using var backend = new LuceneSearchBackend(Path.Combine(SearchDataset.Folder(reports), "index"));
        using var indexer = SearchDataset.Indexer(backend, services);
        var clock = Stopwatch.StartNew();
        var indexed = await indexer.CatchUpAsync(CancellationToken.None);
        Console.WriteLine(indexed > 0
            ? $"// indexed {indexed} reports by the catch-up in {clock.Elapsed.TotalSeconds:0.0} s ({indexed / clock.Elapsed.TotalSeconds:0} reports/s)"
            : $"// index reused ({SearchDataset.Folder(reports)}), catch-up check {clock.Elapsed.TotalMilliseconds:0.0} ms");
        var bureaus = services.GetRequiredService<IBureauDirectory>();

        async Task<long> Query((string Label, string Query, int? Year) q)
        {
            var page = await SearchEndpoints.RunAsync(q.Query, q.Year, null, null, null, null, indexer, backend, bureaus, CancellationToken.None);
            return page.Total;
        }

        // Warm-up (JIT, caches) and the totals, so the mix is known to search what it says.
        foreach (var q in Mix)
        {
            Console.WriteLine($"//   {q.Label} ({q.Query}{(q.Year is { } y ? $", {y}" : "")}): {await Query(q)} hits");
        }

        for (var i = 0; i < 5; i++)
        {
            foreach (var q in Mix)
            {
                await Query(q);
            }
        }

        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        Console.WriteLine();
        Console.WriteLine("| round | baseline LIKE (mean of 3) | p50 | p95 | p99 | max | mean | p95 / baseline | allocated per query | load |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (var round = 1; round <= rounds; round++)
        {
            var baseline = Enumerable.Range(0, 3).Select(_ => Time(() => Like(connection, "招商引资"))).Average();
            var samples = new List<double>(passes * Mix.Length);
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var pass = 0; pass < passes; pass++)
            {
                foreach (var q in Mix)
                {
                    var start = Stopwatch.GetTimestamp();
                    await Query(q);
                    samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }

            var allocated = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)samples.Count;
            samples.Sort();
            var p95 = Percentile(samples, 0.95);
            Console.WriteLine($"| {round} | {baseline:0.0} ms | {Percentile(samples, 0.50):0.0} ms | {p95:0.0} ms | {Percentile(samples, 0.99):0.0} ms | {samples[^1]:0.0} ms | " +
                $"{samples.Average():0.0} ms | {p95 / baseline:0.00} | {allocated / 1024:0} KB | {Load()} |");
        }

        // Where a query's time goes (means over 10 runs of each query of the mix).
        Console.WriteLine();
        Console.WriteLine("| query | whole path | catch-up check | Lucene, top 1 | Lucene, top 20 highlighted | the same, phrase scored on every match | top 20 as with the phrase everywhere | allocated (whole path) | allocated (catch-up check) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|---:|---:|");
        foreach (var q in Mix)
        {
            var whole = await MeanAsync(() => Query(q));
            var catchUp = await MeanAsync(() => indexer.CatchUpAsync(CancellationToken.None));
            var top1 = await MeanAsync(() => backend.SearchAsync(new SearchQuery(q.Query, null, q.Year, false, 0, 1), CancellationToken.None));
            var top20 = await MeanAsync(() => backend.SearchAsync(new SearchQuery(q.Query, null, q.Year, false, 0, 20), CancellationToken.None));
            var twoStep = await backend.SearchAsync(new SearchQuery(q.Query, null, q.Year, false, 0, 20), CancellationToken.None);
            backend.ExactRanking = true;
            var exact = await MeanAsync(() => backend.SearchAsync(new SearchQuery(q.Query, null, q.Year, false, 0, 20), CancellationToken.None));
            var exactPage = await backend.SearchAsync(new SearchQuery(q.Query, null, q.Year, false, 0, 20), CancellationToken.None);
            backend.ExactRanking = false;
            var same = twoStep.Hits.Select(h => h.ReportId).SequenceEqual(exactPage.Hits.Select(h => h.ReportId)) && twoStep.Total == exactPage.Total ? "identical" : "DIFFERENT";
            var before = GC.GetTotalAllocatedBytes(precise: true);
            await Query(q);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            before = GC.GetTotalAllocatedBytes(precise: true);
            await indexer.CatchUpAsync(CancellationToken.None);
            var check = GC.GetTotalAllocatedBytes(precise: true) - before;
            Console.WriteLine($"| {q.Label} ({q.Query}) | {whole:0.00} ms | {catchUp:0.00} ms | {top1:0.00} ms | {top20:0.00} ms | {exact:0.00} ms | {same} | {allocated / 1024} KB | {check / 1024} KB |");
        }

        Console.WriteLine($"load at the end: {Load()}");
    }

    private static async Task<double> MeanAsync<T>(Func<Task<T>> action)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < 10; i++)
        {
            await action();
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / 10;
    }

    private static double Time(Func<int> action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>The nearest-rank percentile of sorted samples.</summary>
    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static int Like(SqliteConnection connection, string word)
    {
        using var command = connection.CreateCommand();
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

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
