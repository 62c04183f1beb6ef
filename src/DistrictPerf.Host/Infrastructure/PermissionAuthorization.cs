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
