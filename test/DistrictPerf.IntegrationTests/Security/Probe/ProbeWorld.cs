using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Budgets;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.IntegrationTests.Reports;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests.Security.Probe;

/// <summary>A signed-in (or anonymous) caller of the probe: who they are, and the bureau header they send, if any.</summary>
internal sealed record Actor(string Name, HttpClient Client, string? Role, Guid? HomeBureau, Guid? ActingIn = null)
{
    public bool IsHost => Role is not null && Roles.Find(Role)!.Side == RoleSide.Host;

    public override string ToString() => ActingIn is null ? Name : $"{Name} (acting in a bureau)";
}

/// <summary>A bureau of the probe with data of every kind, and the strings that only its data contains.</summary>
internal sealed record ProbeBureau(string Label, TestBureau Bureau, string Marker)
{
    public Guid Id => Bureau.Id;

    /// <summary>Table → ids of this bureau's rows (read from the database after the bureau was filled).</summary>
    public Dictionary<string, List<string>> Ids { get; set; } = [];

    /// <summary>A user of the bureau that no probe caller signs in as (the one whose id user operations get).</summary>
    public Guid TargetUser { get; set; }

    /// <summary>
    /// Ids of this bureau's rows for a path segment or property name: the bureau itself for "bureaus"/"bureauId", the
    /// target user for "users", else the rows of tables named like the segment ("lines" → BudgetLines, "lineId" →
    /// BudgetLines, "mainTaskId" → MainTasks), plural matches first; empty when no table matches.
    /// </summary>
    public List<string> IdsFor(string segmentOrName)
    {
        var stem = segmentOrName.EndsWith("Id", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Match(segmentOrName[..^2], "[A-Z]?[a-z]+$").Value
            : segmentOrName.TrimEnd('s');
        if (stem.Equals("bureau", StringComparison.OrdinalIgnoreCase))
        {
            return [Id.ToString()];
        }

        if (stem.Equals("user", StringComparison.OrdinalIgnoreCase))
        {
            return [TargetUser.ToString()];
        }

        var named = Ids.Where(t => stem.Length > 2 && t.Key.Contains(stem, StringComparison.OrdinalIgnoreCase))
            .OrderBy(t => t.Key.EndsWith(stem + "s", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .SelectMany(t => t.Value.Take(3))
            .ToList();

        // A segment named unlike any table (e.g. "inbox" for Notifications): one id of every table of the bureau.
        return named.Count > 0 ? named : Ids.Values.SelectMany(v => v.Take(1)).ToList();
    }

    /// <summary>Strings that appear in no other bureau's data: its id, code, marker and every row id.</summary>
    public IEnumerable<string> Secrets => new[] { Id.ToString(), Bureau.Code }.Concat(RowSecrets);

    /// <summary>The bureau's data as opposed to its entry in the finance bureau's register: its marker and row ids.</summary>
    public IEnumerable<string> RowSecrets => new[] { Marker }.Concat(Ids.Values.SelectMany(v => v));
}

/// <summary>
/// The probe's own app (its own SQLite file, no job server, so that nothing but the probe's requests writes) with
/// three bureaus: A and B filled with data of every kind (budget lines, spending, adjustments, an import, a closed
/// month, a plan, a submitted and returned report with revisions, inbox messages, users, a profile), and C, a
/// scratch bureau for the role checks. Every request goes through <see cref="SendAsync"/>, which compares the whole
/// database before and after.
/// </summary>
public sealed class ProbeWorld : IAsyncLifetime
{
    internal AppFixture App { get; } = AppFixture.WithSettings(new Dictionary<string, string?> { ["Jobs:Server"] = "false" });

    internal OpenApiOperations Operations { get; private set; } = null!;

    internal ProbeBureau A { get; private set; } = null!;

    internal ProbeBureau B { get; private set; } = null!;

    internal ProbeBureau C { get; private set; } = null!;

    internal Dictionary<string, Actor> Actors { get; } = [];

    internal DatabaseFingerprint Fingerprint { get; private set; } = null!;

    internal ProbeFigures Figures { get; } = new();

    private IReadOnlyDictionary<(string Table, string Partition), (int Rows, long Hash)> _last = null!;

    /// <summary>Takes the database's state as the new baseline (after a test's own setup, e.g. signing in).</summary>
    internal void Resync() => _last = Fingerprint.Take();

    internal IReadOnlyList<RouteEndpoint> Endpoints { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)App).InitializeAsync();
        var root = await App.RootAsync();
        var document = await (await App.Anonymous().GetAsync("/openapi/v1.json")).ReadJsonAsync();
        Operations = new OpenApiOperations(document.Clone());
        Endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        A = new ProbeBureau("A", await App.CreateBureauAsync("探针甲局"), "甲局独有标记QX7");
        B = new ProbeBureau("B", await App.CreateBureauAsync("探针乙局"), "乙局独有标记ZK9");
        C = new ProbeBureau("C", await App.CreateBureauAsync("探针丙局"), "丙局独有标记MV4");
        var reviewer = await App.CreateHostUserAsync(Roles.FinanceReviewer);
        foreach (var bureau in new[] { A, B })
        {
            await FillAsync(bureau, root, reviewer);
        }

        Actors["anonymous"] = new Actor("anonymous", App.Anonymous(), null, null);
        Actors["root"] = new Actor("host administrator", root, Roles.HostAdmin, null);
        Actors["reviewer"] = new Actor("finance reviewer", reviewer, Roles.FinanceReviewer, null);
        foreach (var bureau in new[] { A, C })
        {
            Actors[$"{bureau.Label}.admin"] = new Actor($"{bureau.Label} bureau administrator", bureau.Bureau.Admin, Roles.BureauAdmin, bureau.Id);
            foreach (var role in new[] { Roles.BureauEditor, Roles.BureauApprover, Roles.Viewer })
            {
                var (_, client) = await bureau.Bureau.AddUserAsync("probe" + role.ToLowerInvariant(), role);
                Actors[$"{bureau.Label}.{role}"] = new Actor($"{bureau.Label} {role}", client, role, bureau.Id);
            }
        }

        foreach (var bureau in new[] { A, C })
        {
            var acting = await App.RootAsync();
            acting.DefaultRequestHeaders.Add("__tenant", bureau.Id.ToString());
            Actors[$"root.in.{bureau.Label}"] = new Actor("host administrator", acting, Roles.HostAdmin, null, bureau.Id);
        }

        Fingerprint = new DatabaseFingerprint(Path.Combine(App.DataDirectory, "districtperf.db"));
        foreach (var bureau in new[] { A, B, C })
        {
            bureau.Ids = Fingerprint.IdsOf(bureau.Id);
        }

        _last = Fingerprint.Take();
    }

    /// <summary>Data of every kind, written through the API as the bureau's people and the finance bureau would.</summary>
    private async Task FillAsync(ProbeBureau bureau, HttpClient root, HttpClient reviewer)
    {
        var admin = bureau.Bureau.Admin;
        var (_, approver) = await bureau.Bureau.AddUserAsync("filler", Roles.BureauApprover);
        bureau.TargetUser = (await (await admin.PostAsJsonAsync("/api/users", new { userName = "target", password = AppFixture.UserPassword, displayName = "目标" + bureau.Marker, roles = new[] { Roles.Viewer } }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var profile = await (await admin.GetAsync("/api/bureau/profile")).ReadJsonAsync();
        (await admin.PutAsJsonAsync("/api/bureau/profile", new
        {
            overview = "概况" + bureau.Marker,
            sections = new[] { new { name = "办公室" } },
            subordinateUnits = Array.Empty<object>(),
            duties = new[] { "职能" + bureau.Marker },
            concurrencyStamp = profile.GetProperty("concurrencyStamp").GetString(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await admin.EnterReferenceBudgetAsync();
        await admin.AddLineAsync("MK-01", 1000m, "Project", "项目" + bureau.Marker);
        var csv = Encoding.UTF8.GetBytes("日期,项目编码,金额(元)\r\n2021-01-05,MK-01,1\r\n");
        using (var form = new MultipartFormDataContent())
        {
            var file = new ByteArrayContent(csv);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "spending.csv");
            (await admin.PostAsync($"{BudgetApi.Base()}/imports?wait=true", form)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await admin.PostAsync($"{BudgetApi.Base()}/months/1/close", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await admin.CleanReportAsync();
        (await admin.PostAsJsonAsync($"{ReportApi.Plan}/tasks", new { number = 2, name = "任务" + bureau.Marker, expectedGoal = "目标", completion = "完成", funds = 1000m }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var report = await admin.ReportAsync();
        (await admin.PutAsJsonAsync(ReportApi.Base, new
        {
            basicInfo = "本部门内设科室 2 个。" + bureau.Marker,
            evaluation = "本年度较好地完成各项既定目标。",
            problems = "（一）预算执行进度管理有待加强。",
            measures = "（一）加大预算执行进度的督导力度。",
            concurrencyStamp = report.GetProperty("concurrencyStamp").GetString(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await approver.SubmitAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
        var list = await (await root.GetAsync("/api/host/reports?year=2021")).ReadJsonAsync();
        var items = list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("items");
        var reportId = items.EnumerateArray().First(r => r.GetProperty("bureauId").GetGuid() == bureau.Id).GetProperty("id").GetGuid();
        (await reviewer.ReviewAsync(reportId, "return", "请补充" + bureau.Marker)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>
    /// Sends one request as <paramref name="actor"/> and checks what holds for every request of the probe: never a
    /// 5xx; a refusal (4xx) is an RFC 9457 problem and wrote nothing anywhere in the database; and no caller but the
    /// finance bureau on its own endpoints ever sees a secret of another bureau.
    /// </summary>
    internal async Task<ProbeResult> SendAsync(string phase, Actor actor, HttpMethod method, string url, HttpContent? content, string operation)
    {
        // What the request itself carries (its path, its body) may come back in a problem's "instance" or "errors";
        // only a secret the caller did not send is a leak.
        var sent = url + (content is null ? "" : Encoding.UTF8.GetString(await content.ReadAsByteArrayAsync()));
        using var request = new HttpRequestMessage(method, url) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await actor.Client.SendAsync(request);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Figures.Fail(phase, $"{actor}: {method} {url} → no response ({e.GetType().Name}: {e.Message})");
            return new ProbeResult(0, "");
        }

        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        Figures.Count(phase, operation, status);

        var now = Fingerprint.Take();
        var written = DatabaseFingerprint.Differences(_last, now);
        _last = now;

        if (status >= 500)
        {
            Figures.Fail(phase, $"{actor}: {method} {url} → {status} {Short(body)}");
        }

        if (status >= 400)
        {
            if (written.Count > 0)
            {
                Figures.Fail(phase, $"{actor}: {method} {url} was refused ({status}) but wrote: {string.Join("; ", written)}");
            }

            if (mediaType != "application/problem+json" && status != 405)
            {
                Figures.Fail(phase, $"{actor}: {method} {url} → {status} without a problem document ({mediaType ?? "no body"})");
            }
        }

        // The finance bureau's own endpoints read and act on every bureau; everybody else sees only their bureau.
        var hostScope = actor.IsHost && operation.Contains(" /api/host/", StringComparison.Ordinal);
        foreach (var bureau in new[] { A, B, C }.Where(b => !hostScope && b.Id != actor.HomeBureau && b.Id != actor.ActingIn))
        {
            // The finance bureau keeps the register of bureaus (ids, codes, names) and its own log about them.
            var secrets = actor.IsHost && actor.ActingIn is null ? bureau.RowSecrets : bureau.Secrets;
            var leaked = secrets.FirstOrDefault(s => body.Contains(s, StringComparison.OrdinalIgnoreCase) && !sent.Contains(s, StringComparison.OrdinalIgnoreCase));
            if (leaked is not null)
            {
                Figures.Leak(phase, $"{actor}: {method} {url} → {status} shows bureau {bureau.Label}'s \"{leaked}\"");
            }

            var partition = $"[{bureau.Id.ToString().ToUpperInvariant()}]";
            if (written.Any(w => w.Contains(partition, StringComparison.Ordinal)))
            {
                Figures.Leak(phase, $"{actor}: {method} {url} → {status} changed bureau {bureau.Label}'s rows: {string.Join("; ", written)}");
            }
        }

        return new ProbeResult(status, body);
    }

    private static string Short(string body) => body.Length > 300 ? body[..300] + "…" : body;

    /// <summary>The route endpoint that serves an operation of the document.</summary>
    internal RouteEndpoint? EndpointOf(ProbeOperation operation) =>
        Endpoints.FirstOrDefault(e =>
            Normalise(e.RoutePattern.RawText) == operation.Path
            && (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(operation.Method) ?? false));

    internal static string Normalise(string? raw) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(raw ?? "", @"\{([^}:?=]+)[^}]*\}", "{$1}").Trim('/');

    /// <summary>The permissions an endpoint requires (its <c>perm:</c> policies); null if it allows anonymous callers.</summary>
    internal static IReadOnlyList<string>? Requires(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
            ? null
            : endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
                .Select(a => a.Policy)
                .Where(p => p is not null && p.StartsWith(EndpointConventions.PermissionPolicyPrefix, StringComparison.Ordinal))
                .Select(p => p![EndpointConventions.PermissionPolicyPrefix.Length..])
                .ToList();

    /// <summary>
    /// Whether <paramref name="actor"/> may call the operation: it holds every permission the endpoint requires; host
    /// endpoints (<c>/api/host/…</c>) are for finance-bureau users only; bureau endpoints (<c>/api/bureau/…</c>) need
    /// a bureau — the user's own, or the one a host user with <c>Host.ActInBureau</c> names in the header.
    /// </summary>
    internal static bool Allowed(Actor actor, ProbeOperation operation, IReadOnlyList<string>? requires)
    {
        if (requires is null)
        {
            return true;
        }

        if (actor.Role is null)
        {
            return false;
        }

        var role = Roles.Find(actor.Role)!;
        if (!requires.All(role.Permissions.Contains))
        {
            return false;
        }

        // Naming a bureau in the header takes Host.ActInBureau; without it the request is refused, wherever it goes.
        if (actor.ActingIn is not null && !role.Permissions.Contains(Permissions.HostActInBureau))
        {
            return false;
        }

        if (operation.Path.StartsWith("/api/host/", StringComparison.Ordinal))
        {
            return role.Side == RoleSide.Host;
        }

        return !operation.Path.StartsWith("/api/bureau/", StringComparison.Ordinal) || role.Side == RoleSide.Bureau || actor.ActingIn is not null;
    }

    public async Task DisposeAsync()
    {
        var report = Figures.Report();
        var file = Environment.GetEnvironmentVariable("DISTRICTPERF_PROBE_REPORT");
        if (!string.IsNullOrEmpty(file))
        {
            await File.WriteAllTextAsync(file, report);
        }

        Fingerprint?.Dispose();
        await ((IAsyncLifetime)App).DisposeAsync();
    }
}

internal sealed record ProbeResult(int Status, string Body);
