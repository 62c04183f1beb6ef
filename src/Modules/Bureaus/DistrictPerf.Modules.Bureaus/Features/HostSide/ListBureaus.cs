using DistrictPerf.Modules.Bureaus.Domain;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Bureaus.Features.HostSide;

internal sealed record ListBureaus(BureauStatus? Status, string? Search) : IQuery<IReadOnlyList<BureauDto>>;

internal sealed record GetBureau(Guid Id) : IQuery<BureauDto>;

/// <summary>Host-side reads of the bureau register (bureaus are host-level rows, no tenant filter applies).</summary>
internal sealed class ListBureausHandler(DbContext db)
    : IQueryHandler<ListBureaus, IReadOnlyList<BureauDto>>, IQueryHandler<GetBureau, BureauDto>
{
    public async ValueTask<IReadOnlyList<BureauDto>> Handle(ListBureaus query, CancellationToken cancellationToken)
    {
        var bureaus = db.Set<Bureau>().AsNoTracking();
        if (query.Status is { } status)
        {
            bureaus = bureaus.Where(b => b.IsActive == (status == BureauStatus.Active));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            var upper = term.ToUpperInvariant();
            bureaus = bureaus.Where(b => b.Name.Contains(term) || b.District.Contains(term) || b.Code.Contains(upper));
        }

        var list = await bureaus.OrderBy(b => b.Code).ToListAsync(cancellationToken);
        return list.Select(BureauDto.From).ToList();
    }

    public async ValueTask<BureauDto> Handle(GetBureau query, CancellationToken cancellationToken)
    {
        var bureau = await db.Set<Bureau>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("Bureau", query.Id);
        return BureauDto.From(bureau);
    }

    internal static void Map(IEndpointRouteBuilder host)
    {
        host.MapGet("/bureaus", async (BureauStatus? status, string? search, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListBureaus(status, search), ct)))
            .RequirePermission(Permissions.HostBureausView)
            .WithName("ListBureaus")
            .WithSummary("列出全部部门 / List all bureaus");

        host.MapGet("/bureaus/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetBureau(id), ct)))
            .RequirePermission(Permissions.HostBureausView)
            .WithName("GetBureau")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
