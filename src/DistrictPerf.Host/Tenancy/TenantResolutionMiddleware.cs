using DistrictPerf.Host.Localization;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Localization;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;

namespace DistrictPerf.Host.Tenancy;

/// <summary>
/// Decides which bureau a request acts in and holds it in <see cref="ICurrentTenant"/> for the
/// rest of the request:
/// a bureau user acts in their own bureau (a <c>__tenant</c> header naming another is refused);
/// a host user acts on the host, or inside a bureau named by <c>__tenant</c> (id or code) only
/// with <see cref="Permissions.HostActInBureau"/>. An unknown bureau is 404, a disabled one 403:
/// never a silent fallback to the host.
/// </summary>
internal sealed class TenantResolutionMiddleware(RequestDelegate next)
{
    public const string HeaderName = "__tenant";

    public async Task InvokeAsync(HttpContext context, ICurrentTenant currentTenant, ICurrentUser user, IBureauDirectory bureaus, DataVersionReader versions)
    {
        Guid? tenantId = null;
        var header = context.Request.Headers[HeaderName].ToString();

        if (user.IsAuthenticated)
        {
            // The host data's version as this request sees it (read with the session check, no query of its own):
            // a bureau renamed or disabled on any replica is seen at once.
            var hostVersion = await versions.StampAsync(DataVersion.Host, context.RequestAborted);
            BureauInfo? bureau = null;
            if (user.HomeTenantId is { } home)
            {
                bureau = await bureaus.FindAsync(home, hostVersion, context.RequestAborted);
                if (header.Length > 0 && !Names(bureau, header))
                {
                    await Problem(context, StatusCodes.Status403Forbidden, "tenant.switch_forbidden",
                        HostMessages.CannotSwitchBureauTitle, HostMessages.CannotSwitchBureau);
                    return;
                }
            }
            else if (header.Length > 0)
            {
                if (!user.HasPermission(Permissions.HostActInBureau))
                {
                    await Problem(context, StatusCodes.Status403Forbidden, "tenant.act_in_bureau_forbidden",
                        SharedMessages.ForbiddenTitle, HostMessages.CannotActInBureau);
                    return;
                }

                bureau = Guid.TryParse(header, out var id)
                    ? await bureaus.FindAsync(id, hostVersion, context.RequestAborted)
                    : await bureaus.FindByCodeAsync(header, hostVersion, context.RequestAborted);
                if (bureau is null)
                {
                    await Problem(context, StatusCodes.Status404NotFound, "tenant.unknown_bureau",
                        HostMessages.UnknownBureauTitle, HostMessages.UnknownBureau(header));
                    return;
                }
            }

            if (user.HomeTenantId is not null && bureau is null)
            {
                await Problem(context, StatusCodes.Status403Forbidden, "tenant.home_bureau_gone",
                    HostMessages.UnknownBureauTitle, HostMessages.HomeBureauGone);
                return;
            }

            if (bureau is { IsActive: false })
            {
                await Problem(context, StatusCodes.Status403Forbidden, "tenant.bureau_disabled",
                    HostMessages.BureauDisabledTitle, HostMessages.BureauDisabled);
                return;
            }

            tenantId = bureau?.Id;
        }

        using (currentTenant.Change(tenantId))
        {
            await next(context);
        }
    }

    private static bool Names(BureauInfo? bureau, string header) =>
        bureau is not null && (string.Equals(header, bureau.Id.ToString(), StringComparison.OrdinalIgnoreCase)
                               || string.Equals(header.Trim(), bureau.Code, StringComparison.OrdinalIgnoreCase));

    private static async Task Problem(HttpContext context, int status, string code, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { [ErrorCodes.Member] = code } },
        });
    }
}
