using System.Globalization;
using System.Reflection;
using DistrictPerf.Host.Localization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Localization;

namespace DistrictPerf.Host.Infrastructure;

/// <summary>
/// One language per request, chosen by Accept-Language: zh, zh-Hans, zh-CN … → Chinese (the
/// default, also for every language we do not have); en, en-US, en-GB … → English. Only the UI
/// culture (messages) follows the request; the formatting culture stays the process's, so
/// parsing, exports and sorting behave as before. Problem responses always carry a stable
/// <c>code</c>; those the framework writes itself (401, 403, 404, 405 …) get one here too.
/// </summary>
internal static class RequestLanguage
{
    public static IServiceCollection AddDistrictPerfLocalization(this IServiceCollection services)
    {
        // FluentValidation's built-in messages follow CurrentUICulture (it ships zh-CN and en);
        // the property they name is the JSON field (camelCase), not the C# property.
        ValidatorOptions.Global.DisplayNameResolver = DisplayName;

        var formatting = CultureInfo.CurrentCulture;
        services.AddRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(formatting, MessageCulture.Default);
            o.SupportedCultures = [formatting];
            o.SupportedUICultures = [MessageCulture.Default, MessageCulture.English];
            o.FallBackToParentUICultures = true; // en-US, en-GB → en
            o.RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()];
            o.ApplyCurrentCultureToResponseHeaders = true; // Content-Language: zh-CN | en
        });

        services.PostConfigure<ProblemDetailsOptions>(o =>
        {
            var customize = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                customize?.Invoke(context);
                AddCode(context);
            };
        });
        return services;
    }

    /// <summary><c>Admin.UserName</c> is shown as <c>userName</c> in FluentValidation's built-in messages.</summary>
    internal static string? DisplayName(Type type, MemberInfo? member, System.Linq.Expressions.LambdaExpression? expression) =>
        member is null ? null : ProblemDetailsExceptionHandler.FieldName(member.Name);

    /// <summary>
    /// Problems written without a code (status-code pages, framework results) get one from their
    /// status, and a localized title; every problem says its language in Content-Language.
    /// </summary>
    private static void AddCode(ProblemDetailsContext context)
    {
        // The exception handler clears the headers request localization set: say again which language this is.
        context.HttpContext.Response.Headers.ContentLanguage = CultureInfo.CurrentUICulture.Name;
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey(ErrorCodes.Member))
        {
            return;
        }

        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var (code, title) = status switch
        {
            400 => (ErrorCodes.BadRequest, HostMessages.BadRequestTitle),
            401 => (ErrorCodes.Unauthorized, HostMessages.UnauthorizedTitle),
            403 => (ErrorCodes.Forbidden, SharedMessages.ForbiddenTitle),
            404 => (ErrorCodes.NotFound, SharedMessages.NotFoundTitle),
            405 => ("method_not_allowed", HostMessages.MethodNotAllowedTitle),
            409 => (ErrorCodes.Conflict, SharedMessages.ConflictTitle),
            413 => ("payload_too_large", HostMessages.PayloadTooLargeTitle),
            415 => ("unsupported_media_type", HostMessages.UnsupportedMediaTypeTitle),
            429 => ("too_many_requests", HostMessages.TooManyRequestsTitle),
            >= 500 => (ErrorCodes.InternalError, HostMessages.InternalErrorTitle),
            _ => ($"http_{status}", (string?)null),
        };
        problem.Extensions[ErrorCodes.Member] = code;

        // Only the framework's own English default titles are replaced (a status-code page has no detail).
        if (title is not null && (problem.Title is null || IsFrameworkTitle(problem.Title, status)))
        {
            problem.Title = title;
        }
    }

    private static bool IsFrameworkTitle(string title, int status) =>
        string.Equals(title, Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status), StringComparison.Ordinal)
        || (status >= 500 && title == "An error occurred while processing your request.");
}
