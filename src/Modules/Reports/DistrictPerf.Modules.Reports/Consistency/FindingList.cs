namespace DistrictPerf.Modules.Reports.Consistency;

/// <summary>
/// Collects findings with a sort key so the output is deterministic: severity, then location
/// (report → budget → sections in narrative order → tasks by number → indicators in table order),
/// then position in the text, then code and message.
/// </summary>
internal sealed class FindingList
{
    private static readonly string[] SectionOrder = ["basicInfo", "evaluation", "problems", "measures"];

    private readonly List<(Finding Finding, int Group, int Sub, string SubKey, int Position)> _items = [];

    public static int SectionRank(string key) => Array.IndexOf(SectionOrder, key) is var i and >= 0 ? i : SectionOrder.Length;

    public static string SectionLocation(string key) => "section:" + key;

    public void AddReport(FindingSeverity severity, string code, string message, string? excerpt = null) =>
        _items.Add((new Finding(severity, code, message, "report", excerpt), 0, 0, string.Empty, 0));

    public void AddBudget(FindingSeverity severity, string code, string message, string? excerpt = null) =>
        _items.Add((new Finding(severity, code, message, "budget", excerpt), 1, 0, string.Empty, 0));

    public void AddSection(string sectionKey, int position, FindingSeverity severity, string code, string message, string? excerpt) =>
        _items.Add((new Finding(severity, code, message, SectionLocation(sectionKey), excerpt), 2, SectionRank(sectionKey), sectionKey, position));

    public void AddTask(int taskNumber, FindingSeverity severity, string code, string message, string? excerpt = null) =>
        _items.Add((new Finding(severity, code, message, "task:" + taskNumber, excerpt), 3, taskNumber, string.Empty, 0));

    /// <param name="order">the indicator's place in the report (task order, then indicator order)</param>
    public void AddIndicator(string indicatorId, int order, FindingSeverity severity, string code, string message, string? excerpt = null) =>
        _items.Add((new Finding(severity, code, message, "indicator:" + indicatorId, excerpt), 4, order, indicatorId, 0));

    public IReadOnlyList<Finding> ToSortedList() =>
        [.. _items
            .OrderBy(x => x.Finding.Severity)
            .ThenBy(x => x.Group)
            .ThenBy(x => x.Sub)
            .ThenBy(x => x.SubKey, StringComparer.Ordinal)
            .ThenBy(x => x.Position)
            .ThenBy(x => x.Finding.Code, StringComparer.Ordinal)
            .ThenBy(x => x.Finding.Message, StringComparer.Ordinal)
            .Select(x => x.Finding)];
}
