using System.Text.RegularExpressions;

namespace DistrictPerf.Modules.Reports.Legacy;

/// <summary>
/// Table 1 (部门整体支出绩效目标完成情况表), read by its header row whatever the column set and order:
/// one "关键指标及目标值" cell per row (the reference's layout) or separate 一级 / 二级 / 三级指标, 年度目标值,
/// 实际完成值, 完成情况 and 偏差原因及改进措施 columns. Rows come as lines whose cells are separated by tabs
/// (a .docx table, or a PDF extracted with tabs) or by runs of two or more spaces (a PDF laid out as text:
/// a row missing leading cells is placed by where its cells start under the header's). Task cells merged
/// down several rows (the task only on its first row), names wrapped onto the next line, reasons on the
/// line after the row and amounts in 元 (header "资金（元）" or caption "单位：元") are handled.
/// </summary>
internal static partial class LegacyReportParser
{
    private sealed class TaskDraft(int number)
    {
        public int Number { get; } = number;
        public string? TableName { get; set; }
        public string? Goal { get; set; }
        public string? Completion { get; set; }
        public decimal? Funds { get; set; }
        public List<IndicatorDraft> Indicators { get; } = [];
    }

    private sealed class IndicatorDraft(string name, string? target, string? actual)
    {
        public string Name { get; set; } = name;
        public string? Target { get; set; } = target;
        public string? Actual { get; set; } = actual;

        /// <summary>A 完成情况 / 是否完成 cell (when the table has one besides the actual value).</summary>
        public string? Verdict { get; set; }

        /// <summary>A 偏差原因 cell, or a reason written on the line after the row.</summary>
        public string? Reason { get; set; }
    }

    private enum Col
    {
        Unknown,
        Number,
        Name,
        Goal,
        Completion,
        Funds,
        Level1,
        Level2,
        Indicator,
        IndicatorWithTarget,
        Target,
        Actual,
        Verdict,
        Reason,
    }

    /// <summary>The columns found in a header row; <see cref="Starts"/> are the cells' display columns when the header was space-separated.</summary>
    private sealed class TableLayout(Col[] kinds, int[]? starts, decimal? fundsScale)
    {
        public static TableLayout Default(decimal? scale) =>
            new([Col.Number, Col.Name, Col.Goal, Col.Completion, Col.IndicatorWithTarget, Col.Actual, Col.Funds], null, scale);

        public Col[] Kinds { get; } = kinds;
        public int[]? Starts { get; } = starts;

        /// <summary>Factor to 万元 of an amount without its own unit: 0.0001 for a "（元）" header or a "单位：元" caption; null: as printed.</summary>
        public decimal? FundsScale { get; set; } = fundsScale;

        public bool Has(Col kind) => Array.IndexOf(Kinds, kind) >= 0;
    }

    /// <summary>One line split into cells: trimmed texts, raw texts (gaps kept) and, for space-separated lines, each cell's display column.</summary>
    private sealed record Cells(string[] Clean, string[] Raw, int[]? Starts);

