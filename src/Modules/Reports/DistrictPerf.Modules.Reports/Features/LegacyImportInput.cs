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
    private const long MaxDocumentBytes = LegacyImportFormats.MaxDocumentMegabytes * 1024L * 1024L;

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
                if (file.Length > MaxDocumentBytes)
                {
                    throw new FieldValidationException("file", ReportsMessages.FileTooLarge(LegacyImportFormats.MaxDocumentMegabytes), "file_too_large");
                }

                var bytes = new byte[file.Length];
                await using (var stream = file.OpenReadStream())
                {
                    await stream.ReadExactlyAsync(bytes, ct);
                }

                // .pdf and .docx up to 20 MB; plain text up to 4 MB (a report's text is a few hundred KB at most).
                if (LegacyImportFormats.Recognise(bytes, file.FileName) == LegacyImportFormats.Kind.Text && bytes.Length > MaxFileBytes)
                {
                    throw new FieldValidationException("file", ReportsMessages.FileTooLarge(MaxFileMegabytes), "file_too_large");
                }

                return new LegacyImportInput(LegacyImportFormats.ToText(bytes, file.FileName), "file");
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

/// <summary>One way the text's stated bureau or year differs from where it is being imported; the import needs <c>confirmMismatch=true</c>.</summary>
/// <param name="Field">"year" or "bureau"</param>
internal sealed record LegacyImportMismatch(string Field, string Stated, string Expected, string Message);

/// <summary>
/// 422: the text was read, but it is not a department-wide self-evaluation — a project-level 自评表, a blank
/// template, or a fragment of a report. Says what was recognised and what is missing; nothing is written.
/// </summary>
internal sealed class NotADepartmentReportException(string fieldName, string kind, string detail, IReadOnlyList<string> recognised, IReadOnlyList<string> missing)
    : ProblemException(ReportsMessages.NotADepartmentReportTitle, detail, "reports.not_department_report." + kind)
{
    public override int StatusCode => StatusCodes.Status422UnprocessableEntity;

    public override IReadOnlyDictionary<string, object?>? Extensions => new Dictionary<string, object?>
    {
        ["field"] = fieldName, ["kind"] = kind, ["recognised"] = recognised, ["missing"] = missing,
    };
}

/// <summary>
/// Parses the text and refuses, naming the text's field, what is not a department-wide report: no recognisable
/// structure at all (400), or a text that is something else — a project-level table, a blank template, a fragment
/// (422 saying what was recognised and what is missing). Garbage is never imported as an empty draft.
/// </summary>
internal static partial class LegacyImportReading
{
    /// <summary>The parts a whole report has; an import needs at least <see cref="MinimumParts"/> of them, table 1 or the result among them.</summary>
    public const int MinimumParts = 3;

    public static LegacyReport Read(ILegacyImportText command)
    {
        var field = command.Field == "file" ? "file" : "text";
        var text = command.Text!;
        var extracted = LegacyReportParser.Parse(text);
        var folded = Fold(text);

        var hints = TemplateHints().Matches(folded).Select(m => m.Value).Distinct().Take(6).ToList();
        var filled = extracted.Budget.Spending is not null || extracted.SelfScore is not null
            || extracted.Tasks.SelectMany(t => t.Indicators).Any(i => HasDigitOrWord(i.Actual));

        if (IsProjectTable(folded))
        {
            var recognised = ProjectMarkers().Matches(folded).Select(m => m.Value).Distinct().Take(4).ToList();
            throw new NotADepartmentReportException(field, "project_table", ReportsMessages.ProjectTable(string.Join("、", recognised)), recognised, [ReportsMessages.PartDepartmentWide]);
        }

        var parts = Parts(extracted);
        var found = parts.Where(p => p.Found).Select(p => p.Label).ToList();
        var missing = parts.Where(p => !p.Found).Select(p => p.Label).ToList();
        if (hints.Count > 0 && !filled)
        {
            throw new NotADepartmentReportException(field, "template", ReportsMessages.BlankTemplate(string.Join("；", hints)), found, missing);
        }

        if (found.Count == 0)
        {
            throw new FieldValidationException(field, ReportsMessages.NotAReport, "reports.not_a_report");
        }

        var core = parts[1].Found || parts[3].Found; // table 1, or the result (score and grade)
        if (found.Count < MinimumParts || !core)
        {
            throw new NotADepartmentReportException(field, "fragment", ReportsMessages.ReportFragment(string.Join("、", found), string.Join("、", missing)), found, missing);
        }

        return extracted;
    }

