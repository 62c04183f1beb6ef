using System.Diagnostics;
using DistrictPerf.Host.Features.Dashboard;
using DistrictPerf.IntegrationTests.Budgets;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests.Dashboard;

/// <summary>The dashboard is set-based: the number of SQL commands it runs does not grow with the number of bureaus.</summary>
[Collection(Infrastructure.ApiCollection.Name)]
public sealed class DashboardQueryCountTests(Infrastructure.AppFixture app)
{
    [Fact]
    public async Task TheDashboard_RunsTheSameQueries_WhateverTheNumberOfBureaus()
    {
        await AddBureauWithSpending();
        var (first, before) = await CountAsync();
        for (var i = 0; i < 3; i++)
        {
            await AddBureauWithSpending();
        }

        var (second, after) = await CountAsync();
        // The bureau list, three grouped budget queries, the warning settings and warnings, the scoring rules and
        // indicators, the reports: nine, with one bureau or many.
        first.ShouldBe(9);
        second.ShouldBe(first);
        after.ShouldBe(before + 3);
    }

    private async Task AddBureauWithSpending()
    {
        var bureau = await app.CreateBureauAsync();
        var line = await bureau.Admin.AddLineAsync("Q1", 100m);
        await bureau.Admin.AddSpendingAsync(line, "2021-01-05", 1m);
    }

    /// <summary>The SQL commands of one dashboard for 2021 (EF Core's diagnostic events of this flow only), and the bureaus with a curve.</summary>
    private async Task<(int Commands, int BureausWithData)> CountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        using var host = scope.ServiceProvider.GetRequiredService<ICurrentTenant>().Change(null);
        using var counter = new CommandCounter();
        var dashboard = await scope.ServiceProvider.GetRequiredService<DashboardQuery>().ForYearAsync(2021, 6, CancellationToken.None);
        return (counter.Count, dashboard.Bureaus.Count(b => b.Curve.Any(r => r is not null)));
    }

    /// <summary>Counts EF Core's "command executing" events raised in the async flow that created it.</summary>
    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private static readonly AsyncLocal<CommandCounter?> Current = new();
        private readonly List<IDisposable> _subscriptions = [];
        private int _count;

        public CommandCounter()
        {
            Current.Value = this;
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public int Count => _count;

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && ReferenceEquals(Current.Value, this))
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            Current.Value = null;
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
