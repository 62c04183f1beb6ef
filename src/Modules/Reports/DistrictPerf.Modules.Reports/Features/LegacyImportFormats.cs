using System.Text;
using DistrictPerf.Modules.Reports.Localization;
using DistrictPerf.SharedKernel.Errors;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace DistrictPerf.Modules.Reports.Features;

/// <summary>
/// The file formats bureaus hold their published reports in, turned into the plain text the parser reads:
/// .txt (any of the encodings <see cref="LegacyImportRequest.Decode"/> knows), .pdf with a text layer (lines
/// rebuilt from the glyphs' positions; table cells kept apart by two spaces), and .docx (paragraphs as lines,
/// tables as tables: one line per row, cells separated by tabs, a merged cell's continuation left empty).
/// The format is recognised by the file's first bytes, not its name; anything else is a 400 naming <c>file</c>.
/// </summary>
internal static class LegacyImportFormats
{
    public const int MaxDocumentMegabytes = 20;
    public const int MaxPdfPages = 300;

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OleMagic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    internal enum Kind
    {
        Text,
        Pdf,
        Docx,
    }

    public static Kind Recognise(ReadOnlySpan<byte> bytes, string? fileName)
    {
        // A PDF may carry a few bytes of junk before its header (the format allows 1024).
        var head = bytes[..Math.Min(bytes.Length, 1024)];
        if (head.IndexOf(PdfMagic) >= 0)
        {
            return Kind.Pdf;
        }

        if (bytes.StartsWith(ZipMagic))
        {
            return Kind.Docx;
        }

        if (bytes.StartsWith(OleMagic) || (fileName ?? "").EndsWith(".doc", StringComparison.OrdinalIgnoreCase) || (fileName ?? "").EndsWith(".wps", StringComparison.OrdinalIgnoreCase))
        {
            throw new FieldValidationException("file", ReportsMessages.OldWordFormat, "reports.old_word_format");
        }

        return Kind.Text;
    }

    /// <summary>The file's text, or a 400 naming <c>file</c> saying why it has none.</summary>
    public static string ToText(byte[] bytes, string? fileName) => Recognise(bytes, fileName) switch
    {
        Kind.Pdf => PdfToText(bytes),
        Kind.Docx => DocxToText(bytes),
        _ => LegacyImportRequest.Decode(bytes),
    };

    internal static string PdfToText(byte[] bytes)
    {
        try
        {
            using var document = PdfDocument.Open(bytes);
            if (document.NumberOfPages > MaxPdfPages)
            {
                throw new FieldValidationException("file", ReportsMessages.PdfTooManyPages(MaxPdfPages), "reports.pdf_too_many_pages");
            }

            var text = new StringBuilder();
            foreach (var page in document.GetPages())
            {
                foreach (var line in Lines(page.Letters))
                {
                    text.Append(line).Append('\n');
                }

                text.Append('\f').Append('\n');
            }

            var result = text.ToString();
            if (result.Count(c => !char.IsWhiteSpace(c)) < 20)
            {
                throw new FieldValidationException("file", ReportsMessages.PdfWithoutText, "reports.pdf_no_text");
            }

            return result;
        }
        catch (PdfDocumentEncryptedException)
        {
            throw new FieldValidationException("file", ReportsMessages.PdfEncrypted, "reports.pdf_encrypted");
        }
        catch (Exception ex) when (ex is not FieldValidationException and not OutOfMemoryException)
        {
            // PdfPig reports a damaged file with several exception types (format, tokenisation, IO).
            throw new FieldValidationException("file", ReportsMessages.PdfInvalid, "reports.pdf_invalid");
        }
    }

