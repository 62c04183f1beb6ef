namespace DistrictPerf.SharedKernel.Localization;

/// <summary>
/// Messages shared by every module: not found, conflict, forbidden, fiscal year and month.
/// Read per request in <see cref="System.Globalization.CultureInfo.CurrentUICulture"/>: SharedMessages.resx is Chinese
/// (the neutral language, zh-CN), SharedMessages.en.resx English. Keys are the member names.
/// </summary>
public static class SharedMessages
{
    internal static readonly ResourceMessages Catalog = new(typeof(SharedMessages).FullName!, typeof(SharedMessages).Assembly);

    /// <summary>资源不存在</summary>
    public static string NotFoundTitle => Catalog.Get(nameof(NotFoundTitle));

    /// <summary>{0}“{1}”不存在。</summary>
    public static string NotFound(object resource, object key) => Catalog.Format(nameof(NotFound), resource, key);

    /// <summary>冲突</summary>
    public static string ConflictTitle => Catalog.Get(nameof(ConflictTitle));

    /// <summary>禁止访问</summary>
    public static string ForbiddenTitle => Catalog.Get(nameof(ForbiddenTitle));

    /// <summary>数据已被他人修改，请刷新后重试</summary>
    public static string ConcurrencyConflict => Catalog.Get(nameof(ConcurrencyConflict));

    /// <summary>财政年度须在 2000–2100 之间</summary>
    public static string FiscalYearRange => Catalog.Get(nameof(FiscalYearRange));

    /// <summary>月份须在 1–12 之间</summary>
    public static string MonthRange => Catalog.Get(nameof(MonthRange));

    /// <summary>金额最多两位小数</summary>
    public static string AtMostTwoDecimals => Catalog.Get(nameof(AtMostTwoDecimals));

    /// <summary>需要部门上下文</summary>
    public static string BureauContextRequiredTitle => Catalog.Get(nameof(BureauContextRequiredTitle));

    /// <summary>此接口只对部门数据操作；财政局用户须持有“以部门身份操作”权限并通过 __tenant 请求头指定部门。</summary>
    public static string BureauContextRequired => Catalog.Get(nameof(BureauContextRequired));

    /// <summary>需要部门上下文</summary>
    public static string BureauContextMissing => Catalog.Get(nameof(BureauContextMissing));

    /// <summary>此接口仅供财政局使用。</summary>
    public static string HostOnly => Catalog.Get(nameof(HostOnly));

    /// <summary>无法识别当前用户</summary>
    public static string NoUser => Catalog.Get(nameof(NoUser));

    /// <summary>不能包含控制字符或文字方向控制字符（如 U+202E）</summary>
    public static string ControlCharacters => Catalog.Get(nameof(ControlCharacters));
}
