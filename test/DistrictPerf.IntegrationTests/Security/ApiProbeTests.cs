using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DistrictPerf.IntegrationTests.Security.Probe;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace DistrictPerf.IntegrationTests.Security;

/// <summary>
/// Issue 15's outside probe, inside the test suite and driven by the app's own OpenAPI document, so that a new
/// endpoint is probed without editing this file: every operation without credentials, with another bureau's ids,
/// as each role, and with malformed bodies generated from its schema. Every request is checked by
/// <see cref="ProbeWorld.SendAsync"/>: never a 5xx, a refusal is a problem document and writes nothing (the whole
/// database is compared before and after), no caller sees or changes another bureau's data. The figures are printed
/// (and written to <c>DISTRICTPERF_PROBE_REPORT</c>, which the test script shows).
/// </summary>
public sealed class ApiProbeTests(ProbeWorld world, ITestOutputHelper output) : IClassFixture<ProbeWorld>
{
    private const string Year = "2021";

    /// <summary>The operations anyone may call: sign-in and token refresh. Any other anonymous API operation fails the probe.</summary>
    private static readonly string[] PublicOperations = ["POST /api/auth/login", "POST /api/auth/refresh"];

    [Fact]
    public void EveryOperationOfTheDocument_IsServedByAnEndpointWithAnAuthorizationRule_AndEveryApiEndpointIsInTheDocument()
    {
        var operations = world.Operations.All;
        operations.Count.ShouldBeGreaterThan(90);
        var problems = CoverageProblems(operations, world.EndpointOf, world.Endpoints);
        problems.ShouldBeEmpty();
        output.WriteLine($"{operations.Count} operations, {operations.Count(o => ProbeWorld.Requires(world.EndpointOf(o)!) is { Count: 0 })} for any signed-in user, "
            + $"{operations.Count(o => ProbeWorld.Requires(world.EndpointOf(o)!) is { Count: > 0 })} with a permission, {PublicOperations.Length} public");
    }

    /// <summary>
    /// What keeps the probe from covering the API: an operation no endpoint serves, an endpoint without an authorization
    /// rule or anonymous without being public, an API endpoint missing from the document.
    /// </summary>
    private static List<string> CoverageProblems(IReadOnlyList<ProbeOperation> operations, Func<ProbeOperation, RouteEndpoint?> endpointOf, IEnumerable<RouteEndpoint> endpoints)
    {
        var problems = new List<string>();
        foreach (var operation in operations)
        {
            var endpoint = endpointOf(operation);
            if (endpoint is null)
            {
                problems.Add($"{operation}: no endpoint serves it");
                continue;
            }

            var requires = ProbeWorld.Requires(endpoint);
            var declared = endpoint.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Count > 0;
            if (requires is null && !PublicOperations.Contains(operation.ToString()))
            {
                problems.Add($"{operation}: anonymous, and not one of the public operations");
            }
            else if (requires is not null && !declared)
            {
                problems.Add($"{operation}: declares no authorization rule (RequirePermission, or RequireAuthorization for any signed-in user)");
            }
        }

        // Every API endpoint is described, so the probe reaches it (the 404 fallback for unknown API paths aside).
        var described = operations.Select(o => o.ToString()).ToHashSet();
        foreach (var endpoint in endpoints.Where(e => ProbeWorld.Normalise(e.RoutePattern.RawText).StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                var name = $"{method} {ProbeWorld.Normalise(endpoint.RoutePattern.RawText)}";
                if (!described.Contains(name) && !endpoint.RoutePattern.RawText!.Contains("**", StringComparison.Ordinal))
                {
                    problems.Add($"{name}: an API endpoint missing from the OpenAPI document (the probe cannot see it)");
                }
            }
        }

        return problems;
    }

    [Fact]
    public async Task TheCoverageCheck_FailsForAnEndpointAddedWithoutAnAuthorizationRule()
    {
        var careless = Infrastructure.AppFixture.With(s => s.AddSingleton<SharedKernel.Modules.IModule>(new EndpointAuthorizationTests.CarelessModule()));
        await ((IAsyncLifetime)careless).InitializeAsync();
        try
        {
            var document = await (await careless.Anonymous().GetAsync("/openapi/v1.json")).ReadJsonAsync();
            var operations = new OpenApiOperations(document.Clone()).All;
            var endpoints = careless.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
            var problems = CoverageProblems(operations, o => endpoints.FirstOrDefault(e => ProbeWorld.Normalise(e.RoutePattern.RawText) == o.Path
                && (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(o.Method) ?? false)), endpoints);

            problems.ShouldBe(
            [
                "GET /api/careless/open: declares no authorization rule (RequirePermission, or RequireAuthorization for any signed-in user)",
                "GET /api/careless/declared-public: anonymous, and not one of the public operations",
            ], ignoreOrder: true);
        }
        finally
        {
            await ((IAsyncLifetime)careless).DisposeAsync();
        }
    }