    /// <summary>
    /// The page's horizontal glyphs grouped into lines by baseline (top to bottom), each line left to right; a
    /// gap wider than a quarter of the glyph size is a space, one wider than 1.6 glyphs a cell boundary (two spaces).
    /// </summary>
    internal static IEnumerable<string> Lines(IReadOnlyList<Letter> letters)
    {
        var glyphs = letters
            .Where(l => l.TextOrientation == TextOrientation.Horizontal && !string.IsNullOrEmpty(l.Value))
            .OrderByDescending(l => l.StartBaseLine.Y).ThenBy(l => l.StartBaseLine.X)
            .ToList();
        var lines = new List<List<Letter>>();
        foreach (var glyph in glyphs)
        {
            var last = lines.Count > 0 ? lines[^1] : null;
            if (last is not null && Math.Abs(last[0].StartBaseLine.Y - glyph.StartBaseLine.Y) <= 0.4 * Size(last[0]))
            {
                last.Add(glyph);
            }
            else
            {
                lines.Add([glyph]);
            }
        }

        foreach (var line in lines)
        {
            line.Sort((a, b) => a.StartBaseLine.X.CompareTo(b.StartBaseLine.X));
            var text = new StringBuilder();
            Letter? previous = null;
            foreach (var glyph in line)
            {
                if (previous is not null)
                {
                    var gap = glyph.StartBaseLine.X - previous.EndBaseLine.X;
                    var size = Size(previous);
                    if (gap > 1.6 * size)
                    {
                        text.Append("  ");
                    }
                    else if (gap > 0.25 * size && !string.IsNullOrWhiteSpace(previous.Value) && !string.IsNullOrWhiteSpace(glyph.Value))
                    {
                        text.Append(' ');
                    }
                }

                text.Append(glyph.Value);
                previous = glyph;
            }

            yield return text.ToString().TrimEnd();
        }
    }

    private static double Size(Letter letter)
    {
        var size = Math.Max(letter.PointSize, letter.BoundingBox.Height);
        return size > 0.5 ? size : 10;
    }

    internal static string DocxToText(byte[] bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var document = WordprocessingDocument.Open(stream, false);
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new FieldValidationException("file", ReportsMessages.DocxInvalid, "reports.docx_invalid");
            var text = new StringBuilder();
            AppendBlocks(body.ChildElements, text);
            return text.ToString();
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or System.Xml.XmlException or FileFormatException)
        {
            throw new FieldValidationException("file", ReportsMessages.DocxInvalid, "reports.docx_invalid");
        }
    }

    private static void AppendBlocks(IEnumerable<OpenXmlElement> blocks, StringBuilder text)
    {
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Paragraph paragraph:
                    text.Append(ParagraphText(paragraph)).Append('\n');
                    break;
                case Table table:
                    AppendTable(table, text);
                    break;
                case SdtBlock sdt when sdt.SdtContentBlock is { } content:
                    AppendBlocks(content.ChildElements, text);
                    break;
            }
        }
    }

    /// <summary>One line per row: cells by tabs, a cell spanning n grid columns followed by n − 1 empty cells, a vertically merged continuation empty.</summary>
    private static void AppendTable(Table table, StringBuilder text)
    {
        foreach (var row in table.Elements<TableRow>())
        {
            var cells = new List<string>();
            foreach (var cell in row.Elements<TableCell>())
            {
                var properties = cell.TableCellProperties;
                var continuation = properties?.VerticalMerge is { } merge && (merge.Val is null || merge.Val.Value != MergedCellValues.Restart);
                var value = continuation ? "" : string.Join(" ", cell.Elements<Paragraph>().Select(ParagraphText).Where(p => p.Length > 0));
                foreach (var nested in cell.Elements<Table>())
                {
                    // A table inside a cell: its rows after the cell's own text, on the same line.
                    var inner = new StringBuilder();
                    AppendTable(nested, inner);
                    value = (value + " " + inner.ToString().Replace('\n', ' ').Replace('\t', ' ')).Trim();
                }

                cells.Add(value.Replace('\t', ' '));
                var span = properties?.GridSpan?.Val?.Value ?? 1;
                for (var i = 1; i < span; i++)
                {
                    cells.Add("");
                }
            }

            text.Append(string.Join('\t', cells).TrimEnd('\t')).Append('\n');
        }
    }

    private static string ParagraphText(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text t:
                    text.Append(t.Text);
                    break;
                case TabChar:
                    text.Append('\t');
                    break;
                case Break or CarriageReturn:
                    text.Append(' ');
                    break;
            }
        }

        return text.ToString();
    }
}
