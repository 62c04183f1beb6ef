using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Tenancy;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Budgets.Features;

internal sealed record HostBureauFiguresDto(Guid BureauId, string Code, string Name, bool IsActive, FiguresDto Total, FiguresDto Basic, FiguresDto Project);

internal sealed record HostFiguresDto(int Year, int Month, decimal TimeProgress, IReadOnlyList<HostBureauFiguresDto> Bureaus);

internal sealed record GetHostFigures(int Year, int Month) : IQuery<HostFiguresDto>;

/// <summary>
/// The finance bureau's comparison of all bureaus: three grouped queries (initial budgets,
/// adjustments, spending — each grouped by bureau and kind) plus the bureau list, whatever
/// the number of bureaus. An explicit cross-bureau read: the tenant filter is ignored by name.
/// </summary>
internal sealed class HostFiguresQuery(DbContext db, IBureauDirectory bureaus)
    : IBudgetFiguresQuery, IQueryHandler<GetHostFigures, HostFiguresDto>
{
    public Task<IReadOnlyList<BureauBudgetFigures>> ForAllBureausAsync(int fiscalYear, int month, CancellationToken cancellationToken = default) =>
        QueryAsync(fiscalYear, month, null, cancellationToken);

    public async Task<BureauBudgetFigures?> ForBureauAsync(int fiscalYear, int month, Guid bureauId, CancellationToken cancellationToken = default) =>
        (await QueryAsync(fiscalYear, month, bureauId, cancellationToken)).SingleOrDefault();

    /// <summary>Three grouped queries over every bureau, or over <paramref name="only"/> (the filter is composed in, not a parameterised OR).</summary>
    private async Task<IReadOnlyList<BureauBudgetFigures>> QueryAsync(int fiscalYear, int month, Guid? only, CancellationToken cancellationToken)
    {
        BudgetRules.EnsureYear(fiscalYear);
        BudgetRules.EnsureMonth(month);
        string[] filter = [TenantFilter.Name];
        IQueryable<T> Scope<T>(IQueryable<T> rows) where T : class, ITenantOwned =>
            only is { } id ? rows.Where(r => r.TenantId == id) : rows;

        var initial = await Scope(db.Set<BudgetLine>().IgnoreQueryFilters(filter).AsNoTracking())
            .Where(l => l.FiscalYear == fiscalYear)
            .GroupBy(l => new { l.TenantId, l.Kind })
            .Select(g => new Row(g.Key.TenantId, g.Key.Kind, g.Sum(l => l.InitialFen), 0L))
            .ToListAsync(cancellationToken);
        var adjustments = await Scope(db.Set<BudgetAdjustment>().IgnoreQueryFilters(filter).AsNoTracking())
            .Where(a => a.FiscalYear == fiscalYear && a.Month <= month)
            .GroupBy(a => new { a.TenantId, a.LineKind })
            .Select(g => new Row(g.Key.TenantId, g.Key.LineKind, g.Sum(a => a.AmountFen), g.Sum(a => a.ExcludedFromRate == null ? Math.Abs(a.AmountFen) : 0L)))
            .ToListAsync(cancellationToken);
        var spending = await Scope(db.Set<SpendingEntry>().IgnoreQueryFilters(filter).AsNoTracking())
            .Where(s => s.FiscalYear == fiscalYear && s.Month <= month)
            .GroupBy(s => new { s.TenantId, s.LineKind })
            .Select(g => new Row(g.Key.TenantId, g.Key.LineKind, g.Sum(s => s.AmountFen), 0L))
            .ToListAsync(cancellationToken);

        var initialBy = initial.ToDictionary(r => (r.TenantId, r.Kind));
        var adjustmentBy = adjustments.ToDictionary(r => (r.TenantId, r.Kind));
        var spendingBy = spending.ToDictionary(r => (r.TenantId, r.Kind));
        BudgetTotals Totals(Guid? tenant, BudgetKind kind) => BudgetTotals.FromFen(
            initialBy.GetValueOrDefault((tenant, kind))?.Fen ?? 0,
            adjustmentBy.GetValueOrDefault((tenant, kind))?.Fen ?? 0,
            adjustmentBy.GetValueOrDefault((tenant, kind))?.RateFen ?? 0,
            spendingBy.GetValueOrDefault((tenant, kind))?.Fen ?? 0);

        var tenants = initial.Select(r => r.TenantId).Concat(adjustments.Select(r => r.TenantId)).Concat(spending.Select(r => r.TenantId))
            .OfType<Guid>().Distinct();
        return tenants.Select(t =>
        {
            var basic = Totals(t, BudgetKind.Basic);
            var project = Totals(t, BudgetKind.Project);
            return new BureauBudgetFigures(t, basic + project, basic, project);
        }).ToList();
    }

    public async ValueTask<HostFiguresDto> Handle(GetHostFigures query, CancellationToken cancellationToken)
    {
        var figures = (await ForAllBureausAsync(query.Year, query.Month, cancellationToken)).ToDictionary(f => f.BureauId);
        var all = await bureaus.ListAsync(cancellationToken);
        var zero = FiguresDto.From(BudgetTotals.Zero);
        return new HostFiguresDto(
            query.Year, query.Month, Money.ToPercent(TimeProgress.At(query.Year, query.Month))!.Value,
            all.Select(b => figures.TryGetValue(b.Id, out var f)
                    ? new HostBureauFiguresDto(b.Id, b.Code, b.Name, b.IsActive, FiguresDto.From(f.Total), FiguresDto.From(f.Basic), FiguresDto.From(f.Project))
                    : new HostBureauFiguresDto(b.Id, b.Code, b.Name, b.IsActive, zero, zero, zero))
                .ToList());
    }

    public async Task<IReadOnlyList<BureauBudgetYear>> YearByMonthAsync(int fiscalYear, Guid? bureauId = null, CancellationToken cancellationToken = default)
    {
        BudgetRules.EnsureYear(fiscalYear);
        string[] filter = [TenantFilter.Name];
        IQueryable<T> Scope<T>(IQueryable<T> rows) where T : class, ITenantOwned =>
            bureauId is { } id ? rows.Where(r => r.TenantId == id) : rows;

        // Three grouped queries whatever the number of bureaus: initial budgets by bureau and kind, adjustments and
        // spending by bureau, kind and month (answered from the covering indexes on (FiscalYear, Month, TenantId, …)).
        var initial = await Scope(db.Set<BudgetLine>().IgnoreQueryFilters(filter).AsNoTracking())
            .Where(l => l.FiscalYear == fiscalYear)
            .GroupBy(l => new { l.TenantId, l.Kind })
            .Select(g => new MonthRow(g.Key.TenantId, g.Key.Kind, 0, g.Sum(l => l.InitialFen), 0L))
            .ToListAsync(cancellationToken);
        var adjustments = await Scope(db.Set<BudgetAdjustment>().IgnoreQueryFilters(filter).AsNoTracking())
            .Where(a => a.FiscalYear == fiscalYear)
            .GroupBy(a => new { a.TenantId, a.LineKind, a.Month })
            .Select(g => new MonthRow(g.Key.TenantId, g.Key.LineKind, g.Key.Month, g.Sum(a => a.AmountFen), g.Sum(a => a.ExcludedFromRate == null ? Math.Abs(a.AmountFen) : 0L)))
            .ToListAsync(cancellationToken);
        var spending = await Scope(db.Set<SpendingEntry>().IgnoreQueryFilters(filter).AsNoTracking())
            .Where(s => s.FiscalYear == fiscalYear)
            .GroupBy(s => new { s.TenantId, s.LineKind, s.Month })
            .Select(g => new MonthRow(g.Key.TenantId, g.Key.LineKind, g.Key.Month, g.Sum(s => s.AmountFen), 0L))
            .ToListAsync(cancellationToken);

        var initialBy = initial.ToDictionary(r => (r.TenantId, r.Kind), r => r.Fen);
        var adjustmentsBy = adjustments.ToLookup(r => (r.TenantId, r.Kind));
        var spendingBy = spending.ToLookup(r => (r.TenantId, r.Kind));

        // Cumulative fen per month, kept in long (exact) until the totals are built.
        BudgetTotals[] Cumulative(Guid tenant, BudgetKind kind)
        {
            var net = new long[13];
            var rate = new long[13];
            var spent = new long[13];
            foreach (var a in adjustmentsBy[(tenant, kind)])
            {
                net[a.Month] += a.Fen;
                rate[a.Month] += a.RateFen;
            }

            foreach (var s in spendingBy[(tenant, kind)])
            {
                spent[s.Month] += s.Fen;
            }

            var start = initialBy.GetValueOrDefault((tenant, kind));
            var months = new BudgetTotals[12];
            long n = 0, r = 0, e = 0;
            for (var m = 1; m <= 12; m++)
            {
                n += net[m];
                r += rate[m];
                e += spent[m];
                months[m - 1] = BudgetTotals.FromFen(start, n, r, e);
            }

            return months;
        }

        var tenants = initial.Select(r => r.TenantId).Concat(adjustments.Select(r => r.TenantId)).Concat(spending.Select(r => r.TenantId))
            .OfType<Guid>().Distinct();
        return tenants.Select(t =>
        {
            var basic = Cumulative(t, BudgetKind.Basic);
            var project = Cumulative(t, BudgetKind.Project);
            return new BureauBudgetYear(t, Enumerable.Range(0, 12).Select(i => new BureauBudgetFigures(t, basic[i] + project[i], basic[i], project[i])).ToList());
        }).ToList();
    }

    private sealed record Row(Guid? TenantId, BudgetKind Kind, long Fen, long RateFen);

    private sealed record MonthRow(Guid? TenantId, BudgetKind Kind, int Month, long Fen, long RateFen);

    internal static void Map(IEndpointRouteBuilder host) =>
        host.MapGet("/budgets/{year:int}/figures", async (int year, int? month, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetHostFigures(year, month ?? 12), ct)))
            .RequirePermission(Permissions.HostBudgetsView)
            .WithName("GetAllBureausFigures")
            .WithSummary("全区各部门预算执行对比（截至某月末）/ Every bureau's figures to a month's end");
}
