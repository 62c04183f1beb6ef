using System.Security.Cryptography;
using System.Text.Json;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Budgets.Features;
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

namespace DistrictPerf.Modules.Budgets.Import;

internal sealed record ImportProgressDto(string Phase, int RowsRead, int RowsWritten, int RowsToWrite, decimal Percent);

internal sealed record ImportJobDto(
    Guid Id, int FiscalYear, string FileName, ImportStatus Status, int RowsRead, int LinesAdded, int AdjustmentsAdded, int SpendingAdded,
    int RowsSkipped, int ErrorCount, IReadOnlyList<ImportError> Errors, DateTime CreatedAt, DateTime? FinishedAt, ImportProgressDto? Progress)
{
    public static ImportJobDto From(ImportJob j, ImportProgress? p) => new(
        j.Id, j.FiscalYear, j.FileName, j.Status, j.RowsRead, j.LinesAdded, j.AdjustmentsAdded, j.SpendingAdded, j.RowsSkipped, j.ErrorCount,
        j.ErrorsJson is null ? [] : JsonSerializer.Deserialize<List<ImportError>>(j.ErrorsJson) ?? [],
        j.CreatedAt, j.FinishedAt,
        p is null ? null : new ImportProgressDto(p.Phase, p.RowsRead, p.RowsWritten, p.RowsToWrite, p.Percent));
}

/// <summary>Records an uploaded file as a queued import job of the current bureau (the file itself is checked by the endpoint).</summary>
internal sealed record StartImport(int Year, string FileName, string FileHash) : ICommand<ImportJobDto>;

internal sealed class StartImportValidator : AbstractValidator<StartImport>
{
    public StartImportValidator()
    {
        RuleFor(x => x.Year).Must(y => FiscalYear.IsValid(y)).WithMessage(FiscalYear.YearMessage);
        RuleFor(x => x.FileName).NotEmpty().MaximumLength(260).OverridePropertyName("file");
        RuleFor(x => x.FileHash).NotEmpty().Length(64);
    }
}

internal sealed class StartImportHandler(DbContext db) : ICommandHandler<StartImport, ImportJobDto>
{
    public ValueTask<ImportJobDto> Handle(StartImport command, CancellationToken cancellationToken)
    {
        var job = new ImportJob { FiscalYear = command.Year, FileName = command.FileName, FileHash = command.FileHash, Status = ImportStatus.Queued };
        db.Add(job);
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

    public static void Map(IEndpointRouteBuilder budgets)
    {
        budgets.MapPost("/imports", Upload)
            .RequirePermission(Permissions.BudgetsEdit)
            .DisableAntiforgery() // bearer or SameSite=Lax cookie; no cross-site form can carry the session
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
        int year, IFormFile? file, bool? wait, IMediator mediator, ICurrentTenant tenant, ImportQueue queue, ImportProcessor processor, CancellationToken ct)
    {
        BudgetRules.EnsureYear(year);
        if (file is null || file.Length == 0)
        {
            throw new FieldValidationException("file", "请选择要导入的 .xlsx 或 .csv 文件 / Upload an .xlsx or .csv file in the 'file' field.");
        }

        var name = Path.GetFileName(file.FileName);
        if (!ImportReader.IsCsv(name) && !ImportReader.IsXlsx(name))
        {
            throw new FieldValidationException("file", "只支持 .xlsx 和 .csv 文件 / Only .xlsx and .csv files are accepted.");
        }

        if (file.Length > MaxUploadBytes)
        {
            throw new FieldValidationException("file", $"文件超过 {MaxUploadBytes / 1024 / 1024} MB / The file exceeds {MaxUploadBytes / 1024 / 1024} MB.");
        }

        var folder = Path.Combine(Path.GetTempPath(), "districtperf-imports");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}{Path.GetExtension(name).ToLowerInvariant()}");
        string hash;
        await using (var target = File.Create(path))
        {
            await file.CopyToAsync(target, ct);
            target.Position = 0;
            hash = Convert.ToHexString(await SHA256.HashDataAsync(target, ct));
        }

        var job = await mediator.Send(new StartImport(year, name.Length > 260 ? name[..260] : name, hash), ct);

        if (wait == true)
        {
            try
            {
                var done = await processor.RunAsync(job.Id, path, ct);
                var dto = ImportJobDto.From(done, null);
                return done.Status == ImportStatus.Succeeded ? TypedResults.Ok(dto) : ImportProblem(dto);
            }
            finally
            {
                ImportWorker.TryDelete(path);
            }
        }

        await queue.EnqueueAsync(new ImportWorkItem(job.Id, tenant.Id!.Value, path), ct);
        return TypedResults.Accepted($"/api/bureau/budgets/{year}/imports/{job.Id}", job);
    }

    /// <summary>400 naming every bad cell as <c>sheet!C12</c>, with the structured list in <c>importErrors</c>.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult ImportProblem(ImportJobDto job)
    {
        var errors = job.Errors
            .GroupBy(e => e.Row == 0 ? e.Sheet : $"{e.Sheet}!{e.Column}{e.Row}")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray());
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "导入失败，未写入任何数据 / Import refused; nothing was written",
            Detail = $"{job.ErrorCount} 处错误 / {job.ErrorCount} error(s); the first {job.Errors.Count} are listed.",
        };
        problem.Extensions["importJobId"] = job.Id;
        problem.Extensions["errorCount"] = job.ErrorCount;
        problem.Extensions["importErrors"] = job.Errors;
        return TypedResults.Problem(problem);
    }
}
