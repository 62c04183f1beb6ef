using DistrictPerf.Modules.Reports;
using DistrictPerf.Modules.Reports.Features;

namespace DistrictPerf.UnitTests.Reports;

/// <summary>
/// The warm-up previews a sample report before readiness (issue 16): the sample must be read as a whole department
/// report, or the warm-up stops at the recogniser — leaving the parser's later stages and the checker cold — and logs a
/// refused import at every start.
/// </summary>
public sealed class WarmUpSampleTests
{
    [Fact]
    public void The_warm_up_sample_is_read_as_a_whole_department_report()
    {
        var report = LegacyImportReading.Read(new PreviewLegacyReport(2021, ReportsModule.WarmUpText));
        report.Tasks.SelectMany(t => t.Indicators).ShouldNotBeEmpty();
        report.Budget.Spending.ShouldNotBeNull();
        report.SelfScore.ShouldNotBeNull();
    }
}
