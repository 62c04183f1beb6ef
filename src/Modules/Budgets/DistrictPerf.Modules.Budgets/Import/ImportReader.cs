using System.Text;
using DistrictPerf.Modules.Budgets.Localization;
using MiniExcelLibs;
using MiniExcelLibs.Csv;

namespace DistrictPerf.Modules.Budgets.Import;

/// <summary>One data row of a sheet: its 1-based spreadsheet row number and its cells by header.</summary>
internal sealed record SheetRow(SheetKind Kind, string Sheet, int Row, IReadOnlyDictionary<string, object?> Cells, IReadOnlyDictionary<string, string> Columns)
{
    /// <summary>The cell under a canonical header (headers are matched ignoring spaces and bracket width).</summary>
    public object? Cell(string header) => Columns.TryGetValue(SheetFormat.Normalize(header), out var key) && Cells.TryGetValue(key, out var v) ? v : null;

    /// <summary>Actual header → column letter (A, B, …).</summary>
    public IReadOnlyDictionary<string, string> Letters { get; init; } = new Dictionary<string, string>();

    public string Letter(string header) =>
        Columns.TryGetValue(SheetFormat.Normalize(header), out var key) && Letters.TryGetValue(key, out var letter) ? letter : "";

    public ImportError Error(string header, string code, string reason) =>
        new(Sheet, Row, Letter(header), header, SheetFormat.Text(Cell(header)), reason, code);
}

/// <summary>
/// One problem of an import, located like a spreadsheet user would look for it: the reason in the
/// uploader's language, and a stable code (null in jobs stored before codes existed).
/// </summary>
internal sealed record ImportError(string Sheet, int Row, string Column, string Header, string Value, string Reason, string? Code = null);

/// <summary>Streams the rows of an .xlsx (every known sheet) or a .csv (one kind, recognised by its headers).</summary>
internal static class ImportReader
{
    public static readonly Encoding Gb18030;

    static ImportReader()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Gb18030 = Encoding.GetEncoding("GB18030");
    }

    public static bool IsCsv(string fileName) => fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    public static bool IsXlsx(string fileName) => fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Yields the rows sheet by sheet (lines first, so that later sheets can refer to new lines).
    /// Structural problems (no known sheet, a missing header) are reported through <paramref name="onError"/>.
    /// </summary>
    public static IEnumerable<SheetRow> Read(string path, string fileName, Action<ImportError> onError)
    {
        if (IsCsv(fileName))
        {
            var encoding = LooksLikeUtf8(path) ? new UTF8Encoding(false) : Gb18030;
            var config = new CsvConfiguration { StreamReaderFunc = s => new StreamReader(s, encoding, detectEncodingFromByteOrderMarks: true) };
            var headers = FirstRowKeys(path, ExcelType.CSV, null, config);
            var kind = SheetFormat.KindOfHeaders(headers);
            if (kind is null)
            {
                onError(new ImportError(fileName, 1, "A", "", "", BudgetsMessages.ImportCsvHeadersUnknown, "budgets.import.csv_headers_unknown"));
                yield break;
            }

            foreach (var row in ReadSheet(path, ExcelType.CSV, null, config, kind.Value, SheetFormat.SheetNames[kind.Value], onError))
            {
                yield return row;
            }

            yield break;
        }

        List<string> sheets;
        try
        {
            sheets = MiniExcel.GetSheetNames(path);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or InvalidOperationException or System.Xml.XmlException)
        {
            onError(new ImportError(fileName, 0, "", "", "", BudgetsMessages.ImportNotXlsx, "budgets.import.not_xlsx"));
            yield break;
        }

        var known = sheets.Select(s => (Sheet: s, Kind: SheetFormat.KindOfSheet(s))).Where(x => x.Kind is not null).OrderBy(x => x.Kind).ToList();
        if (known.Count == 0)
        {
            onError(new ImportError(fileName, 0, "", "", "", BudgetsMessages.ImportNoKnownSheet(SheetFormat.LinesSheet, SheetFormat.AdjustmentsSheet, SheetFormat.SpendingSheet), "budgets.import.no_known_sheet"));
            yield break;
        }

        foreach (var (sheet, kind) in known)
        {
            foreach (var row in ReadSheet(path, ExcelType.XLSX, sheet, null, kind!.Value, sheet, onError))
            {
                yield return row;
            }
        }
    }

    private static IEnumerable<SheetRow> ReadSheet(string path, ExcelType type, string? sheetName, IConfiguration? config, SheetKind kind, string label, Action<ImportError> onError)
    {
        var headers = FirstRowKeys(path, type, sheetName, config);
        var columns = headers.Select((h, i) => (Key: SheetFormat.Normalize(h), Header: h, Index: i))
            .GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.First().Header);
        var letters = headers.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => SheetFormat.ColumnLetter(x.i));
        var required = SheetFormat.Headers[kind].Where(h => h is not SheetFormat.Exclusion and not SheetFormat.FundingSource and not SheetFormat.Memo and not SheetFormat.Voucher);
        var missing = required.Where(h => !columns.ContainsKey(SheetFormat.Normalize(h))).ToList();
        if (headers.Count > 0 && missing.Count > 0)
        {
            foreach (var header in missing)
            {
                onError(new ImportError(label, 1, "", header, "", BudgetsMessages.ImportMissingColumn(header), "budgets.import.missing_column"));
            }

            yield break;
        }

        var rowNumber = 1;
        using var stream = File.OpenRead(path);
        foreach (IDictionary<string, object?> cells in MiniExcel.Query(stream, useHeaderRow: true, sheetName: sheetName, excelType: type, configuration: config))
        {
            rowNumber++;
            if (cells.Values.All(v => v is null || (v is string s && string.IsNullOrWhiteSpace(s))))
            {
                continue;
            }

            yield return new SheetRow(kind, label, rowNumber, new Dictionary<string, object?>(cells), columns)
            {
                Letters = letters,
            };
        }
    }

    private static List<string> FirstRowKeys(string path, ExcelType type, string? sheetName, IConfiguration? config)
    {
        using var stream = File.OpenRead(path);
        foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheetName, excelType: type, configuration: config))
        {
            return row.Values.Select(SheetFormat.Text).ToList();
        }

        return [];
    }

    private static bool LooksLikeUtf8(string path)
    {
        var buffer = new byte[64 * 1024];
        using var stream = File.OpenRead(path);
        var read = stream.Read(buffer, 0, buffer.Length);
        try
        {
            // Strict decoding; a multi-byte sequence cut at the buffer end is tolerated.
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(buffer, 0, Math.Max(0, read - 4));
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
