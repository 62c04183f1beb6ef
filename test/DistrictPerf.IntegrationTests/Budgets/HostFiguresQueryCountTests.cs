using System.Data.Common;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Features;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests.Budgets;

/// <summary>The host view is set-based: the number of SQL commands does not grow with the number of bureaus.</summary>
[Collection(Infrastructure.ApiCollection.Name)]
public sealed class HostFiguresQueryCountTests(Infrastructure.AppFixture app)
{
    [Fact]
    public async Task HostView_RunsThreeGroupedQueries_WhateverTheNumberOfBureaus()
    {
        await AddBureauWithSpending();
        var (first, before) = await Count();
        for (var i = 0; i < 3; i++)
        {
            await AddBureauWithSpending();
        }

        var (second, after) = await Count();
        first.ShouldBe(3);
        second.ShouldBe(first);
        after.ShouldBe(before + 3);
    }

    private async Task AddBureauWithSpending()
    {
        var bureau = await app.CreateBureauAsync();
        var line = await bureau.Admin.AddLineAsync("Q1", 100m);
        await bureau.Admin.AddSpendingAsync(line, "2021-01-05", 1m);
    }

    private async Task<(int Commands, int Bureaus)> Count()
    {
        var counter = new CommandCounter();
        await using var scope = app.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<ICurrentTenant>().Change(null);
        var options = scope.ServiceProvider.GetRequiredService<DbContextOptions<DistrictPerf.Host.Persistence.SqliteDistrictPerfDbContext>>();
        var withCounter = new DbContextOptionsBuilder<DistrictPerf.Host.Persistence.SqliteDistrictPerfDbContext>(options).AddInterceptors(counter).Options;
        await using var db = new DistrictPerf.Host.Persistence.SqliteDistrictPerfDbContext(withCounter);
        var query = new HostFiguresQuery(db, scope.ServiceProvider.GetRequiredService<IBureauDirectory>());
        var figures = await query.ForAllBureausAsync(2021, 12);
        figures.ShouldNotBeEmpty();
        return (counter.Count, figures.Count);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Count;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
