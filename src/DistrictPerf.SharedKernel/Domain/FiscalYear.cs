using DistrictPerf.SharedKernel.Errors;

namespace DistrictPerf.SharedKernel.Domain;

/// <summary>The one rule for fiscal years and months in routes and bodies (400 naming the field).</summary>
public static class FiscalYear
{
    public const int Min = 2000;
    public const int Max = 2100;
    public const string YearMessage = "财政年度须在 2000–2100 之间 / The fiscal year must be 2000–2100.";
    public const string MonthMessage = "月份须在 1–12 之间 / The month must be 1–12.";

    public static bool IsValid(int? year) => year is >= Min and <= Max;

    public static bool IsValidMonth(int? month) => month is >= 1 and <= 12;

    public static int Ensure(int year, string field = "year") =>
        IsValid(year) ? year : throw new FieldValidationException(field, YearMessage);

    public static int EnsureMonth(int month, string field = "month") =>
        IsValidMonth(month) ? month : throw new FieldValidationException(field, MonthMessage);
}