    [Fact]
    public async Task WithoutCredentials_EveryOperationButSignInIs401_AndNothingIsWritten()
    {
        const string phase = "anonymous";
        var anonymous = world.Actors["anonymous"];
        world.Resync();
        foreach (var operation in world.Operations.All)
        {
            var url = OpenApiOperations.Fill(operation, p => Value(operation, p, world.A));
            var result = await world.SendAsync(phase, anonymous, new HttpMethod(operation.Method), url, Body(operation, world.A), operation.ToString());
            var expected = PublicOperations.Contains(operation.ToString()) ? result.Status is 400 or 401 : result.Status == 401;
            if (!expected)
            {
                world.Figures.Fail(phase, $"{operation}: {result.Status} without credentials");
            }
        }

        Report(phase);
        world.Figures.Operations(phase).ShouldBe(world.Operations.All.Count);
    }

    [Fact]
    public async Task WithAnotherBureausIds_NothingOfItIsShownOrChanged()
    {
        const string phase = "cross-bureau";
        var (a, b) = (world.A, world.B);
        var bureauOperations = world.Operations.All.Where(o => !o.Path.StartsWith("/api/host/", StringComparison.Ordinal) && !o.Path.StartsWith("/api/auth/", StringComparison.Ordinal)).ToList();
        bureauOperations.Count.ShouldBeGreaterThan(50);

        // A's administrator, approver (the only role that submits) and the host acting in A, with B's ids in the path and the body.
        foreach (var actor in new[] { world.Actors["A.admin"], world.Actors["A.BureauApprover"], world.Actors["root.in.A"] })
        {
            world.Resync();
            foreach (var operation in bureauOperations.Where(o => ProbeWorld.Allowed(actor, o, ProbeWorld.Requires(world.EndpointOf(o)!))))
            {
                var idParameters = operation.PathParameters.Where(IsId).ToList();
                var urls = idParameters.Count == 0
                    ? [OpenApiOperations.Fill(operation, p => Value(operation, p, b))]
                    : Combinations(operation, b);
                if (urls.Count == 0)
                {
                    world.Figures.Fail(phase, $"{operation}: bureau B has no row for its {string.Join(", ", idParameters.Select(p => p.Name))}");
                }

                foreach (var url in urls)
                {
                    var result = await world.SendAsync(phase, actor, new HttpMethod(operation.Method), url, Body(operation, b), operation.ToString());
                    if (idParameters.Count > 0 && result.Status is >= 200 and < 300)
                    {
                        world.Figures.Leak(phase, $"{actor}: {operation.Method} {url} with bureau B's id answered {result.Status}");
                    }
                }
            }
        }

        // A's own user naming B in the bureau header is refused everywhere.
        var switching = await world.App.SignInAsync(a.Bureau.Code, "admin", Infrastructure.AppFixture.UserPassword);
        switching.DefaultRequestHeaders.Add("__tenant", b.Id.ToString());
        var switcher = new Actor("A bureau administrator naming B in the header", switching, Roles.BureauAdmin, a.Id);
        world.Resync();
        foreach (var operation in bureauOperations.Where(o => !PublicOperations.Contains(o.ToString())))
        {
            var result = await world.SendAsync(phase, switcher, new HttpMethod(operation.Method), OpenApiOperations.Fill(operation, p => Value(operation, p, a)), Body(operation, a), operation.ToString());
            if (result.Status != 403)
            {
                world.Figures.Leak(phase, $"{switcher}: {operation} answered {result.Status}, not 403");
            }
        }

        // Nothing of A's now points at B: no id of B's rows, no text of B's.
        var mentions = world.Fingerprint.RowsMentioning(a.Id, b.Secrets.ToList());
        foreach (var mention in mentions)
        {
            world.Figures.Leak(phase, $"bureau A's data refers to bureau B: {mention}");
        }

        Report(phase);
        world.Figures.Operations(phase).ShouldBe(bureauOperations.Count);
    }

