using System.Text;
using DistrictPerf.Modules.Budgets.Localization;

namespace DistrictPerf.Modules.Budgets.Import;

/// <summary>
/// Bounds of one import, so that no file — however hostile — keeps a core busy: columns per row, data rows per
/// sheet (a CSV is one sheet), characters per cell, and the time the read pass may take. A file over a bound is
/// refused as a whole with an error naming the limit (<c>budgets.import.too_many_columns</c>, <c>…too_many_rows</c>,
/// <c>…cell_too_large</c>, <c>…time_limit</c>). Documented in docs/operations.md (Budgets).
/// </summary>
internal static class ImportLimits
{
    public const int MaxColumns = 64;

    public const int MaxRows = 200_000;

    public const int MaxCellChars = 2_000;

    /// <summary>The read pass (parsing and checking every row) is cancelled after this long.</summary>
    public static readonly TimeSpan ReadTime = TimeSpan.FromSeconds(60);

    public static ImportError TooManyColumns(string sheet, int row) =>
        new(sheet, row, SheetFormat.ColumnLetter(MaxColumns), "", "", BudgetsMessages.ImportTooManyColumns(MaxColumns), "budgets.import.too_many_columns");

    public static ImportError TooManyRows(string sheet, int row) =>
        new(sheet, row, "", "", "", BudgetsMessages.ImportTooManyRows(MaxRows), "budgets.import.too_many_rows");

    public static ImportError CellTooLarge(string sheet, int row, int column, string header) =>
        new(sheet, row, SheetFormat.ColumnLetter(column), header, "", BudgetsMessages.ImportCellTooLarge(MaxCellChars), "budgets.import.cell_too_large");

    public static ImportError TimeLimit(string file) =>
        new(file, 0, "", "", "", BudgetsMessages.ImportTimeLimit((int)ReadTime.TotalSeconds), "budgets.import.time_limit");
}

/// <summary>
/// A streaming RFC 4180 CSV reader (quoted cells may hold commas, quotes and line breaks) that works in time
/// linear in the file and stops at the first cell over <see cref="ImportLimits.MaxCellChars"/> or record over
/// <see cref="ImportLimits.MaxColumns"/> (<see cref="Error"/>). Records end at CR, LF or CRLF outside quotes.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, string sheet, CancellationToken ct)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _cell = new();
    private int _pos;
    private int _len;
    private bool _eof;

    /// <summary>The 1-based number of the record last read.</summary>
    public int Record { get; private set; }

    /// <summary>Set when a bound was exceeded; <see cref="Next"/> then returns null.</summary>
    public ImportError? Error { get; private set; }

    private int Peek()
    {
        if (_pos == _len)
        {
            if (_eof)
            {
                return -1;
            }

            ct.ThrowIfCancellationRequested();
            _len = reader.Read(_buffer, 0, _buffer.Length);
            _pos = 0;
            if (_len == 0)
            {
                _eof = true;
                return -1;
            }
        }

        return _buffer[_pos];
    }

    /// <summary>The next record's cells, or null at the end of the file or on a bound (<see cref="Error"/>).</summary>
    public List<string>? Next()
    {
        if (Error is not null || Peek() == -1)
        {
            return null;
        }

        Record++;
        var fields = new List<string>();
        _cell.Clear();
        bool inQuotes = false, quoted = false;
        while (true)
        {
            var c = Peek();
            if (c == -1)
            {
                return EndField(fields) ? fields : null;
            }

            _pos++;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (Peek() == '"')
                    {
                        _pos++;
                        if (!Append('"', fields))
                        {
                            return null;
                        }
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else if (!Append((char)c, fields))
                {
                    return null;
                }
            }
            else if (c == '"' && _cell.Length == 0 && !quoted)
            {
                inQuotes = quoted = true;
            }
            else if (c == ',')
            {
                if (!EndField(fields))
                {
                    return null;
                }

                quoted = false;
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && Peek() == '\n')
                {
                    _pos++;
                }

                return EndField(fields) ? fields : null;
            }
            else if (!Append((char)c, fields))
            {
                return null;
            }
        }
    }

    private bool Append(char c, List<string> fields)
    {
        if (_cell.Length >= ImportLimits.MaxCellChars)
        {
            Error = ImportLimits.CellTooLarge(sheet, Record, fields.Count, "");
            return false;
        }

        _cell.Append(c);
        return true;
    }

    private bool EndField(List<string> fields)
    {
        if (fields.Count >= ImportLimits.MaxColumns)
        {
            Error = ImportLimits.TooManyColumns(sheet, Record);
            return false;
        }

        fields.Add(_cell.ToString());
        _cell.Clear();
        return true;
    }
}

/// <summary>
/// CSV formula injection: a text cell starting with <c>= + - @</c>, tab or CR is run as a formula by spreadsheet
/// programs. Exports prefix such text with <c>'</c> (numbers stay numbers); imports take one <c>'</c> off again,
/// so an export re-imports unchanged (text that itself starts with <c>'</c> before such a character gets one more).
/// </summary>
internal static class CsvFormula
{
    private static bool Triggers(string text)
    {
        var i = 0;
        while (i < text.Length && text[i] == '\'')
        {
            i++;
        }

        return i < text.Length && text[i] is '=' or '+' or '-' or '@' or '\t' or '\r';
    }

    public static object? Escape(object? cell) => cell is string s && Triggers(s) ? "'" + s : cell;

    public static string Unescape(string text) => text.Length > 1 && text[0] == '\'' && Triggers(text[1..]) ? text[1..] : text;
}
