namespace DistrictPerf.UnitTests.TestSupport;

/// <summary>The reference report (广州市白云区投资促进局 2021 自评报告, text extracted from the PDF), copied next to the tests.</summary>
public static class ReferenceReport
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "baiyun-investment-promotion-bureau-2021-self-evaluation.txt");

    public static string Text => File.ReadAllText(Path);
}
