using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests.Reports;

/// <summary>The finance bureau's review queue as the API serves it: every report's verdict in one query, and a report's revisions.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReviewListTests(AppFixture app)
{
    private static JsonElement Row(JsonElement list, Guid id) => list.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == id);

    private static int Count(JsonElement report, string severity) =>
        report.GetProperty("findings").EnumerateArray().Count(f => (f.GetProperty("severity").GetString() == "Error") == (severity == "Error"));

    [Fact]
    public async Task TheList_CarriesEachReportsScoresFindingsAndTimes_AsOfItsLastWorkflowStep()
    {
        var bureau = await app.CreateBureauAsync();
        var (_, approver) = await bureau.AddUserAsync("approver", "BureauApprover");
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        var root = await app.RootAsync();
        var id = (await bureau.Admin.CleanReportAsync()).GetProperty("id").GetGuid();

        // A saved draft already has its verdict; not submitted yet.
        var draftRow = Row(await (await reviewer.GetAsync("/api/host/reports?year=2021&status=Draft")).ReadJsonAsync(), id);
        draftRow.GetProperty("submittedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        draftRow.GetProperty("checkedAt").ValueKind.ShouldBe(JsonValueKind.String);

        (await approver.SubmitAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
        var read = await (await reviewer.GetAsync($"/api/host/reports/{id}")).ReadJsonAsync();
        var row = Row(await (await reviewer.GetAsync("/api/host/reports?year=2021&status=Submitted")).ReadJsonAsync(), id);
        row.GetProperty("bureauCode").GetString().ShouldBe(bureau.Code);
        row.GetProperty("submittedAt").ValueKind.ShouldBe(JsonValueKind.String);
        row.GetProperty("computedScore").GetDecimal().ShouldBe(read.GetProperty("computedScore").GetDecimal());
        row.GetProperty("computedGrade").GetString().ShouldBe(read.GetProperty("computedGrade").GetString());
        row.GetProperty("errors").GetInt32().ShouldBe(0); // submission is refused while errors remain
        row.GetProperty("warnings").GetInt32().ShouldBe(Count(read, "Warning"));
        row.GetProperty("reviewedAt").ValueKind.ShouldBe(JsonValueKind.Null);

        (await reviewer.ReviewAsync(id, "return", "请补充说明")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var returned = Row(await (await reviewer.GetAsync("/api/host/reports?status=Returned")).ReadJsonAsync(), id);
        returned.GetProperty("reviewedAt").ValueKind.ShouldBe(JsonValueKind.String);
        (await (await reviewer.GetAsync("/api/host/reports?status=Submitted")).ReadJsonAsync()).EnumerateArray().ShouldNotContain(r => r.GetProperty("id").GetGuid() == id);

        (await approver.SubmitAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reviewer.ReviewAsync(id, "approve")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await root.ReviewAsync(id, "publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var published = await (await reviewer.GetAsync($"/api/host/reports/{id}")).ReadJsonAsync();
        var publishedRow = Row(await (await reviewer.GetAsync("/api/host/reports?year=2021&status=Published")).ReadJsonAsync(), id);
        publishedRow.GetProperty("publishedAt").ValueKind.ShouldBe(JsonValueKind.String);
        publishedRow.GetProperty("computedScore").GetDecimal().ShouldBe(published.GetProperty("computedScore").GetDecimal());
        publishedRow.GetProperty("warnings").GetInt32().ShouldBe(Count(published, "Warning"));

        // Bureau users never read the finance bureau's list.
        await (await approver.GetAsync("/api/host/reports")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheList_TakesTheSameNumberOfQueries_HoweverManyReportsItShows()
    {
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        await SubmittedReportAsync();
        var before = await CountQueriesAsync(reviewer, "/api/host/reports?year=2021");

        await SubmittedReportAsync();
        await SubmittedReportAsync();
        await SubmittedReportAsync();
        var after = await CountQueriesAsync(reviewer, "/api/host/reports?year=2021");

        before.Rows.ShouldBeGreaterThanOrEqualTo(1);
        before.Queries.ShouldBeGreaterThan(0); // the counter sees the request's commands
        after.Rows.ShouldBe(before.Rows + 3);
        // No query per report (the verdict is read with the reports); the sign-in's periodic check of the token may add one.
        after.Queries.ShouldBeLessThanOrEqualTo(before.Queries + 1);
        after.Queries.ShouldBeLessThanOrEqualTo(4);
    }

    [Fact]
    public async Task TheFinanceBureau_ListsAReportsRevisions_OfThatBureauOnly()
    {
        var a = await app.CreateBureauAsync();
        var b = await app.CreateBureauAsync();
        var (_, approver) = await a.AddUserAsync("approver", "BureauApprover");
        var reviewer = await app.CreateHostUserAsync("FinanceReviewer");
        var first = (await a.Admin.CleanReportAsync()).GetProperty("id").GetGuid();
        var other = (await b.Admin.CleanReportAsync()).GetProperty("id").GetGuid();
        (await approver.SubmitAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reviewer.ReviewAsync(first, "approve")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = (await (await a.Admin.ReviseAsync()).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        foreach (var id in new[] { first, second })
        {
            var revisions = await (await reviewer.GetAsync($"/api/host/reports/{id}/revisions")).ReadJsonAsync();
            revisions.EnumerateArray().Select(r => (r.GetProperty("revision").GetInt32(), r.GetProperty("id").GetGuid(), r.GetProperty("status").GetString()))
                .ShouldBe([(1, first, "Approved"), (2, second, "Draft")]);
            revisions[0].GetProperty("submittedAt").ValueKind.ShouldBe(JsonValueKind.String);
            revisions[0].GetProperty("reviewedAt").ValueKind.ShouldBe(JsonValueKind.String);
        }

        // The older revision reads as it was approved (the finance bureau compares the two).
        (await (await reviewer.GetAsync($"/api/host/reports/{first}")).ReadJsonAsync()).GetProperty("revision").GetInt32().ShouldBe(1);
        var others = await (await reviewer.GetAsync($"/api/host/reports/{other}/revisions")).ReadJsonAsync();
        others.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ShouldBe([other]);
        await (await reviewer.GetAsync($"/api/host/reports/{Guid.NewGuid()}/revisions")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await b.Admin.GetAsync($"/api/host/reports/{first}/revisions")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await a.Admin.GetAsync($"/api/host/reports/{first}/revisions")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ADecisionOnAnOutdatedRead_IsAStaleConflict_NotAStatusOne()
    {
        var bureau = await app.CreateBureauAsync();
        var (_, approver) = await bureau.AddUserAsync("approver", "BureauApprover");
        var first = await app.CreateHostUserAsync("FinanceReviewer");
        var second = await app.CreateHostUserAsync("FinanceReviewer");
        var id = (await bureau.Admin.CleanReportAsync()).GetProperty("id").GetGuid();
        (await approver.SubmitAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
        var readBySecond = await second.StampAsync(id);

        (await first.ReviewAsync(id, "approve")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The second reviewer acts on what it read before the approval: told to reload (the stamp), whatever the status now is.
        var refused = await (await second.PostAsJsonAsync($"/api/host/reports/{id}/return", new { comment = "请补充", concurrencyStamp = readBySecond }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        refused.GetProperty("field").GetString().ShouldBe("concurrencyStamp");
        (await (await second.GetAsync($"/api/host/reports/{id}")).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("Approved");

        // With a fresh read the status speaks.
        var wrongState = await (await second.ReviewAsync(id, "return", "请补充")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        wrongState.GetProperty("field").GetString().ShouldBe("status");
    }

    private async Task SubmittedReportAsync()
    {
        var bureau = await app.CreateBureauAsync();
        var (_, approver) = await bureau.AddUserAsync("approver", "BureauApprover");
        await bureau.Admin.CleanReportAsync();
        (await approver.SubmitAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>The database commands one request runs: the request is sent with its own trace id, and EF Core's commands on that trace are counted.</summary>
    private static async Task<(int Rows, int Queries)> CountQueriesAsync(HttpClient client, string path)
    {
        var trace = ActivityTraceId.CreateRandom();
        using var counter = new CommandCounter(trace);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        var rows = (await (await client.SendAsync(request)).ReadJsonAsync()).GetArrayLength();
        return (rows, counter.Count);
    }

    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly ActivityTraceId _trace;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly ActivityListener _activities;
        private int _count;

        public CommandCounter(ActivityTraceId trace)
        {
            _trace = trace;
            // ASP.NET Core starts the request's activity (continuing the trace sent) only when someone listens.
            _activities = new ActivityListener
            {
                ShouldListenTo = s => s.Name == "Microsoft.AspNetCore",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            };
            ActivitySource.AddActivityListener(_activities);
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public int Count => Volatile.Read(ref _count);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.EntityFrameworkCore")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted" && Activity.Current?.TraceId == _trace)
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
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }

            _activities.Dispose();
        }
    }
}
