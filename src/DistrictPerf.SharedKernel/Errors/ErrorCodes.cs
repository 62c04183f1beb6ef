namespace DistrictPerf.SharedKernel.Errors;

/// <summary>
/// The stable error codes shared by every module: the <c>code</c> member of a problem response, and
/// the per-field codes in <c>fieldCodes</c> of a validation problem. They never depend on the
/// language; modules add their own, dotted by module (e.g. <c>conflict.budgets.line_code_exists</c>).
/// Field codes of FluentValidation's built-in rules are its error codes (e.g. <c>NotEmptyValidator</c>).
/// </summary>
public static class ErrorCodes
{
    /// <summary>The problem-details extension member that carries the code.</summary>
    public const string Member = "code";

    /// <summary>Extensions of a problem response carrying <paramref name="code"/>, for <c>Results.Problem(extensions: …)</c>.</summary>
    public static Dictionary<string, object?> Extensions(string code) => new() { [Member] = code };

    /// <summary>400 with <c>errors</c> and <c>fieldCodes</c> per field.</summary>
    public const string ValidationFailed = "validation_failed";

    /// <summary>Per-field code when no more precise one is given.</summary>
    public const string Invalid = "invalid";

    public const string BadRequest = "bad_request";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";

    /// <summary>The concurrency stamp sent is stale: reload and re-apply.</summary>
    public const string ConflictConcurrency = "conflict.concurrency";

    /// <summary>A unique index refused the write.</summary>
    public const string ConflictDuplicate = "conflict.duplicate";


    /// <summary>The endpoint works on one bureau's data and the request has no bureau context.</summary>
    public const string BureauContextRequired = "bureau_context_required";

    /// <summary>The endpoint is for the finance bureau (host users) only.</summary>
    public const string HostOnly = "host_only";

    public const string CrossTenantWrite = "forbidden.cross_tenant_write";
    public const string RequestCancelled = "request_cancelled";
    public const string InternalError = "internal_error";

    /// <summary>Field code: the fiscal year is outside 2000–2100.</summary>
    public const string FiscalYearRange = "fiscal_year_range";

    /// <summary>Field code: the month is outside 1–12.</summary>
    public const string MonthRange = "month_range";

    /// <summary>Field code: an amount with more than two decimals.</summary>
    public const string AmountDecimals = "amount_decimals";
}
