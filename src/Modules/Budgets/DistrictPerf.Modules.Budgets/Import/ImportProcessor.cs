using System.Text.Json;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Budgets.Features;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DistrictPerf.Modules.Budgets.Import;

/// <summary>
/// All-or-nothing import of budget lines, adjustments and spending for one bureau and year.
/// Pass 1 streams and checks every row against the rules and the database, collecting every
/// bad cell (sheet, row, column, reason); rows are held once, as compact records. Pass 2, only
/// when there is no error, writes everything in one transaction. Rows already present (same
/// content fingerprint, or an identical line) are skipped, so a re-imported file adds nothing.
/// Runs in the tenant scope of the job's bureau.
/// </summary>
internal sealed class ImportProcessor(DbContext db, UnitOfWork unitOfWork, ImportProgressRegistry registry, TimeProvider clock, ILogger<ImportProcessor> logger)
{
    public const int MaxReportedErrors = 500;
    private const int BatchSize = 5000;

    private sealed record LineRow(int Row, string Code, string Name, BudgetKind Kind, string? FundingSource, long InitialFen);

    private sealed record AdjustmentRow(string Code, DateOnly Date, AdjustmentKind Kind, long AmountFen, string Reason, AdjustmentExclusion? Exclusion, string Fingerprint);

    private sealed record SpendingRow(string Code, DateOnly Date, long AmountFen, string? Voucher, string? Memo, string Fingerprint);