    [Fact]
    public async Task EachRole_IsAllowedExactlyWhatItsPermissionsGrant_AndRefusalsWriteNothing()
    {
        const string phase = "roles";
        var c = world.C;
        var actors = new List<Actor>
        {
            new("host administrator", await world.App.RootAsync(), Roles.HostAdmin, null),
            new("finance reviewer", await world.App.CreateHostUserAsync(Roles.FinanceReviewer), Roles.FinanceReviewer, null),
            new("C bureau administrator", await world.App.SignInAsync(c.Bureau.Code, "admin", Infrastructure.AppFixture.UserPassword), Roles.BureauAdmin, c.Id),
        };
        foreach (var role in new[] { Roles.BureauEditor, Roles.BureauApprover, Roles.Viewer })
        {
            actors.Add(new($"C {role}", await world.App.SignInAsync(c.Bureau.Code, "probe" + role.ToLowerInvariant(), Infrastructure.AppFixture.UserPassword), role, c.Id));
        }

        var acting = await world.App.RootAsync();
        acting.DefaultRequestHeaders.Add("__tenant", c.Id.ToString());
        actors.Add(new("host administrator", acting, Roles.HostAdmin, null, c.Id));
        var reviewerActing = await world.App.CreateHostUserAsync(Roles.FinanceReviewer);
        reviewerActing.DefaultRequestHeaders.Add("__tenant", c.Id.ToString());
        actors.Add(new("finance reviewer", reviewerActing, Roles.FinanceReviewer, null, c.Id));

        // Ids that exist nowhere and bodies that cannot be valid: an allowed call ends in 400/404/409 after authorization,
        // so the check writes nothing of consequence (and scratch bureau C absorbs the rest). Sign-out comes last.
        var operations = world.Operations.All.Where(o => !PublicOperations.Contains(o.ToString()))
            .OrderBy(o => o.ToString() == "POST /api/auth/logout" ? 1 : 0).ToList();
        var checks = 0;
        foreach (var actor in actors)
        {
            world.Resync();
            foreach (var operation in operations)
            {
                var allowed = ProbeWorld.Allowed(actor, operation, ProbeWorld.Requires(world.EndpointOf(operation)!));
                var url = OpenApiOperations.Fill(operation, p => IsId(p) ? Guid.NewGuid().ToString() : p.Name == "revision" ? "999" : Value(operation, p, c));
                var result = await world.SendAsync(phase, actor, new HttpMethod(operation.Method), url, EmptyBody(operation), operation.ToString());
                checks++;
                if (allowed && result.Status is 401 or 403)
                {
                    world.Figures.Fail(phase, $"{actor}: {operation} refused ({result.Status}) though the role grants it");
                }
                else if (!allowed && result.Status != 403)
                {
                    world.Figures.Fail(phase, $"{actor}: {operation} answered {result.Status} though the role does not grant it (expected 403)");
                }
            }
        }

        Report(phase);
        output.WriteLine($"{checks} role checks ({actors.Count} callers × {operations.Count} operations)");
        world.Figures.Operations(phase).ShouldBe(operations.Count);
    }

    [Fact]
    public async Task MalformedBodies_FromTheSchema_AreRefusedWithAProblem_AndWriteNothing()
    {
        const string phase = "malformed bodies";
        var a = world.A;
        var callers = new[] { "A.admin", "A.BureauApprover", "root", "reviewer", "root.in.A" }.Select(k => world.Actors[k]).ToList();
        var bodies = 0;
        foreach (var operation in world.Operations.All.Where(o => o.BodyMediaType is not null))
        {
            var requires = ProbeWorld.Requires(world.EndpointOf(operation)!);
            var actor = callers.FirstOrDefault(c => ProbeWorld.Allowed(c, operation, requires));
            if (actor is null)
            {
                world.Figures.Fail(phase, $"{operation}: no caller of the probe may call it");
                continue;
            }

            var url = OpenApiOperations.Fill(operation, p => Value(operation, p, a));
            var variants = operation.BodyMediaType == "multipart/form-data"
                ? MalformedForms()
                : world.Operations.MalformedBodies(operation.BodySchema!.Value, (JsonObject)world.Operations.Sample(operation.BodySchema!.Value, "", n => Id(n, a), "探针")!);
            world.Resync();
            foreach (var variant in variants)
            {
                var content = new ByteArrayContent(variant.Body);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(variant.ContentType);
                var result = await world.SendAsync(phase, actor, new HttpMethod(operation.Method), url, content, operation.ToString());
                bodies++;
                if (result.Status is >= 200 and < 300)
                {
                    output.WriteLine($"accepted: {operation} with {variant.What} → {result.Status}");
                }
                else if (result.Status is 403 || (result.Status is 401 && !PublicOperations.Contains(operation.ToString())))
                {
                    // The caller may call the operation: a bad body is a 4xx about the body, never a refusal of the caller.
                    world.Figures.Fail(phase, $"{actor}: {operation} with {variant.What} → {result.Status} (a refusal of an allowed caller)");
                }
            }
        }

        Report(phase);
        bodies.ShouldBeGreaterThanOrEqualTo(300);
    }

    private void Report(string phase)
    {
        output.WriteLine(world.Figures.Report());
        world.Figures.ServerErrors(phase).ShouldBe(0, string.Join("\n", world.Figures.Failures(phase)));
        world.Figures.Leaks(phase).ShouldBeEmpty();
        world.Figures.Failures(phase).ShouldBeEmpty();
    }

