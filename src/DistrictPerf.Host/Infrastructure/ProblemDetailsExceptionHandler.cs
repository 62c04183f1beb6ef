using System.Text.Json;
using System.Text.RegularExpressions;
using DistrictPerf.SharedKernel.Errors;
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
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())),
        FieldValidationException f => Invalid(f.Errors.ToDictionary(kv => FieldName(kv.Key), kv => kv.Value)),
        BadHttpRequestException b => BadRequest(b),
        ConflictException c => WithField(new ProblemDetails { Status = 409, Title = c.Title, Detail = c.Message }, c.Field),
        ProblemException p => WithExtensions(new ProblemDetails { Status = p.StatusCode, Title = p.Title, Detail = p.Message }, p.Extensions),
        DbUpdateConcurrencyException => WithField(new ProblemDetails
        {
            Status = 409,
            Title = "冲突 / Conflict",
            Detail = "数据已被他人修改，请刷新后重试 / The record was changed by someone else; reload and try again.",
        }, "concurrencyStamp"),
        DbUpdateException d when IsUniqueViolation(d) => new ProblemDetails
        {
            Status = 409,
            Title = "冲突 / Conflict",
            Detail = "记录已存在 / A record with the same key already exists.",
        },
        CrossTenantWriteException => new ProblemDetails
        {
            Status = 403,
            Title = "禁止访问 / Forbidden",
            Detail = "不允许写入其他部门的数据。 / Writing another bureau's data is not allowed.",
        },
        OperationCanceledException => new ProblemDetails { Status = 499, Title = "请求已取消 / Request cancelled" },
        _ => new ProblemDetails
        {
            Status = 500,
            Title = "服务器内部错误 / Internal server error",
            Detail = "请求处理失败，已记录日志；请联系管理员并提供 requestId。 / The request failed and was logged; quote the requestId.",
        },
    };

    private static ValidationProblemDetails Invalid(IDictionary<string, string[]> errors) =>
        new(errors)
        {
            Status = 400,
            Title = "输入有误 / One or more fields are invalid",
            Detail = string.Join("; ", errors.Select(kv => $"{kv.Key}: {string.Join(" ", kv.Value)}")),
        };

    private static ProblemDetails BadRequest(BadHttpRequestException exception)
    {
        if (exception.StatusCode != 400)
        {
            return new ProblemDetails { Status = exception.StatusCode, Title = "请求无效 / Bad request", Detail = exception.Message };
        }

        // Body that is not JSON, or a value of the wrong type: System.Text.Json names the path.
        if (exception.InnerException is JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : FieldName(json.Path.TrimStart('$').TrimStart('.'));
            var message = json.Path is null or "$"
                ? "请求体不是有效的 JSON / The request body is not valid JSON."
                : $"值的格式或类型不正确 / The value has the wrong type or format (line {json.LineNumber + 1}, position {json.BytePositionInLine}).";
            return Invalid(new Dictionary<string, string[]> { [field] = [message] });
        }

        // Route or query values that do not bind, e.g. an unknown enum name.
        var match = ParameterPattern().Match(exception.Message);
        if (match.Success)
        {
            return Invalid(new Dictionary<string, string[]>
            {
                [match.Groups["name"].Value] = [$"值“{match.Groups["value"].Value}”无效 / The value '{match.Groups["value"].Value}' is not valid."],
            });
        }

        if (exception.Message.Contains("request body", StringComparison.OrdinalIgnoreCase))
        {
            return Invalid(new Dictionary<string, string[]> { ["body"] = ["缺少请求体 / A JSON request body is required."] });
        }

        return new ProblemDetails { Status = 400, Title = "请求无效 / Bad request", Detail = exception.Message };
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
