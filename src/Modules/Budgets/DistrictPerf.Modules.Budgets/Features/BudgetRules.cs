using System.Security.Cryptography;
using System.Text;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Budgets.Features;

/// <summary>The input rules of domain-rules §2 shared by the API and the spreadsheet import.</summary>
internal static class BudgetRules
{
    public static string? AmountError(decimal amount, bool allowZero = false, bool allowNegative = false)
    {
        if (!Money.HasAtMostTwoDecimals(amount))
        {
            return "金额最多两位小数 / At most two decimals.";
        }

        if (Math.Abs(amount) > Money.MaxYuan)
        {
            return "金额超过 10^12 元 / The amount exceeds 10^12 yuan.";
        }

        if (!allowNegative && amount < 0)
        {
            return "金额不能为负数 / The amount cannot be negative.";
        }

        if (!allowZero && amount == 0)
        {
            return "金额不能为零 / The amount cannot be zero.";
        }

        return null;
    }

    public static string? DateError(DateOnly date, int fiscalYear) =>
        date.Year == fiscalYear ? null : $"日期须在 {fiscalYear} 财政年度内 / The date must fall in fiscal year {fiscalYear}.";

    public static IRuleBuilderOptionsConditions<T, decimal?> ValidAmount<T>(this IRuleBuilder<T, decimal?> rule, bool allowZero = false, bool allowNegative = false) =>
        rule.NotNull().Custom((value, context) =>
        {
            if (value is { } v && AmountError(v, allowZero, allowNegative) is { } error)
            {
                context.AddFailure(error);
            }
        });

    public static void EnsureYear(int year) => FiscalYear.Ensure(year);

    public static void EnsureMonth(int month, string field = "month") => FiscalYear.EnsureMonth(month, field);

    /// <summary>Refuses a change dated in a month the bureau has closed (409, nothing written).</summary>
    public static async Task EnsureMonthOpenAsync(DbContext db, int year, int month, string field, CancellationToken ct)
    {
        if (await db.Set<ClosedMonth>().AnyAsync(m => m.FiscalYear == year && m.Month == month, ct))
        {
            throw new ConflictException(
                $"{year} 年 {month} 月已结账，不能直接修改；请用冲销（红字）更正 / {year}-{month:00} is closed; correct it with a reversing entry.",
                field);
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
