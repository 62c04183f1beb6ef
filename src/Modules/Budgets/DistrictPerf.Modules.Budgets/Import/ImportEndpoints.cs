using System.Security.Cryptography;
using System.Text.Json;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Budgets.Features;
using DistrictPerf.Modules.Budgets.Localization;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Tenancy;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DistrictPerf.Modules.Budgets.Import;

internal sealed record ImportProgressDto(string Phase, int RowsRead, int RowsWritten, int RowsToWrite, decimal Percent);

internal sealed record ImportJobDto(
    Guid Id, int FiscalYear, string FileName, ImportStatus Status, int RowsRead, int LinesAdded, int AdjustmentsAdded, int SpendingAdded,
    int RowsSkipped, int ErrorCount, IReadOnlyList<ImportError> Errors, DateTime CreatedAt, DateTime? FinishedAt, ImportProgressDto? Progress)
{
    /// <summary>
    /// The job with its progress: live from <paramref name="p"/> when this process runs it, else as its runner
    /// last wrote it to the row (any server, every <see cref="ImportLease.HeartbeatInterval"/>).
    /// </summary>
    public static ImportJobDto From(ImportJob j, ImportProgress? p) => new(
        j.Id, j.FiscalYear, j.FileName, j.Status, j.RowsRead, j.LinesAdded, j.AdjustmentsAdded, j.SpendingAdded, j.RowsSkipped, j.ErrorCount,
        j.ErrorsJson is null ? [] : JsonSerializer.Deserialize<List<ImportError>>(j.ErrorsJson) ?? [],
        j.CreatedAt, j.FinishedAt,
        p is not null ? new ImportProgressDto(ImportProgress.PhaseText(p.Phase), p.RowsRead, p.RowsWritten, p.RowsToWrite, p.Percent)
        : j.Status is ImportStatus.Queued or ImportStatus.Running
            ? new ImportProgressDto(ImportProgress.PhaseText(j.Phase ?? ImportPhase.Queued), j.RowsRead, j.RowsWritten, j.RowsToWrite, ImportProgress.PercentOf(j.RowsWritten, j.RowsToWrite))
            : null);
}

/// <summary>
/// Records an uploaded file as a queued import job of the current bureau (the file itself is checked by the
/// endpoint); with <paramref name="Content"/>, the file is stored with the job for the job system to run.
/// </summary>
internal sealed record StartImport(int Year, string FileName, string FileHash, byte[]? Content = null) : ICommand<ImportJobDto>;

internal sealed class StartImportValidator : AbstractValidator<StartImport>
{
    public StartImportValidator()
    {
        RuleFor(x => x.Year).MustBeFiscalYear();
        RuleFor(x => x.FileName).NotEmpty().MaximumLength(260).OverridePropertyName("file");
        RuleFor(x => x.FileHash).NotEmpty().Length(64);
    }
}

internal sealed class StartImportHandler(DbContext db) : ICommandHandler<StartImport, ImportJobDto>
{
    public ValueTask<ImportJobDto> Handle(StartImport command, CancellationToken cancellationToken)
    {
        var job = new ImportJob
        {
            FiscalYear = command.Year, FileName = command.FileName, FileHash = command.FileHash, Status = ImportStatus.Queued,
            Phase = ImportPhase.Queued, Culture = System.Globalization.CultureInfo.CurrentUICulture.Name,
        };
        db.Add(job);
        if (command.Content is { } content)
        {
            db.Add(new ImportFile { Id = job.Id, Content = content });
        }

        return ValueTask.FromResult(ImportJobDto.From(job, null));
    }
}

/// <summary>
/// Spreadsheet import: upload an .xlsx (sheets 预算项目 / 预算调整 / 支出) or a .csv of one kind.
/// The upload answers 202 with the job to poll (progress while a person waits), or with
/// <c>?wait=true</c> the finished job: 200, or 400 listing every bad cell.
/// </summary>
internal static class ImportEndpoints
{
    public const long MaxUploadBytes = 30 * 1024 * 1024;

    /// <summary>
    /// The request body limit of the upload: the file plus 1 MB for the multipart envelope. Kestrel's default
    /// (28.6 MB) would refuse a 30 MB file with 413 before the endpoint could say anything.
    /// </summary>
    public const long MaxRequestBytes = MaxUploadBytes + 1024 * 1024;

    public static void Map(IEndpointRouteBuilder budgets)
    {
        budgets.MapPost("/imports", Upload)
            .RequirePermission(Permissions.BudgetsEdit)
            .DisableAntiforgery() // bearer or SameSite=Lax cookie; no cross-site form can carry the session
            .WithMetadata(new UploadSizeLimit(MaxRequestBytes))
            .WithName("ImportBudgetSpreadsheet")
            .WithSummary("导入预算项目、调整、支出（.xlsx/.csv，全部成功或全部不写入）/ Import a spreadsheet, all or nothing")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<ImportJobDto>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem();

        budgets.MapGet("/imports/{id:guid}", async (int year, Guid id, DbContext db, ImportProgressRegistry registry, CancellationToken ct) =>
            {
                var job = await db.Set<ImportJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == id && j.FiscalYear == year, ct)
                    ?? throw new NotFoundException("ImportJob", id);
                return TypedResults.Ok(ImportJobDto.From(job, registry.Find(id)));
            })
            .RequirePermission(Permissions.BudgetsView)
            .WithName("GetImportJob")
            .WithSummary("导入进度与结果 / Import progress and result");

