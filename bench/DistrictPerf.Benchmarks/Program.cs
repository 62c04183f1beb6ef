using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using DistrictPerf.Benchmarks;

// dotnet run -c Release --project bench/DistrictPerf.Benchmarks -- --filter '*'
// The dataset (≈1.2 M spending rows) is generated once into $TMPDIR/districtperf-bench.db
// (or $DISTRICTPERF_BENCH_DB) and reused by later runs.
if (args.Contains("--generate-only"))
{
    var path = Environment.GetEnvironmentVariable("DISTRICTPERF_BENCH_DB") ?? Path.Combine(Path.GetTempPath(), "districtperf-bench.db");
    await DatasetGenerator.EnsureAsync(path);
    return;
}

// Search latency at scale (percentiles of single queries through the app's search path; see SearchLatency):
// dotnet run -c Release --project bench/DistrictPerf.Benchmarks -- --search-latency [--reports 20000] [--rounds 3] [--passes 20]
if (args.Contains("--search-latency"))
{
    await SearchLatency.RunAsync(args);
    return;
}

// The search indexer's memory: a rebuild's peak managed heap and the catch-up check's allocation (see SearchIndexerMemory):
// dotnet run -c Release --project bench/DistrictPerf.Benchmarks -- --search-indexer-memory [--reports 2000] [--checks 20]
if (args.Contains("--search-indexer-memory"))
{
    await SearchIndexerMemory.RunAsync(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(HostViewBenchmarks).Assembly).Run(args, DefaultConfig.Instance);
