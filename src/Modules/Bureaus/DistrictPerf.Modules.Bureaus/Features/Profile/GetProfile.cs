using DistrictPerf.Modules.Bureaus.Domain;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Localization;
using DistrictPerf.SharedKernel.Tenancy;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Bureaus.Features.Profile;

/// <summary>The current bureau's own profile.</summary>
internal sealed record GetProfile : IQuery<ProfileDto>;

/// <summary>Host-side read of any bureau's profile (explicit cross-bureau read).</summary>
internal sealed record GetBureauProfileAsHost(Guid BureauId) : IQuery<ProfileDto>;

internal sealed class GetProfileHandler(DbContext db, ICurrentTenant currentTenant)
    : IQueryHandler<GetProfile, ProfileDto>, IQueryHandler<GetBureauProfileAsHost, ProfileDto>
{
    public async ValueTask<ProfileDto> Handle(GetProfile query, CancellationToken cancellationToken)
    {
        var tenantId = currentTenant.Id ?? throw new ForbiddenException(SharedMessages.BureauContextMissing, ErrorCodes.BureauContextRequired);
        var bureau = await db.Set<Bureau>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == tenantId, cancellationToken)
            ?? throw new NotFoundException("Bureau", tenantId);
        // Tenant filter applies: only the current bureau's profile is visible.
        var profile = await db.Set<BureauProfile>().AsNoTracking().Include(p => p.Entries).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("BureauProfile", tenantId);
        return ProfileDto.From(bureau, profile);
    }

    public async ValueTask<ProfileDto> Handle(GetBureauProfileAsHost query, CancellationToken cancellationToken)
    {
        var bureau = await db.Set<Bureau>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == query.BureauId, cancellationToken)
            ?? throw new NotFoundException("Bureau", query.BureauId);
        var profile = await db.Set<BureauProfile>().AsNoTracking()
            .IgnoreQueryFilters([TenantFilter.Name])
            .Include(p => p.Entries)
            .FirstOrDefaultAsync(p => p.TenantId == query.BureauId, cancellationToken)
            ?? throw new NotFoundException("BureauProfile", query.BureauId);
        // Include() of the entries ignored the filter too; keep only this bureau's lines (defence in depth).
        profile.Entries = profile.Entries.Where(e => e.TenantId == query.BureauId).ToList();
        return ProfileDto.From(bureau, profile);
    }

    internal static void MapBureauSide(IEndpointRouteBuilder bureau) =>
        bureau.MapGet("/profile", async (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetProfile(), ct)))
            .RequirePermission(Permissions.ProfileView)
            .RequireBureauContext()
            .WithName("GetProfile")
            .WithSummary("本部门概况 / The current bureau's profile");

    internal static void MapHostSide(IEndpointRouteBuilder host) =>
        host.MapGet("/bureaus/{id:guid}/profile", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetBureauProfileAsHost(id), ct)))
            .RequirePermission(Permissions.HostBureausView)
            .WithName("GetBureauProfileAsHost")
            .WithSummary("查看任一部门概况（财政局）/ Any bureau's profile (host)")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
