using System.Text.Json;
using System.Text.RegularExpressions;
using DistrictPerf.Host.Localization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Localization;
using DistrictPerf.SharedKernel.Tenancy;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Host.Infrastructure;

/// <summary>
/// Turns every exception into an RFC 9457 problem response: 400 naming each bad field,
/// 404/403/409 for domain errors, and a bare 500 (no stack trace, no message) for bugs.
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception);
        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }
        else
        {
            logger.LogInformation("Request refused with {Status}: {Error}", problem.Status, exception.GetType().Name);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    internal static ProblemDetails Map(Exception exception) => exception switch
    {
        ValidationException v => Invalid(v.Errors
            .GroupBy(e => FieldName(e.PropertyName))
            .ToDictionary(
                g => g.Key,
                g => g.DistinctBy(e => e.ErrorMessage).Select(e => (Code: e.ErrorCode ?? ErrorCodes.Invalid, Message: e.ErrorMessage)).ToArray())),
        FieldValidationException f => Invalid(f.Errors.ToDictionary(
            kv => FieldName(kv.Key),
            kv => kv.Value.Select((message, i) => (Code: f.Codes[kv.Key][i], Message: message)).ToArray())),
        BadHttpRequestException b => BadRequest(b),
        ConflictException c => WithField(Problem(409, c.Title, c.Message, c.Code), c.Field),
        ProblemException p => WithExtensions(Problem(p.StatusCode, p.Title, p.Message, p.Code), p.Extensions),
        DbUpdateConcurrencyException => WithField(
            Problem(409, SharedMessages.ConflictTitle, SharedMessages.ConcurrencyConflict, ErrorCodes.ConflictConcurrency), "concurrencyStamp"),
        DbUpdateException d when IsUniqueViolation(d) => Problem(409, SharedMessages.ConflictTitle, HostMessages.DuplicateKey, ErrorCodes.ConflictDuplicate),
        CrossTenantWriteException => Problem(403, SharedMessages.ForbiddenTitle, HostMessages.CrossTenantWrite, ErrorCodes.CrossTenantWrite),
        OperationCanceledException => Problem(499, HostMessages.RequestCancelledTitle, null, ErrorCodes.RequestCancelled),
        _ => Problem(500, HostMessages.InternalErrorTitle, HostMessages.InternalErrorDetail, ErrorCodes.InternalError),
    };

    /// <summary>Field codes of the JSON binding errors.</summary>
    internal const string InvalidJsonCode = "invalid_json";
    internal const string WrongTypeCode = "wrong_type";
    internal const string InvalidValueCode = "invalid_value";
    internal const string BodyRequiredCode = "body_required";

    private static ProblemDetails Problem(int status, string title, string? detail, string code) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
        Extensions = { [ErrorCodes.Member] = code },
    };

    /// <summary>400 naming each field: <c>errors</c> (messages, in the request's language) and <c>fieldCodes</c> (codes, same order).</summary>
    private static ValidationProblemDetails Invalid(IDictionary<string, (string Code, string Message)[]> errors)
    {
        var problem = new ValidationProblemDetails(errors.ToDictionary(kv => kv.Key, kv => kv.Value.Select(e => e.Message).ToArray()))
        {
            Status = 400,
            Title = HostMessages.ValidationTitle,
            Detail = string.Join("; ", errors.Select(kv => $"{kv.Key}: {string.Join(" ", kv.Value.Select(e => e.Message))}")),
        };
        problem.Extensions[ErrorCodes.Member] = ErrorCodes.ValidationFailed;
        problem.Extensions["fieldCodes"] = errors.ToDictionary(kv => kv.Key, kv => kv.Value.Select(e => e.Code).ToArray());
        return problem;
    }

    private static ValidationProblemDetails Invalid(string field, string code, string message) =>
        Invalid(new Dictionary<string, (string Code, string Message)[]> { [field] = [(code, message)] });

    private static ProblemDetails BadRequest(BadHttpRequestException exception)
    {
        if (exception.StatusCode != 400)
        {
            return Problem(exception.StatusCode, HostMessages.BadRequestTitle, exception.Message, ErrorCodes.BadRequest);
        }

        // Body that is not JSON, or a value of the wrong type: System.Text.Json names the path.
        if (exception.InnerException is JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : FieldName(json.Path.TrimStart('$').TrimStart('.'));
            return json.Path is null or "$"
                ? Invalid(field, InvalidJsonCode, HostMessages.InvalidJson)
                : Invalid(field, WrongTypeCode, HostMessages.WrongTypeOrFormat((json.LineNumber ?? 0) + 1, json.BytePositionInLine ?? 0));
        }

        // Route or query values that do not bind, e.g. an unknown enum name.
        var match = ParameterPattern().Match(exception.Message);
        if (match.Success)
        {
            return Invalid(match.Groups["name"].Value, InvalidValueCode, HostMessages.InvalidValue(match.Groups["value"].Value));
        }

        if (exception.Message.Contains("request body", StringComparison.OrdinalIgnoreCase))
        {
            return Invalid("body", BodyRequiredCode, HostMessages.BodyRequired);
        }

        return Problem(400, HostMessages.BadRequestTitle, exception.Message, ErrorCodes.BadRequest);
    }

    private static ProblemDetails WithExtensions(ProblemDetails problem, IReadOnlyDictionary<string, object?>? extensions)
    {
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    private static ProblemDetails WithField(ProblemDetails problem, string? field)
    {
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        return problem;
    }

    /// <summary><c>Admin.UserName</c> → <c>admin.userName</c>; <c>Sections[0].Name</c> → <c>sections[0].name</c>.</summary>
    internal static string FieldName(string path) =>
        string.Join('.', path.Split('.').Select(s => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..]));

    private static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException?.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) == true
        || exception.InnerException?.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase) == true;

    [GeneratedRegex("parameter \"(?:[^\"]*\\s)?(?<name>[A-Za-z0-9_]+)\" from \"(?<value>[^\"]*)\"")]
    private static partial Regex ParameterPattern();
}
