using DistrictPerf.SharedKernel.Localization;

namespace DistrictPerf.Modules.Budgets.Localization;

/// <summary>
/// The Budgets module's messages: lines, adjustments, spending, month closing, spreadsheet import and export.
/// Read per request in <see cref="System.Globalization.CultureInfo.CurrentUICulture"/>: BudgetsMessages.resx is Chinese
/// (the neutral language, zh-CN), BudgetsMessages.en.resx English. Keys are the member names.
/// </summary>
internal static class BudgetsMessages
{
    internal static readonly ResourceMessages Catalog = new(typeof(BudgetsMessages).FullName!, typeof(BudgetsMessages).Assembly);

    /// <summary>金额超过 10^12 元</summary>
    public static string AmountTooLarge => Catalog.Get(nameof(AmountTooLarge));

    /// <summary>金额不能为负数</summary>
    public static string AmountNegative => Catalog.Get(nameof(AmountNegative));

    /// <summary>金额不能为零</summary>
    public static string AmountZero => Catalog.Get(nameof(AmountZero));

    /// <summary>日期须在 {0} 财政年度内</summary>
    public static string DateOutsideYear(int year) => Catalog.Format(nameof(DateOutsideYear), year);

    /// <summary>{0} 年 {1} 月已结账，不能直接修改；请用冲销（红字）更正</summary>
    public static string MonthClosedUseReversal(int year, int month) => Catalog.Format(nameof(MonthClosedUseReversal), year, month);

    /// <summary>项目编码只能包含字母、数字和 . _ -</summary>
    public static string LineCodeFormat => Catalog.Get(nameof(LineCodeFormat));

    /// <summary>本部门 {0} 年没有这个主要任务</summary>
    public static string MainTaskUnknown(int year) => Catalog.Format(nameof(MainTaskUnknown), year);

    /// <summary>项目编码 {0} 已存在</summary>
    public static string LineCodeExists(string code, int year) => Catalog.Format(nameof(LineCodeExists), code, year);

    /// <summary>该项目在已结账月份有支出或调整，不能更改支出类型</summary>
    public static string LineKindLocked => Catalog.Get(nameof(LineKindLocked));

    /// <summary>该项目已有调整或支出，不能删除</summary>
    public static string LineInUse => Catalog.Get(nameof(LineInUse));

    /// <summary>追加须为正数、追减须为负数</summary>
    public static string AdjustmentSign => Catalog.Get(nameof(AdjustmentSign));

    /// <summary>预算项目不存在</summary>
    public static string LineUnknown => Catalog.Get(nameof(LineUnknown));

    /// <summary>已有一笔内容完全相同的调整</summary>
    public static string AdjustmentDuplicate => Catalog.Get(nameof(AdjustmentDuplicate));

    /// <summary>页码须在 1–1000000 之间，每页 1–{0} 条</summary>
    public static string SpendingPageRange(int maxPageSize) => Catalog.Format(nameof(SpendingPageRange), maxPageSize);

    /// <summary>冲销分录本身不能再冲销</summary>
    public static string ReversalOfReversal => Catalog.Get(nameof(ReversalOfReversal));

    /// <summary>该支出已冲销</summary>
    public static string AlreadyReversed => Catalog.Get(nameof(AlreadyReversed));

    /// <summary>冲销日期不能早于原支出日期</summary>
    public static string ReversalBeforeOriginal => Catalog.Get(nameof(ReversalBeforeOriginal));

    /// <summary>已冲销的支出和冲销分录不能删除</summary>
    public static string ReversedEntriesKept => Catalog.Get(nameof(ReversedEntriesKept));

    /// <summary>已有一笔内容完全相同的支出（日期、项目、金额、凭证号、摘要）</summary>
    public static string SpendingDuplicate => Catalog.Get(nameof(SpendingDuplicate));

    /// <summary>{0} 年 {1} 月已结账</summary>
    public static string MonthAlreadyClosed(int year, int month) => Catalog.Format(nameof(MonthAlreadyClosed), year, month);

    /// <summary>请选择要导入的 .xlsx 或 .csv 文件</summary>
    public static string ImportFileRequired => Catalog.Get(nameof(ImportFileRequired));

    /// <summary>只支持 .xlsx 和 .csv 文件</summary>
    public static string ImportFileType => Catalog.Get(nameof(ImportFileType));

    /// <summary>文件超过 {0} MB</summary>
    public static string ImportFileTooLarge(long megabytes) => Catalog.Format(nameof(ImportFileTooLarge), megabytes);

    /// <summary>导入失败，未写入任何数据</summary>
    public static string ImportRefusedTitle => Catalog.Get(nameof(ImportRefusedTitle));

    /// <summary>{0} 处错误</summary>
    public static string ImportErrorCount(int count, int listed) => Catalog.Format(nameof(ImportErrorCount), count, listed);

    /// <summary>排队</summary>
    public static string ImportPhaseQueued => Catalog.Get(nameof(ImportPhaseQueued));

    /// <summary>读取与校验</summary>
    public static string ImportPhaseReading => Catalog.Get(nameof(ImportPhaseReading));

    /// <summary>写入</summary>
    public static string ImportPhaseWriting => Catalog.Get(nameof(ImportPhaseWriting));

    /// <summary>导入中断（服务停止或上传连接断开），未写入任何数据，请重新上传</summary>
    public static string ImportInterrupted => Catalog.Get(nameof(ImportInterrupted));

