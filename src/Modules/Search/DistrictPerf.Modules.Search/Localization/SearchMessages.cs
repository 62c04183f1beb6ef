using DistrictPerf.SharedKernel.Localization;

namespace DistrictPerf.Modules.Search.Localization;

/// <summary>
/// The Search module's messages: query validation.
/// Read per request in <see cref="System.Globalization.CultureInfo.CurrentUICulture"/>: SearchMessages.resx is Chinese
/// (the neutral language, zh-CN), SearchMessages.en.resx English. Keys are the member names.
/// </summary>
internal static class SearchMessages
{
    internal static readonly ResourceMessages Catalog = new(typeof(SearchMessages).FullName!, typeof(SearchMessages).Assembly);

    /// <summary>请输入检索词</summary>
    public static string QueryRequired => Catalog.Get(nameof(QueryRequired));

    /// <summary>检索词不能超过 {0} 个字</summary>
    public static string QueryTooLong(int maxLength) => Catalog.Format(nameof(QueryTooLong), maxLength);

    /// <summary>页码从 1 开始</summary>
    public static string PageStartsAtOne => Catalog.Get(nameof(PageStartsAtOne));

    /// <summary>每页 1–{0} 条</summary>
    public static string PageSizeRange(int max) => Catalog.Format(nameof(PageSizeRange), max);

    /// <summary>没有这个部门</summary>
    public static string BureauUnknown => Catalog.Get(nameof(BureauUnknown));

    /// <summary>检索索引正在重建（已索引 {0}/{1}），请等待完成后再试。</summary>
    public static string RebuildRunning(int indexed, int total) => Catalog.Format(nameof(RebuildRunning), indexed, total);
}
