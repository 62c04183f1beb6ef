using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Features;
using DistrictPerf.SharedKernel.Http;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.Modules.Budgets;

/// <summary>Budgets module: budget lines, adjustments, spending, month closing, figures, spreadsheet import/export.</summary>
public static class BudgetsModule
{
    public static IServiceCollection AddBudgetsModule(this IServiceCollection services)
    {
        services.AddScoped<IBudgetFiguresQuery, HostFiguresQuery>();
        services.AddScoped<BudgetSeeder>();
        services.AddScoped<IBureauBudgetFigures, CurrentBureauFigures>();
        services.AddScoped<DistrictPerf.Modules.Indicators.Contracts.IPlanExecutionRate, PlanExecutionRate>();
        services.AddScoped<Import.ImportProcessor>();
        services.AddSingleton<Import.ImportProgressRegistry>();
        services.AddSingleton<Import.ImportQueue>();
        services.AddHostedService<Import.ImportWorker>();
        services.AddValidatorsFromAssembly(typeof(BudgetsModule).Assembly, includeInternalTypes: true);
        return services;
    }

    /// <param name="host">The <c>/api/host</c> group.</param>
    /// <param name="bureau">The <c>/api/bureau</c> group.</param>
    public static void MapBudgetsEndpoints(IEndpointRouteBuilder host, IEndpointRouteBuilder bureau)
    {
        var budgets = bureau.MapGroup("/budgets/{year:int}");
        budgets.WithTags("Budgets（预算与支出）").RequireBureauContext();
        LinesHandler.Map(budgets);
        AdjustmentsHandler.Map(budgets);
        SpendingHandler.Map(budgets);
        MonthsHandler.Map(budgets);
        FiguresHandler.Map(budgets);
        Import.ImportEndpoints.Map(budgets);
        Import.ExportEndpoints.Map(budgets);
        HostFiguresQuery.Map(host);
    }

    /// <summary>The assembly holding this module's EF Core entity configurations.</summary>
    public static System.Reflection.Assembly Assembly => typeof(BudgetsModule).Assembly;
}
