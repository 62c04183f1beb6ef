using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using DistrictPerf.Host.Features;
using DistrictPerf.Host.Infrastructure;
using DistrictPerf.Host.Jobs;
using DistrictPerf.Host.Modules;
using DistrictPerf.Modules.Alerts;
using DistrictPerf.Host.Persistence;
using DistrictPerf.Host.Seeding;
using DistrictPerf.Host.Tenancy;
using DistrictPerf.Modules.Budgets;
using DistrictPerf.Modules.Bureaus;
using DistrictPerf.Modules.Identity;
using DistrictPerf.Modules.Indicators;
using DistrictPerf.Modules.Reports;
using DistrictPerf.Modules.Search;
using DistrictPerf.SharedKernel.Auditing;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Messaging;
using DistrictPerf.SharedKernel.Modules;
using DistrictPerf.SharedKernel.Tenancy;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;

// --seed-demo: create the demo tenant and users (also on by default in Development).
var seedDemoFlag = args.Contains("--seed-demo");
args = args.Where(a => a != "--seed-demo").ToArray();
// --migrate (the migration job) / --wait-for-schema (web pods' init container): do that, then exit without serving.
var startupCommand = DatabaseInitializer.ParseCommand(ref args);
// --copy-database --from-sqlite <file>: copy an embedded install into the configured database, then exit (docs/operations.md).
var copyDatabase = DatabaseCopy.ParseCommand(ref args);

var builder = WebApplication.CreateBuilder(args);
var seedDemo = seedDemoFlag || builder.Configuration.GetValue("Demo:Seed", builder.Environment.IsDevelopment());

// Logging: structured JSON (with the request id in each line's scope) outside Development.
if (!builder.Environment.IsDevelopment() && builder.Configuration.GetValue("Logging:Json", true))
{
    builder.Logging.ClearProviders();
    builder.Logging.AddJsonConsole(o =>
    {
        o.IncludeScopes = true;
        o.UseUtcTimestamp = true;
        o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
    });
}

var services = builder.Services;
services.AddSingleton(TimeProvider.System);
services.AddSingleton<ICurrentTenant, CurrentTenant>();
services.AddHttpContextAccessor();
// The signed-in user is read from the request (IHttpContextAccessor) each time: one instance serves every request.
services.AddSingleton<HttpCurrentUser>();
services.AddSingleton<ICurrentUser>(sp => sp.GetRequiredService<HttpCurrentUser>());
services.AddSingleton<IAuditContext>(sp => sp.GetRequiredService<HttpCurrentUser>());
services.AddScoped<AfterCommit>();
services.AddScoped<DistrictPerf.SharedKernel.Persistence.UnitOfWork>();

services.AddDistrictPerfDatabase(builder.Configuration, builder.Environment);
services.AddDistrictPerfTransportSecurity(builder.Configuration); // forwarded headers (TLS at the ingress), Secure cookies
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false); // no "Server: Kestrel" banner
services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
var databaseOptions = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
var moduleServices = new ModuleServices(services, builder.Configuration, builder.Environment, typeof(DistrictPerfDbContext),
    Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, databaseOptions.DataDirectory)));
foreach (var module in ModuleCatalog.All)
{
    module.AddServices(moduleServices);
    services.AddSingleton(module);
}

services.AddDistrictPerfJobs(builder.Configuration, builder.Environment);
// The finance bureau's dashboard composes the modules' read ports (it belongs to no single module).
services.AddScoped<DistrictPerf.Host.Features.Dashboard.DashboardQuery>();

services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
services.AddSingleton<IAuthorizationMiddlewareResultHandler, UnmatchedRoutesPassThrough>();
// Authorization is the default: an endpoint that states no rule is refused (401 anonymous, 403 signed in).
// The anonymous ones (sign-in, health, OpenAPI, static files) say so with AllowAnonymous().
services.AddAuthorization(o => o.FallbackPolicy = EndpointConventions.DenyUnlessDeclared);

services.AddMediator((MediatorOptions o) =>
{
    o.ServiceLifetime = ServiceLifetime.Scoped;
    o.GenerateTypesAsInternal = true;
    // A literal the source generator reads: every assembly of ModuleCatalog holding messages or handlers
    // (ModuleCatalogTests checks that the two lists agree).
    o.Assemblies = [typeof(BureausModule), typeof(IdentityModule), typeof(BudgetsModule), typeof(IndicatorsModule),
        typeof(DistrictPerf.Modules.Indicators.Contracts.MainTasksDeleted), typeof(ReportsModule), typeof(AlertsModule)];
    // Order: log → validate → one transaction per command → handler.
    o.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>), typeof(UnitOfWorkBehavior<,>)];
});

services.Configure<JsonOptions>(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
    o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
});
// Binding failures (malformed JSON, wrong types, bad enum names) become exceptions that the
// problem-details handler turns into 400s naming the field.
services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
{
    context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
    context.ProblemDetails.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
    context.ProblemDetails.Extensions.Remove("exception");
});
services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
// One language per request from Accept-Language (Chinese by default, or English); every problem carries a stable code.
services.AddDistrictPerfLocalization();