    private static bool IsId(ProbeParameter parameter) =>
        parameter.Name.Equals("id", StringComparison.OrdinalIgnoreCase) || parameter.Name.EndsWith("Id", StringComparison.Ordinal)
        || (parameter.Schema.TryGetProperty("format", out var format) && format.GetString() == "uuid");

    /// <summary>A path value: the year 2021, month 6, a revision, a CSV kind, or an id of <paramref name="bureau"/>'s rows for the segment before it.</summary>
    private static string Value(ProbeOperation operation, ProbeParameter parameter, ProbeBureau bureau) => parameter.Name switch
    {
        "year" => Year,
        "month" => "6",
        "revision" => "1",
        "kind" => "spending",
        _ when IsId(parameter) => bureau.IdsFor(parameter.Name.Equals("id", StringComparison.OrdinalIgnoreCase) ? operation.SegmentBefore(parameter.Name) : parameter.Name).FirstOrDefault() ?? Guid.NewGuid().ToString(),
        _ => "1",
    };

    /// <summary>Every fill of the operation's id parameters with <paramref name="bureau"/>'s ids (up to three per table).</summary>
    private static List<string> Combinations(ProbeOperation operation, ProbeBureau bureau)
    {
        var fills = new List<Dictionary<string, string>> { new() };
        foreach (var parameter in operation.PathParameters)
        {
            var values = IsId(parameter)
                ? bureau.IdsFor(parameter.Name.Equals("id", StringComparison.OrdinalIgnoreCase) ? operation.SegmentBefore(parameter.Name) : parameter.Name)
                : [Value(operation, parameter, bureau)];
            fills = fills.SelectMany(f => values.Select(v => new Dictionary<string, string>(f) { [parameter.Name] = v })).ToList();
        }

        return fills.Select(f => OpenApiOperations.Fill(operation, p => f[p.Name])).ToList();
    }

    private static string Id(string propertyName, ProbeBureau bureau) => bureau.IdsFor(propertyName).FirstOrDefault() ?? Guid.NewGuid().ToString();

    /// <summary>A plausible body for the operation, its ids taken from <paramref name="bureau"/>.</summary>
    private HttpContent? Body(ProbeOperation operation, ProbeBureau bureau)
    {
        if (operation.BodyMediaType == "multipart/form-data")
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes("日期,项目编码,金额(元)\r\n2021-02-05,MK-01,1\r\n"));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "probe.csv");
            return form;
        }

        if (operation.BodySchema is { } schema)
        {
            var json = world.Operations.Sample(schema, "", n => Id(n, bureau), "跨局探针")!.ToJsonString();
            return new StringContent(json, Encoding.UTF8, "application/json");
        }

        return null;
    }

    /// <summary>A body that can never be valid: an empty JSON object, or a form without the file.</summary>
    private static HttpContent? EmptyBody(ProbeOperation operation) => operation.BodyMediaType switch
    {
        "multipart/form-data" => new MultipartFormDataContent(),
        null => null,
        _ => new StringContent("{}", Encoding.UTF8, "application/json"),
    };

    /// <summary>Broken uploads: no boundary, cut off, no file, another field, empty, binary, NUL bytes, a huge file name, two files, plain text.</summary>
    private static IEnumerable<OpenApiOperations.Malformed> MalformedForms()
    {
        static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);
        const string part = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n";
        yield return new("no boundary", Bytes(part + "x\r\n--b--\r\n"), "multipart/form-data");
        yield return new("cut off", Bytes(part + "日期,项目编码,金额(元)\r\n2021-01-0"), "multipart/form-data; boundary=b");
        yield return new("no parts", Bytes("--b--\r\n"), "multipart/form-data; boundary=b");
        yield return new("another field", Bytes(part.Replace("name=\"file\"", "name=\"other\"", StringComparison.Ordinal) + "x\r\n--b--\r\n"), "multipart/form-data; boundary=b");
        yield return new("empty file", Bytes(part + "\r\n--b--\r\n"), "multipart/form-data; boundary=b");
        yield return new("binary file", [.. Bytes(part), .. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 256)), .. Bytes("\r\n--b--\r\n")], "multipart/form-data; boundary=b");
        yield return new("NUL bytes", [.. Bytes(part), .. new byte[2048], .. Bytes("\r\n--b--\r\n")], "multipart/form-data; boundary=b");
        yield return new("10,000-character file name", Bytes(part.Replace("a.csv", new string('长', 10_000) + ".csv", StringComparison.Ordinal) + "x\r\n--b--\r\n"), "multipart/form-data; boundary=b");
        yield return new("two files", Bytes(part + "x\r\n" + part + "y\r\n--b--\r\n"), "multipart/form-data; boundary=b");
        yield return new("plain text", Bytes("日期,项目编码,金额(元)\r\n"), "text/plain");
    }
}
