using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Persistence;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Budgets.Features;

/// <summary>Figures as shown: exact yuan, 万元 rounded half-up, rates in percent rounded half-up (null when undefined).</summary>
internal sealed record FiguresDto(
    decimal Initial, decimal AdjustmentNet, decimal Adjusted, decimal Spending, decimal Balance,
    decimal InitialWanYuan, decimal AdjustmentNetWanYuan, decimal AdjustedWanYuan, decimal SpendingWanYuan,
    decimal? ExecutionRate, decimal? AdjustmentRate, decimal? BalanceRate)
{
    public static FiguresDto From(BudgetTotals t) => new(
        t.Initial, t.AdjustmentNet, t.Adjusted, t.Spending, t.Balance,
        Money.ToWanYuan(t.Initial), Money.ToWanYuan(t.AdjustmentNet), Money.ToWanYuan(t.Adjusted), Money.ToWanYuan(t.Spending),
        Money.ToPercent(t.ExecutionRate), Money.ToPercent(t.AdjustmentRate), Money.ToPercent(t.BalanceRate));
}

internal sealed record LineFiguresDto(Guid LineId, string Code, string Name, BudgetKind Kind, FiguresDto Figures);

internal sealed record BureauFiguresDto(int Year, int Month, decimal TimeProgress, FiguresDto Total, FiguresDto Basic, FiguresDto Project, IReadOnlyList<LineFiguresDto> Lines);

/// <summary>One month of the curve: the whole budget, and basic (基本支出) and project (项目支出) spending apart.</summary>
internal sealed record CurvePointDto(
    int Month, decimal TimeProgress, decimal Adjusted, decimal Spending, decimal? ExecutionRate, decimal? GapPercentagePoints,
    decimal BasicAdjusted, decimal BasicSpending, decimal? BasicExecutionRate,
    decimal ProjectAdjusted, decimal ProjectSpending, decimal? ProjectExecutionRate);

internal sealed record GetFigures(int Year, int Month) : IQuery<BureauFiguresDto>;

internal sealed record GetCurve(int Year, TimeProgressMode Mode) : IQuery<IReadOnlyList<CurvePointDto>>;

/// <summary>The current bureau's figures, per line and per kind, cumulative to a month's end.</summary>
internal sealed class FiguresHandler(DbContext db, ReadCache cache) : IQueryHandler<GetFigures, BureauFiguresDto>, IQueryHandler<GetCurve, IReadOnlyList<CurvePointDto>>
{
    public async ValueTask<BureauFiguresDto> Handle(GetFigures query, CancellationToken cancellationToken)
    {
        BudgetRules.EnsureYear(query.Year);
        BudgetRules.EnsureMonth(query.Month);
        // Only the bureau's own budget rows go into its figures: served from memory while they are unchanged.
        return await cache.GetAsync("budgets.figures", query.Year, query.Month.ToString(System.Globalization.CultureInfo.InvariantCulture), withHostData: false,
            ct => Compute(query, ct), cancellationToken);
    }

    private async Task<BureauFiguresDto> Compute(GetFigures query, CancellationToken cancellationToken)
    {
        var data = await Load(query.Year, cancellationToken);
        var lines = data.Lines.Select(l => new { Line = l, Totals = data.LineTotals(l, query.Month) }).ToList();
        BudgetTotals Sum(Func<BudgetKind, bool> kind) =>
            lines.Where(x => kind(x.Line.Kind)).Aggregate(BudgetTotals.Zero, (acc, x) => acc + x.Totals);
        return new BureauFiguresDto(
            query.Year, query.Month, Money.ToPercent(TimeProgress.At(query.Year, query.Month))!.Value,
            FiguresDto.From(Sum(_ => true)),
            FiguresDto.From(Sum(k => k == BudgetKind.Basic)),
            FiguresDto.From(Sum(k => k == BudgetKind.Project)),
            lines.Select(x => new LineFiguresDto(x.Line.Id, x.Line.Code, x.Line.Name, x.Line.Kind, FiguresDto.From(x.Totals))).ToList());
    }

    public async ValueTask<IReadOnlyList<CurvePointDto>> Handle(GetCurve query, CancellationToken cancellationToken)
    {
        BudgetRules.EnsureYear(query.Year);
        return await cache.GetAsync("budgets.curve", query.Year, query.Mode.ToString(), withHostData: false, ct => Curve(query, ct), cancellationToken);
    }

