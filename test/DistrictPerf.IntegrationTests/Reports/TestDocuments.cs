using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace DistrictPerf.IntegrationTests.Reports;

/// <summary>
/// Real .pdf and .docx files written by the tests. The PDF is what an office suite's "export as PDF" gives for a
/// Chinese text: pages of positioned glyphs in a CID font (Identity-H, two bytes per glyph) with a ToUnicode map, so
/// that the text is recovered from the glyphs' codes and positions, not from a text copy. The font is not embedded
/// (readers fall back to a system font), which changes nothing for text extraction.
/// </summary>
internal static class TestDocuments
{
    public const float FontSize = 10;
    private const float Left = 50, Top = 800, LineHeight = 14;
    private const int LinesPerPage = 54;

    /// <summary>Each line of <paramref name="text"/> at its own baseline; runs of two or more spaces become a gap of four glyphs (a table's cell boundary).</summary>
    public static byte[] Pdf(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var pages = lines.Chunk(LinesPerPage).ToList();
        var objects = new List<string>();
        // 1 catalog, 2 pages, 3 font (Type0), 4 CID font, 5 ToUnicode, 6 font descriptor, then page + content pairs.
        var kids = string.Join(" ", pages.Select((_, i) => $"{7 + (2 * i)} 0 R"));
        objects.Add("<< /Type /Catalog /Pages 2 0 R >>");
        objects.Add($"<< /Type /Pages /Kids [{kids}] /Count {pages.Count} >>");
        objects.Add("<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>");
        objects.Add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /DW 1000 /W [32 126 500] >>");
        var cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
            + "/CMapName /Adobe-Identity-UCS def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange "
            + "2 beginbfrange <0000> <00FF> <0000> <0100> <FFFF> <0100> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end";
        objects.Add(Stream(cmap));
        objects.Add("<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>");
        foreach (var page in pages)
        {
            var content = new StringBuilder("BT\n");
            var y = Top;
            foreach (var line in page)
            {
                content.Append(CultureInfo.InvariantCulture, $"/F1 {FontSize} Tf 1 0 0 1 {Left} {y} Tm\n");
                foreach (var (run, gap) in Runs(line))
                {
                    if (gap > 0)
                    {
                        // Move right by the gap (in glyph widths of 1000/1000 em) before the next run.
                        content.Append(CultureInfo.InvariantCulture, $"[{-gap * 1000}] TJ\n");
                    }

                    content.Append('<').Append(string.Concat(run.Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture)))).Append("> Tj\n");
                }

                y -= LineHeight;
            }

            content.Append("ET");
            var contentId = objects.Count + 2;
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {contentId} 0 R >>");
            objects.Add(Stream(content.ToString()));
        }

        var pdf = new StringBuilder("%PDF-1.7\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>The line's runs of text, each with the gap before it (in glyphs): one space is a half-width gap, two or more a cell boundary.</summary>
    private static IEnumerable<(string Run, double Gap)> Runs(string line)
    {
        var parts = System.Text.RegularExpressions.Regex.Split(line.TrimEnd(), "( +)");
        double gap = 0;
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                continue;
            }

            if (part[0] == ' ')
            {
                gap = part.Length >= 2 ? 4 : 0.5;
                continue;
            }

            yield return (part, gap);
            gap = 0;
        }
    }

    private static string Stream(string content) => $"<< /Length {Encoding.ASCII.GetByteCount(content)} >>\nstream\n{content}\nendstream";

    /// <summary>A .docx with each line of <paramref name="text"/> as a paragraph, and <paramref name="table"/> (rows of cells) as a Word table after them.</summary>
    public static byte[] Docx(string text, IReadOnlyList<IReadOnlyList<string>>? table = null, IReadOnlySet<(int Row, int Column)>? mergedDown = null)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
            {
                body.Append(new Paragraph(new Run(new Text(line) { Space = SpaceProcessingModeValues.Preserve })));
            }

            if (table is not null)
            {
                var t = new Table();
                for (var r = 0; r < table.Count; r++)
                {
                    var row = new TableRow();
                    for (var c = 0; c < table[r].Count; c++)
                    {
                        var cell = new TableCell();
                        var merged = mergedDown?.Contains((r, c)) == true;
                        var startsMerge = mergedDown?.Contains((r + 1, c)) == true && !merged;
                        if (merged || startsMerge)
                        {
                            cell.Append(new TableCellProperties(new VerticalMerge { Val = merged ? null : MergedCellValues.Restart }));
                        }

                        // A wrapped name: two paragraphs in one cell.
                        foreach (var paragraph in (merged ? "" : table[r][c]).Split('\n'))
                        {
                            cell.Append(new Paragraph(new Run(new Text(paragraph))));
                        }

                        row.Append(cell);
                    }

                    t.Append(row);
                }

                body.Append(t);
            }

            main.Document = new Document(body);
        }

        return stream.ToArray();
    }
}
