using System.Security.Cryptography;
using System.Text;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Budgets.Localization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Localization;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Budgets.Features;

/// <summary>A broken input rule: its stable code and its message in the request's language.</summary>
internal sealed record RuleError(string Code, string Message);

/// <summary>The input rules of domain-rules §2 shared by the API and the spreadsheet import.</summary>
internal static class BudgetRules
{
    public const string DateOutsideYearCode = "budgets.date_outside_year";

    public static RuleError? AmountError(decimal amount, bool allowZero = false, bool allowNegative = false)
    {
        if (!Money.HasAtMostTwoDecimals(amount))
        {
            return new(ErrorCodes.AmountDecimals, SharedMessages.AtMostTwoDecimals);
        }

        if (Math.Abs(amount) > Money.MaxYuan)
        {
            return new("budgets.amount_too_large", BudgetsMessages.AmountTooLarge);
        }

        if (!allowNegative && amount < 0)
        {
            return new("budgets.amount_negative", BudgetsMessages.AmountNegative);
        }

        if (!allowZero && amount == 0)
        {
            return new("budgets.amount_zero", BudgetsMessages.AmountZero);
        }

        return null;
    }

    public static RuleError? DateError(DateOnly date, int fiscalYear) =>
        date.Year == fiscalYear ? null : new(DateOutsideYearCode, BudgetsMessages.DateOutsideYear(fiscalYear));

    /// <summary>The date must fall in the fiscal year of the route (message and code per request).</summary>
    public static IRuleBuilderOptions<T, DateOnly?> InFiscalYear<T>(this IRuleBuilder<T, DateOnly?> rule, Func<T, int> year) =>
        rule.Must((c, d) => d is null || DateError(d.Value, year(c)) is null)
            .WithMessage((c, d) => DateError(d!.Value, year(c))!.Message)
            .WithErrorCode(DateOutsideYearCode);

    public static IRuleBuilderOptionsConditions<T, decimal?> ValidAmount<T>(this IRuleBuilder<T, decimal?> rule, bool allowZero = false, bool allowNegative = false) =>
        rule.NotNull().Custom((value, context) =>
        {
            if (value is { } v && AmountError(v, allowZero, allowNegative) is { } error)
            {
                context.AddFailure(new ValidationFailure(context.PropertyPath, error.Message, v) { ErrorCode = error.Code });
            }
        });

    public static void EnsureYear(int year) => FiscalYear.Ensure(year);

    public static void EnsureMonth(int month, string field = "month") => FiscalYear.EnsureMonth(month, field);

    /// <summary>Refuses a change dated in a month the bureau has closed (409, nothing written).</summary>
    public static async Task EnsureMonthOpenAsync(DbContext db, int year, int month, string field, CancellationToken ct)
    {
        if (await db.Set<ClosedMonth>().AnyAsync(m => m.FiscalYear == year && m.Month == month, ct))
        {
            throw new ConflictException(BudgetsMessages.MonthClosedUseReversal(year, month), field, "conflict.budgets.month_closed");
        }
    }

    /// <summary>128-bit content hash: the same row imported twice has the same fingerprint.</summary>
    public static string Fingerprint(params object?[] parts)
    {
        var text = string.Join('\u001f', parts.Select(p => p switch
        {
            null => "",
            DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => p.ToString()!.Trim(),
        }));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }

    public static string SpendingFingerprint(string lineCode, DateOnly date, long amountFen, string? voucher, string? memo) =>
        Fingerprint("S", lineCode.ToUpperInvariant(), date, amountFen, voucher, memo);

    public static string AdjustmentFingerprint(string lineCode, DateOnly date, AdjustmentKind kind, long amountFen, string reason) =>
        Fingerprint("A", lineCode.ToUpperInvariant(), date, kind, amountFen, reason);
}
