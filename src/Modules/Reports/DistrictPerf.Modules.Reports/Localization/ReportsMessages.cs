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

    /// <summary>{0} 年已有自评报告草稿或绩效计划，导入会替换它（原草稿保存为修订版）。确认替换请带 replace=true 再次导入</summary>
    public static string ReplaceRequired(int year) => Catalog.Format(nameof(ReplaceRequired), year);

    /// <summary>未能识别出自评报告的结构：没有找到报告的章节（如“一、基本情况”）或表 1 的任务和指标</summary>
    public static string NotAReport => Catalog.Get(nameof(NotAReport));

    /// <summary>内容含有控制字符或二进制数据，不是报告的纯文本</summary>
    public static string BinaryText => Catalog.Get(nameof(BinaryText));

    /// <summary>内容含有大量无法识别的字符，请以 UTF-8 或 GBK 编码的纯文本上传</summary>
    public static string UndecodableText => Catalog.Get(nameof(UndecodableText));

    /// <summary>文件内容为空或过短，不是完整的报告</summary>
    public static string FileTooShort => Catalog.Get(nameof(FileTooShort));

    /// <summary>文件超过 {0} MB</summary>
    public static string FileTooLarge(int megabytes) => Catalog.Format(nameof(FileTooLarge), megabytes);

    /// <summary>上传的表单数据不完整或格式错误，请重新上传</summary>
    public static string MultipartInvalid => Catalog.Get(nameof(MultipartInvalid));

    /// <summary>部门名称</summary>
    public static string FieldBureauName => Catalog.Get(nameof(FieldBureauName));

    /// <summary>报告年度</summary>
    public static string FieldYear => Catalog.Get(nameof(FieldYear));

    /// <summary>年初预算</summary>
    public static string FieldInitial => Catalog.Get(nameof(FieldInitial));

    /// <summary>预算调整金额</summary>
    public static string FieldAdjustment => Catalog.Get(nameof(FieldAdjustment));

    /// <summary>追加预算金额</summary>
    public static string FieldIncrease => Catalog.Get(nameof(FieldIncrease));

    /// <summary>追减预算金额</summary>
    public static string FieldDecrease => Catalog.Get(nameof(FieldDecrease));

    /// <summary>内设机构名单</summary>
    public static string FieldProfileSections => Catalog.Get(nameof(FieldProfileSections));

    /// <summary>下属单位名单</summary>
    public static string FieldProfileUnits => Catalog.Get(nameof(FieldProfileUnits));

    /// <summary>applyProfile without the profile-edit permission</summary>
    public static string ApplyProfileForbidden => Catalog.Get(nameof(ApplyProfileForbidden));

    /// <summary>调整后预算</summary>
    public static string FieldAdjusted => Catalog.Get(nameof(FieldAdjusted));

    /// <summary>实际支出</summary>
    public static string FieldSpending => Catalog.Get(nameof(FieldSpending));

    /// <summary>预算执行率</summary>
    public static string FieldExecutionRate => Catalog.Get(nameof(FieldExecutionRate));

    /// <summary>预算调整率</summary>
    public static string FieldAdjustmentRate => Catalog.Get(nameof(FieldAdjustmentRate));

    /// <summary>自评得分</summary>
    public static string FieldSelfScore => Catalog.Get(nameof(FieldSelfScore));

    /// <summary>自评等级</summary>
    public static string FieldSelfGrade => Catalog.Get(nameof(FieldSelfGrade));

    /// <summary>主要任务（表 1）</summary>
    public static string FieldTasks => Catalog.Get(nameof(FieldTasks));

    /// <summary>一、基本情况</summary>
    public static string FieldBasicInfo => Catalog.Get(nameof(FieldBasicInfo));

    /// <summary>二、综合评价分析</summary>
    public static string FieldEvaluation => Catalog.Get(nameof(FieldEvaluation));

    /// <summary>三、存在的问题</summary>
    public static string FieldProblemsSection => Catalog.Get(nameof(FieldProblemsSection));

    /// <summary>四、改进措施</summary>
    public static string FieldMeasuresSection => Catalog.Get(nameof(FieldMeasuresSection));

    /// <summary>问题的分条内容</summary>
    public static string FieldProblemItems => Catalog.Get(nameof(FieldProblemItems));

    /// <summary>措施的分条内容</summary>
    public static string FieldMeasureItems => Catalog.Get(nameof(FieldMeasureItems));

    /// <summary>任务名称</summary>
    public static string FieldTaskName => Catalog.Get(nameof(FieldTaskName));

    /// <summary>预期目标</summary>
    public static string FieldExpectedGoal => Catalog.Get(nameof(FieldExpectedGoal));

    /// <summary>完成情况</summary>
    public static string FieldCompletion => Catalog.Get(nameof(FieldCompletion));

    /// <summary>资金</summary>
    public static string FieldFunds => Catalog.Get(nameof(FieldFunds));

    /// <summary>文中所述指标个数</summary>
    public static string FieldDeclaredCount => Catalog.Get(nameof(FieldDeclaredCount));

    /// <summary>绩效指标</summary>
    public static string FieldIndicators => Catalog.Get(nameof(FieldIndicators));

    /// <summary>目标值</summary>
    public static string FieldTarget => Catalog.Get(nameof(FieldTarget));

    /// <summary>实际完成值</summary>
    public static string FieldActual => Catalog.Get(nameof(FieldActual));

    /// <summary>是否达成</summary>
    public static string FieldAchieved => Catalog.Get(nameof(FieldAchieved));

    /// <summary>偏差原因</summary>
    public static string FieldDeviationReason => Catalog.Get(nameof(FieldDeviationReason));

    /// <summary>任务 {0}：{1}</summary>
    public static string FieldOfTask(int task, string what) => Catalog.Format(nameof(FieldOfTask), task, what);

    /// <summary>任务 {0} 指标 {1}：{2}</summary>
    public static string FieldOfIndicator(int task, int indicator, string what) => Catalog.Format(nameof(FieldOfIndicator), task, indicator, what);

    /// <summary>这是旧版 Word（.doc）或 WPS 文件，无法读取：请在 Word 或 WPS 中另存为 .docx 或 PDF 后上传</summary>
    public static string OldWordFormat => Catalog.Get(nameof(OldWordFormat));

    /// <summary>PDF 超过 {0} 页，不像是一份部门自评报告</summary>
    public static string PdfTooManyPages(int maxPages) => Catalog.Format(nameof(PdfTooManyPages), maxPages);

    /// <summary>PDF 中没有可读取的文字（可能是扫描件）：请上传带文字的 PDF、.docx 或 .txt</summary>
    public static string PdfWithoutText => Catalog.Get(nameof(PdfWithoutText));

    /// <summary>PDF 已加密，无法读取：请上传未加密的文件</summary>
    public static string PdfEncrypted => Catalog.Get(nameof(PdfEncrypted));

    /// <summary>文件不是有效的 PDF（已损坏或不完整）</summary>
    public static string PdfInvalid => Catalog.Get(nameof(PdfInvalid));

    /// <summary>文件不是有效的 .docx 文档</summary>
    public static string DocxInvalid => Catalog.Get(nameof(DocxInvalid));

    /// <summary>不是部门整体支出绩效自评报告</summary>
    public static string NotADepartmentReportTitle => Catalog.Get(nameof(NotADepartmentReportTitle));

    /// <summary>这是项目支出绩效自评表（识别到：{0}），不是部门整体支出绩效自评报告，未导入</summary>
    public static string ProjectTable(string recognised) => Catalog.Format(nameof(ProjectTable), recognised);

    /// <summary>这是未填写的报告模板（含填写说明：{0}），未导入</summary>
    public static string BlankTemplate(string hints) => Catalog.Format(nameof(BlankTemplate), hints);

    /// <summary>只识别到报告的一部分（识别到：{0}；缺少：{1}），未导入，请上传完整报告</summary>
    public static string ReportFragment(string found, string missing) => Catalog.Format(nameof(ReportFragment), found, missing);

    /// <summary>部门整体支出绩效自评报告的章节与表 1</summary>
    public static string PartDepartmentWide => Catalog.Get(nameof(PartDepartmentWide));

    /// <summary>基本情况</summary>
    public static string PartBasicInfo => Catalog.Get(nameof(PartBasicInfo));

    /// <summary>绩效目标完成情况表（表 1）</summary>
    public static string PartTable1 => Catalog.Get(nameof(PartTable1));

    /// <summary>预算收支数据</summary>
    public static string PartBudget => Catalog.Get(nameof(PartBudget));

    /// <summary>自评结论（得分与等级）</summary>
    public static string PartResult => Catalog.Get(nameof(PartResult));

    /// <summary>存在问题</summary>
    public static string PartProblems => Catalog.Get(nameof(PartProblems));

    /// <summary>改进措施</summary>
    public static string PartMeasures => Catalog.Get(nameof(PartMeasures));

    /// <summary>报告所写的部门是“{0}”，不是本部门“{1}”。</summary>
    public static string BureauMismatch(string stated, string name) => Catalog.Format(nameof(BureauMismatch), stated, name);

    /// <summary>确认无误后可仍然导入（confirmMismatch=true）。</summary>
    public static string ConfirmMismatch => Catalog.Get(nameof(ConfirmMismatch));
}
