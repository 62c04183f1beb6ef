using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Budgets.Features;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Budgets;

internal sealed record SeedLine(string Code, string Name, BudgetKind Kind, string FundingSource, decimal Initial, decimal YearSpending);

internal sealed record SeedAdjustment(string LineCode, DateOnly Date, decimal Amount, string Reason);

/// <summary>Writes a bureau's budget for a year (demo data): lines, decreases, and monthly spending that adds up exactly.</summary>
internal sealed class BudgetSeeder(DbContext db, ICurrentTenant currentTenant, UnitOfWork unitOfWork)
{
    /// <summary>How a year's spending is spread over the months (a slow start, a December rush), in percent.</summary>
    public static readonly int[] MonthlyWeights = [4, 5, 6, 7, 7, 8, 8, 8, 9, 9, 10, 19];

    public async Task<bool> SeedAsync(Guid bureauId, int year, IReadOnlyList<SeedLine> lines, IReadOnlyList<SeedAdjustment> adjustments, CancellationToken ct)
    {
        using var _ = currentTenant.Change(bureauId);
        return await unitOfWork.ExecuteAsync(async token => await Write(year, lines, adjustments, token), ct);
    }

    private async Task<bool> Write(int year, IReadOnlyList<SeedLine> lines, IReadOnlyList<SeedAdjustment> adjustments, CancellationToken ct)
    {
        if (await db.Set<BudgetLine>().AnyAsync(l => l.FiscalYear == year, ct))
        {
            return false;
        }

        var byCode = new Dictionary<string, BudgetLine>();
        foreach (var spec in lines)
        {
            var line = new BudgetLine
            {
                FiscalYear = year, Code = spec.Code, Name = spec.Name, Kind = spec.Kind,
                FundingSource = spec.FundingSource, InitialFen = Money.ToFen(spec.Initial),
            };
            byCode[spec.Code] = line;
            db.Add(line);
        }

        foreach (var a in adjustments)
        {
            var line = byCode[a.LineCode];
            var fen = Money.ToFen(a.Amount);
            var kind = fen < 0 ? AdjustmentKind.Decrease : AdjustmentKind.Increase;
            db.Add(new BudgetAdjustment
            {
                FiscalYear = year, Month = a.Date.Month, Date = a.Date, LineId = line.Id, LineKind = line.Kind,
                Kind = kind, AmountFen = fen, Reason = a.Reason,
                Fingerprint = BudgetRules.AdjustmentFingerprint(line.Code, a.Date, kind, fen, a.Reason),
            });
        }

        foreach (var spec in lines)
        {
            var line = byCode[spec.Code];
            var total = Money.ToFen(spec.YearSpending);
            long spent = 0;
            for (var month = 1; month <= 12; month++)
            {
                var fen = month < 12 ? total * MonthlyWeights[month - 1] / 100 : total - spent;
                spent += fen;
                if (fen == 0)
                {
                    continue;
                }

                var date = new DateOnly(year, month, month == 2 ? 26 : 28);
                var voucher = $"记-{year}{month:00}-{spec.Code[^2..]}";
                var memo = $"{spec.Name} {month} 月支出";
                db.Add(new SpendingEntry
                {
                    FiscalYear = year, Month = month, Date = date, LineId = line.Id, LineKind = line.Kind,
                    AmountFen = fen, VoucherRef = voucher, Memo = memo,
                    Fingerprint = BudgetRules.SpendingFingerprint(line.Code, date, fen, voucher, memo),
                });
            }
        }

        return true;
    }
}
