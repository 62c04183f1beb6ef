using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Budgets;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.Modules.Alerts.Features;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DistrictPerf.IntegrationTests.Alerts;

/// <summary>The monthly warning job on real Hangfire storage (SQLite) and a real database; time driven by FakeTimeProvider where it matters.</summary>
[Collection(ApiCollection.Name)]
public sealed class WarningJobTests(AppFixture app)
{
    // Each test uses its own fiscal year so that runs of other tests do not mix in.
    internal static async Task<TestBureau> BureauWithSpending(AppFixture app, int year, decimal budget, params (string Date, decimal Amount)[] spending)
    {
        var bureau = await app.CreateBureauAsync();
        var (_, _) = await bureau.AddUserAsync("editor", "BureauEditor");
        var line = (await (await bureau.Admin.PostAsJsonAsync($"/api/bureau/budgets/{year}/lines", new { code = "L1", name = "项目", kind = "Project", initial = budget }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        foreach (var (date, amount) in spending)
        {
            (await bureau.Admin.PostAsJsonAsync($"/api/bureau/budgets/{year}/spending", new { date, lineId = line, amount, voucherRef = date })).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        return bureau;
    }

    private async Task<JsonElement> Run(HttpClient root, int year, int month) =>
        await (await root.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { year, month })).ReadJsonAsync();

    [Fact]
    public async Task Levels_Notifications_AndRerunsThatChangeNothing()
    {
        const int year = 2031;
        var slow = await BureauWithSpending(app, year, 1_200m, ("2031-03-10", 100m));            // June: 8.33% vs 50% → red
        var onTrack = await BureauWithSpending(app, year, 1_200m, ("2031-06-10", 590m));         // 49.17% → green (gap −0.83)
        var lagging = await BureauWithSpending(app, year, 1_200m, ("2031-06-10", 480m));         // 40% → gap −10 → yellow
        var root = await app.RootAsync();

        await Run(root, year, 6);
        var warnings = await (await root.GetAsync($"/api/host/alerts/{year}/6/warnings")).ReadJsonAsync();
        string Level(TestBureau b) => warnings.EnumerateArray().Single(w => w.GetProperty("bureauId").GetGuid() == b.Id && w.GetProperty("scope").GetString() == "Total").GetProperty("level").GetString()!;
        Level(slow).ShouldBe("Red");
        Level(onTrack).ShouldBe("Green");
        Level(lagging).ShouldBe("Yellow");

        var editor = await app.SignInAsync(slow.Code, "editor", AppFixture.UserPassword);
        var inbox = await (await editor.GetAsync("/api/inbox")).ReadJsonAsync();
        inbox.EnumerateArray().ShouldContain(n => n.GetProperty("title").GetString()!.Contains("红色预警"));
        var count = inbox.GetArrayLength();

        // Run the same month again: same warnings, no duplicate notifications.
        await Run(root, year, 6);
        var again = await (await root.GetAsync($"/api/host/alerts/{year}/6/warnings")).ReadJsonAsync();
        again.GetArrayLength().ShouldBe(warnings.GetArrayLength());
        (await (await editor.GetAsync("/api/inbox")).ReadJsonAsync()).GetArrayLength().ShouldBe(count);
        (await app.WithDbAsync(db => db.Set<BudgetWarning>().IgnoreQueryFilters().CountAsync(w => w.TenantId == slow.Id && w.FiscalYear == year))).ShouldBe(2); // Total + Project

        // Finance reviewers hear of red levels.
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        await Run(root, year, 6);
        (await (await reviewer.GetAsync("/api/inbox")).ReadJsonAsync()).EnumerateArray().ShouldContain(n => n.GetProperty("title").GetString()!.Contains(slow.Code) || n.GetProperty("body").GetString()!.Length > 0);

        // Ranking: the host sees gap and level; bureaus see names and rates only.
        var ranking = await (await root.GetAsync($"/api/host/alerts/{year}/6/ranking")).ReadJsonAsync();
        ranking.EnumerateArray().Select(r => r.GetProperty("bureauId").GetGuid()).Where(id => id == slow.Id || id == onTrack.Id || id == lagging.Id)
            .ShouldBe([onTrack.Id, lagging.Id, slow.Id]);
        var publicRanking = await (await slow.Admin.GetAsync($"/api/bureau/alerts/{year}/6/ranking")).ReadJsonAsync();
        publicRanking[0].EnumerateObject().Select(p => p.Name).ShouldBe(["rank", "name", "executionRate"]);
        (await slow.Admin.GetAsync($"/api/bureau/alerts/{year}/6/ranking.xlsx")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await root.GetAsync($"/api/host/alerts/{year}/6/ranking.xlsx")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Isolation: a bureau sees its own warnings only, and no one else's inbox.
        var own = await (await onTrack.Admin.GetAsync($"/api/bureau/alerts/{year}/warnings")).ReadJsonAsync();
        own.EnumerateArray().ShouldAllBe(w => w.GetProperty("bureauId").GetGuid() == onTrack.Id);
        await (await onTrack.Admin.GetAsync($"/api/host/alerts/{year}/6/warnings")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var otherEditor = await app.SignInAsync(onTrack.Code, "editor", AppFixture.UserPassword);
        var otherInbox = await (await otherEditor.GetAsync("/api/inbox")).ReadJsonAsync();
        otherInbox.EnumerateArray().ShouldAllBe(n => !n.GetProperty("body").GetString()!.Contains(slow.Code));
        var first = inbox[0].GetProperty("id").GetGuid();
        await (await otherEditor.PostAsync($"/api/inbox/{first}/read", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await editor.PostAsync($"/api/inbox/{first}/read", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task ThreeRedMonthsInARow_PutTheBureauOnTheInterviewList()
    {
        const int year = 2032;
        var bureau = await BureauWithSpending(app, year, 1_200m, ("2032-01-05", 1m));
        var root = await app.RootAsync();
        foreach (var month in new[] { 4, 5, 6 })
        {
            await Run(root, year, month);
        }

        var list = await (await root.GetAsync($"/api/host/alerts/interviews?year={year}")).ReadJsonAsync();
        list.EnumerateArray().ShouldContain(e => e.GetProperty("warning").GetProperty("bureauId").GetGuid() == bureau.Id && e.GetProperty("warning").GetProperty("month").GetInt32() == 6);
        list.EnumerateArray().ShouldNotContain(e => e.GetProperty("warning").GetProperty("bureauId").GetGuid() == bureau.Id && e.GetProperty("warning").GetProperty("month").GetInt32() == 5);
    }

    [Fact]
    public async Task OneBureausFailure_DoesNotStopTheOthers_AndHangfireRetriesIt()
    {
        const int year = 2033;
        var failing = await BureauWithSpending(app, year, 1_200m, ("2033-01-05", 1m));
        var fine = await BureauWithSpending(app, year, 1_200m, ("2033-01-05", 1m));
        var root = await app.RootAsync();
        var hooks = app.Services.GetRequiredService<WarningJobHooks>();
        var failures = 0;
        hooks.BeforeBureau = id => id == failing.Id && Interlocked.Increment(ref failures) == 1 ? throw new InvalidOperationException("boom") : Task.CompletedTask;
        try
        {
            var run = await Run(root, year, 3);
            var runs = await (await root.GetAsync($"/api/host/alerts/runs?year={year}")).ReadJsonAsync();
            var record = runs.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == run.GetProperty("runId").GetGuid());
            record.GetProperty("failures").ToString().ShouldContain(failing.Code);

            // The failures are a typed list (the web client reads them): the bureau, its code and the error's type.
            var failure = record.GetProperty("failures").EnumerateArray().ShouldHaveSingleItem();
            failure.GetProperty("bureauId").GetGuid().ShouldBe(failing.Id);
            failure.GetProperty("code").GetString().ShouldBe(failing.Code);
            failure.GetProperty("error").GetString().ShouldBe(nameof(InvalidOperationException));
            record.GetProperty("bureausFailed").GetInt32().ShouldBe(1);
            record.GetProperty("finishedAt").ValueKind.ShouldBe(JsonValueKind.String);

            (await CountWarnings(fine.Id, year)).ShouldBeGreaterThan(0);

            // Hangfire runs the scheduled retry (real server, SQLite storage).
            for (var i = 0; i < 120 && await CountWarnings(failing.Id, year) == 0; i++)
            {
                await Task.Delay(500);
            }

            (await CountWarnings(failing.Id, year)).ShouldBeGreaterThan(0);
        }
        finally
        {
            hooks.BeforeBureau = null;
        }
    }

    [Fact]
    public async Task WhenTheSetBasedWriteFails_ThePassFallsBackToOneBureauAtATime()
    {
        const int year = 2038;
        var refused = await BureauWithSpending(app, year, 1_200m, ("2038-01-05", 1m));
        var fine = await BureauWithSpending(app, year, 1_200m, ("2038-01-05", 600m));
        var root = await app.RootAsync();

        // The database refuses this one bureau's warnings, so the one-statement upsert fails as a whole.
        var trigger = $"refuse_{refused.Code.Replace('-', '_')}";
        // (Names and ids are the test's own values, not input.)
        var create = $"CREATE TRIGGER \"{trigger}\" BEFORE INSERT ON BudgetWarnings WHEN NEW.TenantId = '{refused.Id.ToString().ToUpperInvariant()}' BEGIN SELECT RAISE(ABORT, 'refused by test'); END;";
        var drop = $"DROP TRIGGER IF EXISTS \"{trigger}\";";
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(create));
        JsonElement run;
        try
        {
            run = await Run(root, year, 6);
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(drop));
        }

        // The others were written one bureau at a time; the refused one is recorded as failed...
        (await CountWarnings(fine.Id, year)).ShouldBe(2); // Total + Project
        var runs = await (await root.GetAsync($"/api/host/alerts/runs?year={year}")).ReadJsonAsync();
        var record = runs.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == run.GetProperty("runId").GetGuid());
        record.GetProperty("failures").ToString().ShouldContain(refused.Code);

        // ...and Hangfire's retry writes it once the database accepts it again.
        for (var i = 0; i < 120 && await CountWarnings(refused.Id, year) == 0; i++)
        {
            await Task.Delay(500);
        }

        (await CountWarnings(refused.Id, year)).ShouldBe(2);
    }

    [Fact]
    public async Task BothWritePaths_SkipANotification_OnlyWhenThisTenantAlreadyHasIt()
    {
        const int year = 2039;
        var bureau = await BureauWithSpending(app, year, 1_200m, ("2039-01-05", 1m)); // red in June and July
        var (editorId, editor) = await bureau.AddUserAsync("dedupe", "BureauEditor");
        var elsewhere = await app.CreateBureauAsync();
        var refused = await app.CreateBureauAsync();
        string[] keys = ["warning:2039-06:Total:Red", "warning:2039-07:Total:Red"];

        // The same user and keys already stored under another bureau: they do not stand in for this bureau's notifications.
        await app.WithDbAsync(
            db =>
            {
                db.AddRange(keys.Select(key => new Notification { UserId = editorId, DedupeKey = key, Title = "别处", Body = "别处", CreatedAt = DateTime.UtcNow }));
                return db.SaveChangesAsync();
            },
            elsewhere.Id);

        async Task<List<string>> Mine() => await app.WithDbAsync(db => db.Set<Notification>().IgnoreQueryFilters()
            .Where(n => n.UserId == editorId && n.TenantId == bureau.Id && keys.Contains(n.DedupeKey)).Select(n => n.DedupeKey).ToListAsync());

        // June through the set-based write; July through the per-bureau fallback (the database refuses another bureau's warnings).
        var trigger = $"refuse_{refused.Code.Replace('-', '_')}";
        var create = $"CREATE TRIGGER \"{trigger}\" BEFORE INSERT ON BudgetWarnings WHEN NEW.TenantId = '{refused.Id.ToString().ToUpperInvariant()}' BEGIN SELECT RAISE(ABORT, 'refused by test'); END;";
        var drop = $"DROP TRIGGER IF EXISTS \"{trigger}\";";
        async Task<JsonElement> RunBoth()
        {
            var root = await app.RootAsync();
            await Run(root, year, 6);
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(create));
            try
            {
                return await Run(root, year, 7);
            }
            finally
            {
                await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(drop));
            }
        }

        var july = await RunBoth();
        var runs = await (await (await app.RootAsync()).GetAsync($"/api/host/alerts/runs?year={year}")).ReadJsonAsync();
        runs.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == july.GetProperty("runId").GetGuid())
            .GetProperty("failures").ToString().ShouldContain(refused.Code); // July did go one bureau at a time
        (await Mine()).Order().ShouldBe(keys);
        var inbox = await (await editor.GetAsync("/api/inbox")).ReadJsonAsync();
        inbox.EnumerateArray().Select(n => n.GetProperty("title").GetString()).ShouldContain("2039年6月预算执行红色预警");
        inbox.EnumerateArray().Select(n => n.GetProperty("title").GetString()).ShouldContain("2039年7月预算执行红色预警");

        // This bureau's own rows hold both paths back: a rerun of each sends nothing new.
        await RunBoth();
        (await Mine()).Order().ShouldBe(keys);
    }

    [Fact]
    public async Task ARunThatFailsAfterItStarted_IsFinishedAsFailed_AndWritesNothing()
    {
        const int year = 2040;
        var bureau = await BureauWithSpending(app, year, 1_200m, ("2040-01-05", 1m));
        using var cancel = new CancellationTokenSource();
        await using var scope = app.Services.CreateAsyncScope();
        var hooks = new WarningJobHooks
        {
            BeforeBureau = _ =>
            {
                cancel.Cancel(); // e.g. the server shutting down mid-run
                return Task.CompletedTask;
            },
        };
        var job = ActivatorUtilities.CreateInstance<MonthlyWarningJob>(scope.ServiceProvider, hooks);

        var failure = await Should.ThrowAsync<Exception>(() => job.RunAsync(year, 6, "failing", cancel.Token));
        failure.ShouldBeAssignableTo<OperationCanceledException>();

        var run = await app.WithDbAsync(db => db.Set<WarningRun>().SingleAsync(r => r.FiscalYear == year && r.Trigger == "failing"));
        run.FinishedAt.ShouldNotBeNull();
        run.BureausEvaluated.ShouldBe(0);
        run.BureausFailed.ShouldBeGreaterThan(0);
        // The run records the cancellation as it met it (OperationCanceledException under SQL Server's
        // retrying strategy); awaiting the cancelled job gives its caller a TaskCanceledException.
        run.FailuresJson.ShouldNotBeNull().ShouldContain("CanceledException");
        (await CountWarnings(bureau.Id, year)).ShouldBe(0); // the month's write never committed
        (await app.WithDbAsync(db => db.Set<WarningRun>().CountAsync(r => r.FinishedAt == null && r.Trigger == "failing"))).ShouldBe(0);
    }

    private Task<int> CountWarnings(Guid bureau, int year) =>
        app.WithDbAsync(db => db.Set<BudgetWarning>().IgnoreQueryFilters().CountAsync(w => w.TenantId == bureau && w.FiscalYear == year));

    [Theory]
    [InlineData("2022-01-01T01:30:00+08:00", 2021, 12)] // January: the previous month is last year's December
    [InlineData("2022-07-01T02:00:00+08:00", 2022, 6)]
    [InlineData("2022-12-31T23:59:00+08:00", 2022, 11)]
    public async Task TheScheduledRun_EvaluatesThePreviousMonth_InChinaTime(string now, int year, int month)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var job = ActivatorUtilities.CreateInstance<MonthlyWarningJob>(sp, clock, new WarningJobHooks());

        var runId = await job.RunPreviousMonthAsync();

        var run = await app.WithDbAsync(db => db.Set<WarningRun>().SingleAsync(r => r.Id == runId));
        (run.FiscalYear, run.Month).ShouldBe((year, month));
        run.StartedAt.ShouldBe(clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public void RecurringJob_At0200OnThe1st_AsiaShanghai_NextRunsAt1800UtcOnThePreviousDay()
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = connection.GetRecurringJobs().Single(j => j.Id == "monthly-budget-warnings");
        job.Cron.ShouldBe("0 2 1 * *");
        job.TimeZoneId.ShouldBe("Asia/Shanghai");
        var next = job.NextExecution!.Value;
        next.Hour.ShouldBe(18);
        next.Minute.ShouldBe(0);
        next.AddDays(1).Day.ShouldBe(1); // the last day of the month before
    }

    [Fact]
    public async Task Dashboard_IsForHostAdminsOnly()
    {
        var bureau = await app.CreateBureauAsync();
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        (await app.Anonymous().GetAsync("/hangfire")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await bureau.Admin.GetAsync("/hangfire")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reviewer.GetAsync("/hangfire")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var root = await app.RootAsync();
        var page = await root.GetAsync("/hangfire");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("DistrictPerf");
    }

    [Fact]
    public async Task YearSettings_SwitchToRatioMode_AndAreValidated()
    {
        const int year = 2035;
        var bureau = await BureauWithSpending(app, year, 1_200m, ("2035-06-10", 390m)); // June: E = 32.5%, P = 50%: gap −17.5 (yellow), ratio 0.65 (yellow)
        var deep = await BureauWithSpending(app, year, 1_200m, ("2035-06-10", 350m));   // E = 29.17%: gap −20.8 (red), ratio 0.583 (red)
        var root = await app.RootAsync();
        var first = await (await root.GetAsync($"/api/host/alerts/settings/{year}")).ReadJsonAsync();
        first.GetProperty("concurrencyStamp").ValueKind.ShouldBe(JsonValueKind.Null); // never saved: the defaults
        Task<HttpResponseMessage> Save(object settings, string? stamp) =>
            root.PutAsJsonAsync($"/api/host/alerts/settings/{year}", new { settings, concurrencyStamp = stamp });

        await (await Save(new { mode = "Ratio", yellowRatio = 0.7m, redRatio = 0.6m }, "made-up")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var saved = await (await Save(new { mode = "Ratio", yellowRatio = 0.7m, redRatio = 0.6m }, null)).ReadJsonAsync();
        var stamp = saved.GetProperty("concurrencyStamp").GetString();
        stamp.ShouldNotBeNullOrEmpty();
        await (await Save(new { mode = "Gap" }, null)).ShouldBeProblemAsync(HttpStatusCode.Conflict); // read before the save: stale
        var read = await (await root.GetAsync($"/api/host/alerts/settings/{year}")).ReadJsonAsync();
        read.GetProperty("concurrencyStamp").GetString().ShouldBe(stamp);
        read.GetProperty("settings").GetProperty("mode").GetString().ShouldBe("Ratio");

        await Run(root, year, 6);
        var warnings = await (await root.GetAsync($"/api/host/alerts/{year}/6/warnings")).ReadJsonAsync();
        string Level(TestBureau b) => warnings.EnumerateArray().Single(w => w.GetProperty("bureauId").GetGuid() == b.Id && w.GetProperty("scope").GetString() == "Total").GetProperty("level").GetString()!;
        Level(bureau).ShouldBe("Yellow"); // 0.65 < 0.7
        Level(deep).ShouldBe("Red");      // 0.583 < 0.6

        await (await Save(new { yellowGap = -30m, redGap = -20m }, stamp)).ShouldBeValidationProblemAsync("settings.yellowGap");
        await (await Save(new { milestones = new Dictionary<string, decimal> { ["3"] = 0.5m, ["6"] = 0.4m } }, stamp)).ShouldBeValidationProblemAsync("settings.milestones");
        await (await bureau.Admin.PutAsJsonAsync($"/api/host/alerts/settings/{year}", new { })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ABureauCreatedMidYear_IsGreenBeforeItHasABudget_AndJudgedFromThen()
    {
        const int year = 2037;
        // Created in July: no initial budget, an increase in July, spending in August.
        var bureau = await app.CreateBureauAsync();
        var line = (await (await bureau.Admin.PostAsJsonAsync($"/api/bureau/budgets/{year}/lines", new { code = "NEW", name = "新设部门经费", kind = "Basic", initial = 0m }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await bureau.Admin.PostAsJsonAsync($"/api/bureau/budgets/{year}/adjustments", new { date = "2037-07-01", lineId = line, kind = "Increase", amount = 1_000m, reason = "年中新设部门核定预算" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await bureau.Admin.PostAsJsonAsync($"/api/bureau/budgets/{year}/spending", new { date = "2037-08-10", lineId = line, amount = 100m, voucherRef = "V1" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        async Task<(string Level, JsonElement Rate)> At(string now, int month)
        {
            var clock = new FakeTimeProvider(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
            var job = ActivatorUtilities.CreateInstance<MonthlyWarningJob>(sp, clock, new WarningJobHooks());
            await job.RunPreviousMonthAsync();
            var warnings = await (await bureau.Admin.GetAsync($"/api/bureau/alerts/{year}/warnings")).ReadJsonAsync();
            var w = warnings.EnumerateArray().Single(x => x.GetProperty("month").GetInt32() == month && x.GetProperty("scope").GetString() == "Total");
            return (w.GetProperty("level").GetString()!, w.GetProperty("executionRate"));
        }

        var june = await At("2037-07-01T02:00:00+08:00", 6);
        june.Level.ShouldBe("Green");
        june.Rate.ValueKind.ShouldBe(JsonValueKind.Null);

        var august = await At("2037-09-01T02:00:00+08:00", 8); // 10% of the budget vs 66.67% time progress
        august.Level.ShouldBe("Red");
        august.Rate.GetDecimal().ShouldBe(10m);
    }

    [Fact]
    public async Task ABureauWithoutBudget_IsEvaluatedGreen_WithoutRates()
    {
        const int year = 2036;
        var empty = await app.CreateBureauAsync();
        var root = await app.RootAsync();
        await Run(root, year, 2);
        var warnings = await (await root.GetAsync($"/api/host/alerts/{year}/2/warnings")).ReadJsonAsync();
        var mine = warnings.EnumerateArray().Single(w => w.GetProperty("bureauId").GetGuid() == empty.Id);
        mine.GetProperty("level").GetString().ShouldBe("Green");
        mine.GetProperty("executionRate").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task BadBackfillRequests_Are400_AndBureausCannotRunTheJob()
    {
        var root = await app.RootAsync();
        await (await root.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { year = 2021, month = 13 })).ShouldBeValidationProblemAsync("month");
        await (await root.PostAsJsonAsync("/api/host/alerts/runs?wait=true", new { month = 1 })).ShouldBeValidationProblemAsync("year");
        var bureau = await app.CreateBureauAsync();
        await (await bureau.Admin.PostAsJsonAsync("/api/host/alerts/runs", new { year = 2021, month = 1 })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        await (await reviewer.PostAsJsonAsync("/api/host/alerts/runs", new { year = 2021, month = 1 })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var queued = await root.PostAsJsonAsync("/api/host/alerts/runs", new { year = 2034, month = 1 });
        queued.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var job = await queued.Content.ReadFromJsonAsync<JsonElement>();
        job.GetProperty("jobId").GetString().ShouldNotBeNullOrEmpty();
        job.GetProperty("runId").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task AWaitedRun_AnswersItsRunId_WhichTheHistoryLists_WithNoFailures()
    {
        const int year = 2035;
        var bureau = await BureauWithSpending(app, year, 1_200m, ("2035-02-10", 300m));
        var root = await app.RootAsync();
        var started = await Run(root, year, 2);
        started.GetProperty("jobId").ValueKind.ShouldBe(JsonValueKind.Null);
        var runId = started.GetProperty("runId").GetGuid();

        var runs = await (await root.GetAsync($"/api/host/alerts/runs?year={year}")).ReadJsonAsync();
        var record = runs.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == runId);
        record.GetProperty("month").GetInt32().ShouldBe(2);
        record.GetProperty("trigger").GetString().ShouldBe("backfill");
        record.GetProperty("failures").ValueKind.ShouldBe(JsonValueKind.Null);
        record.GetProperty("bureausFailed").GetInt32().ShouldBe(0);
        record.GetProperty("bureausEvaluated").GetInt32().ShouldBeGreaterThan(0);

        // The interview list's rows are named (bureau, warning) records: empty for a year without three red months.
        var interviews = await (await root.GetAsync($"/api/host/alerts/interviews?year={year}")).ReadJsonAsync();
        interviews.EnumerateArray().ShouldNotContain(e => e.GetProperty("warning").GetProperty("bureauId").GetGuid() == bureau.Id);

        // Every department's runs, interview list and ranking with gaps and levels are the finance bureau's: a bureau gets 403.
        foreach (var path in new[] { $"/api/host/alerts/runs?year={year}", $"/api/host/alerts/interviews?year={year}", $"/api/host/alerts/{year}/2/ranking", $"/api/host/alerts/{year}/2/ranking.xlsx" })
        {
            await (await bureau.Admin.GetAsync(path)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }
    }
}
