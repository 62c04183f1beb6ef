using DistrictPerf.Host.Persistence;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.IntegrationTests.Reports;
using DistrictPerf.Modules.Alerts.Contracts;
using DistrictPerf.Modules.Alerts.Features;
using DistrictPerf.Modules.Budgets;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Budgets.Features;
using DistrictPerf.Modules.Budgets.Import;
using DistrictPerf.Modules.Bureaus;
using DistrictPerf.Modules.Reports.Features;
using DistrictPerf.SharedKernel.Messaging;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests.SqlServer;

/// <summary>
/// Every transaction site of the app on the SQL Server provider's own runtime path (see
/// <see cref="StandInServer"/>): each must reach the server with its transaction open inside
/// <c>SqlServerRetryingExecutionStrategy</c>. A site that opens its transaction outside the strategy
/// fails here with EF Core's "does not support user-initiated transactions", as it would in
/// production. No SQL Server is contacted (see docs/operations.md, "SQL Server: what is tested where").
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SqlServerTransactionSiteTests(AppFixture app)
{
    private readonly SqlServerStandInApp fixture = SqlServerStandInApp.For(app);

    private const string Refusal = "does not support user-initiated transactions";

    private static readonly Guid Bureau = Guid.Parse("0199a6f0-0000-7000-8000-00000000b001");

    /// <summary>Runs a site in a fresh scope of the app's services on the stand-in and returns the first command it sent.</summary>
    private async Task<StandInCommand> FirstCommandOf(Func<IServiceProvider, Task> site, Guid? tenant = null)
    {
        var before = fixture.Server.Commands.Count;
        await using var scope = fixture.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<ICurrentTenant>().Change(tenant);
        var failure = await Should.ThrowAsync<Exception>(() => site(scope.ServiceProvider));

        // Anything but the stand-in answering (the strategy's refusal above all) is the site's defect;
        // SaveChanges wraps what the server answered in a DbUpdateException.
        failure.ToString().ShouldNotContain(Refusal);
        (failure as StandInReachedException ?? (failure as DbUpdateException)?.InnerException as StandInReachedException).ShouldNotBeNull(failure.ToString());
        var command = fixture.Server.Commands.Skip(before).First();
        scope.ServiceProvider.GetRequiredService<DbContext>().Database.GetDbConnection().ShouldBeOfType<StandInConnection>(); // no network I/O
        return command;
    }

    private static void ShouldBeInTheStrategysTransaction(StandInCommand command)
    {
        command.InTransaction.ShouldBeTrue(command.Sql);
        command.Strategy.ShouldBe("SqlServerRetryingExecutionStrategy", command.Sql);
    }

    [Fact]
    public async Task TheAppsSqlServerContext_IsTheRealProvider_WithItsRetryingStrategy()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        db.ShouldBeOfType<SqlServerDistrictPerfDbContext>();
        db.Database.ProviderName.ShouldBe("Microsoft.EntityFrameworkCore.SqlServer");
        var strategy = db.Database.CreateExecutionStrategy();
        strategy.GetType().Name.ShouldBe("SqlServerRetryingExecutionStrategy");
        strategy.RetriesOnFailure.ShouldBeTrue();
    }

    /// <summary>The control: the harness shows the production defect (a transaction opened outside the strategy), before any network I/O.</summary>
    [Fact]
    public async Task AUserTransactionOutsideTheStrategy_IsRefusedByTheProvider_BeforeAnyNetworkIo()
    {
        var before = fixture.Server.Commands.Count;
        await using var scope = fixture.Services.CreateAsyncScope();
        using var bureau = scope.ServiceProvider.GetRequiredService<ICurrentTenant>().Change(Bureau);
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();

        await using (await db.Database.BeginTransactionAsync())
        {
            var refused = await Should.ThrowAsync<InvalidOperationException>(() => db.Set<BudgetLine>().IgnoreQueryFilters().AnyAsync());
            refused.Message.ShouldContain(Refusal);
            refused.Message.ShouldContain("SqlServerRetryingExecutionStrategy");

            db.Add(new ClosedMonth { TenantId = Bureau, FiscalYear = 2099, Month = 1 });
            (await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync())).Message.ShouldContain(Refusal);
        }

        fixture.Server.Commands.Count.ShouldBe(before); // refused before a command was even created
        db.Database.GetDbConnection().ShouldBeOfType<StandInConnection>().Opens.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task UnitOfWork_RunsItsTransactionInsideTheStrategy()
    {
        var command = await FirstCommandOf(sp => sp.GetRequiredService<UnitOfWork>().ExecuteAsync(
            ct => sp.GetRequiredService<DbContext>().Set<ClosedMonth>().AnyAsync(ct)), Bureau);
        ShouldBeInTheStrategysTransaction(command);
    }

    [Fact]
    public async Task Commands_ThroughTheUnitOfWorkBehaviour()
    {
        // Month close: a command of the Budgets module, sent as the API sends it (log → validate → unit of work → handler).
        var command = await FirstCommandOf(sp => sp.GetRequiredService<IMediator>().Send(new CloseMonth(2099, 1)).AsTask(), Bureau);
        ShouldBeInTheStrategysTransaction(command);
        command.Sql.ShouldContain("ClosedMonths");
    }

    [Fact]
    public async Task ReportLegacyImport_ACommand_InsideTheStrategy()
    {
        var command = await FirstCommandOf(
            sp => sp.GetRequiredService<IMediator>().Send(new ImportLegacyReport(2021, ReportApi.ReferenceText, Replace: true)).AsTask(), Bureau);
        ShouldBeInTheStrategysTransaction(command);
    }

    [Fact]
    public async Task MonthlyWarningJob_StartsItsRunInsideTheStrategy()
    {
        var command = await FirstCommandOf(sp => sp.GetRequiredService<MonthlyWarningJob>().RunAsync(2099, 1, "stand-in", CancellationToken.None));
        ShouldBeInTheStrategysTransaction(command);
        command.Sql.ShouldContain("WarningRuns");
    }

    [Fact]
    public async Task WarningWriter_SetBasedAndPerBureauUnits_InsideTheStrategy()
    {
        var result = new BureauWarningResult(Bureau, "STANDIN", 2099, 1,
            [new WarningToWrite(WarningScope.Total, WarningLevel.Green, 0.5m, 0.1m, 40m, null, false, false)], []);

        var setBased = await FirstCommandOf(sp => sp.GetRequiredService<WarningWriter>().WriteAsync(Guid.NewGuid(), 2099, 1, [result], DateTime.UtcNow, CancellationToken.None));
        ShouldBeInTheStrategysTransaction(setBased);
        setBased.Sql.ShouldContain("BudgetWarnings", Case.Sensitive, setBased.Sql);

        var perBureau = await FirstCommandOf(sp => sp.GetRequiredService<WarningWriter>().WriteBureauAsync(Guid.NewGuid(), result, DateTime.UtcNow, CancellationToken.None));
        ShouldBeInTheStrategysTransaction(perBureau);
        perBureau.Sql.ShouldContain("BudgetWarnings");
    }

    [Fact]
    public async Task SpreadsheetImport_FinishesItsJobInsideTheStrategy()
    {
        // Finishing a job (with or without the rows it writes) is one unit: the conditional update that proves
        // the runner still holds the job comes first, inside the strategy's transaction.
        var command = await FirstCommandOf(
            sp => sp.GetRequiredService<ImportProcessor>().FailAsync(Guid.NewGuid(), "job:stand-in", "x", "x"), Bureau);
        ShouldBeInTheStrategysTransaction(command);
        command.Sql.ShouldContain("BudgetImportJobs");
        command.Sql.ShouldContain("RunnerId");
    }

    [Fact]
    public async Task SpreadsheetImport_ClaimIsOneStatementInTheStrategy()
    {
        // A job server claiming a queued import: one conditional UPDATE, retried whole by the strategy (no user transaction).
        var command = await FirstCommandOf(
            sp => sp.GetRequiredService<ImportJobRunner>().RunAsync(Guid.NewGuid(), Bureau, CancellationToken.None), Bureau);
        command.InTransaction.ShouldBeFalse(command.Sql);
        command.Strategy.ShouldBe("SqlServerRetryingExecutionStrategy", command.Sql);
        command.Sql.ShouldStartWith("UPDATE");
        command.Sql.ShouldContain("BudgetImportJobs");
    }

    [Fact]
    public async Task Seeders_InsideTheStrategy()
    {
        var bureau = await FirstCommandOf(sp => sp.GetRequiredService<BureauSeeder>().CreateAsync(
            "STANDIN", "替身局", "广州市白云区", null, [], [], [], CancellationToken.None));
        ShouldBeInTheStrategysTransaction(bureau);
        // The seeder's SaveChanges first reads the data version it renews (DataVersion), in the same transaction as its rows.
        bureau.Sql.ShouldContain("DataVersions");

        var budget = await FirstCommandOf(sp => sp.GetRequiredService<BudgetSeeder>().SeedAsync(
            Bureau, 2099, [new SeedLine("L1", "项目", BudgetKind.Project, "一般公共预算拨款", 100m, 50m)], [], CancellationToken.None));
        ShouldBeInTheStrategysTransaction(budget);
    }

    [Fact]
    public async Task WritesOutsideAUnit_RunInTheStrategyWithoutAUserTransaction()
    {
        // What EF saves on its own (Identity's managers, data-protection keys, the outbox's claims):
        // no user transaction, so the retrying strategy wraps each statement itself.
        var command = await FirstCommandOf(sp => sp.GetRequiredService<DbContext>().Set<ClosedMonth>()
            .Where(m => m.FiscalYear == 2099).ExecuteDeleteAsync(), Bureau);
        command.InTransaction.ShouldBeFalse();
        command.Strategy.ShouldBe("SqlServerRetryingExecutionStrategy");
    }
}
