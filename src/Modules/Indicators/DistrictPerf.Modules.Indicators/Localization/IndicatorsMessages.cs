using DistrictPerf.SharedKernel.Localization;

namespace DistrictPerf.Modules.Indicators.Localization;

/// <summary>
/// The Indicators module's messages: the performance plan and the scoring rules.
/// Read per request in <see cref="System.Globalization.CultureInfo.CurrentUICulture"/>: IndicatorsMessages.resx is Chinese
/// (the neutral language, zh-CN), IndicatorsMessages.en.resx English. Keys are the member names.
/// </summary>
internal static class IndicatorsMessages
{
    internal static readonly ResourceMessages Catalog = new(typeof(IndicatorsMessages).FullName!, typeof(IndicatorsMessages).Assembly);

    /// <summary>必填</summary>
    public static string Required => Catalog.Get(nameof(Required));

    /// <summary>等级须非空且不超过 8 字</summary>
    public static string GradesInvalid => Catalog.Get(nameof(GradesInvalid));

    /// <summary>等级须按分数线从高到低排列</summary>
    public static string GradesOrder => Catalog.Get(nameof(GradesOrder));

    /// <summary>定性区间须在 0–1 之间且下限不高于上限</summary>
    public static string BandsInvalid => Catalog.Get(nameof(BandsInvalid));

    /// <summary>权重之和须为 100（现为 {0}）</summary>
    public static string WeightsSum(decimal sum) => Catalog.Format(nameof(WeightsSum), sum);

    /// <summary>超额阈值须 ≥ 1</summary>
    public static string OverAchievementThreshold => Catalog.Get(nameof(OverAchievementThreshold));

    /// <summary>规则已被他人修改，请刷新后重试</summary>
    public static string RulesChanged => Catalog.Get(nameof(RulesChanged));

    /// <summary>一级指标须为 产出/效益/满意度/决策/过程</summary>
    public static string Level1Invalid => Catalog.Get(nameof(Level1Invalid));

    /// <summary>报告列出的指标名称最多 {0} 项</summary>
    public static string TooManyDeclaredNames(int max) => Catalog.Format(nameof(TooManyDeclaredNames), max);

    /// <summary>每行一个指标名称，每个不超过 {0} 个字</summary>
    public static string DeclaredNameInvalid(int max) => Catalog.Format(nameof(DeclaredNameInvalid), max);

    /// <summary>任务序号 {0} 已存在</summary>
    public static string TaskNumberTaken(int number) => Catalog.Format(nameof(TaskNumberTaken), number);

    /// <summary>须列出本任务的全部指标，每项一次（可能已有人增删了指标，请刷新）</summary>
    public static string IndicatorOrderMismatch => Catalog.Get(nameof(IndicatorOrderMismatch));
}
