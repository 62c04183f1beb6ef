using DistrictPerf.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DistrictPerf.IntegrationTests.Reports;

[Collection(ApiCollection.Name)]
public sealed class CheckerBaselineCaptureTests(AppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task Capture()
    {
        var bureau = await app.CreateBureauAsync();
        var report = (await bureau.Admin.LegacyImportAsync()).GetProperty("report");
        foreach (var f in report.GetProperty("findings").EnumerateArray())
        {
            output.WriteLine($"{f.GetProperty("severity").GetString()}|{f.GetProperty("code").GetString()}|{f.GetProperty("location").GetString()}|{f.GetProperty("message").GetString()}|{f.GetProperty("excerpt")}");
        }

        output.WriteLine("computed " + report.GetProperty("computedScore") + " " + report.GetProperty("computedGrade") + " exec " + report.GetProperty("executionScore"));
    }
}
