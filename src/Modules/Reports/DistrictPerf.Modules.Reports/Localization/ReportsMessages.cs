using DistrictPerf.SharedKernel.Localization;

namespace DistrictPerf.Modules.Reports.Localization;

/// <summary>
/// The Reports module's messages: editing, the review workflow and the legacy import (not the checker's findings, which are report content).
/// Read per request in <see cref="System.Globalization.CultureInfo.CurrentUICulture"/>: ReportsMessages.resx is Chinese
/// (the neutral language, zh-CN), ReportsMessages.en.resx English. Keys are the member names.
/// </summary>
internal static class ReportsMessages
{
    internal static readonly ResourceMessages Catalog = new(typeof(ReportsMessages).FullName!, typeof(ReportsMessages).Assembly);

    /// <summary>存在须修正的问题，不能提交</summary>
    public static string SubmissionBlockedTitle => Catalog.Get(nameof(SubmissionBlockedTitle));

    /// <summary>有 {0} 个须修正的问题。</summary>
    public static string SubmissionBlocked(int count) => Catalog.Format(nameof(SubmissionBlocked), count);

    /// <summary>没有权限执行此操作</summary>
    public static string MissingPermission(string permission) => Catalog.Format(nameof(MissingPermission), permission);

    /// <summary>报告当前状态为 {0}，不能{1}</summary>
    public static string StatusForbidsAction(object status, string action) => Catalog.Format(nameof(StatusForbidsAction), status, action);

    /// <summary>提交</summary>
    public static string ActionSubmit => Catalog.Get(nameof(ActionSubmit));

    /// <summary>退回</summary>
    public static string ActionReturn => Catalog.Get(nameof(ActionReturn));

    /// <summary>审定</summary>
    public static string ActionApprove => Catalog.Get(nameof(ActionApprove));

    /// <summary>公开</summary>
    public static string ActionPublish => Catalog.Get(nameof(ActionPublish));

    /// <summary>只有已审定或已公开的报告需要新修订版；草稿可直接编辑</summary>
    public static string ReviseOnlyApproved => Catalog.Get(nameof(ReviseOnlyApproved));

    /// <summary>报告状态为 {0}，只有草稿或退回的报告可以编辑</summary>
    public static string NotEditable(object status) => Catalog.Format(nameof(NotEditable), status);

    /// <summary>自评分须在 0–100 之间，最多两位小数</summary>
    public static string SelfScoreInvalid => Catalog.Get(nameof(SelfScoreInvalid));

    /// <summary>等级须为本年度评分规则中的等级（如 优/良/中/差）</summary>
    public static string GradeUnknown => Catalog.Get(nameof(GradeUnknown));

    /// <summary>最长 {0} 字</summary>
    public static string SectionTooLong(int maxLength) => Catalog.Format(nameof(SectionTooLong), maxLength);

    /// <summary>含有不可见控制字符</summary>
    public static string ControlCharacters => Catalog.Get(nameof(ControlCharacters));

    /// <summary>{0} 年自评报告已存在</summary>
    public static string ReportExists(int year) => Catalog.Format(nameof(ReportExists), year);

    /// <summary>请粘贴报告全文</summary>
    public static string PasteWholeReport => Catalog.Get(nameof(PasteWholeReport));

    /// <summary>文本超过 {0} 字</summary>
    public static string TextTooLong(int maxLength) => Catalog.Format(nameof(TextTooLong), maxLength);

    /// <summary>报告年度为 {0}，与所选年度 {1} 不符</summary>
    public static string YearMismatch(int statedYear, int year) => Catalog.Format(nameof(YearMismatch), statedYear, year);

    /// <summary>意见最长 {0} 字</summary>
    public static string CommentTooLong(int maxLength) => Catalog.Format(nameof(CommentTooLong), maxLength);

    /// <summary>退回须填写意见</summary>
    public static string CommentRequiredToReturn => Catalog.Get(nameof(CommentRequiredToReturn));

    /// <summary>请上传报告的 .txt 纯文本</summary>
    public static string UploadTxt => Catalog.Get(nameof(UploadTxt));

    /// <summary>请求体须为 JSON {"text": "报告全文"}</summary>
    public static string BodyMustBeJson => Catalog.Get(nameof(BodyMustBeJson));

    /// <summary>请以 JSON 或 multipart 上传</summary>
    public static string JsonOrMultipart => Catalog.Get(nameof(JsonOrMultipart));
}
