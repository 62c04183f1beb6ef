using DistrictPerf.Modules.Reports.Domain;
using DistrictPerf.Modules.Reports.Localization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Reports.Features;

internal sealed record ActionBody(string? Comment, string? ConcurrencyStamp);

/// <summary>The bureau's approver submits the year's report to the finance bureau (422 with the findings while errors remain).</summary>
internal sealed record SubmitReport(int Year, string? Comment, string? ConcurrencyStamp) : ICommand<Guid>;

/// <summary>A new draft revision of an approved or published report; the old one is kept.</summary>
internal sealed record ReviseReport(int Year, string? ConcurrencyStamp) : ICommand<Guid>;

/// <summary>The finance bureau returns (comment required), approves or publishes a report; sent inside the report's bureau scope.</summary>
internal sealed record ReviewReport(Guid ReportId, ReportAction Action, string? Comment, string? ConcurrencyStamp) : ICommand<Guid>;

internal sealed class SubmitReportValidator : AbstractValidator<SubmitReport>
{
    public SubmitReportValidator()
    {
        RuleFor(x => x.Year).MustBeFiscalYear();
        RuleFor(x => x.Comment).MaximumLength(ReportWorkflowHandler.CommentMaxLength)
            .WithMessage(_ => ReportsMessages.CommentTooLong(ReportWorkflowHandler.CommentMaxLength));
        RuleFor(x => x.ConcurrencyStamp).NotEmpty();
    }
}

internal sealed class ReviseReportValidator : AbstractValidator<ReviseReport>
{
    public ReviseReportValidator()
    {
        RuleFor(x => x.Year).MustBeFiscalYear();
        RuleFor(x => x.ConcurrencyStamp).NotEmpty();
    }
}

internal sealed class ReviewReportValidator : AbstractValidator<ReviewReport>
{
    public ReviewReportValidator()
    {
        RuleFor(x => x.Action).Must(a => a is ReportAction.Return or ReportAction.Approve or ReportAction.Publish);
        RuleFor(x => x.Comment).Cascade(CascadeMode.Stop)
            .NotEmpty().When(x => x.Action == ReportAction.Return).WithMessage(_ => ReportsMessages.CommentRequiredToReturn)
            .MaximumLength(ReportWorkflowHandler.CommentMaxLength)
            .WithMessage(_ => ReportsMessages.CommentTooLong(ReportWorkflowHandler.CommentMaxLength));
        RuleFor(x => x.ConcurrencyStamp).NotEmpty();
    }
}

internal sealed class ReportWorkflowHandler(DbContext db, ReportViews views, ReportWorkflow workflow)
    : ICommandHandler<SubmitReport, Guid>, ICommandHandler<ReviseReport, Guid>, ICommandHandler<ReviewReport, Guid>
{
    public const int CommentMaxLength = 4000;

    public async ValueTask<Guid> Handle(SubmitReport command, CancellationToken cancellationToken)
    {
        var report = await views.CurrentAsync(command.Year, cancellationToken, tracked: true);
        await workflow.ApplyAsync(report, ReportAction.Submit, command.Comment, command.ConcurrencyStamp, cancellationToken);
        return report.Id;
    }

    public async ValueTask<Guid> Handle(ReviseReport command, CancellationToken cancellationToken)
    {
        var current = await views.CurrentAsync(command.Year, cancellationToken, tracked: true);
        return (await workflow.ReviseAsync(current, command.ConcurrencyStamp, cancellationToken)).Id;
    }

    public async ValueTask<Guid> Handle(ReviewReport command, CancellationToken cancellationToken)
    {
        // The endpoint has switched to the report's bureau: the tenant filter applies here too.
        var report = await db.Set<SelfEvaluationReport>().FirstOrDefaultAsync(r => r.Id == command.ReportId, cancellationToken)
            ?? throw new NotFoundException("SelfEvaluationReport", command.ReportId);
        await workflow.ApplyAsync(report, command.Action, command.Comment, command.ConcurrencyStamp, cancellationToken);
        return report.Id;
    }
}
