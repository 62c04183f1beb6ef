using System.Net;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Budgets.Domain;
using DistrictPerf.Modules.Budgets.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests.Budgets;

/// <summary>
/// Queued imports live in the database (job, stored file, progress, heartbeat) and run on the job server
/// (Hangfire), so any replica can show, run or resume them; a server starting touches no other server's job.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ImportAcrossServersTests(AppFixture app)
{
    private const string OtherRunner = "job:other-host:4242:0badc0de";

    private static async Task<Guid> InsertJobAsync(
        AppFixture server, Guid bureau, ImportStatus status, string? runner, DateTime? heartbeat, byte[]? file = null, Action<ImportJob>? more = null)
    {
        return await server.WithDbAsync(async db =>
        {
            var job = new ImportJob
            {
                FiscalYear = 2021, FileName = "其他服务器.xlsx", FileHash = new string('0', 64), Status = status, RunnerId = runner,
                HeartbeatAt = heartbeat, Attempts = runner is null ? 0 : 1, Culture = "zh-CN", Phase = status == ImportStatus.Queued ? ImportPhase.Queued : ImportPhase.Reading,
            };
            more?.Invoke(job);
            db.Add(job);
            if (file is not null)
            {
                db.Add(new ImportFile { Id = job.Id, Content = file });
            }

            await db.SaveChangesAsync();
            return job.Id;
        }, bureau);
    }

    private static Task<ImportJob> JobAsync(AppFixture server, Guid bureau, Guid id) =>
        server.WithDbAsync(db => db.Set<ImportJob>().AsNoTracking().SingleAsync(j => j.Id == id), bureau);

    private static Task<bool> FileStoredAsync(AppFixture server, Guid bureau, Guid id) =>
        server.WithDbAsync(db => db.Set<ImportFile>().AnyAsync(f => f.Id == id), bureau);

    internal static async Task<JsonElement> PollAsync(HttpClient client, Guid id)
    {
        JsonElement job = default;
        for (var i = 0; i < 600; i++)
        {
            job = await (await client.GetAsync($"{BudgetApi.Base()}/imports/{id}")).ReadJsonAsync();
            if (job.GetProperty("status").GetString() is "Succeeded" or "Failed")
            {
                return job;
            }

            await Task.Delay(50);
        }

        return job;
    }

    [Fact]
    public async Task AQueuedUpload_IsStoredWithItsJob_RunByTheJobServer_AndItsFileDroppedWhenDone()
    {
        var bureau = await app.CreateBureauAsync();
        var response = await BudgetImportTests.Upload(bureau.Admin, BudgetImportTests.ReferenceWorkbook(), "queued.xlsx", wait: false);
        var id = (await response.ReadJsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();

        var job = await PollAsync(bureau.Admin, id);
        job.GetProperty("status").GetString().ShouldBe("Succeeded", job.ToString());
        job.GetProperty("progress").ValueKind.ShouldBe(JsonValueKind.Null);
        var row = await JobAsync(app, bureau.Id, id);
        row.RunnerId.ShouldStartWith(ImportLease.JobPrefix); // the job server ran it, not the request
        row.Attempts.ShouldBe(1);
        row.Culture.ShouldBe("zh-CN");
        (await FileStoredAsync(app, bureau.Id, id)).ShouldBeFalse();
        (await bureau.Admin.FiguresAsync()).GetProperty("total").GetProperty("executionRate").GetDecimal().ShouldBe(96.05m);
    }

    [Fact]
    public async Task ASecondServerStarting_LeavesAnotherServersImportAlone_ShowsItsProgress_AndResumesItWhenItsRunnerDies()
    {
        var bureau = await app.CreateBureauAsync();
        var id = await InsertJobAsync(app, bureau.Id, ImportStatus.Running, OtherRunner, DateTime.UtcNow, BudgetImportTests.ReferenceWorkbook(), j =>
        {
            j.Phase = ImportPhase.Writing;
            j.RowsRead = 8;
            j.RowsToWrite = 10;
            j.RowsWritten = 4;
        });

        // Another server starts on the same database (a new replica, or this one restarted). Its search index is its
        // own: the embedded Lucene index is single-writer (production replicas share Elasticsearch).
        await using var second = AppFixture.WithSettings(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = app.DataDirectory,
            ["Search:LucenePath"] = "search-index-" + Guid.NewGuid().ToString("N"),
        });
        await second.InitializeAsync();

        var untouched = await JobAsync(second, bureau.Id, id);
        untouched.Status.ShouldBe(ImportStatus.Running);
        untouched.RunnerId.ShouldBe(OtherRunner);
        untouched.ErrorsJson.ShouldBeNull();

        // The other server's progress, as its heartbeat wrote it, is what any server shows.
        var admin = await second.SignInAsync(bureau.Code, "admin", AppFixture.UserPassword);
        var shown = await (await admin.GetAsync($"{BudgetApi.Base()}/imports/{id}")).ReadJsonAsync();
        shown.GetProperty("status").GetString().ShouldBe("Running");
        shown.GetProperty("progress").GetProperty("phase").GetString().ShouldBe("写入");
        shown.GetProperty("progress").GetProperty("rowsWritten").GetInt32().ShouldBe(4);
        shown.GetProperty("progress").GetProperty("percent").GetDecimal().ShouldBe(70m);

        // While its runner is alive, the job system cannot run it twice.
        await using (var scope = second.Services.CreateAsyncScope())
        {
            await Should.ThrowAsync<ImportJobBusyException>(() => scope.ServiceProvider.GetRequiredService<ImportJobRunner>().RunAsync(id, bureau.Id, CancellationToken.None));
        }

        (await JobAsync(second, bureau.Id, id)).Attempts.ShouldBe(1);

        // Its runner dies (no heartbeat since): the job system's next delivery resumes it from the stored file.
        await second.WithDbAsync(db => db.Set<ImportJob>().Where(j => j.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, DateTime.UtcNow - ImportLease.Stale - TimeSpan.FromSeconds(5))), bureau.Id);
        await using (var scope = second.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IImportJobQueue>().Enqueue(id, bureau.Id);
        }

        var done = await PollAsync(admin, id);
        done.GetProperty("status").GetString().ShouldBe("Succeeded", done.ToString());
        done.GetProperty("spendingAdded").GetInt32().ShouldBe(3);
        var row = await JobAsync(second, bureau.Id, id);
        row.Attempts.ShouldBe(2);
        row.RunnerId.ShouldNotBe(OtherRunner);
        (await FileStoredAsync(second, bureau.Id, id)).ShouldBeFalse();
        (await admin.FiguresAsync()).GetProperty("total").GetProperty("executionRate").GetDecimal().ShouldBe(96.05m);

        // Delivered once more (Hangfire may redeliver a job): a finished job is not run again.
        await using (var scope = second.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ImportJobRunner>().RunAsync(id, bureau.Id, CancellationToken.None);
        }

        (await JobAsync(second, bureau.Id, id)).Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task TheSweeper_FailsOnlyImportsNobodyWillFinish()
    {
        var bureau = await app.CreateBureauAsync();
        var now = DateTime.UtcNow;
        var deadRequest = await InsertJobAsync(app, bureau.Id, ImportStatus.Running, "request:gone:1:aa", now - ImportLease.Stale - TimeSpan.FromMinutes(1));
        var liveRequest = await InsertJobAsync(app, bureau.Id, ImportStatus.Running, "request:here:1:bb", now);
        var resumable = await InsertJobAsync(app, bureau.Id, ImportStatus.Running, OtherRunner, now - ImportLease.Stale - TimeSpan.FromMinutes(1), [1]);
        var abandoned = await InsertJobAsync(app, bureau.Id, ImportStatus.Running, OtherRunner, now - ImportLease.Abandoned - TimeSpan.FromMinutes(1), [1]);
        var queued = await InsertJobAsync(app, bureau.Id, ImportStatus.Queued, null, null, [1]);
        var finishedWithFile = await InsertJobAsync(app, bureau.Id, ImportStatus.Succeeded, OtherRunner, now, [1]);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<ImportSweeper>().SweepAsync()).ShouldBeGreaterThanOrEqualTo(2);
        }

        foreach (var failed in new[] { deadRequest, abandoned })
        {
            var job = await JobAsync(app, bureau.Id, failed);
            job.Status.ShouldBe(ImportStatus.Failed);
            job.FinishedAt.ShouldNotBeNull();
            job.ErrorsJson!.ShouldContain("budgets.import.interrupted");
        }

        (await JobAsync(app, bureau.Id, liveRequest)).Status.ShouldBe(ImportStatus.Running);
        (await JobAsync(app, bureau.Id, resumable)).Status.ShouldBe(ImportStatus.Running);
        (await JobAsync(app, bureau.Id, queued)).Status.ShouldBe(ImportStatus.Queued);
        (await FileStoredAsync(app, bureau.Id, resumable)).ShouldBeTrue();
        (await FileStoredAsync(app, bureau.Id, queued)).ShouldBeTrue();
        (await FileStoredAsync(app, bureau.Id, abandoned)).ShouldBeFalse();
        (await FileStoredAsync(app, bureau.Id, finishedWithFile)).ShouldBeFalse();

        // The failed job reads as failed through the API, with the reason.
        var shown = await (await bureau.Admin.GetAsync($"{BudgetApi.Base()}/imports/{deadRequest}")).ReadJsonAsync();
        shown.GetProperty("status").GetString().ShouldBe("Failed");
        shown.GetProperty("errors")[0].GetProperty("code").GetString().ShouldBe("budgets.import.interrupted");
    }

    [Fact]
    public async Task ImportJobsAndFiles_AreIsolatedByBureau()
    {
        var owner = await app.CreateBureauAsync();
        var other = await app.CreateBureauAsync();
        var id = await InsertJobAsync(app, owner.Id, ImportStatus.Running, OtherRunner, DateTime.UtcNow, [1, 2, 3]);

        (await other.Admin.GetAsync($"{BudgetApi.Base()}/imports/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await FileStoredAsync(app, other.Id, id)).ShouldBeFalse();
        (await FileStoredAsync(app, owner.Id, id)).ShouldBeTrue();

        // A job system delivery naming the wrong bureau finds nothing to run (and touches nothing).
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ImportJobRunner>().RunAsync(id, other.Id, CancellationToken.None);
        }

        (await JobAsync(app, owner.Id, id)).RunnerId.ShouldBe(OtherRunner);
    }
}
