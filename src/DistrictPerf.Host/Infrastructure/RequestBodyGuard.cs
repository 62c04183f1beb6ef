using System.Text;
using DistrictPerf.Host.Localization;
using DistrictPerf.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace DistrictPerf.Host.Infrastructure;

/// <summary>415: the request body's declared charset is not an encoding this server knows.</summary>
internal sealed class UnsupportedCharsetException(string charset)
    : ProblemException(HostMessages.UnsupportedCharsetTitle, HostMessages.UnsupportedCharset(charset), "unsupported_charset")
{
    public override int StatusCode => StatusCodes.Status415UnsupportedMediaType;
}

/// <summary>
/// A request body the framework would otherwise turn into a 500, refused before any endpoint runs: an unknown
/// <c>charset</c> in <c>Content-Type</c> (any endpoint, sign-in included) is a 415 problem.
/// </summary>
internal sealed class CharsetGuardMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentType is { } contentType && MediaTypeHeaderValue.TryParse(contentType, out var media) && media.Charset.HasValue)
        {
            var charset = HeaderUtilities.RemoveQuotes(media.Charset).ToString();
            if (!IsKnown(charset))
            {
                throw new UnsupportedCharsetException(charset.Length > 40 ? charset[..40] : charset);
            }
        }

        await next(context);
    }

    private static bool IsKnown(string charset)
    {
        if (charset.Length == 0)
        {
            return false;
        }

        try
        {
            _ = Encoding.GetEncoding(charset);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>
/// A multipart body without a boundary, or cut off, sent to an endpoint that accepts multipart is a 400 naming
/// <c>file</c>, not a 500. Runs after authorization (no body is read for a caller who may not upload); the form
/// is read here — routing has applied the endpoint's body size limit — and kept for the endpoint's binding.
/// </summary>
internal sealed class MultipartGuardMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.HasFormContentType && AcceptsMultipart(context.GetEndpoint()))
        {
            try
            {
                await request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception e) when (e is InvalidDataException or (IOException and not BadHttpRequestException) or InvalidOperationException)
            {
                throw new FieldValidationException("file", HostMessages.MultipartInvalid, "invalid_multipart");
            }
        }

        await next(context);
    }

    private static bool AcceptsMultipart(Endpoint? endpoint) =>
        endpoint?.Metadata.GetOrderedMetadata<IAcceptsMetadata>()
            .Any(a => a.ContentTypes.Any(t => t.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))) == true;
}
