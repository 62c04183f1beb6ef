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
    IReadOnlyList<string> NotExtracted,
    LegacyProfile? Profile = null);

/// <summary>
/// 部门整体收支: figures in 万元 (amounts stated in 元 are converted exactly) and rates in percent as printed (e.g. 96.05).
/// <see cref="Adjustment"/> is the net adjustment (negative for a reduction); <see cref="Increase"/> and <see cref="Decrease"/>
/// are the stated 追加/调增 and 追减/调减 amounts, positive as stated (null when not stated).
/// </summary>
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

/// <summary>
/// One key indicator of table 1: "NAME，目标值为“TARGET”" and its 完成情况 text, or the 三级指标 / 年度目标值 /
/// 实际完成值 cells of a table with separate columns.
/// </summary>
/// <param name="Achieved">from a 完成情况 (verdict) column when the table has one, else from the actual text: false when it says 未达到/未完成, true when it says 达到/完成, null if neither</param>
/// <param name="DeviationReason">a 偏差原因 column's text, or a reason written on the line after the row, or for not-achieved indicators the cause stated in the actual text (e.g. "因受疫情影响，外出考察次数减少")</param>
internal sealed record LegacyIndicator(string Name, string Target, string Actual, bool? Achieved, string? DeviationReason);

/// <summary>The narrative sections, as text (null when not found).</summary>
internal sealed record LegacySections(string? BasicInfo, string? Evaluation, string? ProblemsText, string? MeasuresText);

/// <summary>
/// 部门概况 as stated in the report: 内设机构 (sections), 下属单位 (subordinate units) and 主要职能 (duties, in order).
/// A count is the stated "内设科室 7 个" (null when not stated); a list is empty when the report names none.
/// </summary>
internal sealed record LegacyProfile(
    int? SectionCount, IReadOnlyList<string> Sections, int? SubordinateUnitCount, IReadOnlyList<string> SubordinateUnits, IReadOnlyList<string> Duties)
{
    public static LegacyProfile Empty { get; } = new(null, [], null, [], []);

    public bool HasNoFacts() => Sections.Count == 0 && SubordinateUnits.Count == 0 && Duties.Count == 0;
}
