using System.Net;
using System.Net.Http.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.Modules.Alerts.Features;
using DistrictPerf.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DistrictPerf.IntegrationTests.Alerts;

/// <summary>
/// The monthly job's guard against two concurrent runs of a month (one unfinished run per month,
/// held by a unique index, so it holds across replicas and triggers), the lease that frees a
/// month whose run died, and the unique index that de-duplicates host-level notifications.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WarningRunGuardTests(AppFixture app)
{
    [Fact]
    public async Task ASecondRunOfTheSameMonth_IsRefusedWhileTheFirstRuns_AndAllowedOnceItFinished()
    {
        const int year = 2051;
        var bureau = await WarningJobTests.BureauWithSpending(app, year, 1_200m, ("2051-01-05", 100m));
        var root = await app.RootAsync();
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hooks = new WarningJobHooks
        {
            BeforeBureau = async _ =>
            {
                inside.TrySetResult();
                await release.Task;
            },
        };
        await using var scope = app.Services.CreateAsyncScope();
        var first = ActivatorUtilities.CreateInstance<MonthlyWarningJob>(scope.ServiceProvider, hooks).RunAsync(year, 1, "first", CancellationToken.None);
        await inside.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Another trigger (the API here; another replica's job alike) while the first run holds the month: 409.
        var second = await root.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { year, month = 1 });
        var problem = await second.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().ShouldBe(MonthlyWarningJob.RunInProgressCode);

        // The job itself (as Hangfire runs it) is refused the same way, and writes no run record.
        await using (var other = app.Services.CreateAsyncScope())
        {
            var job = ActivatorUtilities.CreateInstance<MonthlyWarningJob>(other.ServiceProvider, new WarningJobHooks());
            await Should.ThrowAsync<ConflictException>(() => job.RunAsync(year, 1, "concurrent", CancellationToken.None));
        }

        // Another month is not blocked.
        (await root.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { year, month = 2 })).StatusCode.ShouldBe(HttpStatusCode.OK);

        release.SetResult();
        var firstRun = await first;
        var runs = await app.WithDbAsync(db => db.Set<WarningRun>().AsNoTracking().Where(r => r.FiscalYear == year && r.Month == 1).ToListAsync());
        runs.Select(r => r.Id).ShouldBe([firstRun]);
        runs.Single().FinishedAt.ShouldNotBeNull();
        runs.Single().BureausFailed.ShouldBe(0);
        (await app.WithDbAsync(db => db.Set<BudgetWarning>().IgnoreQueryFilters().CountAsync(w => w.TenantId == bureau.Id && w.FiscalYear == year && w.Month == 1))).ShouldBe(2); // Total and Project (no basic line)

        // Finished: the month is free again.
        (await root.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { year, month = 1 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.Set<WarningRun>().CountAsync(r => r.FiscalYear == year && r.Month == 1))).ShouldBe(2);
    }

    [Fact]
    public async Task TheDatabaseAdmitsOneUnfinishedRunPerMonth_WhateverProcessWritesIt()
    {
        const int year = 2052;
        var start = DateTime.UtcNow;
        await app.WithDbAsync(async db =>
        {
            db.Add(new WarningRun { FiscalYear = year, Month = 3, Trigger = "replica-a", StartedAt = start });
            return await db.SaveChangesAsync();
        });

        var refused = await Should.ThrowAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            db.Add(new WarningRun { FiscalYear = year, Month = 3, Trigger = "replica-b", StartedAt = start });
            return await db.SaveChangesAsync();
        }));
        refused.InnerException!.Message.ShouldContain("UNIQUE");

        // Finished runs do not count: history keeps any number of them.
        await app.WithDbAsync(async db =>
        {
            db.Add(new WarningRun { FiscalYear = year, Month = 3, Trigger = "done-1", StartedAt = start, FinishedAt = start });
            db.Add(new WarningRun { FiscalYear = year, Month = 3, Trigger = "done-2", StartedAt = start, FinishedAt = start });
            return await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task TheRecurringSweep_ClosesCrashedRunsOfAnyMonth_AndLeavesLiveOnesAlone()
    {
        const int year = 2054;
        var started = new DateTimeOffset(2054, 3, 1, 2, 0, 0, TimeSpan.Zero);
        await app.WithDbAsync(async db =>
        {
            db.Add(new WarningRun { FiscalYear = year, Month = 1, Trigger = "crashed", StartedAt = started.UtcDateTime });
            db.Add(new WarningRun { FiscalYear = year, Month = 2, Trigger = "live", StartedAt = (started + MonthlyWarningJob.RunLease).UtcDateTime });
            return await db.SaveChangesAsync();
        });

        var clock = new FakeTimeProvider(started + MonthlyWarningJob.RunLease + TimeSpan.FromMinutes(1));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var job = ActivatorUtilities.CreateInstance<MonthlyWarningJob>(scope.ServiceProvider, clock, new WarningJobHooks());
            (await job.CloseAbandonedRunsAsync()).ShouldBeGreaterThanOrEqualTo(1);
        }

        var runs = await app.WithDbAsync(db => db.Set<WarningRun>().AsNoTracking().Where(r => r.FiscalYear == year).ToListAsync());
        var crashed = runs.Single(r => r.Trigger == "crashed");
        crashed.FinishedAt.ShouldBe(clock.GetUtcNow().UtcDateTime);
        crashed.FailuresJson.ShouldNotBeNull().ShouldContain("Abandoned");
        runs.Single(r => r.Trigger == "live").FinishedAt.ShouldBeNull();
    }

    [Fact]
    public async Task ARunThatNeverFinished_HoldsTheMonthForTheLease_ThenIsClosedAsAbandoned()
    {
        const int year = 2053;
        var started = new DateTimeOffset(2053, 2, 1, 2, 0, 0, TimeSpan.Zero);
        await app.WithDbAsync(async db =>
        {
            // A process that died mid-run: its run record stays unfinished.
            db.Add(new WarningRun { FiscalYear = year, Month = 1, Trigger = "crashed", StartedAt = started.UtcDateTime });
            return await db.SaveChangesAsync();
        });

        var clock = new FakeTimeProvider(started + (MonthlyWarningJob.RunLease / 2));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var job = ActivatorUtilities.CreateInstance<MonthlyWarningJob>(scope.ServiceProvider, clock, new WarningJobHooks());
            await Should.ThrowAsync<ConflictException>(() => job.RunAsync(year, 1, "too-early", CancellationToken.None));
        }

        clock.SetUtcNow(started + MonthlyWarningJob.RunLease + TimeSpan.FromMinutes(1));
        Guid runId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var job = ActivatorUtilities.CreateInstance<MonthlyWarningJob>(scope.ServiceProvider, clock, new WarningJobHooks());
            runId = await job.RunAsync(year, 1, "after-lease", CancellationToken.None);
        }

        var runs = await app.WithDbAsync(db => db.Set<WarningRun>().AsNoTracking().Where(r => r.FiscalYear == year).ToListAsync());
        runs.Select(r => r.Trigger).Order().ShouldBe(["after-lease", "crashed"]);
        var crashed = runs.Single(r => r.Trigger == "crashed");
        crashed.FinishedAt.ShouldBe(clock.GetUtcNow().UtcDateTime);
        crashed.FailuresJson.ShouldNotBeNull().ShouldContain("Abandoned");
        var fresh = runs.Single(r => r.Id == runId);
        fresh.FinishedAt.ShouldNotBeNull();
        runs.ShouldNotContain(r => r.FinishedAt == null);
    }

    [Fact]
    public async Task HostLevelNotifications_AreUniquePerUserAndKey_LikeABureaus()
    {
        var user = Guid.NewGuid();
        var key = "standin-" + Guid.NewGuid().ToString("N");
        Notification New(Guid? tenant) => new() { TenantId = tenant, UserId = user, DedupeKey = key, Title = "t", Body = "b", CreatedAt = DateTime.UtcNow };
        await app.WithDbAsync(async db =>
        {
            db.Add(New(null));
            return await db.SaveChangesAsync();
        });

        // The same host-level notification again: refused by the index (before this change SQLite let it in — NULLs are distinct —
        // and SQL Server's index was filtered to "[TenantId] IS NOT NULL").
        var refused = await Should.ThrowAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            db.Add(New(null));
            return await db.SaveChangesAsync();
        }));
        refused.InnerException!.Message.ShouldContain("UNIQUE");

        // The same key for a bureau's row is another notification.
        var bureau = await app.CreateBureauAsync();
        await app.WithDbAsync(
            async db =>
            {
                db.Add(New(bureau.Id));
                return await db.SaveChangesAsync();
            },
            bureau.Id);
        (await app.WithDbAsync(db => db.Set<Notification>().IgnoreQueryFilters().CountAsync(n => n.DedupeKey == key))).ShouldBe(2);
    }
}
