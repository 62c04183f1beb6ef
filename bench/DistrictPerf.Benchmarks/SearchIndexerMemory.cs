using System.Diagnostics;
using System.Globalization;
using DistrictPerf.Host.Persistence;
using DistrictPerf.Modules.Reports.Contracts;
using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.Modules.Reports.Legacy;
using DistrictPerf.Modules.Search.Backends;
using DistrictPerf.Modules.Search.Indexing;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Benchmarks;

/// <summary>
/// What the search indexer holds and allocates, not how fast it is (the machine is shared; memory does not depend on
/// its load): (1) a whole rebuild of <c>--reports</c> reports through <see cref="SearchIndexer"/> as the endpoint starts
/// it — the peak of the managed heap, sampled every 2 ms (in use, garbage included, and as the last GC left it), and the
/// bytes allocated; (2) the catch-up check before every search when nothing changed — bytes allocated per check, rows of
/// text it reads. The reports are the 25 KB reference report written <b>a second apart</b> (as after a bulk import), so
/// the check's two-minute overlap holds the last 120 reports. Run each size in a process of its own (the peak is the
/// process's).
/// <para>
/// Everything here uses the indexer's and the backend's public surface only, so the same file measures the code before
/// and after a change (build it against either).
/// </para>
/// </summary>
internal static class SearchIndexerMemory
{
    public static async Task RunAsync(string[] args)
    {
        var reports = Option(args, "--reports", 2_000);
        var checks = Option(args, "--checks", 20);
        var database = Ensure(reports);
        Console.WriteLine($"search indexer memory: {reports} reports, {Environment.ProcessorCount} cores, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}; load: {Load()}");

        await using var services = SearchDataset.Services(database);
        var folder = Path.Combine(Path.GetTempPath(), $"districtperf-memory-index-{Guid.NewGuid():N}");
        try
        {
            using var backend = new LuceneSearchBackend(folder);
            using var indexer = SearchDataset.Indexer(backend, services);

            // (1) The rebuild.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var (peakInUse, peakAfterGc) = (0L, 0L);
            using var sampling = new CancellationTokenSource();
            var sampler = new Thread(() =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peakInUse = Math.Max(peakInUse, GC.GetTotalMemory(forceFullCollection: false));
                    peakAfterGc = Math.Max(peakAfterGc, GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes);
                    Thread.Sleep(2);
                }
            }) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
            sampler.Start();
            var clock = Stopwatch.StartNew();
            indexer.TryStartRebuild(TimeProvider.System, CancellationToken.None, out _);
            while (indexer.RebuildStatus.State == SearchRebuildState.Running)
            {
                await Task.Delay(20);
            }

            clock.Stop();
            sampling.Cancel();
            sampler.Join();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var status = indexer.RebuildStatus;
            if (status.State != SearchRebuildState.Succeeded || status.Indexed != reports)
            {
                throw new InvalidOperationException($"rebuild: {status}");
            }

            Console.WriteLine();
            Console.WriteLine("| reports | peak managed heap in use (over the start) | peak heap after a GC | allocated | rebuild time | load |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---|");
            Console.WriteLine($"| {reports:N0} | {Mb(peakInUse - baseline)} | {Mb(peakAfterGc)} | {Mb(allocated)} | {clock.Elapsed.TotalSeconds:0} s | {Load()} |");

            // (2) The catch-up check with nothing changed (the watermark is the newest report's: 120 reports in the overlap).
            for (var i = 0; i < 3; i++)
            {
                await indexer.CatchUpAsync(CancellationToken.None);
            }

            var samples = new List<(long Bytes, double Ms)>();
            for (var i = 0; i < checks; i++)
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var start = Stopwatch.GetTimestamp();
                var written = await indexer.CatchUpAsync(CancellationToken.None);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                samples.Add((GC.GetTotalAllocatedBytes(precise: true) - before, ms));
                if (written != 0)
                {
                    throw new InvalidOperationException($"the check wrote {written} documents: something changed");
                }
            }

            var bytes = samples.Select(s => s.Bytes).Order().ToList();
            var times = samples.Select(s => s.Ms).Order().ToList();
            Console.WriteLine();
            Console.WriteLine($"| catch-up check, nothing changed ({checks} checks) | allocated per check: median | min | max | time: median | min | max | load |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
            Console.WriteLine($"| {reports:N0} reports, 120 in the overlap | {Kb(bytes[bytes.Count / 2])} | {Kb(bytes[0])} | {Kb(bytes[^1])} | " +
                $"{times[times.Count / 2]:0.00} ms | {times[0]:0.00} ms | {times[^1]:0.00} ms | {Load()} |");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The database: <paramref name="reports"/> copies of the reference report, one bureau each, a second apart (created once, reused).</summary>
    private static string Ensure(int reports)
    {
        var folder = Path.Combine(Environment.GetEnvironmentVariable("DISTRICTPERF_BENCH_SEARCH") ?? Path.GetTempPath(), $"districtperf-search-seconds-{reports}");
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

        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "baiyun-investment-promotion-bureau-2021-self-evaluation.txt"));
        var sections = LegacyReportParser.Parse(text).Sections;
        var options = new DbContextOptionsBuilder<SqliteDistrictPerfDbContext>().UseSqlite($"Data Source={path}").Options;
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
                    TenantId = Guid.NewGuid(), FiscalYear = SearchDataset.Year, Status = ReportStatus.Published,
                    CreatedAt = new DateTime(2022, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i),
                    BasicInfo = Vary(sections.BasicInfo), Evaluation = Vary(sections.Evaluation),
                    Problems = Vary(sections.ProblemsText), Measures = Vary(sections.MeasuresText), ConcurrencyStamp = Guid.NewGuid().ToString("N"),
                });
            }

            db.SaveChanges();
        }

        SqliteConnection.ClearAllPools();
        File.WriteAllText(marker, reports.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine($"// wrote {reports} reports ({new FileInfo(path).Length / 1_048_576} MB)");
        return path;
    }

    private static string Mb(long bytes) => $"{bytes / 1_048_576.0:0} MB";

    private static string Kb(long bytes) => $"{bytes / 1024.0:0} KB";

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
