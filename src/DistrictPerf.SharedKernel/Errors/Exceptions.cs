namespace DistrictPerf.SharedKernel.Errors;

/// <summary>Base of the errors that map to a 4xx problem response.</summary>
public abstract class ProblemException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
    public abstract int StatusCode { get; }

    /// <summary>Extra members of the problem response (e.g. the findings that blocked a submission).</summary>
    public virtual IReadOnlyDictionary<string, object?>? Extensions => null;
}

/// <summary>404: the resource does not exist in the caller's bureau (never says whether it exists elsewhere).</summary>
public sealed class NotFoundException(string resource, object key)
    : ProblemException("资源不存在 / Not found", $"{resource} '{key}' was not found.")
{
    public override int StatusCode => 404;
}

/// <summary>409: a state conflict, e.g. a stale concurrency stamp or a duplicate code.</summary>
public sealed class ConflictException(string detail, string? field = null)
    : ProblemException("冲突 / Conflict", detail)
{
    public string? Field { get; } = field;
    public override int StatusCode => 409;
}

/// <summary>403: the caller may not do this here.</summary>
public sealed class ForbiddenException(string detail)
    : ProblemException("禁止访问 / Forbidden", detail)
{
    public override int StatusCode => 403;
}

/// <summary>400 for one or more named fields, raised by domain code after FluentValidation passed.</summary>
public sealed class FieldValidationException : Exception
{
    public FieldValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("One or more fields are invalid.") => Errors = errors;

    public FieldValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

/// <summary>428 (no If-Match sent) or 412 (If-Match no longer matches: someone saved in between).</summary>
public sealed class PreconditionException(int statusCode, string detail)
    : ProblemException(statusCode == 428 ? "需要 If-Match / Precondition required" : "数据已被他人修改 / Precondition failed", detail)
{
    public override int StatusCode => statusCode;
}