    /// <summary>导入失败，未写入任何数据；请联系管理员</summary>
    public static string ImportCrashed => Catalog.Get(nameof(ImportCrashed));

    /// <summary>无法识别的表头：CSV 须为预算项目、预算调整或支出之一（见导入模板）</summary>
    public static string ImportCsvHeadersUnknown => Catalog.Get(nameof(ImportCsvHeadersUnknown));

    /// <summary>文件不是有效的 .xlsx 工作簿</summary>
    public static string ImportNotXlsx => Catalog.Get(nameof(ImportNotXlsx));

    /// <summary>工作簿中没有“{0}”“{1}”或“{2}”工作表</summary>
    public static string ImportNoKnownSheet(string lines, string adjustments, string spending) => Catalog.Format(nameof(ImportNoKnownSheet), lines, adjustments, spending);

    /// <summary>缺少列“{0}”</summary>
    public static string ImportMissingColumn(string header) => Catalog.Format(nameof(ImportMissingColumn), header);

    /// <summary>文件中没有数据行</summary>
    public static string ImportNoRows => Catalog.Get(nameof(ImportNoRows));

    /// <summary>项目编码 {0} 在文件中重复</summary>
    public static string ImportDuplicateLineCode(string code) => Catalog.Format(nameof(ImportDuplicateLineCode), code);

    /// <summary>项目 {0} 已存在且内容不同；请在系统中修改</summary>
    public static string ImportLineDiffers(string code) => Catalog.Format(nameof(ImportLineDiffers), code);

    /// <summary>与文件中另一行完全相同</summary>
    public static string ImportDuplicateRow => Catalog.Get(nameof(ImportDuplicateRow));

    /// <summary>与文件中另一行完全相同（日期、项目、金额、凭证号、摘要）</summary>
    public static string ImportDuplicateSpendingRow => Catalog.Get(nameof(ImportDuplicateSpendingRow));

    /// <summary>项目编码必填，最长 {0} 位，只含字母、数字和 . _ -</summary>
    public static string ImportLineCodeInvalid(int maxLength) => Catalog.Format(nameof(ImportLineCodeInvalid), maxLength);

    /// <summary>项目名称必填，最长 {0} 字</summary>
    public static string ImportLineNameInvalid(int maxLength) => Catalog.Format(nameof(ImportLineNameInvalid), maxLength);

    /// <summary>须为“基本支出”或“项目支出”</summary>
    public static string ImportKindInvalid => Catalog.Get(nameof(ImportKindInvalid));

    /// <summary>最长 {0} 字</summary>
    public static string ImportFundingSourceTooLong(int maxLength) => Catalog.Format(nameof(ImportFundingSourceTooLong), maxLength);

    /// <summary>须为“追加”“追减”或“结构调整”</summary>
    public static string ImportAdjustmentKindInvalid => Catalog.Get(nameof(ImportAdjustmentKindInvalid));

    /// <summary>调整原因必填，最长 500 字</summary>
    public static string ImportReasonInvalid => Catalog.Get(nameof(ImportReasonInvalid));

    /// <summary>须为空或“政策性调整”“不可抗力”“上级交办”</summary>
    public static string ImportExclusionInvalid => Catalog.Get(nameof(ImportExclusionInvalid));

    /// <summary>凭证号最长 {0} 位</summary>
    public static string ImportVoucherTooLong(int maxLength) => Catalog.Format(nameof(ImportVoucherTooLong), maxLength);

    /// <summary>摘要最长 {0} 字</summary>
    public static string ImportMemoTooLong(int maxLength) => Catalog.Format(nameof(ImportMemoTooLong), maxLength);

    /// <summary>日期必填，格式如 2021-03-05</summary>
    public static string ImportDateRequired => Catalog.Get(nameof(ImportDateRequired));

    /// <summary>{0} 年 {1} 月已结账</summary>
    public static string ImportMonthClosed(int year, int month) => Catalog.Format(nameof(ImportMonthClosed), year, month);

    /// <summary>项目编码必填</summary>
    public static string ImportLineCodeRequired => Catalog.Get(nameof(ImportLineCodeRequired));

    /// <summary>未知的预算项目 {0}</summary>
    public static string ImportLineUnknown(string code) => Catalog.Format(nameof(ImportLineUnknown), code);

    /// <summary>金额必填且须为数字</summary>
    public static string ImportAmountRequired => Catalog.Get(nameof(ImportAmountRequired));

    /// <summary>须为 lines、adjustments 或 spending</summary>
    public static string ExportKindInvalid => Catalog.Get(nameof(ExportKindInvalid));

    /// <summary>列数超过上限 {0} 列，文件未导入</summary>
    public static string ImportTooManyColumns(int max) => Catalog.Format(nameof(ImportTooManyColumns), max);

    /// <summary>数据行数超过上限 {0} 行（每个工作表），文件未导入；请分批导入</summary>
    public static string ImportTooManyRows(int max) => Catalog.Format(nameof(ImportTooManyRows), max);

    /// <summary>单元格超过 {0} 个字符，文件未导入</summary>
    public static string ImportCellTooLarge(int max) => Catalog.Format(nameof(ImportCellTooLarge), max);

    /// <summary>读取文件超过 {0} 秒上限，文件未导入；请拆分后重试</summary>
    public static string ImportTimeLimit(int seconds) => Catalog.Format(nameof(ImportTimeLimit), seconds);
}
