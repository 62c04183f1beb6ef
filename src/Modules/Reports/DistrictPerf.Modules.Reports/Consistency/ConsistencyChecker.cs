namespace DistrictPerf.Modules.Reports.Consistency;

/// <summary>Finds what a reviewer would find wrong in a self-evaluation (domain-rules §5).</summary>
/// <remarks>
/// Rules (code — severity):
/// text.rate-mismatch, text.amount-mismatch, text.score-mismatch, text.grade-mismatch — Error (narrative figure vs data);
/// text.all-achieved-claim — Error; text.label-two-values — Warning; text.count-mismatch — Warning;
/// indicator.duplicate, task.declared-count, indicator.missing-reason, weights.sum,
/// grade.self-band, indicator.stated-achievement — Error; grade.self-mismatch, score.self-mismatch, indicator.missing-measure,
/// indicator.over-achievement — Warning; stated.adjusted-budget, stated.adjustment-net, stated.execution-rate, stated.task-funds —
/// Error; stated.adjustment-rate — Error when higher than the stated adjustments give, Warning when lower.
/// The whole list, with what each compares and its tolerance, is docs/checker-rules.md.
/// Output is ordered by severity, then location (report, budget, sections in narrative order, tasks, indicators),
/// then position in the text; the same snapshot always gives the same list. Excerpts are verbatim substrings of
/// the section text (or the indicator name), so a UI can find and highlight them.
/// </remarks>
internal static class ConsistencyChecker
{
    public static IReadOnlyList<Finding> Check(ReportSnapshot report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var findings = new FindingList();

        StructureRules.CheckTasks(report, findings);
        StructureRules.CheckIndicators(report, findings);
        StructureRules.CheckWeights(report, findings);
        StructureRules.CheckScoreAndGrade(report, findings);
        StatedFigureRules.Check(report, findings);

        var shortfalls = StructureRules.Shortfalls(report);
        var counts = new List<NarrativeTextRules.CountMention>();
        var sections = report.Sections
            .Where(s => !string.IsNullOrWhiteSpace(s.Value))
            .OrderBy(s => FindingList.SectionRank(s.Key))
            .ThenBy(s => s.Key, StringComparer.Ordinal);
        foreach (var (key, original) in sections)
        {
            var folded = TextScan.Fold(original);
            NarrativeFigureRules.Check(report, key, original, folded, findings);
            NarrativeTextRules.CheckLabelTwoValues(key, original, folded, findings);
            NarrativeTextRules.CheckAllAchievedClaims(key, original, folded, shortfalls, findings);
            counts.AddRange(NarrativeTextRules.FindCounts(key, original, folded));
        }

        NarrativeTextRules.CheckCounts(counts, findings);
        return findings.ToSortedList();
    }
}
