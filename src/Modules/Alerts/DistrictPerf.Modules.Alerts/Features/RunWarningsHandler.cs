using DistrictPerf.SharedKernel.Domain;
using FluentValidation;
using Mediator;

namespace DistrictPerf.Modules.Alerts.Features;

internal sealed record RunBody(int? Year, int? Month);

/// <summary>What a run request answers: the finished run's id (waited) or the queued job's id.</summary>
internal sealed record RunStarted(Guid? RunId, string? JobId);

/// <summary>
/// Runs (or backfills) a month's warnings. A request, not a command: the job writes in its own
/// units of work (one per run step, see <see cref="MonthlyWarningJob"/>), so no outer transaction
/// may wrap it; it is still logged and validated by the pipeline.
/// </summary>
internal sealed record RunWarnings(int? Year, int? Month, bool Wait) : IRequest<RunStarted>;

internal sealed class RunWarningsValidator : AbstractValidator<RunWarnings>
{
    public RunWarningsValidator()
    {
        RuleFor(x => x.Year).MustBeFiscalYear();
        RuleFor(x => x.Month).MustBeMonth();
    }
}

internal sealed class RunWarningsHandler(MonthlyWarningJob job, IWarningJobQueue queue) : IRequestHandler<RunWarnings, RunStarted>
{
    public async ValueTask<RunStarted> Handle(RunWarnings request, CancellationToken cancellationToken) =>
        request.Wait
            ? new RunStarted(await job.RunAsync(request.Year!.Value, request.Month!.Value, "backfill", cancellationToken), null)
            : new RunStarted(null, queue.Enqueue(request.Year!.Value, request.Month!.Value));
}

/// <summary>Queues a warning run in the background job system (Hangfire in the host).</summary>
internal interface IWarningJobQueue
{
    string Enqueue(int year, int month);
}
