using System.Globalization;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Domain;

namespace DistrictPerf.Modules.Budgets.Import;

internal enum SheetKind
{
    Lines,
    Adjustments,
    Spending,
}

/// <summary>The spreadsheet layout: Chinese sheet names and headers, shared by template, export and import.</summary>
internal static class SheetFormat
{
    public const string LinesSheet = "预算项目";
    public const string AdjustmentsSheet = "预算调整";
    public const string SpendingSheet = "支出";

    public const string Code = "项目编码";
    public const string Name = "项目名称";
    public const string Kind = "支出类型";
    public const string FundingSource = "资金来源";
    public const string Initial = "年初预算(元)";
    public const string Date = "日期";
    public const string AdjustmentKind = "调整类型";
    public const string AdjustmentAmount = "调整金额(元)";
    public const string Reason = "调整原因";
    public const string Exclusion = "不计入调整率原因";
    public const string Amount = "金额(元)";
    public const string Voucher = "凭证号";
    public const string Memo = "摘要";

    public static readonly IReadOnlyDictionary<SheetKind, string[]> Headers = new Dictionary<SheetKind, string[]>
    {
        [SheetKind.Lines] = [Code, Name, Kind, FundingSource, Initial],
        [SheetKind.Adjustments] = [Date, Code, AdjustmentKind, AdjustmentAmount, Reason, Exclusion],
        [SheetKind.Spending] = [Date, Code, Amount, Voucher, Memo],
    };

    public static readonly IReadOnlyDictionary<SheetKind, string> SheetNames = new Dictionary<SheetKind, string>
    {
        [SheetKind.Lines] = LinesSheet,
        [SheetKind.Adjustments] = AdjustmentsSheet,
        [SheetKind.Spending] = SpendingSheet,
    };

    /// <summary>Sheet name (Chinese or English) → kind.</summary>
    public static SheetKind? KindOfSheet(string sheetName) => Normalize(sheetName) switch
    {
        LinesSheet or "LINES" or "BUDGETLINES" => SheetKind.Lines,
        AdjustmentsSheet or "ADJUSTMENTS" => SheetKind.Adjustments,
        SpendingSheet or "支出明细" or "SPENDING" => SheetKind.Spending,
        _ => null,
    };

    /// <summary>A CSV holds one kind: recognised by its headers.</summary>
    public static SheetKind? KindOfHeaders(IEnumerable<string> headers)
    {
        var set = headers.Select(Normalize).ToHashSet();
        if (set.Contains(Normalize(Voucher)) || set.Contains(Normalize(Amount)))
        {
            return SheetKind.Spending;
        }

        if (set.Contains(Normalize(AdjustmentKind)))
        {
            return SheetKind.Adjustments;
        }

        return set.Contains(Normalize(Initial)) ? SheetKind.Lines : null;
    }

    /// <summary>Header or sheet name for comparison: no spaces, half-width brackets, upper case.</summary>
    public static string Normalize(string text) =>
        text.Replace(" ", "", StringComparison.Ordinal).Replace("\u3000", "", StringComparison.Ordinal)
            .Replace('（', '(').Replace('）', ')').Trim().ToUpperInvariant();

    public static string KindLabel(BudgetKind kind) => kind == BudgetKind.Basic ? "基本支出" : "项目支出";

    public static BudgetKind? ParseKind(string text) => Normalize(text) switch
    {
        "基本支出" or "基本" or "BASIC" => BudgetKind.Basic,
        "项目支出" or "项目" or "PROJECT" => BudgetKind.Project,
        _ => null,
    };

    public static string AdjustmentKindLabel(AdjustmentKind kind) => kind switch
    {
        Domain.AdjustmentKind.Increase => "追加",
        Domain.AdjustmentKind.Decrease => "追减",
        _ => "结构调整",
    };

    public static AdjustmentKind? ParseAdjustmentKind(string text) => Normalize(text) switch
    {
        "追加" or "调增" or "INCREASE" => Domain.AdjustmentKind.Increase,
        "追减" or "调减" or "DECREASE" => Domain.AdjustmentKind.Decrease,
        "结构调整" or "调剂" or "TRANSFER" => Domain.AdjustmentKind.Transfer,
        _ => null,
    };

    public static string ExclusionLabel(AdjustmentExclusion? exclusion) => exclusion switch
    {
        AdjustmentExclusion.Policy => "政策性调整",
        AdjustmentExclusion.ForceMajeure => "不可抗力",
        AdjustmentExclusion.AssignedByHigherLevel => "上级交办",
        _ => "",
    };

    /// <summary>Blank → (true, null); a known label → (true, value); anything else → (false, null).</summary>
    public static (bool Ok, AdjustmentExclusion? Value) ParseExclusion(string text) => Normalize(text) switch
    {
        "" or "否" or "无" => (true, null),
        "政策性调整" or "政策性" or "POLICY" => (true, AdjustmentExclusion.Policy),
        "不可抗力" or "FORCEMAJEURE" => (true, AdjustmentExclusion.ForceMajeure),
        "上级交办" or "ASSIGNEDBYHIGHERLEVEL" => (true, AdjustmentExclusion.AssignedByHigherLevel),
        _ => (false, null),
    };

    /// <summary>Cell → exact decimal; numbers from .xlsx arrive as double, CSV as text ("1,234.56" accepted).</summary>
    public static decimal? ParseAmount(object? cell) => cell switch
    {
        null => null,
        decimal d => d,
        double d => (decimal)d,
        float f => (decimal)f,
        int i => i,
        long l => l,
        string s when decimal.TryParse(s.Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal).Trim(),
            NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) => v,
        _ => null,
    };

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日"];

    public static DateOnly? ParseDate(object? cell) => cell switch
    {
        null => null,
        DateTime dt => DateOnly.FromDateTime(dt),
        DateOnly d => d,
        double oa when oa is > 1 and < 2958466 => DateOnly.FromDateTime(DateTime.FromOADate(oa)),
        string s when DateOnly.TryParseExact(s.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
        string s when DateTime.TryParse(s.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt) => DateOnly.FromDateTime(dt),
        _ => null,
    };

    public static string Text(object? cell) => cell switch
    {
        null => "",
        double d => d.ToString(CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => cell.ToString()!.Trim(),
    };

    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnLetter(int index)
    {
        var letters = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26)
        {
            letters = (char)('A' + ((i - 1) % 26)) + letters;
        }

        return letters;
    }
}
