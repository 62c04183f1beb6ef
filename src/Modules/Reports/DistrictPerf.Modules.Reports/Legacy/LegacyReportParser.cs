namespace DistrictPerf.Modules.Reports.Legacy;

/// <summary>Reads a <see cref="LegacyReport"/> out of a report's plain text.</summary>
internal static class LegacyReportParser
{
    public static LegacyReport Parse(string text) => throw new NotImplementedException();
}
