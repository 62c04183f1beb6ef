using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using DistrictPerf.Modules.Reports.Contracts;
using DistrictPerf.Modules.Search.Backends;
using DistrictPerf.Modules.Search.Indexing;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.Benchmarks;

/// <summary>
/// Indexing throughput on the same 2,000 reports (25 KB each, <see cref="SearchDataset"/>): the app's indexing paths
/// against the baseline a bare Lucene.Net loop pays — one thread, SmartCn, one document per report holding its text in
/// one analysed field (nothing stored), one commit. Every iteration starts from an empty index folder. Throughput ratio
/// = 1 / the time ratio. Rounds: 1 warm-up + 3 measured iterations, one invocation each (monitoring strategy), run in
/// the benchmark's own process (BenchmarkDotNet's generated project takes longer than its 2-minute build timeout to
/// compile on a loaded 2-core machine).
/// </summary>
[Config(typeof(InProcessRounds))]
public class SearchIndexingBenchmarks
{
    public const int Reports = 2_000;

    private string _database = "";
    private IReadOnlyList<ReportSearchDocument> _reports = [];
    private List<SearchDocument> _documents = [];
    private string[] _texts = [];
    private string _index = "";
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup()
    {
        _database = SearchDataset.Ensure(Reports);
        _reports = SearchDataset.Read(_database);
        _documents = SearchDataset.Documents(_reports);
        _texts = _reports.Select(r => string.Join("\n", r.Sections.Select(s => s.Text))).ToArray();
        _services = SearchDataset.Services(_database);
        Console.WriteLine($"// {_reports.Count} reports, {_texts.Sum(t => (long)t.Length) / _texts.Length} characters each on average, {Environment.ProcessorCount} cores");
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [IterationSetup]
    public void FreshFolder() => _index = Path.Combine(Path.GetTempPath(), $"districtperf-indexing-bench-{Guid.NewGuid():N}");

    [IterationCleanup]
    public void DeleteFolder()
    {
        if (System.IO.Directory.Exists(_index))
        {
            System.IO.Directory.Delete(_index, recursive: true);
        }
    }

    private int Bare(int threads)
    {
        using var directory = FSDirectory.Open(_index);
        using var analyzer = new SmartChineseAnalyzer(LuceneVersion.LUCENE_48);
        using var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer));
        void Add(int i) => writer.AddDocument(new Document
        {
            new StringField("id", i.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.YES),
            new TextField("content", _texts[i], Field.Store.NO),
        });
        if (threads == 1)
        {
            for (var i = 0; i < _texts.Length; i++)
            {
                Add(i);
            }
        }
        else
        {
            var next = -1;
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < _texts.Length)
                {
                    Add(i);
                }
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
        }

        writer.Commit();
        return writer.NumDocs;
    }

    [Benchmark(Baseline = true, Description = "baseline: bare Lucene.Net loop, 1 thread, SmartCn, text only")]
    public int BareOneThread() => Bare(1);

    [Benchmark(Description = "reference: the bare loop on 2 threads")]
    public int BareTwoThreads() => Bare(2);

    /// <summary>The catch-up's write: the documents in memory, analysed on every core, stored fields, one commit.</summary>
    [Benchmark(Description = "app: LuceneSearchBackend.UpsertAsync (every core, stored text, offsets)")]
    public int AppUpsert()
    {
        using var backend = new LuceneSearchBackend(_index);
        backend.UpsertAsync(_documents, CancellationToken.None).GetAwaiter().GetResult();
        return _documents.Count;
    }

    /// <summary>The whole rebuild as the endpoint starts it: read every report from SQLite, batches of 500 committed with their watermark.</summary>
    [Benchmark(Description = "app: SearchIndexer rebuild (SQLite read + batches + commits)")]
    public int AppRebuild()
    {
        using var backend = new LuceneSearchBackend(_index);
        using var indexer = SearchDataset.Indexer(backend, _services);
        indexer.TryStartRebuild(TimeProvider.System, CancellationToken.None, out _);
        while (indexer.RebuildStatus.State == SearchRebuildState.Running)
        {
            Thread.Sleep(10);
        }

        var status = indexer.RebuildStatus;
        return status.State == SearchRebuildState.Succeeded && status.Indexed == Reports ? status.Indexed : throw new InvalidOperationException($"rebuild: {status}");
    }
}

/// <summary>1 warm-up and 3 measured rounds of one invocation each, in this process.</summary>
internal sealed class InProcessRounds : BenchmarkDotNet.Configs.ManualConfig
{
    public InProcessRounds() => AddJob(Job.Default
        .WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
        .WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance));
}