    /// <summary>Where the text's stated year or bureau differs from the import's target (the bureau compared ignoring the district prefix).</summary>
    public static IReadOnlyList<LegacyImportMismatch> Mismatches(LegacyReport extracted, int year, string? bureauName, string? district)
    {
        var result = new List<LegacyImportMismatch>();
        if (extracted.Year is { } statedYear && statedYear != year)
        {
            result.Add(new LegacyImportMismatch("year", statedYear.ToString(System.Globalization.CultureInfo.InvariantCulture), year.ToString(System.Globalization.CultureInfo.InvariantCulture), ReportsMessages.YearMismatch(statedYear, year)));
        }

        if (!string.IsNullOrWhiteSpace(extracted.BureauName) && !string.IsNullOrWhiteSpace(bureauName) && !SameBureau(extracted.BureauName, bureauName, district))
        {
            result.Add(new LegacyImportMismatch("bureau", extracted.BureauName.Trim(), bureauName.Trim(), ReportsMessages.BureauMismatch(extracted.BureauName.Trim(), bureauName.Trim())));
        }

        return result;
    }

    /// <summary>409 naming <c>confirmMismatch</c> unless the caller confirmed every mismatch.</summary>
    public static void EnsureConfirmed(IReadOnlyList<LegacyImportMismatch> mismatches, bool confirmed)
    {
        if (mismatches.Count > 0 && !confirmed)
        {
            // Chinese sentences end in "。" and follow each other without a space; English ones need one.
            var gap = System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "" : " ";
            throw new ConflictException(string.Join(gap, mismatches.Select(m => m.Message).Append(ReportsMessages.ConfirmMismatch)), "confirmMismatch", "conflict.reports.mismatch_unconfirmed");
        }
    }

    internal static bool SameBureau(string stated, string name, string? district)
    {
        string Core(string s)
        {
            s = Fold(s);
            foreach (var prefix in new[] { Fold(district ?? ""), "中共", "广州市", "白云区" }.Where(p => p.Length > 0))
            {
                s = s.Replace(prefix, "", StringComparison.Ordinal);
            }

            // A district prefix of any place: "XX市", "XX区", "XX县" before the bureau's own name.
            return PlacePrefix().Replace(s, "");
        }

        string a = Core(stated), b = Core(name);
        return a.Length > 0 && b.Length > 0 && (a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal));
    }

    private sealed record Part(string Label, bool Found);

    private static List<Part> Parts(LegacyReport r) =>
    [
        new(ReportsMessages.PartBasicInfo, !string.IsNullOrWhiteSpace(r.Sections.BasicInfo)),
        new(ReportsMessages.PartTable1, r.Tasks.Any(t => t.Indicators.Count > 0)),
        new(ReportsMessages.PartBudget, r.Budget.Initial is not null || r.Budget.Spending is not null || r.Budget.Adjusted is not null),
        new(ReportsMessages.PartResult, r.SelfScore is not null || !string.IsNullOrWhiteSpace(r.SelfGrade)),
        new(ReportsMessages.PartProblems, !string.IsNullOrWhiteSpace(r.Sections.ProblemsText) || r.Problems.Count > 0),
        new(ReportsMessages.PartMeasures, !string.IsNullOrWhiteSpace(r.Sections.MeasuresText) || r.Measures.Count > 0),
    ];

    private static bool IsProjectTable(string folded) =>
        folded.Contains("项目支出绩效自评表", StringComparison.Ordinal)
        || (folded.Contains("项目名称", StringComparison.Ordinal) && (folded.Contains("实施单位", StringComparison.Ordinal) || folded.Contains("主管部门", StringComparison.Ordinal))
            && !folded.Contains("部门整体", StringComparison.Ordinal));

    private static bool HasDigitOrWord(string? s) => !string.IsNullOrWhiteSpace(s) && s.Any(char.IsLetterOrDigit);

    /// <summary>Whitespace removed, full-width letters, digits and % folded (PDF text breaks words with spaces).</summary>
    private static string Fold(string s)
    {
        var b = new System.Text.StringBuilder(s.Length);
        foreach (var c in s.Normalize(System.Text.NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c))
            {
                b.Append(c);
            }
        }

        return b.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"项目支出绩效自评表|项目名称|主管部门|实施单位|项目资金|年度总体目标")]
    private static partial System.Text.RegularExpressions.Regex ProjectMarkers();

    /// <summary>A template's fill-in instructions: "未达到90%的需说明原因", "（请填写…）", "填报说明", "XX局", "××".</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"未达到\d+(?:\.\d+)?%的?需说明原因|[（(]?请?填写[^）)]{0,20}[）)]|填报说明|填表说明|[XxＸ×]{2}(?:局|单位|部门|项目|年)|[×＊*]{2,}")]
    private static partial System.Text.RegularExpressions.Regex TemplateHints();

    [System.Text.RegularExpressions.GeneratedRegex(@"^[\p{IsCJKUnifiedIdeographs}]{1,6}?[省市区县](?=[\p{IsCJKUnifiedIdeographs}]{2,})")]
    private static partial System.Text.RegularExpressions.Regex PlacePrefix();
}