    private async Task<IReadOnlyList<CurvePointDto>> Curve(GetCurve query, CancellationToken cancellationToken)
    {
        var data = await Load(query.Year, cancellationToken);
        return Enumerable.Range(1, 12).Select(month =>
        {
            BudgetTotals Sum(Func<BudgetKind, bool> kind) =>
                data.Lines.Where(l => kind(l.Kind)).Aggregate(BudgetTotals.Zero, (acc, l) => acc + data.LineTotals(l, month));
            var total = Sum(_ => true);
            var basic = Sum(k => k == BudgetKind.Basic);
            var project = Sum(k => k == BudgetKind.Project);
            var progress = TimeProgress.At(query.Year, month, query.Mode);
            return new CurvePointDto(
                month, Money.ToPercent(progress)!.Value, total.Adjusted, total.Spending, Money.ToPercent(total.ExecutionRate),
                total.ExecutionRate is { } e ? Money.RoundHalfUp((e - progress) * 100m) : null,
                basic.Adjusted, basic.Spending, Money.ToPercent(basic.ExecutionRate),
                project.Adjusted, project.Spending, Money.ToPercent(project.ExecutionRate));
        }).ToList();
    }

    private async Task<YearData> Load(int year, CancellationToken ct)
    {
        // Three grouped queries, whatever the number of entries; the tenant filter keeps them to this bureau.
        var lines = await db.Set<BudgetLine>().AsNoTracking().Where(l => l.FiscalYear == year).OrderBy(l => l.Code).ToListAsync(ct);
        var adjustments = await db.Set<BudgetAdjustment>().AsNoTracking().Where(a => a.FiscalYear == year)
            .GroupBy(a => new { a.LineId, a.Month })
            .Select(g => new MonthSum(g.Key.LineId, g.Key.Month, g.Sum(a => a.AmountFen), g.Sum(a => a.ExcludedFromRate == null ? Math.Abs(a.AmountFen) : 0L)))
            .ToListAsync(ct);
        var spending = await db.Set<SpendingEntry>().AsNoTracking().Where(s => s.FiscalYear == year)
            .GroupBy(s => new { s.LineId, s.Month })
            .Select(g => new MonthSum(g.Key.LineId, g.Key.Month, g.Sum(s => s.AmountFen), 0L))
            .ToListAsync(ct);
        return new YearData(lines, adjustments.ToLookup(a => a.LineId), spending.ToLookup(s => s.LineId));
    }

    private sealed record MonthSum(Guid LineId, int Month, long Fen, long RateFen);

    private sealed record YearData(List<BudgetLine> Lines, ILookup<Guid, MonthSum> Adjustments, ILookup<Guid, MonthSum> Spending)
    {
        public BudgetTotals LineTotals(BudgetLine line, int month) =>
            BudgetTotals.FromFen(
                line.InitialFen,
                Adjustments[line.Id].Where(a => a.Month <= month).Sum(a => a.Fen),
                Adjustments[line.Id].Where(a => a.Month <= month).Sum(a => a.RateFen),
                Spending[line.Id].Where(s => s.Month <= month).Sum(s => s.Fen));
    }

    internal static void Map(IEndpointRouteBuilder budgets)
    {
        budgets.MapGet("/figures", async (int year, int? month, IMediator m, CancellationToken ct) =>
                SerializedOnce.Ok(await m.Send(new GetFigures(year, month ?? 12), ct)))
            .RequirePermission(Permissions.BudgetsView)
            .WithName("GetBudgetFigures")
            .WithSummary("预算执行情况（截至某月末）：调整后预算、支出、执行率、调整率、结余率 / Figures to a month's end");

        budgets.MapGet("/curve", async (int year, TimeProgressMode? mode, IMediator m, CancellationToken ct) =>
                SerializedOnce.Ok(await m.Send(new GetCurve(year, mode ?? TimeProgressMode.Months), ct)))
            .RequirePermission(Permissions.BudgetsView)
            .WithName("GetExecutionCurve")
            .WithSummary("月度累计执行率与序时进度 / Cumulative execution against time progress, month by month");
    }
}
