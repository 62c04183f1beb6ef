using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using DistrictPerf.IntegrationTests.Alerts;
using DistrictPerf.IntegrationTests.Budgets;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Host.Persistence;
using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.Modules.Budgets.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests.SqlServer;

/// <summary>
/// Fails chosen statements the way SQL Server's transient errors reach EF Core (a
/// <see cref="TimeoutException"/>, which SqlServerRetryingExecutionStrategy retries) — after the
/// statement ran, so the failed attempt really wrote before its transaction rolled back. A statement
/// is chosen by a SQL fragment and a parameter value (e.g. the test's bureau id), so that other
/// work of the shared app is never hit.
/// </summary>
public sealed class TransientFaults : DbCommandInterceptor
{
    private readonly object _gate = new();
    private string? _sqlFragment;
    private string? _parameterValue;
    private int _remaining;
    private int _injected;

    /// <summary>The next <paramref name="times"/> statements containing <paramref name="sqlFragment"/> with a parameter equal to <paramref name="parameterValue"/> fail after running.</summary>
    public void Arm(string sqlFragment, object parameterValue, int times = 1)
    {
        lock (_gate)
        {
            (_sqlFragment, _parameterValue, _remaining, _injected) = (sqlFragment, parameterValue.ToString(), times, 0);
        }
    }

    /// <summary>Disarms; returns how many failures were injected since <see cref="Arm"/>.</summary>
    public int Disarm()
    {
        lock (_gate)
        {
            _remaining = 0;
            return _injected;
        }
    }

    private void MaybeFail(DbCommand command)
    {
        lock (_gate)
        {
            if (_remaining <= 0 || _sqlFragment is null || !command.CommandText.Contains(_sqlFragment, StringComparison.Ordinal)
                || !command.Parameters.Cast<DbParameter>().Any(p => string.Equals(p.Value?.ToString(), _parameterValue, StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            _remaining--;
            _injected++;
        }

        throw new TimeoutException("Stand-in transient failure (as SQL Server's connection drop or timeout).");
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        try
        {
            MaybeFail(command);
        }
        catch (TimeoutException)
        {
            await result.DisposeAsync(); // as a dropped connection would leave it
            throw;
        }

        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        MaybeFail(command);
        return ValueTask.FromResult(result);
    }
}

/// <summary>
/// A transient failure in the middle of a unit of work, under SQL Server's retrying strategy: the
/// unit is replayed whole, from a clean change tracker, and commits exactly once — for a command,
/// the monthly job and the spreadsheet import.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TransientReplayTests(AppFixture app)
{
    private AppFixture App => app;

    [Fact]
    public async Task ACommand_IsReplayedWhole_AndCommitsOnce()
    {
        var bureau = await App.CreateBureauAsync();
        App.Faults.Arm("INSERT INTO \"ClosedMonths\"", bureau.Id);
        var injected = 0;
        try
        {
            (await bureau.Admin.PostAsync($"{BudgetApi.Base()}/months/3/close", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
            
        }
        finally
        {
            injected = App.Faults.Disarm();
        }

        injected.ShouldBe(1);
        (await App.WithDbAsync(db => db.Set<ClosedMonth>().CountAsync(m => m.FiscalYear == BudgetApi.Year && m.Month == 3), bureau.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task TheMonthlyJob_ReplaysItsWriteUnit_WarningsAndNotificationsOnce_RunFinished()
    {
        const int year = 2061;
        var bureau = await WarningJobTests.BureauWithSpending(App, year, 1_200m, ("2061-01-05", 1m));
        var root = await App.RootAsync();
        App.Faults.Arm("INSERT INTO \"Notifications\"", bureau.Id);
        var injected = 0;
        try
        {
            var run = await (await root.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { year, month = 6 })).ReadJsonAsync();
            
            var runId = run.GetProperty("runId").GetGuid();
            var record = await App.WithDbAsync(db => db.Set<WarningRun>().AsNoTracking().SingleAsync(r => r.Id == runId));
            record.FinishedAt.ShouldNotBeNull();
            record.BureausFailed.ShouldBe(0);
        }
        finally
        {
            injected = App.Faults.Disarm();
        }

        injected.ShouldBe(1);
        (await App.WithDbAsync(db => db.Set<BudgetWarning>().IgnoreQueryFilters().CountAsync(w => w.TenantId == bureau.Id && w.FiscalYear == year && w.Month == 6))).ShouldBe(2); // Total and Project (no basic line)
        var keys = await App.WithDbAsync(db => db.Set<Notification>().IgnoreQueryFilters()
            .Where(n => n.DedupeKey.Contains($"{year}-06")).Select(n => new { n.TenantId, n.UserId, n.DedupeKey }).ToListAsync());
        keys.Count.ShouldBeGreaterThan(0); // the bureau is red in June: its users and the finance bureau are told
        keys.Distinct().Count().ShouldBe(keys.Count); // once each, though the first attempt had written them
        (await App.WithDbAsync(db => db.Set<WarningRun>().CountAsync(r => r.FiscalYear == year && r.FinishedAt == null))).ShouldBe(0);
    }

    [Fact]
    public async Task TheSpreadsheetImport_ReplaysItsWriteUnit_EveryRowOnce()
    {
        var bureau = await App.CreateBureauAsync();
        var workbook = BudgetImportTests.Workbook(
            [BudgetImportTests.LineRow("JB-01", "人员及公用经费", "基本支出", 30_000_000m)],
            null,
            [
                BudgetImportTests.SpendingRow(new DateTime(2021, 3, 31), "JB-01", 14_500_000m, "记-03-001"),
                BudgetImportTests.SpendingRow(new DateTime(2021, 9, 30), "JB-01", 10_000_000m, "重放-09-001"),
            ]);
        App.Faults.Arm("INSERT INTO \"SpendingEntries\"", "重放-09-001");
        var injected = 0;
        try
        {
            var job = await (await BudgetImportTests.Upload(bureau.Admin, workbook, "replay.xlsx")).ReadJsonAsync();
            
            job.GetProperty("status").GetString().ShouldBe("Succeeded");
            job.GetProperty("spendingAdded").GetInt32().ShouldBe(2);
        }
        finally
        {
            injected = App.Faults.Disarm();
        }

        injected.ShouldBe(1);
        (await App.WithDbAsync(db => db.Set<SpendingEntry>().CountAsync(), bureau.Id)).ShouldBe(2);
        (await App.WithDbAsync(db => db.Set<BudgetLine>().CountAsync(), bureau.Id)).ShouldBe(1);
    }
}
