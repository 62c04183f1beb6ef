using System.Text;
using DistrictPerf.Modules.Budgets.Localization;
using MiniExcelLibs;

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
    /// Structural problems (no known sheet, a missing header) and the bounds of <see cref="ImportLimits"/> are
    /// reported through <paramref name="onError"/>; <paramref name="ct"/> (the read pass's time budget) is
    /// observed while parsing.
    /// </summary>
    public static IEnumerable<SheetRow> Read(string path, string fileName, Action<ImportError> onError, CancellationToken ct = default)
    {
        if (IsCsv(fileName))
        {
            foreach (var row in ReadCsv(path, fileName, onError, ct))
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
            foreach (var row in ReadXlsxSheet(path, sheet, kind!.Value, onError, ct))
            {
                yield return row;
            }
        }
    }

    /// <summary>A CSV: UTF-8 (with or without BOM) or GB18030, parsed by <see cref="CsvRecordReader"/> in linear time.</summary>
    private static IEnumerable<SheetRow> ReadCsv(string path, string fileName, Action<ImportError> onError, CancellationToken ct)
    {
        var encoding = LooksLikeUtf8(path, ct) ? new UTF8Encoding(false) : Gb18030;
        using var text = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: true);
        var csv = new CsvRecordReader(text, fileName, ct);
        var headers = csv.Next();
        if (headers is null)
        {
            onError(csv.Error ?? new ImportError(fileName, 1, "A", "", "", BudgetsMessages.ImportCsvHeadersUnknown, "budgets.import.csv_headers_unknown"));
            yield break;
        }

        headers = headers.Select(h => h.Trim()).ToList();
        var kind = SheetFormat.KindOfHeaders(headers);
        if (kind is null)
        {
            onError(new ImportError(fileName, 1, "A", "", "", BudgetsMessages.ImportCsvHeadersUnknown, "budgets.import.csv_headers_unknown"));
            yield break;
        }

        var label = SheetFormat.SheetNames[kind.Value];
        var layout = Layout.Of(headers, kind.Value, label, onError);
        if (layout is null)
        {
            yield break;
        }

        while (csv.Next() is { } fields)
        {
            if (csv.Record - 1 > ImportLimits.MaxRows)
            {
                onError(ImportLimits.TooManyRows(label, csv.Record));
                yield break;
            }

            var cells = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < fields.Count && i < headers.Count; i++)
            {
                cells.TryAdd(headers[i], CsvFormula.Unescape(fields[i]));
            }

            if (layout.Row(csv.Record, cells) is { } row)
            {
                yield return row;
            }
        }

        if (csv.Error is { } error)
        {
            onError(error with { Sheet = label, Header = error.Column.Length > 0 ? HeaderAt(headers, error.Column) : "" });
        }
    }

    private static string HeaderAt(List<string> headers, string letter)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (SheetFormat.ColumnLetter(i) == letter)
            {
                return headers[i];
            }
        }

        return "";
    }

    /// <summary>One .xlsx sheet, streamed by MiniExcel, with the same bounds as a CSV.</summary>
    private static IEnumerable<SheetRow> ReadXlsxSheet(string path, string sheetName, SheetKind kind, Action<ImportError> onError, CancellationToken ct)
    {
        var headers = FirstRowKeys(path, sheetName);
        if (headers.Count > ImportLimits.MaxColumns)
        {
            onError(ImportLimits.TooManyColumns(sheetName, 1));
            yield break;
        }

        var layout = Layout.Of(headers, kind, sheetName, onError);
        if (layout is null)
        {
            yield break;
        }

        var rowNumber = 1;
        using var stream = File.OpenRead(path);
        foreach (IDictionary<string, object?> cells in MiniExcel.Query(stream, useHeaderRow: true, sheetName: sheetName, excelType: ExcelType.XLSX))
        {
            ct.ThrowIfCancellationRequested();
            rowNumber++;
            if (rowNumber - 1 > ImportLimits.MaxRows)
            {
                onError(ImportLimits.TooManyRows(sheetName, rowNumber));
                yield break;
            }

            if (cells.Count > ImportLimits.MaxColumns)
            {
                onError(ImportLimits.TooManyColumns(sheetName, rowNumber));
                yield break;
            }

            var column = 0;
            foreach (var (header, value) in cells)
            {
                if (value is string s && s.Length > ImportLimits.MaxCellChars)
                {
                    onError(ImportLimits.CellTooLarge(sheetName, rowNumber, layout.Index(header) ?? column, header));
                    yield break;
                }

                column++;
            }

            if (layout.Row(rowNumber, new Dictionary<string, object?>(cells)) is { } row)
            {
                yield return row;
            }
        }
    }

    /// <summary>A sheet's headers checked against its kind: builds its rows (blank rows are skipped).</summary>
    private sealed class Layout(SheetKind kind, string label, Dictionary<string, string> columns, Dictionary<string, string> letters, Dictionary<string, int> indexes)
    {
        public static Layout? Of(List<string> headers, SheetKind kind, string label, Action<ImportError> onError)
        {
            var columns = new Dictionary<string, string>(StringComparer.Ordinal);
            var letters = new Dictionary<string, string>(StringComparer.Ordinal);
            var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < headers.Count; i++)
            {
                columns.TryAdd(SheetFormat.Normalize(headers[i]), headers[i]);
                letters.TryAdd(headers[i], SheetFormat.ColumnLetter(i));
                indexes.TryAdd(headers[i], i);
            }

            var required = SheetFormat.Headers[kind].Where(h => h is not SheetFormat.Exclusion and not SheetFormat.FundingSource and not SheetFormat.Memo and not SheetFormat.Voucher);
            var missing = required.Where(h => !columns.ContainsKey(SheetFormat.Normalize(h))).ToList();
            if (headers.Count > 0 && missing.Count > 0)
            {
                foreach (var header in missing)
                {
                    onError(new ImportError(label, 1, "", header, "", BudgetsMessages.ImportMissingColumn(header), "budgets.import.missing_column"));
                }

                return null;
            }

            return new Layout(kind, label, columns, letters, indexes);
        }

        public int? Index(string header) => indexes.TryGetValue(header, out var i) ? i : null;

        public SheetRow? Row(int rowNumber, Dictionary<string, object?> cells) =>
            cells.Values.All(v => v is null || (v is string s && string.IsNullOrWhiteSpace(s)))
                ? null
                : new SheetRow(kind, label, rowNumber, cells, columns) { Letters = letters };
    }

    private static List<string> FirstRowKeys(string path, string sheetName)
    {
        using var stream = File.OpenRead(path);
        foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheetName, excelType: ExcelType.XLSX))
        {
            return row.Values.Select(SheetFormat.Text).ToList();
        }

        return [];
    }

    /// <summary>
    /// Whether the whole file decodes as strict UTF-8, streamed through one decoder so that a multi-byte character
    /// split across reads (or ending the file) is judged whole.
    /// </summary>
    private static bool LooksLikeUtf8(string path, CancellationToken ct)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[bytes.Length + 4];
        using var stream = File.OpenRead(path);
        try
        {
            int read;
            while ((read = stream.Read(bytes, 0, bytes.Length)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }

            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
