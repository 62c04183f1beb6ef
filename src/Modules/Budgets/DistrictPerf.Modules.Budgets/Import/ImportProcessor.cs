using System.Text.Json;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Budgets.Features;
using DistrictPerf.Modules.Budgets.Localization;
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

    /// <summary>
    /// Runs a job that <paramref name="runnerId"/> has claimed (<see cref="ImportLease.ClaimAsync"/>). The job is
    /// finished only while the claim is still this runner's, in the same transaction as the rows it writes.
    /// </summary>
    public async Task<ImportJob> RunAsync(Guid jobId, string path, string runnerId, CancellationToken ct)
    {
        var progress = registry.Start(jobId);
        try
        {
            var job = await db.Set<ImportJob>().AsNoTracking().SingleAsync(j => j.Id == jobId, ct);

            progress.Phase = ImportPhase.Reading;
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

            // The read pass has a time budget (besides the bounds the reader checks): a file that would keep a core busy
            // longer is refused, naming the limit.
            using var readBudget = new CancellationTokenSource(ImportLimits.ReadTime);
            using var reading = CancellationTokenSource.CreateLinkedTokenSource(ct, readBudget.Token);
            try
            {
                foreach (var row in ImportReader.Read(path, job.FileName, Error, reading.Token))
                {
                    reading.Token.ThrowIfCancellationRequested();
                    rows++;
                    progress.Read();
                    switch (row.Kind)
                    {
                        case SheetKind.Lines:
                            if (CheckLine(row, year, Error) is { } line)
                            {
                                if (newLines.ContainsKey(line.Code))
                                {
                                    Error(row.Error(SheetFormat.Code, "budgets.import.duplicate_line_code", BudgetsMessages.ImportDuplicateLineCode(line.Code)));
                                }
                                else if (existingLines.TryGetValue(line.Code, out var existing))
                                {
                                    if (existing.Name == line.Name && existing.Kind == line.Kind && existing.FundingSource == line.FundingSource && existing.InitialFen == line.InitialFen)
                                    {
                                        skipped++;
                                    }
                                    else
                                    {
                                        Error(row.Error(SheetFormat.Code, "budgets.import.line_differs", BudgetsMessages.ImportLineDiffers(line.Code)));
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
                            if (CheckAdjustment(row, year, lineKinds, Error) is { } adjustment)
                            {
                                if (!seen.Add(adjustment.Fingerprint))
                                {
                                    Error(row.Error(SheetFormat.Date, "budgets.import.duplicate_row", BudgetsMessages.ImportDuplicateRow));
                                }
                                else if (knownAdjustments.Contains(adjustment.Fingerprint))
                                {
                                    skipped++; // already there, even in a closed month: a re-imported export adds nothing
                                }
                                else if (closed.Contains(adjustment.Date.Month))
                                {
                                    Error(row.Error(SheetFormat.Date, "budgets.import.month_closed", BudgetsMessages.ImportMonthClosed(year, adjustment.Date.Month)));
                                }
                                else
                                {
                                    adjustments.Add(adjustment);
                                }
                            }

                            break;
                        case SheetKind.Spending:
                            if (CheckSpending(row, year, lineKinds, Error) is { } entry)
                            {
                                if (!seen.Add(entry.Fingerprint))
                                {
                                    Error(row.Error(SheetFormat.Date, "budgets.import.duplicate_row", BudgetsMessages.ImportDuplicateSpendingRow));
                                }
                                else if (knownSpending.Contains(entry.Fingerprint))
                                {
                                    skipped++; // already there, even in a closed month: a re-imported export adds nothing
                                }
                                else if (closed.Contains(entry.Date.Month))
                                {
                                    Error(row.Error(SheetFormat.Date, "budgets.import.month_closed", BudgetsMessages.ImportMonthClosed(year, entry.Date.Month)));
                                }
                                else
                                {
                                    spending.Add(entry);
                                }
                            }

                            break;
                    }
                }
            }
            catch (OperationCanceledException) when (readBudget.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                Error(ImportLimits.TimeLimit(job.FileName));
            }

            if (rows == 0 && errorCount == 0)
            {
                Error(new ImportError(job.FileName, 0, "", "", "", BudgetsMessages.ImportNoRows, "budgets.import.no_rows"));
            }

            if (errorCount > 0)
            {
                return await Finish(jobId, runnerId, j =>
                {
                    j.Status = ImportStatus.Failed;
                    j.RowsRead = rows;
                    j.ErrorCount = errorCount;
                    j.ErrorsJson = JsonSerializer.Serialize(errors);
                }, ct);
            }

            progress.Phase = ImportPhase.Writing;
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
                    var done = await Finish(jobId, runnerId, j =>
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
            return await Finish(jobId, runnerId, j =>
            {
                j.Status = ImportStatus.Failed;
                j.ErrorCount = Math.Max(1, j.ErrorCount);
                j.ErrorsJson = JsonSerializer.Serialize(new[] { new ImportError(j.FileName, 0, "", "", "", BudgetsMessages.ImportCrashed, "budgets.import.failed") });
            }, CancellationToken.None);
        }
        finally
        {
            registry.Finish(jobId);
        }
    }

    /// <summary>Fails a claimed job with one message (e.g. its stored file is gone).</summary>
    public Task<ImportJob> FailAsync(Guid jobId, string runnerId, string message, string code) =>
        Finish(jobId, runnerId, j =>
        {
            j.Status = ImportStatus.Failed;
            j.ErrorCount = 1;
            j.ErrorsJson = JsonSerializer.Serialize(new[] { new ImportError(j.FileName, 0, "", "", "", message, code) });
        }, CancellationToken.None);

    private async Task Flush(ImportProgress progress, int count, CancellationToken ct)
    {
        await unitOfWork.FlushBatchAsync(ct);
        progress.Written(count);
    }

    /// <summary>
    /// Finishes the job in its own unit of work (or in the write's unit, which it then joins), and drops its stored
    /// file. The first statement is a conditional update that holds the job row: if another runner took the job
    /// over (this one was silent too long), nothing is finished and the unit rolls back.
    /// </summary>
    private Task<ImportJob> Finish(Guid jobId, string runnerId, Action<ImportJob> update, CancellationToken ct) =>
        unitOfWork.ExecuteAsync(async token =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var mine = await db.Set<ImportJob>()
                .Where(j => j.Id == jobId && j.RunnerId == runnerId && j.Status == ImportStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now).SetProperty(j => j.Phase, (ImportPhase?)null), token);
            if (mine == 0)
            {
                throw new OperationCanceledException($"Import {jobId} is no longer run by {runnerId}.");
            }

            var job = await db.Set<ImportJob>().SingleAsync(j => j.Id == jobId, token);
            update(job);
            job.FinishedAt = now;
            await db.Set<ImportFile>().Where(f => f.Id == jobId).ExecuteDeleteAsync(token);
            return job;
        }, ct);

    private static LineRow? CheckLine(SheetRow row, int year, Action<ImportError> error)
    {
        var ok = true;
        var code = SheetFormat.Text(row.Cell(SheetFormat.Code)).ToUpperInvariant();
        if (code.Length == 0 || code.Length > BudgetLine.CodeMaxLength || !System.Text.RegularExpressions.Regex.IsMatch(code, "^[A-Z0-9][A-Z0-9._-]*$"))
        {
            error(row.Error(SheetFormat.Code, "budgets.import.line_code_invalid", BudgetsMessages.ImportLineCodeInvalid(BudgetLine.CodeMaxLength)));
            ok = false;
        }

        var name = SheetFormat.Text(row.Cell(SheetFormat.Name));
        if (name.Length == 0 || name.Length > BudgetLine.NameMaxLength)
        {
            error(row.Error(SheetFormat.Name, "budgets.import.line_name_invalid", BudgetsMessages.ImportLineNameInvalid(BudgetLine.NameMaxLength)));
            ok = false;
        }
        else if (!PlainText.IsPlain(name))
        {
            error(row.Error(SheetFormat.Name, PlainText.Code, DistrictPerf.SharedKernel.Localization.SharedMessages.ControlCharacters));
            ok = false;
        }

        var kind = SheetFormat.ParseKind(SheetFormat.Text(row.Cell(SheetFormat.Kind)));
        if (kind is null)
        {
            error(row.Error(SheetFormat.Kind, "budgets.import.kind_invalid", BudgetsMessages.ImportKindInvalid));
            ok = false;
        }

        var funding = SheetFormat.Text(row.Cell(SheetFormat.FundingSource));
        if (funding.Length > BudgetLine.FundingSourceMaxLength)
        {
            error(row.Error(SheetFormat.FundingSource, "budgets.import.too_long", BudgetsMessages.ImportFundingSourceTooLong(BudgetLine.FundingSourceMaxLength)));
            ok = false;
        }

        var initial = Amount(row, SheetFormat.Initial, error, allowZero: true, allowNegative: false);
        _ = year;
        return ok && initial is { } fen ? new LineRow(row.Row, code, name, kind!.Value, funding.Length == 0 ? null : funding, fen) : null;
    }

    private static AdjustmentRow? CheckAdjustment(SheetRow row, int year, Dictionary<string, BudgetKind> lines, Action<ImportError> error)
    {
        var date = Date(row, year, error);
        var code = Line(row, lines, error);
        var kind = SheetFormat.ParseAdjustmentKind(SheetFormat.Text(row.Cell(SheetFormat.AdjustmentKind)));
        if (kind is null)
        {
            error(row.Error(SheetFormat.AdjustmentKind, "budgets.import.adjustment_kind_invalid", BudgetsMessages.ImportAdjustmentKindInvalid));
        }

        var amount = Amount(row, SheetFormat.AdjustmentAmount, error, allowZero: false, allowNegative: true);
        if (amount is { } a && kind is { } k && !CreateAdjustmentValidator.SignMatches(k, a))
        {
            error(row.Error(SheetFormat.AdjustmentAmount, "budgets.adjustment_sign", BudgetsMessages.AdjustmentSign));
            amount = null;
        }

        var reason = SheetFormat.Text(row.Cell(SheetFormat.Reason));
        if (reason.Length == 0 || reason.Length > BudgetAdjustment.ReasonMaxLength)
        {
            error(row.Error(SheetFormat.Reason, "budgets.import.reason_invalid", BudgetsMessages.ImportReasonInvalid));
            reason = "";
        }

        var (exclusionOk, exclusion) = SheetFormat.ParseExclusion(SheetFormat.Text(row.Cell(SheetFormat.Exclusion)));
        if (!exclusionOk)
        {
            error(row.Error(SheetFormat.Exclusion, "budgets.import.exclusion_invalid", BudgetsMessages.ImportExclusionInvalid));
        }

        return date is { } d && code is not null && kind is { } kk && amount is { } fen && reason.Length > 0 && exclusionOk
            ? new AdjustmentRow(code, d, kk, fen, reason, exclusion, BudgetRules.AdjustmentFingerprint(code, d, kk, fen, reason))
            : null;
    }

    private static SpendingRow? CheckSpending(SheetRow row, int year, Dictionary<string, BudgetKind> lines, Action<ImportError> error)
    {
        var date = Date(row, year, error);
        var code = Line(row, lines, error);
        var amount = Amount(row, SheetFormat.Amount, error, allowZero: false, allowNegative: true);
        var voucher = SheetFormat.Text(row.Cell(SheetFormat.Voucher));
        if (voucher.Length > SpendingEntry.VoucherMaxLength)
        {
            error(row.Error(SheetFormat.Voucher, "budgets.import.too_long", BudgetsMessages.ImportVoucherTooLong(SpendingEntry.VoucherMaxLength)));
            amount = null;
        }

        var memo = SheetFormat.Text(row.Cell(SheetFormat.Memo));
        if (memo.Length > SpendingEntry.MemoMaxLength)
        {
            error(row.Error(SheetFormat.Memo, "budgets.import.too_long", BudgetsMessages.ImportMemoTooLong(SpendingEntry.MemoMaxLength)));
            amount = null;
        }

        string? v = voucher.Length == 0 ? null : voucher, m = memo.Length == 0 ? null : memo;
        return date is { } d && code is not null && amount is { } fen
            ? new SpendingRow(code, d, fen, v, m, BudgetRules.SpendingFingerprint(code, d, fen, v, m))
            : null;
    }

    private static DateOnly? Date(SheetRow row, int year, Action<ImportError> error)
    {
        var date = SheetFormat.ParseDate(row.Cell(SheetFormat.Date));
        if (date is null)
        {
            error(row.Error(SheetFormat.Date, "budgets.import.date_required", BudgetsMessages.ImportDateRequired));
            return null;
        }

        if (BudgetRules.DateError(date.Value, year) is { } dateError)
        {
            error(row.Error(SheetFormat.Date, dateError.Code, dateError.Message));
            return null;
        }

        return date;
    }

    private static string? Line(SheetRow row, Dictionary<string, BudgetKind> lines, Action<ImportError> error)
    {
        var code = SheetFormat.Text(row.Cell(SheetFormat.Code)).ToUpperInvariant();
        if (!lines.ContainsKey(code))
        {
            error(code.Length == 0
                ? row.Error(SheetFormat.Code, "budgets.import.line_code_required", BudgetsMessages.ImportLineCodeRequired)
                : row.Error(SheetFormat.Code, "budgets.line_unknown", BudgetsMessages.ImportLineUnknown(code)));
            return null;
        }

        return code;
    }

    private static long? Amount(SheetRow row, string header, Action<ImportError> error, bool allowZero, bool allowNegative)
    {
        var amount = SheetFormat.ParseAmount(row.Cell(header));
        if (amount is null)
        {
            error(row.Error(header, "budgets.import.amount_required", BudgetsMessages.ImportAmountRequired));
            return null;
        }

        if (BudgetRules.AmountError(amount.Value, allowZero, allowNegative) is { } amountError)
        {
            error(row.Error(header, amountError.Code, amountError.Message));
            return null;
        }

        return Money.ToFen(amount.Value);
    }
}
