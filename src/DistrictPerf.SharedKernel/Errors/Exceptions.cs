using DistrictPerf.SharedKernel.Localization;

namespace DistrictPerf.SharedKernel.Errors;

/// <summary>
/// Base of the errors that map to a 4xx problem response. <see cref="Title"/> and the message are
/// in the request's language; <see cref="Code"/> is the stable, language-independent error code
/// (the problem's <c>code</c> member) that clients should branch on.
/// </summary>
public abstract class ProblemException(string title, string detail, string code) : Exception(detail)
{
    public string Title { get; } = title;
    public string Code { get; } = code;
    public abstract int StatusCode { get; }

    /// <summary>Extra members of the problem response (e.g. the findings that blocked a submission).</summary>
    public virtual IReadOnlyDictionary<string, object?>? Extensions => null;
}

/// <summary>404: the resource does not exist in the caller's bureau (never says whether it exists elsewhere).</summary>
public sealed class NotFoundException(string resource, object key, string code = ErrorCodes.NotFound)
    : ProblemException(SharedMessages.NotFoundTitle, SharedMessages.NotFound(resource, key), code)
{
    public override int StatusCode => 404;
}

/// <summary>409: a state conflict, e.g. a stale concurrency stamp or a duplicate code.</summary>
public sealed class ConflictException(string detail, string? field = null, string code = ErrorCodes.Conflict)
    : ProblemException(SharedMessages.ConflictTitle, detail, code)
{
    public string? Field { get; } = field;
    public override int StatusCode => 409;

    /// <summary>The stamp sent is not the stored one: someone saved in between (field <c>concurrencyStamp</c>).</summary>
    public static ConflictException Concurrency(string? detail = null) =>
        new(detail ?? SharedMessages.ConcurrencyConflict, "concurrencyStamp", ErrorCodes.ConflictConcurrency);
}

/// <summary>403: the caller may not do this here.</summary>
public sealed class ForbiddenException(string detail, string code = ErrorCodes.Forbidden)
    : ProblemException(SharedMessages.ForbiddenTitle, detail, code)
{
    public override int StatusCode => 403;
}

/// <summary>
/// 400 for one or more named fields, raised by domain code after FluentValidation passed. Each
/// message has a code at the same position in <see cref="Codes"/> (the problem's <c>fieldCodes</c>).
/// </summary>
public sealed class FieldValidationException : Exception
{
    public FieldValidationException(IReadOnlyDictionary<string, string[]> errors, IReadOnlyDictionary<string, string[]>? codes = null)
        : base("One or more fields are invalid.")
    {
        Errors = errors;
        Codes = errors.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.Select((_, i) => codes?.GetValueOrDefault(kv.Key) is { } c && i < c.Length ? c[i] : ErrorCodes.Invalid).ToArray());
    }

    public FieldValidationException(string field, string message, string code = ErrorCodes.Invalid)
        : this(new Dictionary<string, string[]> { [field] = [message] }, new Dictionary<string, string[]> { [field] = [code] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public IReadOnlyDictionary<string, string[]> Codes { get; }
}

/// <summary>Collects field errors (code and message) and throws them as one <see cref="FieldValidationException"/>.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<(string Code, string Message)>> _errors = new(StringComparer.Ordinal);

    public int Count => _errors.Count;

    public FieldErrors Add(string field, string code, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add((code, message));
        return this;
    }

    public FieldValidationException ToException() => new(
        _errors.ToDictionary(kv => kv.Key, kv => kv.Value.Select(e => e.Message).ToArray()),
        _errors.ToDictionary(kv => kv.Key, kv => kv.Value.Select(e => e.Code).ToArray()));

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw ToException();
        }
    }
}