services.AddOpenApi(o => o.AddSchemaTransformer((schema, context, _) =>
{
    // Money and rates are exact decimals: say so, so that generated clients (the web app's) keep them decimal, never double.
    if (Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) is { } inner ? inner == typeof(decimal) : context.JsonTypeInfo.Type == typeof(decimal))
    {
        schema.Format = "decimal";
    }

    // An enum used only as nullable gets null among its values; the properties that use it already say
    // "null or this enum" (oneOf), and with null in the list generators see no enum at all (NSwag made an empty class).
    var type = context.JsonTypeInfo.Type;
    if ((Nullable.GetUnderlyingType(type) ?? type).IsEnum && schema.Enum is { Count: > 0 } values)
    {
        foreach (var value in values.Where(v => v is null || v.GetValueKind() == System.Text.Json.JsonValueKind.Null).ToList())
        {
            values.Remove(value);
        }
    }

    return Task.CompletedTask;
}).AddDocumentTransformer((document, _, _) =>
{
    document.Info.Title = "DistrictPerf API — 部门整体支出绩效管理平台";
    document.Info.Version = "v1";
    document.Info.Description = "多部门（多租户）预算绩效管理。登录：POST /api/auth/login；部门数据接口位于 /api/bureau，财政局接口位于 /api/host。"
        + " 财政局管理员可通过请求头 __tenant（部门 id 或代码）以部门身份操作。错误均为 RFC 9457 problem details。";
    document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
    document.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
    document.Components.SecuritySchemes["Bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
    {
        Type = Microsoft.OpenApi.SecuritySchemeType.Http,
        Scheme = "bearer",
        Description = "POST /api/auth/login 返回的 accessToken / the accessToken returned by POST /api/auth/login",
    };
    return Task.CompletedTask;
}));

services.AddOptions<CsrfOptions>().BindConfiguration(CsrfOptions.Section);
services.AddHealthChecks().AddDbContextCheck<DistrictPerfDbContext>("database", tags: ["ready"]);
// The hot paths run once before readiness (Startup:WarmUp, on by default): the first user meets a warm replica.
services.AddSingleton<RequestPipeline>();
services.AddSingleton<IStartupFilter>(sp => sp.GetRequiredService<RequestPipeline>());
services.AddSingleton<WarmUp>();
services.AddHealthChecks().AddCheck<WarmUp>("warm-up", tags: ["ready"]);

var app = builder.Build();

if (copyDatabase is not null)
{
    Environment.ExitCode = await DatabaseCopy.RunAsync(app.Services, copyDatabase, Console.Out);
    return;
}

await DatabaseInitializer.RunAsync(app.Services, startupCommand, seedDemo);
if (startupCommand != StartupCommand.Serve)
{
    return;
}

JobsSetup.ScheduleRecurringJobs(app.Services, ModuleCatalog.All);

app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts(); // HTTPS requests only (behind a TLS ingress: with forwarded headers on)
}

app.UseRequestLocalization();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.Use((context, next) =>
{
    context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
    return next(context);
});
app.UseMiddleware<CharsetGuardMiddleware>();
if (app.Services.GetRequiredService<JobsOptions>().Web)
{
    // The web application's files (Blazor WebAssembly, DistrictPerf.Web): public, served before
    // authentication and authorization; the API behind them checks every request.
    app.UseStaticFiles();
}

// Sign-in limits (SignInThrottle's per-address policy on the sign-in endpoint).
app.UseRateLimiter();
// Cookie-authenticated writes must come from this site (CSRF); bearer clients are not concerned.
app.UseMiddleware<CrossSiteRequestGuard>();
app.UseAuthentication();
app.UseMiddleware<TenantResolutionMiddleware>();
app.UseAuthorization();
// Bureau endpoints without a bureau context (a host user naming no bureau): 403 before any body is read.
app.UseBureauContextCheck();
app.UseMiddleware<MultipartGuardMiddleware>();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();

// Worker-only replicas (Jobs:Web=false) run jobs and answer health checks, nothing else.
if (app.Services.GetRequiredService<JobsOptions>().Web)
{
    app.MapOpenApi().AllowAnonymous();
    app.MapScalarApiReference("/scalar", o => o.WithTitle("DistrictPerf API")).AllowAnonymous();

    var api = app.MapGroup("/api");
    var host = api.MapGroup("/host").WithTags("Host（财政局）").RequireHostUser();
    var bureau = api.MapGroup("/bureau").WithTags("Bureau（部门）");
    var routes = new ModuleEndpoints(api, host, bureau);
    foreach (var module in app.Services.GetServices<IModule>())
    {
        module.MapEndpoints(routes);
    }

    app.MapJobsDashboard();
    // Pages of the web application can be bookmarked and reloaded: an address that is not a file
    // and not the API (nor the other server pages) gets the application's shell; an unknown API
    // address stays a 404 problem.
    app.MapStaticAssets().AllowAnonymous();
    app.MapFallbackToFile("/", "index.html").AllowAnonymous();
    app.MapFallbackToFile("{*path:nonfile:regex(^(?!(api|hangfire|scalar|openapi|health)(/|$)).*$)}", "index.html").AllowAnonymous();
    AuditLogEndpoints.Map(api, host);
    DistrictPerf.Host.Features.Dashboard.DashboardEndpoints.Map(host);
}

app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app, seedDemo));
app.Lifetime.ApplicationStarted.Register(() => _ = app.Services.GetRequiredService<WarmUp>().RunAsync(ModuleCatalog.All, app.Lifetime.ApplicationStopping));

await app.RunAsync();

/// <summary>Entry point; partial so that tests can host it with WebApplicationFactory.</summary>
public partial class Program;