    public async Task<ImportJob> RunAsync(Guid jobId, string path, CancellationToken ct)
    {
        var progress = registry.Start(jobId);
        try
        {
            var job = await Finish(jobId, j => j.Status = ImportStatus.Running, ct, finished: false);
            db.ChangeTracker.Clear();

            progress.Phase = "读取与校验 / reading and checking";
            var year = job.FiscalYear;
            var existingLines = await db.Set<BudgetLine>().AsNoTracking().Where(l => l.FiscalYear == year).ToDictionaryAsync(l => l.Code, ct);
            var closed = (await db.Set<ClosedMonth>().Where(m => m.FiscalYear == year).Select(m => m.Month).ToListAsync(ct)).ToHashSet();
            var knownAdjustments = (await db.Set<BudgetAdjustment>().Where(a => a.FiscalYear == year).Select(a => a.Fingerprint).ToListAsync(ct)).ToHashSet();
            var knownSpending = (await db.Set<SpendingEntry>().Where(s => s.FiscalYear == year).Select(s => s.Fingerprint).ToListAsync(ct)).ToHashSet();

            var errors = new List<ImportError>();
            var errorCount = 0;
            void Error(ImportError e)
            {
                errorCount++;
                if (errors.Count < MaxReportedErrors)
                {
                    errors.Add(e);
                }
            }

            var newLines = new Dictionary<string, LineRow>(StringComparer.Ordinal);
            var lineKinds = existingLines.ToDictionary(kv => kv.Key, kv => kv.Value.Kind);
            var adjustments = new List<AdjustmentRow>();
            var spending = new List<SpendingRow>();
            var seen = new HashSet<string>();
            int rows = 0, skipped = 0;

            foreach (var row in ImportReader.Read(path, job.FileName, Error))
            {
                ct.ThrowIfCancellationRequested();
                rows++;
                progress.Read();
                switch (row.Kind)
                {
                    case SheetKind.Lines:
                        if (CheckLine(row, year, Error) is { } line)
                        {
                            if (newLines.ContainsKey(line.Code))
                            {
                                Error(row.Error(SheetFormat.Code, $"项目编码 {line.Code} 在文件中重复 / Duplicate line code in the file."));
                            }
                            else if (existingLines.TryGetValue(line.Code, out var existing))
                            {
                                if (existing.Name == line.Name && existing.Kind == line.Kind && existing.FundingSource == line.FundingSource && existing.InitialFen == line.InitialFen)
                                {
                                    skipped++;
                                }
                                else
                                {
                                    Error(row.Error(SheetFormat.Code, $"项目 {line.Code} 已存在且内容不同；请在系统中修改 / Line exists with different values; change it in the app."));
                                }
                            }
                            else
                            {
                                newLines[line.Code] = line;
                                lineKinds[line.Code] = line.Kind;
                            }
                        }

                        break;
                    case SheetKind.Adjustments:
                        if (CheckAdjustment(row, year, lineKinds, closed, Error) is { } adjustment)
                        {
                            if (!seen.Add(adjustment.Fingerprint))
                            {
                                Error(row.Error(SheetFormat.Date, "与文件中另一行完全相同 / Identical to another row of the file."));
                            }
                            else if (knownAdjustments.Contains(adjustment.Fingerprint))
                            {
                                skipped++;
                            }
                            else
                            {
                                adjustments.Add(adjustment);
                            }
                        }

                        break;
                    case SheetKind.Spending:
                        if (CheckSpending(row, year, lineKinds, closed, Error) is { } entry)
                        {
                            if (!seen.Add(entry.Fingerprint))
                            {
                                Error(row.Error(SheetFormat.Date, "与文件中另一行完全相同（日期、项目、金额、凭证号、摘要）/ Identical to another row of the file."));
                            }
                            else if (knownSpending.Contains(entry.Fingerprint))
                            {
                                skipped++;
                            }
                            else
                            {
                                spending.Add(entry);
                            }
                        }

                        break;
                }
            }

            if (rows == 0 && errorCount == 0)
            {
                Error(new ImportError(job.FileName, 0, "", "", "", "文件中没有数据行 / The file has no data rows."));
            }

            if (errorCount > 0)
            {
                return await Finish(jobId, j =>
                {
                    j.Status = ImportStatus.Failed;
                    j.RowsRead = rows;
                    j.ErrorCount = errorCount;
                    j.ErrorsJson = JsonSerializer.Serialize(errors);
                }, ct);
            }

            progress.Phase = "写入 / writing";
            // One unit of work for every row (replayed whole on a transient failure), flushed in batches.
            return await unitOfWork.ExecuteAsync(token => WriteAsync(token), ct);

            async Task<ImportJob> WriteAsync(CancellationToken ct)
            {
                progress.ToWrite(newLines.Count + adjustments.Count + spending.Count);
                var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                try
                {
                    var lineIds = existingLines.ToDictionary(kv => kv.Key, kv => kv.Value.Id);
                    foreach (var l in newLines.Values)
                    {
                        var entity = new BudgetLine { FiscalYear = year, Code = l.Code, Name = l.Name, Kind = l.Kind, FundingSource = l.FundingSource, InitialFen = l.InitialFen };
                        lineIds[l.Code] = entity.Id;
                        db.Add(entity);
                    }

                    await Flush(progress, newLines.Count, ct);
                    foreach (var chunk in adjustments.Chunk(BatchSize))
                    {
                        foreach (var a in chunk)
                        {
                            db.Add(new BudgetAdjustment
                            {
                                FiscalYear = year, Month = a.Date.Month, Date = a.Date, LineId = lineIds[a.Code], LineKind = lineKinds[a.Code],
                                Kind = a.Kind, AmountFen = a.AmountFen, Reason = a.Reason, ExcludedFromRate = a.Exclusion, Fingerprint = a.Fingerprint, ImportJobId = jobId,
                            });
                        }

                        await Flush(progress, chunk.Length, ct);
                    }

                    foreach (var chunk in spending.Chunk(BatchSize))
                    {
                        foreach (var s in chunk)
                        {
                            db.Add(new SpendingEntry
                            {
                                FiscalYear = year, Month = s.Date.Month, Date = s.Date, LineId = lineIds[s.Code], LineKind = lineKinds[s.Code],
                                AmountFen = s.AmountFen, VoucherRef = s.Voucher, Memo = s.Memo, Fingerprint = s.Fingerprint, ImportJobId = jobId,
                            });
                        }

                        await Flush(progress, chunk.Length, ct);
                    }

                    db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
                    var done = await Finish(jobId, j =>
                    {
                        j.Status = ImportStatus.Succeeded;
                        j.RowsRead = rows;
                        j.LinesAdded = newLines.Count;
                        j.AdjustmentsAdded = adjustments.Count;
                        j.SpendingAdded = spending.Count;
                        j.RowsSkipped = skipped;
                    }, ct);
                    return done;
                }
                finally
                {
                    db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Import {JobId} failed", jobId);
            db.ChangeTracker.Clear();
            return await Finish(jobId, j =>
            {
                j.Status = ImportStatus.Failed;
                j.ErrorCount = Math.Max(1, j.ErrorCount);
                j.ErrorsJson = JsonSerializer.Serialize(new[] { new ImportError(j.FileName, 0, "", "", "", "导入失败，未写入任何数据；请联系管理员 / The import failed and wrote nothing.") });
            }, CancellationToken.None);
        }
        finally
        {
            registry.Finish(jobId);
        }
    }

    private async Task Flush(ImportProgress progress, int count, CancellationToken ct)
    {
        await unitOfWork.FlushBatchAsync(ct);
        progress.Written(count);
    }

    /// <summary>Updates the job row in its own unit of work (or in the write's unit, which it then joins).</summary>
    private Task<ImportJob> Finish(Guid jobId, Action<ImportJob> update, CancellationToken ct, bool finished = true) =>
        unitOfWork.ExecuteAsync(async token =>
        {
            var job = await db.Set<ImportJob>().SingleAsync(j => j.Id == jobId, token);
            update(job);
            if (finished)
            {
                job.FinishedAt = clock.GetUtcNow().UtcDateTime;
            }

            return job;
        }, ct);

    private static LineRow? CheckLine(SheetRow row, int year, Action<ImportError> error)
    {
        var ok = true;
        var code = SheetFormat.Text(row.Cell(SheetFormat.Code)).ToUpperInvariant();
        if (code.Length == 0 || code.Length > BudgetLine.CodeMaxLength || !System.Text.RegularExpressions.Regex.IsMatch(code, "^[A-Z0-9][A-Z0-9._-]*$"))
        {
            error(row.Error(SheetFormat.Code, $"项目编码必填，最长 {BudgetLine.CodeMaxLength} 位，只含字母、数字和 . _ - / Code required, letters, digits, . _ -"));
            ok = false;
        }

        var name = SheetFormat.Text(row.Cell(SheetFormat.Name));
        if (name.Length == 0 || name.Length > BudgetLine.NameMaxLength)
        {
            error(row.Error(SheetFormat.Name, $"项目名称必填，最长 {BudgetLine.NameMaxLength} 字 / Name required, at most {BudgetLine.NameMaxLength} characters."));
            ok = false;
        }

        var kind = SheetFormat.ParseKind(SheetFormat.Text(row.Cell(SheetFormat.Kind)));
        if (kind is null)
        {
            error(row.Error(SheetFormat.Kind, "须为“基本支出”或“项目支出” / Must be 基本支出 or 项目支出."));
            ok = false;
        }

        var funding = SheetFormat.Text(row.Cell(SheetFormat.FundingSource));
        if (funding.Length > BudgetLine.FundingSourceMaxLength)
        {
            error(row.Error(SheetFormat.FundingSource, $"最长 {BudgetLine.FundingSourceMaxLength} 字 / Too long."));
            ok = false;
        }

        var initial = Amount(row, SheetFormat.Initial, error, allowZero: true, allowNegative: false);
        _ = year;
        return ok && initial is { } fen ? new LineRow(row.Row, code, name, kind!.Value, funding.Length == 0 ? null : funding, fen) : null;
    }

    private static AdjustmentRow? CheckAdjustment(SheetRow row, int year, Dictionary<string, BudgetKind> lines, HashSet<int> closed, Action<ImportError> error)
    {
        var date = Date(row, year, closed, error);
        var code = Line(row, lines, error);
        var kind = SheetFormat.ParseAdjustmentKind(SheetFormat.Text(row.Cell(SheetFormat.AdjustmentKind)));
        if (kind is null)
        {
            error(row.Error(SheetFormat.AdjustmentKind, "须为“追加”“追减”或“结构调整” / Must be 追加, 追减 or 结构调整."));
        }

        var amount = Amount(row, SheetFormat.AdjustmentAmount, error, allowZero: false, allowNegative: true);
        if (amount is { } a && kind is { } k && !CreateAdjustmentValidator.SignMatches(k, a))
        {
            error(row.Error(SheetFormat.AdjustmentAmount, "追加须为正数、追减须为负数 / Increases are positive, decreases negative."));
            amount = null;
        }

        var reason = SheetFormat.Text(row.Cell(SheetFormat.Reason));
        if (reason.Length == 0 || reason.Length > BudgetAdjustment.ReasonMaxLength)
        {
            error(row.Error(SheetFormat.Reason, "调整原因必填，最长 500 字 / A reason is required (≤ 500 characters)."));
            reason = "";
        }

        var (exclusionOk, exclusion) = SheetFormat.ParseExclusion(SheetFormat.Text(row.Cell(SheetFormat.Exclusion)));
        if (!exclusionOk)
        {
            error(row.Error(SheetFormat.Exclusion, "须为空或“政策性调整”“不可抗力”“上级交办” / Blank, 政策性调整, 不可抗力 or 上级交办."));
        }

        return date is { } d && code is not null && kind is { } kk && amount is { } fen && reason.Length > 0 && exclusionOk
            ? new AdjustmentRow(code, d, kk, fen, reason, exclusion, BudgetRules.AdjustmentFingerprint(code, d, kk, fen, reason))
            : null;
    }

    private static SpendingRow? CheckSpending(SheetRow row, int year, Dictionary<string, BudgetKind> lines, HashSet<int> closed, Action<ImportError> error)
    {
        var date = Date(row, year, closed, error);
        var code = Line(row, lines, error);
        var amount = Amount(row, SheetFormat.Amount, error, allowZero: false, allowNegative: true);
        var voucher = SheetFormat.Text(row.Cell(SheetFormat.Voucher));
        if (voucher.Length > SpendingEntry.VoucherMaxLength)
        {
            error(row.Error(SheetFormat.Voucher, $"凭证号最长 {SpendingEntry.VoucherMaxLength} 位 / Voucher too long."));
            amount = null;
        }

        var memo = SheetFormat.Text(row.Cell(SheetFormat.Memo));
        if (memo.Length > SpendingEntry.MemoMaxLength)
        {
            error(row.Error(SheetFormat.Memo, $"摘要最长 {SpendingEntry.MemoMaxLength} 字 / Memo too long."));
            amount = null;
        }

        string? v = voucher.Length == 0 ? null : voucher, m = memo.Length == 0 ? null : memo;
        return date is { } d && code is not null && amount is { } fen
            ? new SpendingRow(code, d, fen, v, m, BudgetRules.SpendingFingerprint(code, d, fen, v, m))
            : null;
    }

    private static DateOnly? Date(SheetRow row, int year, HashSet<int> closed, Action<ImportError> error)
    {
        var date = SheetFormat.ParseDate(row.Cell(SheetFormat.Date));
        if (date is null)
        {
            error(row.Error(SheetFormat.Date, "日期必填，格式如 2021-03-05 / A date like 2021-03-05 is required."));
            return null;
        }

        if (BudgetRules.DateError(date.Value, year) is { } message)
        {
            error(row.Error(SheetFormat.Date, message));
            return null;
        }

        if (closed.Contains(date.Value.Month))
        {
            error(row.Error(SheetFormat.Date, $"{year} 年 {date.Value.Month} 月已结账 / The month is closed."));
            return null;
        }

        return date;
    }

    private static string? Line(SheetRow row, Dictionary<string, BudgetKind> lines, Action<ImportError> error)
    {
        var code = SheetFormat.Text(row.Cell(SheetFormat.Code)).ToUpperInvariant();
        if (!lines.ContainsKey(code))
        {
            error(row.Error(SheetFormat.Code, code.Length == 0 ? "项目编码必填 / Line code required." : $"未知的预算项目 {code} / Unknown budget line."));
            return null;
        }

        return code;
    }

    private static long? Amount(SheetRow row, string header, Action<ImportError> error, bool allowZero, bool allowNegative)
    {
        var amount = SheetFormat.ParseAmount(row.Cell(header));
        if (amount is null)
        {
            error(row.Error(header, "金额必填且须为数字 / A number is required."));
            return null;
        }

        if (BudgetRules.AmountError(amount.Value, allowZero, allowNegative) is { } message)
        {
            error(row.Error(header, message));
            return null;
        }

        return Money.ToFen(amount.Value);
    }
}