        budgets.MapGet("/imports", async (int year, DbContext db, CancellationToken ct) =>
            {
                var jobs = await db.Set<ImportJob>().AsNoTracking().Where(j => j.FiscalYear == year).OrderByDescending(j => j.CreatedAt).Take(50).ToListAsync(ct);
                return TypedResults.Ok(jobs.Select(j => ImportJobDto.From(j, null)).ToList());
            })
            .RequirePermission(Permissions.BudgetsView)
            .WithName("ListImportJobs");
    }

    private static async Task<IResult> Upload(
        int year, IFormFile? file, bool? wait, IMediator mediator, ICurrentTenant tenant, IImportJobQueue queue, ImportProcessor processor,
        DbContext db, IServiceScopeFactory scopes, ImportProgressRegistry registry, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        BudgetRules.EnsureYear(year);
        if (file is null || file.Length == 0)
        {
            throw new FieldValidationException("file", BudgetsMessages.ImportFileRequired, "file_required");
        }

        var name = Path.GetFileName(file.FileName);
        if (!ImportReader.IsCsv(name) && !ImportReader.IsXlsx(name))
        {
            throw new FieldValidationException("file", BudgetsMessages.ImportFileType, "budgets.import_file_type");
        }

        if (file.Length > MaxUploadBytes)
        {
            throw new FieldValidationException("file", BudgetsMessages.ImportFileTooLarge(MaxUploadBytes / 1024 / 1024), "file_too_large");
        }

        var fileName = name.Length > 260 ? name[..260] : name;
        if (wait != true)
        {
            // Queued: the file is stored with the job (one transaction), and the job system runs it on whichever
            // server is free — this replica or another — resuming it there if this one stops.
            var content = new byte[file.Length];
            await using (var source = file.OpenReadStream())
            {
                await source.ReadExactlyAsync(content, ct);
            }

            var queued = await mediator.Send(new StartImport(year, fileName, Convert.ToHexString(SHA256.HashData(content)), content), ct);
            queue.Enqueue(queued.Id, tenant.Id!.Value);
            return TypedResults.Accepted($"/api/bureau/budgets/{year}/imports/{queued.Id}", queued);
        }

        // Waiting for the result: run here, from a private temp file, with a heartbeat (another server shows the progress).
        var folder = Path.Combine(Path.GetTempPath(), "districtperf-imports");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}{Path.GetExtension(name).ToLowerInvariant()}");
        try
        {
            string hash;
            await using (var target = File.Create(path))
            {
                await file.CopyToAsync(target, ct);
                target.Position = 0;
                hash = Convert.ToHexString(await SHA256.HashDataAsync(target, ct));
            }

            var job = await mediator.Send(new StartImport(year, fileName, hash), ct);
            var runnerId = ImportLease.RequestPrefix + ImportLease.Process;
            if (await ImportLease.ClaimAsync(db, job.Id, runnerId, clock.GetUtcNow().UtcDateTime, ct) != ImportLease.ClaimResult.Claimed)
            {
                throw new InvalidOperationException($"Import {job.Id} was created by this request but could not be claimed.");
            }

            var progress = registry.Start(job.Id);
            await using var heartbeat = ImportHeartbeat.Start(scopes, job.Id, runnerId, progress, clock, loggers.CreateLogger<ImportJobRunner>());
            using var run = CancellationTokenSource.CreateLinkedTokenSource(ct, heartbeat.Lost);
            ImportJob done;
            try
            {
                done = await processor.RunAsync(job.Id, path, runnerId, run.Token);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The uploader went away: nothing was written; the job says so at once (there is no file to resume from).
                await processor.FailAsync(job.Id, runnerId, BudgetsMessages.ImportInterrupted, "budgets.import.interrupted");
                throw;
            }

            var dto = ImportJobDto.From(done, null);
            return done.Status == ImportStatus.Succeeded ? TypedResults.Ok(dto) : ImportProblem(dto);
        }
        finally
        {
            ImportJobRunner.TryDelete(path);
        }
    }

    /// <summary>
    /// 400 naming every bad cell as <c>sheet!C12</c> (codes in <c>fieldCodes</c>), with the structured list in <c>importErrors</c>.
    /// The messages are in the language of the upload (stored with the job).
    /// </summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult ImportProblem(ImportJobDto job)
    {
        var cells = job.Errors.GroupBy(e => e.Row == 0 ? e.Sheet : $"{e.Sheet}!{e.Column}{e.Row}").ToList();
        var problem = new HttpValidationProblemDetails(cells.ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = BudgetsMessages.ImportRefusedTitle,
            Detail = BudgetsMessages.ImportErrorCount(job.ErrorCount, job.Errors.Count),
        };
        problem.Extensions[ErrorCodes.Member] = "budgets.import_refused";
        problem.Extensions["fieldCodes"] = cells.ToDictionary(g => g.Key, g => g.Select(e => e.Code ?? ErrorCodes.Invalid).ToArray());
        problem.Extensions["importJobId"] = job.Id;
        problem.Extensions["errorCount"] = job.ErrorCount;
        problem.Extensions["importErrors"] = job.Errors;
        return TypedResults.Problem(problem);
    }
}

/// <summary>An endpoint's own request body limit (applied by routing to Kestrel's <c>MaxRequestBodySize</c>).</summary>
internal sealed class UploadSizeLimit(long maxRequestBodySize) : Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => maxRequestBodySize;
}
