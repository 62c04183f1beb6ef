using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Localization;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.SharedKernel.Http;

public static class EndpointConventions
{
    /// <summary>Prefix of the authorization policies that the host builds from permission names.</summary>
    public const string PermissionPolicyPrefix = "perm:";

    /// <summary>
    /// The fallback policy: an endpoint that declares no authorization rule (neither a permission
    /// nor <c>AllowAnonymous</c>) is refused — 401 for anonymous callers, 403 for signed-in ones —
    /// instead of being open by accident.
    /// </summary>
    public static readonly Microsoft.AspNetCore.Authorization.AuthorizationPolicy DenyUnlessDeclared =
        new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .RequireAssertion(_ => false)
            .Build();

    /// <summary>Requires the signed-in user to hold <paramref name="permission"/> (401 if anonymous, 403 if not held).</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PermissionPolicyPrefix + permission);

    /// <summary>
    /// The endpoint works on one bureau's data: it needs a bureau context (a bureau user, or a
    /// host user acting through the <c>__tenant</c> header). Host users without one get 403.
    /// </summary>
    public static TBuilder RequireBureauContext<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var tenant = context.HttpContext.RequestServices.GetRequiredService<ICurrentTenant>();
            if (tenant.Id is null)
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: SharedMessages.BureauContextRequiredTitle,
                    detail: SharedMessages.BureauContextRequired,
                    extensions: ErrorCodes.Extensions(ErrorCodes.BureauContextRequired));
            }

            return await next(context);
        });

    /// <summary>The endpoint is host-side only: bureau users get 403 even if a permission slipped through.</summary>
    public static TBuilder RequireHostUser<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var user = context.HttpContext.RequestServices.GetRequiredService<Authorization.ICurrentUser>();
            if (user.HomeTenantId is not null)
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: SharedMessages.ForbiddenTitle,
                    detail: SharedMessages.HostOnly,
                    extensions: ErrorCodes.Extensions(ErrorCodes.HostOnly));
            }

            // Host endpoints always act as the host, even if a __tenant header was sent.
            using (context.HttpContext.RequestServices.GetRequiredService<ICurrentTenant>().Change(null))
            {
                return await next(context);
            }
        });
}
