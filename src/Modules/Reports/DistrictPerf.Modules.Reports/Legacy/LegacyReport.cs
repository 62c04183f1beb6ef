namespace DistrictPerf.Modules.Reports.Legacy;

/// <summary>
/// What could be read from the plain text of an existing self-evaluation report (often extracted
/// from a PDF: broken table headers, spaces inside words, full-width punctuation). Every value is
/// as stated in the text — nothing is computed or invented; a value not found is null and named
/// in <see cref="NotExtracted"/>. Amounts are in 万元 as the reports print them.
/// </summary>
internal sealed record LegacyReport(
    string? BureauName,
    int? Year,
    LegacyBudget Budget,
    decimal? SelfScore,
    string? SelfGrade,
    IReadOnlyList<LegacyTask> Tasks,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Measures,
    LegacySections Sections,
    IReadOnlyList<string> NotExtracted);

/// <summary>部门整体收支: figures in 万元 and rates in percent as printed (e.g. 96.05).</summary>
internal sealed record LegacyBudget(
    decimal? Initial, decimal? Adjustment, decimal? Adjusted, decimal? Spending, decimal? ExecutionRatePercent, decimal? AdjustmentRatePercent,
    decimal? Increase = null, decimal? Decrease = null);

/// <summary>One 主要任务 of table 1 with its indicators, in the order of the report.</summary>
/// <param name="Number">1-based task number</param>
/// <param name="DeclaredIndicatorCount">"设置 6 个关键绩效指标" in the narrative, when stated</param>
/// <param name="DeclaredIndicatorNames">the quoted names listed after that count in the narrative (duplicates kept)</param>
internal sealed record LegacyTask(
    int Number, string Name, string? ExpectedGoal, string? Completion, decimal? FundsWanYuan,
    int? DeclaredIndicatorCount, IReadOnlyList<string> DeclaredIndicatorNames,
    IReadOnlyList<LegacyIndicator> Indicators);

/// <summary>One key indicator of table 1: "NAME，目标值为“TARGET”" and its 完成情况 text.</summary>
/// <param name="Achieved">false when the text says 未达到/未完成, true when it says 达到/完成, null if neither</param>
/// <param name="DeviationReason">for not-achieved indicators, the stated cause (e.g. "因受疫情影响，外出考察次数减少")</param>
internal sealed record LegacyIndicator(string Name, string Target, string Actual, bool? Achieved, string? DeviationReason);

/// <summary>The narrative sections, as text (null when not found).</summary>
internal sealed record LegacySections(string? BasicInfo, string? Evaluation, string? ProblemsText, string? MeasuresText);
