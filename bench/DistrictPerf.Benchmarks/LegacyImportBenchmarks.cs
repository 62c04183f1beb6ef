using BenchmarkDotNet.Attributes;
using DistrictPerf.Modules.Reports.Consistency;
using DistrictPerf.Modules.Reports.Legacy;

namespace DistrictPerf.Benchmarks;

/// <summary>
/// Reports issue benchmark: parsing the 25 KB reference report and checking it, against the
/// baseline every reader of such text pays — one normalisation pass (full-width → ASCII,
/// spaces inside Chinese removed) over the same text.
/// </summary>
[MemoryDiagnoser]
public class LegacyImportBenchmarks
{
    private string _text = "";
    private ReportSnapshot _snapshot = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "baiyun-investment-promotion-bureau-2021-self-evaluation.txt"));
        var parsed = LegacyReportParser.Parse(_text);
        var sections = new Dictionary<string, string>
        {
            ["basicInfo"] = parsed.Sections.BasicInfo ?? "",
            ["evaluation"] = parsed.Sections.Evaluation ?? "",
            ["problems"] = parsed.Sections.ProblemsText ?? "",
            ["measures"] = parsed.Sections.MeasuresText ?? "",
        };
        var tasks = parsed.Tasks.Select(t => new SnapshotTask(
            t.Number, t.Name, t.FundsWanYuan * 10_000m, t.DeclaredIndicatorCount, t.DeclaredIndicatorNames,
            t.Indicators.Select((i, n) => new SnapshotIndicator($"{t.Number}-{n}", i.Name, 0m, i.Target, i.Actual, null, i.Achieved ?? false, null, i.DeviationReason, null, null)).ToList())).ToList();
        _snapshot = new ReportSnapshot(sections, new SnapshotBudget(52_783_300m, -6_258_500m, 46_524_800m, 44_687_300m, 44_687_300m / 46_524_800m, 6_258_500m / 52_783_300m),
            tasks, parsed.SelfScore, parsed.SelfGrade, null, null, 1.30m, 10m);
    }

    [Benchmark(Baseline = true, Description = "baseline: normalise the text once")]
    public int Normalise() => LegacyText.Clean(_text).Length;

    [Benchmark(Description = "legacy import: parse the report")]
    public int Parse() => LegacyReportParser.Parse(_text).Tasks.Sum(t => t.Indicators.Count);

    [Benchmark(Description = "consistency check of the parsed report")]
    public int Check() => ConsistencyChecker.Check(_snapshot).Count;
}
