using System.Text;
using System.Text.Json;
using DistrictPerf.Modules.Reports.Legacy;
using DistrictPerf.Modules.Reports.Localization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DistrictPerf.Modules.Reports.Features;

internal sealed record LegacyImportBody(string? Text);

/// <summary>The text to import and the request field it came from ("text" when pasted, "file" when uploaded): problems name that field.</summary>
internal sealed record LegacyImportInput(string? Text, string Field);

/// <summary>What the import and its preview share: the command's text, its year and the field problems are reported on.</summary>
internal interface ILegacyImportText
{
    int Year { get; }

    string? Text { get; }

    string Field { get; }
}

/// <summary>
/// Reads the request of the import and of its preview: JSON <c>{"text": "…"}</c>, or multipart with a
/// <c>file</c> (decoded: BOM, else strict UTF-8, else GB18030 as Chinese Windows saves it) or a <c>text</c> field.
/// A malformed or truncated multipart body is a 400 naming <c>file</c>, never a 500.
/// </summary>
internal static class LegacyImportRequest
{
    public const int MaxFileMegabytes = 4;
    private const long MaxFileBytes = MaxFileMegabytes * 1024L * 1024L;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The request body in the OpenAPI document: multipart, an optional <c>file</c> and an optional <c>text</c>. JSON
    /// <c>{"text"}</c> is accepted too and said in the operation's description only: with two content types in the
    /// document NSwag generates one method mixing both. Written by a transformer, not by <c>Accepts</c>, whose
    /// metadata would make routing pass over the endpoint for the other content type.
    /// </summary>
    public static async Task DocumentBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        // The file as the budget import's: a reference to the IFormFile schema (the web client supplies FileParameter for it).
        IOpenApiSchema file = await context.GetOrCreateSchemaAsync(typeof(IFormFile), null, ct);
        if (context.Document is { } document)
        {
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas.TryAdd(nameof(IFormFile), file);
            file = new OpenApiSchemaReference(nameof(IFormFile), document);
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["file"] = file,
                            ["text"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "或粘贴的报告全文（无 file 时）/ or the pasted text (when there is no file)" },
                        },
                    },
                },
            },
        };
    }

    public static async Task<LegacyImportInput> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (Exception e) when (e is InvalidDataException or (IOException and not BadHttpRequestException) or InvalidOperationException)
            {
                // No boundary, a truncated body, a section without its end: the client's fault.
                throw new FieldValidationException("file", ReportsMessages.MultipartInvalid, "invalid_multipart");
            }

            var file = form.Files["file"];
            if (file is { Length: > 0 })
            {
                if (file.Length > MaxFileBytes)
                {
                    throw new FieldValidationException("file", ReportsMessages.FileTooLarge(MaxFileMegabytes), "file_too_large");
                }

                using var buffer = new MemoryStream();
                await using (var stream = file.OpenReadStream())
                {
                    await stream.CopyToAsync(buffer, ct);
                }

                return new LegacyImportInput(Decode(buffer.ToArray()), "file");
            }

            if (form.TryGetValue("text", out var text) && !string.IsNullOrEmpty(text.ToString()))
            {
                return new LegacyImportInput(text.ToString(), "text");
            }

            throw new FieldValidationException("file", ReportsMessages.UploadTxt, "file_required");
        }

        try
        {
            var body = await request.ReadFromJsonAsync<LegacyImportBody>(ct);
            return new LegacyImportInput(body?.Text, "text");
        }
        catch (JsonException ex)
        {
            throw new FieldValidationException(string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : "text", ReportsMessages.BodyMustBeJson, "invalid_json");
        }
        catch (InvalidOperationException)
        {
            throw new FieldValidationException("body", ReportsMessages.JsonOrMultipart, "unsupported_media_type");
        }
    }

    /// <summary>A byte order mark decides; else UTF-8 if the bytes are valid UTF-8, else GB18030 (a superset of GBK).</summary>
    internal static string Decode(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }

        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Gb18030.Value.GetString(bytes);
        }
    }

    private static readonly Lazy<Encoding> Gb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    });
}

/// <summary>
/// The checks of the text before anything is parsed or written: present and long enough, not too long,
/// and text at all — no NUL or other control characters (tab, line and page breaks allowed: PDF extraction
/// leaves form feeds) and not mostly unreadable characters (a file in an encoding that was not recognised).
/// </summary>
internal abstract class LegacyImportTextValidator<T> : AbstractValidator<T>
    where T : ILegacyImportText
{
    public const int MinLength = 20;
    public const int MaxTextLength = 400_000;

    protected LegacyImportTextValidator()
    {
        RuleFor(x => x.Year).MustBeFiscalYear();
        RuleFor(x => x).Custom((command, context) =>
        {
            var field = command.Field == "file" ? "file" : "text";
            var text = command.Text;
            void Fail(string message, string code) => context.AddFailure(new ValidationFailure(field, message) { ErrorCode = code });

            if (string.IsNullOrWhiteSpace(text) || text.Trim().Length < MinLength)
            {
                Fail(field == "file" ? ReportsMessages.FileTooShort : ReportsMessages.PasteWholeReport, "reports.text_required");
            }
            else if (text.Length > MaxTextLength)
            {
                Fail(ReportsMessages.TextTooLong(MaxTextLength), "too_long");
            }
            else if (HasControlCharacters(text))
            {
                Fail(ReportsMessages.BinaryText, "reports.binary_text");
            }
            else if (IsMostlyUnreadable(text))
            {
                Fail(ReportsMessages.UndecodableText, "reports.undecodable_text");
            }
        });
    }

    internal static bool HasControlCharacters(string text) =>
        text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f' or '\v'));

    /// <summary>More than a few replacement characters (U+FFFD): bytes that were not text in the encoding they were read in.</summary>
    internal static bool IsMostlyUnreadable(string text) => text.Count(c => c == '\uFFFD') > Math.Max(3, text.Length / 200);
}

/// <summary>
/// Parses the text and refuses, naming the text's field, what is not a report of this year: a stated year
/// other than the target, or no recognisable structure (neither two of the report's sections nor a task
/// with indicators in table 1) — garbage is never imported as an empty draft.
/// </summary>
internal static class LegacyImportReading
{
    public static LegacyReport Read(ILegacyImportText command)
    {
        var field = command.Field == "file" ? "file" : "text";
        var extracted = LegacyReportParser.Parse(command.Text!);
        if (extracted.Year is { } statedYear && statedYear != command.Year)
        {
            throw new FieldValidationException(field, ReportsMessages.YearMismatch(statedYear, command.Year), "reports.year_mismatch");
        }

        var sections = new[] { extracted.Sections.BasicInfo, extracted.Sections.Evaluation, extracted.Sections.ProblemsText, extracted.Sections.MeasuresText }
            .Count(s => !string.IsNullOrWhiteSpace(s));
        var tasksWithIndicators = extracted.Tasks.Count(t => t.Indicators.Count > 0);
        if (sections < 2 && tasksWithIndicators == 0)
        {
            throw new FieldValidationException(field, ReportsMessages.NotAReport, "reports.not_a_report");
        }

        return extracted;
    }
}
