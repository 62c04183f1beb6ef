using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Identity.Features.Users;

/// <summary>The current tenant's users (a bureau's, or the host's for host users).</summary>
internal sealed record ListUsers : IQuery<IReadOnlyList<UserDto>>;

internal sealed record GetUser(Guid Id) : IQuery<UserDto>;

internal sealed class UserQueriesHandler(DbContext db) : IQueryHandler<ListUsers, IReadOnlyList<UserDto>>, IQueryHandler<GetUser, UserDto>
{
    public async ValueTask<IReadOnlyList<UserDto>> Handle(ListUsers query, CancellationToken cancellationToken)
    {
        var users = await db.Set<AppUser>().AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var roles = await RolesOf(null, cancellationToken);
        return users.Select(u => UserDto.From(u, roles[u.Id])).ToList();
    }

    public async ValueTask<UserDto> Handle(GetUser query, CancellationToken cancellationToken)
    {
        var user = await db.Set<AppUser>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("User", query.Id);
        var roles = await RolesOf(query.Id, cancellationToken);
        return UserDto.From(user, roles[user.Id]);
    }

    private async Task<ILookup<Guid, string>> RolesOf(Guid? userId, CancellationToken ct)
    {
        var pairs = from ur in db.Set<AppUserRole>()
                    join r in db.Set<AppRole>() on ur.RoleId equals r.Id
                    select new { ur.UserId, r.Name };
        if (userId is { } id)
        {
            pairs = pairs.Where(p => p.UserId == id);
        }

        return (await pairs.ToListAsync(ct)).ToLookup(p => p.UserId, p => p.Name!);
    }

    internal static void Map(IEndpointRouteBuilder users)
    {
        users.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListUsers(), ct)))
            .RequirePermission(Permissions.UsersView)
            .WithName("ListUsers")
            .WithSummary("本部门（或财政局）用户 / Users of the current bureau (or of the host)");

        users.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetUser(id), ct)))
            .RequirePermission(Permissions.UsersView)
            .WithName("GetUser")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
