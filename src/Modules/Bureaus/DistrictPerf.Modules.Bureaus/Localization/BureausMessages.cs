using DistrictPerf.SharedKernel.Localization;

namespace DistrictPerf.Modules.Bureaus.Localization;

/// <summary>
/// The Bureaus module's messages: bureaus and their profiles.
/// Read per request in <see cref="System.Globalization.CultureInfo.CurrentUICulture"/>: BureausMessages.resx is Chinese
/// (the neutral language, zh-CN), BureausMessages.en.resx English. Keys are the member names.
/// </summary>
internal static class BureausMessages
{
    internal static readonly ResourceMessages Catalog = new(typeof(BureausMessages).FullName!, typeof(BureausMessages).Assembly);

    /// <summary>部门代码只能包含字母、数字和连字符</summary>
    public static string CodeFormat => Catalog.Get(nameof(CodeFormat));

    /// <summary>部门代码 {0} 已存在</summary>
    public static string CodeTaken(string code) => Catalog.Format(nameof(CodeTaken), code);

    /// <summary>部门已是启用状态</summary>
    public static string AlreadyActive => Catalog.Get(nameof(AlreadyActive));

    /// <summary>部门已是停用状态</summary>
    public static string AlreadyDisabled => Catalog.Get(nameof(AlreadyDisabled));

    /// <summary>最多 {0} 项</summary>
    public static string TooManyItems(int max) => Catalog.Format(nameof(TooManyItems), max);

    /// <summary>科室名称重复</summary>
    public static string SectionNamesDuplicate => Catalog.Get(nameof(SectionNamesDuplicate));

    /// <summary>单位名称重复</summary>
    public static string UnitNamesDuplicate => Catalog.Get(nameof(UnitNamesDuplicate));
}