    private static List<TaskDraft> ParseTable(string widthNormalised)
    {
        var tasks = new List<TaskDraft>();
        TableLayout? layout = null;
        TaskDraft? current = null;
        decimal? captionScale = null;
        string? pendingName = null;
        var previousNameEmpty = true;
        var previousWasHeader = false;

        foreach (var line in widthNormalised.Split('\n'))
        {
            var whole = LegacyText.CollapseSpaces(line).Trim();
            if (UnitCaption().Match(whole) is { Success: true } unit)
            {
                captionScale = unit.Groups["u"].Value == "元" ? 0.0001m : null;
            }

            var cells = SplitCells(line);
            var spaced = cells is { Starts: not null };
            if (!line.Contains('\t') && LegacyText.IsHeading(whole))
            {
                // A heading after the table ends it; blank lines and page footers do not.
                FlushPendingName();
                layout = null;
                current = null;
                previousWasHeader = false;
                continue;
            }

            var wasHeader = previousWasHeader;
            previousWasHeader = false;
            if (cells is null || spaced && layout is not null && cells.Clean.Length == 1 && ReasonLine().IsMatch(whole))
            {
                if (layout is not null && current is { Indicators.Count: > 0 } && ReasonLine().Match(whole) is { Success: true } reason)
                {
                    // "偏差原因：……" / "因……" on the line after the row: the last indicator's reason.
                    FlushPendingName();
                    current.Indicators[^1].Reason = LegacyText.Append(current.Indicators[^1].Reason, reason.Groups["r"].Value.Trim());
                    continue;
                }

                previousWasHeader = wasHeader && whole.Length == 0;
                continue;
            }

            if (TryReadHeader(cells.Clean, cells.Starts) is { } header)
            {
                FlushPendingName();
                header.FundsScale ??= captionScale;
                layout = wasHeader && layout is not null ? MergeHeaders(layout, header) : header;
                previousWasHeader = true;
                continue;
            }

            if (layout is null)
            {
                // Without a header, accept only tab-separated rows that look like table 1's numbered task rows.
                if (spaced || cells.Clean.Length < 6 || TaskNumber(cells.Clean[0]) is null || !cells.Clean[4].Contains("目标", StringComparison.Ordinal))
                {
                    continue;
                }

                layout = TableLayout.Default(captionScale);
            }
            else if (spaced && layout.Starts is null)
            {
                // A space-separated line under a tab-separated header: not a row of this table.
                continue;
            }

            var row = MapRow(layout, cells);
            string Get(Col kind) => row.TryGetValue(kind, out var v) ? v.Clean : string.Empty;
            string GetRaw(Col kind) => row.TryGetValue(kind, out var v) ? v.Raw : string.Empty;

            var nameCell = Get(Col.Name);
            if (TaskNumber(Get(Col.Number)) is { } number)
            {
                FlushPendingName();
                current = tasks.FirstOrDefault(t => t.Number == number);
                if (current is null)
                {
                    current = new TaskDraft(number);
                    tasks.Add(current);
                }
            }
            else if (!layout.Has(Col.Number) && nameCell.Length > 0
                && (current is null || Get(Col.Funds).Length > 0 || Get(Col.Goal).Length > 0 || current.Indicators.Count > 0 && previousNameEmpty))
            {
                // No 序号 column: a task name starts a task (its merged cells are empty on the rows below).
                FlushPendingName();
                current = new TaskDraft(tasks.Count == 0 ? 1 : tasks.Max(t => t.Number) + 1);
                tasks.Add(current);
            }
            else if (current is null)
            {
                continue;
            }

            previousNameEmpty = nameCell.Length == 0;
            current.TableName = LegacyText.Append(current.TableName, nameCell);
            current.Goal = LegacyText.Append(current.Goal, Get(Col.Goal));
            current.Completion = LegacyText.Append(current.Completion, Get(Col.Completion));
            current.Funds ??= ParseFunds(Get(Col.Funds), layout.FundsScale);

            if (layout.Has(Col.IndicatorWithTarget))
            {
                var added = AddIndicators(current, Get(Col.IndicatorWithTarget), GetRaw(Col.Actual));
                if (current.Indicators.Count > 0 && added <= 1)
                {
                    var last = current.Indicators[^1];
                    last.Verdict = LegacyText.Append(last.Verdict, Get(Col.Verdict));
                    last.Reason = LegacyText.Append(last.Reason, Get(Col.Reason));
                }

                continue;
            }

            ReadSeparateColumns(current, Get(Col.Indicator), Get(Col.Target), Get(Col.Actual), Get(Col.Verdict), Get(Col.Reason));
        }

        FlushPendingName();
        return tasks;

        void ReadSeparateColumns(TaskDraft task, string name, string target, string actual, string verdict, string reason)
        {
            var last = task.Indicators.Count > 0 ? task.Indicators[^1] : null;
            if (name.Length > 0 && (target.Length > 0 || last is null && pendingName is null))
            {
                // A new indicator: its name with its target (a wrapped line repeats no target).
                FlushPendingName();
                task.Indicators.Add(new IndicatorDraft(name, target, actual) { Verdict = NullIfEmpty(verdict), Reason = NullIfEmpty(reason) });
                return;
            }

            if (name.Length > 0 && target.Length == 0 && actual.Length == 0 && verdict.Length == 0 && reason.Length == 0)
            {
                // A name alone: the wrapped end of the name above (top-aligned cells), or the start of one whose
                // values follow on the next line (vertically centred cells) — decided by the next line.
                pendingName = LegacyText.Append(pendingName, name);
                return;
            }

            if (name.Length == 0 && pendingName is not null && (target.Length > 0 || actual.Length > 0))
            {
                task.Indicators.Add(new IndicatorDraft(pendingName, target, actual) { Verdict = NullIfEmpty(verdict), Reason = NullIfEmpty(reason) });
                pendingName = null;
                return;
            }

            if (last is null)
            {
                if (name.Length > 0)
                {
                    task.Indicators.Add(new IndicatorDraft(name, target, actual) { Verdict = NullIfEmpty(verdict), Reason = NullIfEmpty(reason) });
                }

                return;
            }

            // The wrapped rest of the row above: every cell continues the same indicator.
            FlushPendingName();
            last.Name = LegacyText.Append(last.Name, name)!;
            last.Target = LegacyText.Append(last.Target, target);
            last.Actual = LegacyText.Append(last.Actual, actual);
            last.Verdict = LegacyText.Append(last.Verdict, verdict);
            last.Reason = LegacyText.Append(last.Reason, reason);
        }

        void FlushPendingName()
        {
            if (pendingName is null)
            {
                return;
            }

            if (current is { Indicators.Count: > 0 })
            {
                current.Indicators[^1].Name = LegacyText.Append(current.Indicators[^1].Name, pendingName)!;
            }
            else
            {
                current?.Indicators.Add(new IndicatorDraft(pendingName, null, null));
            }

            pendingName = null;
        }
    }

