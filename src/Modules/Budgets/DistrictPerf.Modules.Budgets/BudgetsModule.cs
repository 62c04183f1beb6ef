using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Features;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Modules;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.Modules.Budgets;

/// <summary>Budgets module: budget lines, adjustments, spending, month closing, figures, spreadsheet import/export.</summary>
public sealed class BudgetsModule : IModule
{
    public string Name => "Budgets";

    public System.Reflection.Assembly? ContractsAssembly => typeof(BudgetTotals).Assembly;

    public IReadOnlyCollection<string> Permissions =>
        [SharedKernel.Authorization.Permissions.HostBudgetsView, SharedKernel.Authorization.Permissions.BudgetsView,
         SharedKernel.Authorization.Permissions.BudgetsEdit, SharedKernel.Authorization.Permissions.BudgetsCloseMonth];

    public void AddServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddScoped<IBudgetFiguresQuery, HostFiguresQuery>();
        services.AddScoped<BudgetSeeder>();
        services.AddScoped<IBureauBudgetFigures, CurrentBureauFigures>();
        services.AddScoped<Indicators.Contracts.IPlanExecutionRate, PlanExecutionRate>();
        services.AddScoped<Import.ImportProcessor>();
        services.AddSingleton<Import.ImportProgressRegistry>();
        services.AddScoped<Import.ImportJobRunner>();
        services.AddScoped<Import.ImportSweeper>();
        services.AddValidatorsFromAssembly(typeof(BudgetsModule).Assembly, includeInternalTypes: true);
    }

    /// <summary>A bureau's figures and curve (through the mediator, as the endpoints run them) and the host view.</summary>
    public async Task WarmUpAsync(IServiceProvider services, Guid bureau, int year, CancellationToken cancellationToken)
    {
        var mediator = services.GetRequiredService<Mediator.IMediator>();
        await mediator.Send(new GetFigures(year, 12), cancellationToken);
        await mediator.Send(new GetCurve(year, TimeProgressMode.Months), cancellationToken);
        using (services.GetRequiredService<SharedKernel.Tenancy.ICurrentTenant>().Change(null))
        {
            await services.GetRequiredService<IBudgetFiguresQuery>().ForAllBureausAsync(year, 12, cancellationToken);
        }
    }

    public IEnumerable<WarmUpRequest> WarmUpRequests(Guid bureau, int year) =>
    [
        new($"/api/bureau/budgets/{year}/figures"), new($"/api/bureau/budgets/{year}/curve"), new($"/api/bureau/budgets/{year}/lines"),
        new($"/api/bureau/budgets/{year}/months"), new($"/api/host/budgets/{year}/figures", WarmUpCaller.Host),
    ];

    public void MapEndpoints(ModuleEndpoints endpoints)
    {
        var budgets = endpoints.Bureau.MapGroup("/budgets/{year:int}");
        budgets.WithTags("Budgets（预算与支出）").RequireBureauContext();
        LinesHandler.Map(budgets);
        AdjustmentsHandler.Map(budgets);
        SpendingHandler.Map(budgets);
        MonthsHandler.Map(budgets);
        FiguresHandler.Map(budgets);
        Import.ImportEndpoints.Map(budgets);
        Import.ExportEndpoints.Map(budgets);
        HostFiguresQuery.Map(endpoints.Host);
    }

    /// <summary>Every 5 minutes: fail imports nobody will finish (see <see cref="Import.ImportSweeper"/>).</summary>
    public void ConfigureJobs(IRecurringJobs jobs, Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        jobs.Add<Import.ImportSweeper>(Import.ImportSweeper.JobId, sweeper => sweeper.SweepAsync(), "*/5 * * * *");
}
