using DistrictPerf.SharedKernel.Localization;

namespace DistrictPerf.Host.Localization;

/// <summary>
/// The host's messages: problem-details titles, request binding errors, bureau resolution, audit log paging.
/// Read per request in <see cref="System.Globalization.CultureInfo.CurrentUICulture"/>: HostMessages.resx is Chinese
/// (the neutral language, zh-CN), HostMessages.en.resx English. Keys are the member names.
/// </summary>
internal static class HostMessages
{
    internal static readonly ResourceMessages Catalog = new(typeof(HostMessages).FullName!, typeof(HostMessages).Assembly);

    /// <summary>输入有误</summary>
    public static string ValidationTitle => Catalog.Get(nameof(ValidationTitle));

    /// <summary>请求无效</summary>
    public static string BadRequestTitle => Catalog.Get(nameof(BadRequestTitle));

    /// <summary>请求体不是有效的 JSON</summary>
    public static string InvalidJson => Catalog.Get(nameof(InvalidJson));

    /// <summary>值的格式或类型不正确</summary>
    public static string WrongTypeOrFormat(long line, long position) => Catalog.Format(nameof(WrongTypeOrFormat), line, position);

    /// <summary>值“{0}”无效</summary>
    public static string InvalidValue(string value) => Catalog.Format(nameof(InvalidValue), value);

    /// <summary>缺少请求体</summary>
    public static string BodyRequired => Catalog.Get(nameof(BodyRequired));

    /// <summary>记录已存在</summary>
    public static string DuplicateKey => Catalog.Get(nameof(DuplicateKey));

    /// <summary>不允许写入其他部门的数据。</summary>
    public static string CrossTenantWrite => Catalog.Get(nameof(CrossTenantWrite));

    /// <summary>请求已取消</summary>
    public static string RequestCancelledTitle => Catalog.Get(nameof(RequestCancelledTitle));

    /// <summary>服务器内部错误</summary>
    public static string InternalErrorTitle => Catalog.Get(nameof(InternalErrorTitle));

    /// <summary>请求处理失败，已记录日志；请联系管理员并提供 requestId。</summary>
    public static string InternalErrorDetail => Catalog.Get(nameof(InternalErrorDetail));

    /// <summary>未登录或登录已失效</summary>
    public static string UnauthorizedTitle => Catalog.Get(nameof(UnauthorizedTitle));

    /// <summary>不支持此请求方法</summary>
    public static string MethodNotAllowedTitle => Catalog.Get(nameof(MethodNotAllowedTitle));

    /// <summary>请求体过大</summary>
    public static string PayloadTooLargeTitle => Catalog.Get(nameof(PayloadTooLargeTitle));

    /// <summary>不支持的内容类型</summary>
    public static string UnsupportedMediaTypeTitle => Catalog.Get(nameof(UnsupportedMediaTypeTitle));

    /// <summary>请求过于频繁</summary>
    public static string TooManyRequestsTitle => Catalog.Get(nameof(TooManyRequestsTitle));

    /// <summary>禁止切换部门</summary>
    public static string CannotSwitchBureauTitle => Catalog.Get(nameof(CannotSwitchBureauTitle));

    /// <summary>部门用户只能访问本部门数据。</summary>
    public static string CannotSwitchBureau => Catalog.Get(nameof(CannotSwitchBureau));

    /// <summary>没有以部门身份操作的权限。</summary>
    public static string CannotActInBureau => Catalog.Get(nameof(CannotActInBureau));

    /// <summary>部门不存在</summary>
    public static string UnknownBureauTitle => Catalog.Get(nameof(UnknownBureauTitle));

    /// <summary>找不到部门“{0}”。</summary>
    public static string UnknownBureau(string bureau) => Catalog.Format(nameof(UnknownBureau), bureau);

    /// <summary>您所属的部门已不存在。</summary>
    public static string HomeBureauGone => Catalog.Get(nameof(HomeBureauGone));

    /// <summary>部门已停用</summary>
    public static string BureauDisabledTitle => Catalog.Get(nameof(BureauDisabledTitle));

    /// <summary>该部门已被财政局停用。</summary>
    public static string BureauDisabled => Catalog.Get(nameof(BureauDisabled));

    /// <summary>页码须在 1–1000000 之间</summary>
    public static string AuditPageRange => Catalog.Get(nameof(AuditPageRange));

    /// <summary>每页条数须在 1 到 {0} 之间</summary>
    public static string AuditPageSizeRange(int max) => Catalog.Format(nameof(AuditPageSizeRange), max);

    /// <summary>结束时间不能早于开始时间</summary>
    public static string AuditRangeReversed => Catalog.Get(nameof(AuditRangeReversed));

    /// <summary>不支持的字符集</summary>
    public static string UnsupportedCharsetTitle => Catalog.Get(nameof(UnsupportedCharsetTitle));

    /// <summary>Content-Type 中的字符集“{0}”无法识别；请使用 utf-8</summary>
    public static string UnsupportedCharset(string charset) => Catalog.Format(nameof(UnsupportedCharset), charset);

    /// <summary>上传内容不是完整的 multipart 表单（缺少分隔符或被截断），请重新上传文件</summary>
    public static string MultipartInvalid => Catalog.Get(nameof(MultipartInvalid));

    /// <summary>跨站请求被拒绝</summary>
    public static string CrossSiteRequestTitle => Catalog.Get(nameof(CrossSiteRequestTitle));

    /// <summary>使用登录 Cookie 的修改请求只能来自本站页面。</summary>
    public static string CrossSiteRequest => Catalog.Get(nameof(CrossSiteRequest));
}
