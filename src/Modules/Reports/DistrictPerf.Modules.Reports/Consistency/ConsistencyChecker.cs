namespace DistrictPerf.Modules.Reports.Consistency;

/// <summary>Finds what a reviewer would find wrong in a self-evaluation (domain-rules §5).</summary>
internal static class ConsistencyChecker
{
    public static IReadOnlyList<Finding> Check(ReportSnapshot report) => throw new NotImplementedException();
}