    /// <summary>
    /// A second header row right under the first (绩效指标 split into 一级 / 二级 / 三级指标): its known columns
    /// replace the first row's at the same positions; the first row's others stay.
    /// </summary>
    private static TableLayout MergeHeaders(TableLayout first, TableLayout second)
    {
        var length = Math.Max(first.Kinds.Length, second.Kinds.Length);
        var kinds = new Col[length];
        for (var i = 0; i < length; i++)
        {
            var lower = i < second.Kinds.Length ? second.Kinds[i] : Col.Unknown;
            kinds[i] = lower != Col.Unknown ? lower : i < first.Kinds.Length ? first.Kinds[i] : Col.Unknown;
        }

        for (var i = 0; i < length; i++)
        {
            if (kinds[i] != Col.Unknown && Array.IndexOf(kinds, kinds[i]) < i)
            {
                kinds[i] = Col.Unknown;
            }
        }

        var starts = first.Starts is { } a && second.Starts is { } b && a.Length == length ? a : second.Starts ?? first.Starts;
        return new TableLayout(kinds, starts, first.FundsScale ?? second.FundsScale);
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    /// <summary>
    /// A line's cells: split at tabs when it has any, else at runs of two or more spaces (null when that gives a single
    /// cell that starts the line: plain text). Each space-separated cell keeps its display column.
    /// </summary>
    private static Cells? SplitCells(string line)
    {
        if (line.Contains('\t'))
        {
            var raw = line.Split('\t');
            return new Cells(raw.Select(c => LegacyText.CollapseSpaces(c).Trim()).ToArray(), raw, null);
        }

        var runs = SpacedCell().Matches(line);
        if (runs.Count == 0 || runs.Count == 1 && runs[0].Index < 2)
        {
            return null;
        }

        return new Cells(
            runs.Select(m => LegacyText.CollapseSpaces(m.Value).Trim()).ToArray(),
            runs.Select(m => m.Value).ToArray(),
            runs.Select(m => LegacyText.DisplayWidth(line.AsSpan(0, m.Index))).ToArray());
    }

    /// <summary>
    /// The header's column for each cell: in order for tab-separated lines and for space-separated lines with every
    /// cell; else each cell under the header cell whose start is nearest (left to right, one cell per column).
    /// </summary>
    private static Dictionary<Col, (string Clean, string Raw)> MapRow(TableLayout layout, Cells cells)
    {
        var row = new Dictionary<Col, (string Clean, string Raw)>();
        void Put(int column, int cell)
        {
            if (column < 0 || column >= layout.Kinds.Length || layout.Kinds[column] == Col.Unknown)
            {
                return;
            }

            var kind = layout.Kinds[column];
            row[kind] = row.TryGetValue(kind, out var existing) && existing.Clean.Length > 0
                ? (LegacyText.Append(existing.Clean, cells.Clean[cell])!, existing.Raw + " " + cells.Raw[cell])
                : (cells.Clean[cell], cells.Raw[cell]);
        }

        if (cells.Starts is null || layout.Starts is null || cells.Clean.Length == layout.Kinds.Length)
        {
            for (var i = 0; i < cells.Clean.Length; i++)
            {
                Put(i, i);
            }

            return row;
        }

        var next = 0;
        for (var i = 0; i < cells.Clean.Length; i++)
        {
            var best = next;
            var remaining = cells.Clean.Length - i - 1;
            for (var j = next; j < layout.Starts.Length - remaining; j++)
            {
                if (Math.Abs(layout.Starts[j] - cells.Starts[i]) < Math.Abs(layout.Starts[best] - cells.Starts[i]))
                {
                    best = j;
                }
            }

            Put(best, i);
            next = best + 1;
        }

        return row;
    }

    private static int? TaskNumber(string cell)
    {
        var m = TaskNumberPattern().Match(cell);
        return m.Success && int.TryParse(m.Groups["n"].Value, out var n) && n is > 0 and < 100 ? n : null;
    }

    [GeneratedRegex(@"^(?<n>\d{1,2})[.、]?$")]
    private static partial Regex TaskNumberPattern();

    /// <summary>A header row: at least three known columns, one of them naming the indicators, none a task number.</summary>
    private static TableLayout? TryReadHeader(string[] cells, int[]? starts)
    {
        var squashed = cells.Select(c => c.Replace(" ", string.Empty, StringComparison.Ordinal)).ToArray();
        var kinds = squashed.Select(Classify).ToArray();

        var isHeader = squashed.Length > 0 && squashed[0] is "号" or "序号" or "序" or "编号"
            || kinds.Count(k => k != Col.Unknown) >= 3 && kinds.Any(k => k is Col.Indicator or Col.IndicatorWithTarget or Col.Target)
                && squashed.All(c => c.Length <= 16 && !c.Contains('。', StringComparison.Ordinal) && !c.Contains('，', StringComparison.Ordinal)
                    && !c.Any(char.IsAsciiDigit) && !c.Contains('%', StringComparison.Ordinal));
        if (!isHeader || squashed.Any(c => TaskNumber(c) is not null))
        {
            return null;
        }

        // A lone 完成情况 column is the indicator's actual text; beside an 实际完成值 column it is the verdict.
        if (!kinds.Contains(Col.Actual) && Array.IndexOf(kinds, Col.Verdict) is var verdict and >= 0)
        {
            kinds[verdict] = Col.Actual;
        }

        // Only the first column of a kind is read (a repeated kind is ignored).
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] != Col.Unknown && Array.IndexOf(kinds, kinds[i]) < i)
            {
                kinds[i] = Col.Unknown;
            }
        }

        if (!kinds.Contains(Col.IndicatorWithTarget) && !kinds.Contains(Col.Indicator))
        {
            return TableLayout.Default(null);
        }

        var fundsColumn = Array.IndexOf(kinds, Col.Funds);
        decimal? scale = fundsColumn >= 0 && YuanUnit().IsMatch(squashed[fundsColumn]) ? 0.0001m : null;
        return new TableLayout(kinds, starts, scale);
    }

    private static Col Classify(string h)
    {
        bool Has(string word) => h.Contains(word, StringComparison.Ordinal);
        return h switch
        {
            "号" or "序号" or "序" or "编号" => Col.Number,
            _ when Has("资金") || Has("金额") || Has("预算数") || Has("经费") => Col.Funds,
            _ when Has("一级") => Col.Level1,
            _ when Has("二级") => Col.Level2,
            _ when Has("三级") => Col.Indicator,
            _ when Has("指标") && Has("目标值") && (Has("及") || Has("和") || Has("与") || Has("、")) => Col.IndicatorWithTarget,
            _ when Has("偏差") || Has("原因") || Has("改进措施") => Col.Reason,
            _ when (Has("目标值") || Has("指标值") || Has("目标数")) && !Has("完成") => Col.Target,
            _ when Has("实际") => Col.Actual,
            _ when Has("目标完成情况") || Has("任务完成情况") => Col.Completion,
            _ when Has("指标完成情况") => Col.Actual,
            _ when Has("完成情况") || Has("是否完成") || Has("是否达") || Has("达成情况") || Has("完成结果") => Col.Verdict,
            _ when Has("指标") => Col.Indicator,
            _ when Has("任") || Has("务") => Col.Name,
            _ when Has("目标") => Col.Goal,
            _ => Col.Unknown,
        };
    }

    /// <summary>A funds cell in 万元: its own unit first (元 or 万元), else the table's (<paramref name="scale"/>), else as printed.</summary>
    private static decimal? ParseFunds(string cell, decimal? scale)
    {
        if (cell.Length == 0)
        {
            return null;
        }

        var m = FundsPattern().Match(cell);
        if (!m.Success || LegacyText.ParseDecimal(m.Groups["v"].Value) is not { } value)
        {
            return null;
        }

        return m.Groups["u"].Value switch
        {
            "元" => LegacyText.YuanToWan(value),
            "万元" or "万" => value,
            _ => scale is { } s ? LegacyText.Trim(value * s) : value,
        };
    }

    [GeneratedRegex(@"^(?<v>" + Num + @")\s*(?<u>万元|万|元)?$")]
    private static partial Regex FundsPattern();

    [GeneratedRegex(@"[(（]元[)）]|单位[:：]?元|^[^万]*元$")]
    private static partial Regex YuanUnit();

    // "单位：万元" / "单位:元" in the table's caption.
    [GeneratedRegex(@"单位\s*[:：]\s*(?<u>万元|元)")]
    private static partial Regex UnitCaption();

    // A cell of a space-separated line: text with single spaces inside, ended by two or more spaces or the line end.
    [GeneratedRegex(@"\S+(?: \S+)*")]
    private static partial Regex SpacedCell();

    // A reason written on the line after the row: "偏差原因：……", "原因：……", or a clause starting with 因/由于/受.
    [GeneratedRegex(@"^(?:(?:偏差原因(?:及改进措施|分析)?|未完成原因|未达标原因|原因(?:说明|分析)?)\s*[:：]\s*(?<r>.+)|(?<r>(?:因为|因|由于|受)\S.*))$")]
    private static partial Regex ReasonLine();
}
