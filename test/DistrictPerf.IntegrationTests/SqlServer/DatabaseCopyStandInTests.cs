using DistrictPerf.Host.Persistence;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests.SqlServer;

/// <summary>
/// The copy from an embedded install (<c>--copy-database</c>) into the real SQL Server provider with
/// <c>EnableRetryOnFailure</c>, on the stand-in connection (<see cref="StandInServer"/>): its writes run in a
/// transaction inside <c>SqlServerRetryingExecutionStrategy</c>, identity columns are written with
/// <c>IDENTITY_INSERT</c> on. What the server would answer is not tested here (the live suite does that).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DatabaseCopyStandInTests(AppFixture app) : IDisposable
{
    private readonly SqlServerStandInApp fixture = SqlServerStandInApp.For(app);

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"districtperf-copy-standin-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    /// <summary>A migrated SQLite source holding one data-protection key (an identity column on SQL Server).</summary>
    private async Task<SqliteDistrictPerfDbContext> SourceAsync()
    {
        var options = new DbContextOptionsBuilder<SqliteDistrictPerfDbContext>().UseSqlite($"Data Source={_file};Pooling=False").Options;
        await using (var db = new SqliteDistrictPerfDbContext(options))
        {
            await db.Database.MigrateAsync();
            db.Add(new DataProtectionKey { FriendlyName = "key-7", Xml = "<key id=\"7\"/>" });
            await db.SaveChangesAsync();
        }

        return DatabaseCopy.OpenSource(_file);
    }

    [Fact]
    public async Task ThePlan_CoversEveryTable_PrincipalsFirst_AndMarksSqlServersIdentityTables()
    {
        await using var source = await SourceAsync();
        await using var scope = fixture.Services.CreateAsyncScope();
        var target = scope.ServiceProvider.GetRequiredService<DistrictPerfDbContext>();
        target.ShouldBeOfType<SqlServerDistrictPerfDbContext>();

        var plan = DatabaseCopy.Plan(source, target);

        plan.Select(t => t.Name).Order().ShouldBe(target.Model.GetRelationalModel().Tables.Select(t => t.Name).Order());
        for (var i = 0; i < plan.Count; i++)
        {
            foreach (var fk in plan[i].Target.ForeignKeyConstraints)
            {
                plan.Take(i).Select(t => t.Name).ShouldContain(fk.PrincipalTable.Name, $"{plan[i].Name} is copied after {fk.PrincipalTable.Name}");
            }
        }

        // int keys the database generates (Identity's claims, the key ring): SQL Server needs IDENTITY_INSERT to keep their values.
        plan.Where(t => t.TargetIdentityInsert).Select(t => t.Name).Order().ShouldBe(["DataProtectionKeys", "RoleClaims", "UserClaims"]);
        DatabaseCopy.Plan(source, source).ShouldAllBe(t => !t.TargetIdentityInsert); // SQLite takes explicit values as they are
    }

    [Fact]
    public async Task TheCopysWrites_RunInATransactionInsideTheRetryingStrategy_WithIdentityInsertOn()
    {
        await using var source = await SourceAsync();
        await using var scope = fixture.Services.CreateAsyncScope();
        var target = scope.ServiceProvider.GetRequiredService<DistrictPerfDbContext>();
        var keys = DatabaseCopy.Plan(source, target).Where(t => t.Name == "DataProtectionKeys").ToList();

        var reached = await Should.ThrowAsync<StandInReachedException>(() => DatabaseCopy.CopyRowsAsync(source, target, scope.ServiceProvider.GetRequiredService<UnitOfWork>(), keys, replace: false, CancellationToken.None));

        reached.Command.InTransaction.ShouldBeTrue();
        reached.Command.Strategy.ShouldBe("SqlServerRetryingExecutionStrategy");
        reached.Command.Sql.ShouldBe(
            "SET IDENTITY_INSERT [DataProtectionKeys] ON; INSERT INTO [DataProtectionKeys] ([FriendlyName], [Id], [Xml]) VALUES (@p0, @p1, @p2); SET IDENTITY_INSERT [DataProtectionKeys] OFF");
        target.Database.GetDbConnection().ShouldBeOfType<StandInConnection>(); // no network I/O
    }

    [Fact]
    public async Task ReplacingTheTargetsRows_DeletesDependentsFirst_InTheSameStrategyAndTransaction()
    {
        await using var source = await SourceAsync();
        await using var scope = fixture.Services.CreateAsyncScope();
        var target = scope.ServiceProvider.GetRequiredService<DistrictPerfDbContext>();
        var plan = DatabaseCopy.Plan(source, target);

        var reached = await Should.ThrowAsync<StandInReachedException>(() => DatabaseCopy.CopyRowsAsync(source, target, scope.ServiceProvider.GetRequiredService<UnitOfWork>(), plan, replace: true, CancellationToken.None));

        reached.Command.InTransaction.ShouldBeTrue();
        reached.Command.Strategy.ShouldBe("SqlServerRetryingExecutionStrategy");
        reached.Command.Sql.ShouldBe($"DELETE FROM [{plan[^1].Name}]");
    }
}
