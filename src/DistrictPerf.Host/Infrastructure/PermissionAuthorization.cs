using System.Security.Claims;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace DistrictPerf.Host.Infrastructure;

internal sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

/// <summary>Builds a policy for each <c>perm:NAME</c> on demand: authenticated and holding NAME through a role.</summary>
internal sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (policyName.StartsWith(EndpointConventions.PermissionPolicyPrefix, StringComparison.Ordinal))
        {
            var permission = policyName[EndpointConventions.PermissionPolicyPrefix.Length..];
            if (!Permissions.DisplayNames.ContainsKey(permission))
            {
                throw new InvalidOperationException($"Unknown permission '{permission}'.");
            }

            return new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(permission))
                .Build();
        }

        return await base.GetPolicyAsync(policyName);
    }
}

internal sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var roles = context.User.FindAll(ClaimTypes.Role).Select(c => c.Value);
        if (Roles.Grants(roles, requirement.Permission))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// The fallback policy refuses endpoints that declare no rule; a request that matched no endpoint
/// at all is not refused by it but passed on, so an unknown route stays a 404 (nothing is served there).
/// Likewise routing's own rejections — the endpoints it selects for a known path with an unsupported
/// method (405) or content type (415), which are not route endpoints and serve nothing — answer with their
/// status instead of a misleading 403 (an authorization probe found <c>text/plain</c> on a JSON endpoint refused as forbidden).
/// </summary>
internal sealed class UnmatchedRoutesPassThrough : IAuthorizationMiddlewareResultHandler
{
    private readonly Microsoft.AspNetCore.Authorization.Policy.AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, Microsoft.AspNetCore.Authorization.Policy.PolicyAuthorizationResult authorizeResult) =>
        context.GetEndpoint() is null or not Microsoft.AspNetCore.Routing.RouteEndpoint ? next(context) : _default.HandleAsync(next, context, policy, authorizeResult);
}
