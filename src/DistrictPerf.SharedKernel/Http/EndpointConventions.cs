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
    /// host user acting through the <c>__tenant</c> header). Host users without one get 403, checked by
    /// <see cref="UseBureauContextCheck"/> right after authorization — before the request body is read, so a
    /// refused caller gets 403 whatever it sent.
    /// </summary>
    public static TBuilder RequireBureauContext<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(BureauContextRequired.Instance);

    /// <summary>Marks an endpoint that needs a bureau context (see <see cref="RequireBureauContext{TBuilder}"/>).</summary>
    public sealed class BureauContextRequired
    {
        public static readonly BureauContextRequired Instance = new();

        private BureauContextRequired()
        {
        }
    }

    /// <summary>Refuses (403) a request to an endpoint marked <see cref="BureauContextRequired"/> that has no bureau context. Place it after UseAuthorization.</summary>
    public static IApplicationBuilder UseBureauContextCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<BureauContextRequired>() is not null
                && context.RequestServices.GetRequiredService<ICurrentTenant>().Id is null)
            {
                await Results.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: SharedMessages.BureauContextRequiredTitle,
                    detail: SharedMessages.BureauContextRequired,
                    extensions: ErrorCodes.Extensions(ErrorCodes.BureauContextRequired)).ExecuteAsync(context);
                return;
            }

            await next(context);
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
