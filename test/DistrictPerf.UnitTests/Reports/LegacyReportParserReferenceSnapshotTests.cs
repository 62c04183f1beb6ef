using System.Text.Encodings.Web;
using System.Text.Json;
using DistrictPerf.Modules.Reports.Legacy;
using DistrictPerf.UnitTests.TestSupport;

namespace DistrictPerf.UnitTests.Reports;

/// <summary>
/// Pins the whole extraction of the reference report as it was before table 1 was read by its header row
/// (test/TestData/baiyun-…-extraction.json: 4 tasks, 27 indicators, every name, target, actual, reason, figure,
/// section and not-extracted field). Members added later (the profile, the budget's increase and decrease) are
/// not part of the snapshot. On a difference the actual JSON is written next to the test binaries.
/// </summary>
public sealed class LegacyReportParserReferenceSnapshotTests
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void ReferenceExtraction_IsUnchanged()
    {
        var actual = Snapshot(LegacyReportParser.Parse(ReferenceReport.Text));
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "baiyun-investment-promotion-bureau-2021-extraction.json");
        var expected = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n").Trim() : string.Empty;
        if (actual != expected)
        {
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "reference-extraction.actual.json"), actual + "\n");
        }

        actual.ShouldBe(expected);
    }

    internal static string Snapshot(LegacyReport r) => JsonSerializer.Serialize(
        new
        {
            r.BureauName,
            r.Year,
            Budget = new { r.Budget.Initial, r.Budget.Adjustment, r.Budget.Adjusted, r.Budget.Spending, r.Budget.ExecutionRatePercent, r.Budget.AdjustmentRatePercent },
            r.SelfScore,
            r.SelfGrade,
            TaskCount = r.Tasks.Count,
            IndicatorCount = r.Tasks.Sum(t => t.Indicators.Count),
            Tasks = r.Tasks.Select(t => new
            {
                t.Number, t.Name, t.ExpectedGoal, t.Completion, t.FundsWanYuan, t.DeclaredIndicatorCount, t.DeclaredIndicatorNames,
                Indicators = t.Indicators.Select(i => new { i.Name, i.Target, i.Actual, i.Achieved, i.DeviationReason }),
            }),
            r.Problems,
            r.Measures,
            Sections = new { r.Sections.BasicInfo, r.Sections.Evaluation, r.Sections.ProblemsText, r.Sections.MeasuresText },
            r.NotExtracted,
        },
        Json).ReplaceLineEndings("\n").Trim();
}
