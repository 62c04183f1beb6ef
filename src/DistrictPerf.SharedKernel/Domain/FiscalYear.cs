using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Localization;
using FluentValidation;

namespace DistrictPerf.SharedKernel.Domain;

/// <summary>The one rule for fiscal years and months in routes and bodies (400 naming the field).</summary>
public static class FiscalYear
{
    public const int Min = 2000;
    public const int Max = 2100;

    /// <summary>The fiscal-year message in the request's language (read it per request, never once at startup).</summary>
    public static string YearMessage => SharedMessages.FiscalYearRange;

    /// <summary>The month message in the request's language.</summary>
    public static string MonthMessage => SharedMessages.MonthRange;

    public static bool IsValid(int? year) => year is >= Min and <= Max;

    public static bool IsValidMonth(int? month) => month is >= 1 and <= 12;

    public static int Ensure(int year, string field = "year") =>
        IsValid(year) ? year : throw new FieldValidationException(field, YearMessage, ErrorCodes.FiscalYearRange);

    public static int EnsureMonth(int month, string field = "month") =>
        IsValidMonth(month) ? month : throw new FieldValidationException(field, MonthMessage, ErrorCodes.MonthRange);

    /// <summary>FluentValidation: a fiscal year (2000–2100), with the localized message and code <c>fiscal_year_range</c>.</summary>
    public static IRuleBuilderOptions<T, int> MustBeFiscalYear<T>(this IRuleBuilder<T, int> rule) =>
        rule.Must(y => IsValid(y)).WithMessage(_ => YearMessage).WithErrorCode(ErrorCodes.FiscalYearRange);

    /// <summary>FluentValidation: a fiscal year (2000–2100), with the localized message and code <c>fiscal_year_range</c>.</summary>
    public static IRuleBuilderOptions<T, int?> MustBeFiscalYear<T>(this IRuleBuilder<T, int?> rule) =>
        rule.Must(y => IsValid(y)).WithMessage(_ => YearMessage).WithErrorCode(ErrorCodes.FiscalYearRange);

    /// <summary>FluentValidation: a month (1–12), with the localized message and code <c>month_range</c>.</summary>
    public static IRuleBuilderOptions<T, int> MustBeMonth<T>(this IRuleBuilder<T, int> rule) =>
        rule.Must(m => IsValidMonth(m)).WithMessage(_ => MonthMessage).WithErrorCode(ErrorCodes.MonthRange);

    /// <summary>FluentValidation: a month (1–12), with the localized message and code <c>month_range</c>.</summary>
    public static IRuleBuilderOptions<T, int?> MustBeMonth<T>(this IRuleBuilder<T, int?> rule) =>
        rule.Must(m => IsValidMonth(m)).WithMessage(_ => MonthMessage).WithErrorCode(ErrorCodes.MonthRange);
}
