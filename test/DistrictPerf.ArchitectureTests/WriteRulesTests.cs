using System.Reflection;
using DistrictPerf.Host.Modules;
using DistrictPerf.SharedKernel.Persistence;
using FluentValidation;

namespace DistrictPerf.ArchitectureTests;

/// <summary>
/// One way to write: every command is validated and runs in the one unit of work; nothing but
/// <see cref="UnitOfWork"/> saves or opens a transaction; the tenant filter is switched off only
/// in the host-side read services that are allowed to.
/// </summary>
public sealed class WriteRulesTests
{
    private static IEnumerable<Assembly> Scanned() =>
        ModuleCatalog.All.Select(m => m.Assembly).Append(typeof(Program).Assembly).Append(typeof(UnitOfWork).Assembly);

    public static TheoryData<string> ScannedNames() => [.. Scanned().Select(a => a.GetName().Name!)];

    private static readonly string[] SaveOrTransaction =
    [
        "Microsoft.EntityFrameworkCore.DbContext::SaveChanges",
        "Microsoft.EntityFrameworkCore.DbContext::SaveChangesAsync",
        "Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade::BeginTransaction",
        "Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade::BeginTransactionAsync",
        "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions::BeginTransaction",
        "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions::BeginTransactionAsync",
        "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions::UseTransaction",
        "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions::UseTransactionAsync",
    ];

    /// <summary>What a handler must not call: it already runs inside its command's unit of work.</summary>
    private static readonly string[] ForbiddenInHandlers =
    [
        .. SaveOrTransaction,
        "DistrictPerf.SharedKernel.Persistence.UnitOfWork::ExecuteAsync",
        "DistrictPerf.SharedKernel.Persistence.UnitOfWork::FlushBatchAsync",
    ];

    /// <summary>
    /// The only places that read across bureaus past the tenant filter: the host-side services the
    /// architecture document lists (comparison, rankings, all-bureau search, the audit log, the job).
    /// A new call site must be added here on purpose, with a host permission guarding it.
    /// </summary>
    private static readonly HashSet<string> IgnoreQueryFiltersAllowed =
    [
        "DistrictPerf.Modules.Alerts.Features.AlertEndpoints",            // host warnings, interviews, ranking
        "DistrictPerf.Modules.Alerts.Features.EmailOutbox",               // the outbox mails every bureau's notifications
        "DistrictPerf.Modules.Alerts.Features.MonthlyWarningJob",         // the host-wide job (one set-based pass)
        "DistrictPerf.Modules.Alerts.Features.WarningWriter",             // ... its writer
        "DistrictPerf.Modules.Alerts.Features.WarningOverview",           // every bureau's warnings of a year (the dashboard)
        "DistrictPerf.Modules.Budgets.Features.HostFiguresQuery",         // every bureau's figures (host view)
        "DistrictPerf.Modules.Budgets.Import.ImportSweeper",              // fails imports nobody will finish, in any bureau
        "DistrictPerf.Modules.Bureaus.Features.Profile.GetProfileHandler",// the host reads one bureau's profile
        "DistrictPerf.Modules.Indicators.Features.PlanOverview",          // every bureau's plan scored (the dashboard)
        "DistrictPerf.Modules.Identity.Features.Users.UserDirectory",     // notification recipients across bureaus
        "DistrictPerf.Modules.Identity.Features.Users.HostBureauUsers",   // one bureau's users for the finance bureau (Host.Bureaus.View)
        "DistrictPerf.Modules.Reports.Features.ReportEndpoints",          // the host's list of every report
        "DistrictPerf.Modules.Reports.Features.HostReports",              // find a report's bureau, then act inside it
        "DistrictPerf.Modules.Reports.Features.ReportSearchSource",       // the search index reads every report
        "DistrictPerf.Modules.Reports.Features.ReportOverview",           // every bureau's current report (the dashboard)
        "DistrictPerf.Host.Features.AuditLogEndpoints",                   // the host's audit log of any bureau
    ];

    private static string Key(IlScan.Call c) => $"{c.CalleeType}::{c.CalleeMethod}";

    [Theory]
    [MemberData(nameof(ScannedNames))]
    public void NothingButTheUnitOfWork_SavesOrOpensATransaction(string assembly)
    {
        var offenders = IlScan.Calls(Assembly.Load(assembly))
            .Where(c => SaveOrTransaction.Contains(Key(c)) && c.CallerType != typeof(UnitOfWork).FullName)
            .Select(c => $"{c.CallerType}.{c.CallerMethod} → {Key(c)}")
            .Distinct()
            .ToList();
        offenders.ShouldBeEmpty("save through UnitOfWork (commands get one from the pipeline): " + string.Join("; ", offenders));
    }

    [Theory]
    [MemberData(nameof(ScannedNames))]
    public void Handlers_NeverSaveOrOpenAUnitOfWork(string assembly)
    {
        var handlers = IlScan.TypesImplementing(Assembly.Load(assembly), "Mediator.ICommandHandler", "Mediator.IQueryHandler", "Mediator.IRequestHandler", "Mediator.INotificationHandler");
        var offenders = IlScan.Calls(Assembly.Load(assembly))
            .Where(c => handlers.Contains(c.CallerType) && ForbiddenInHandlers.Contains(Key(c)))
            .Select(c => $"{c.CallerType}.{c.CallerMethod} → {Key(c)}")
            .Distinct()
            .ToList();
        offenders.ShouldBeEmpty(string.Join("; ", offenders));
    }

    [Theory]
    [MemberData(nameof(ScannedNames))]
    public void IgnoreQueryFilters_OnlyInTheAllowedHostServices(string assembly)
    {
        var offenders = IlScan.Calls(Assembly.Load(assembly))
            .Where(c => c.CalleeType == "Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions" && c.CalleeMethod == "IgnoreQueryFilters")
            .Select(c => c.CallerType.Replace('/', '+'))
            .Where(t => !IgnoreQueryFiltersAllowed.Contains(t))
            .Distinct()
            .ToList();
        offenders.ShouldBeEmpty("a new cross-bureau read: add it to the allow-list on purpose, guarded by a host permission: " + string.Join(", ", offenders));
    }

    [Theory]
    [MemberData(nameof(ScannedNames))]
    public void EveryCommandAndRequest_HasAValidator(string assembly)
    {
        var types = Assembly.Load(assembly).GetTypes();
        var validated = types
            .SelectMany(t => t.IsAbstract ? [] : t.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
            .Select(i => i.GetGenericArguments()[0])
            .ToHashSet();
        var commands = types.Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i == typeof(Mediator.IBaseCommand) || i == typeof(Mediator.IBaseRequest))).ToList();
        var missing = commands.Where(c => !validated.Contains(c)).Select(c => c.FullName).ToList();
        missing.ShouldBeEmpty("every command (and request) needs a FluentValidation validator: " + string.Join(", ", missing));
    }

    [Fact]
    public void TheRulesSeeTheWriteSites_SoTheyCanFail()
    {
        // The scan itself: UnitOfWork's own save and transaction are found (else every rule above passes vacuously).
        var kernel = IlScan.Calls(typeof(UnitOfWork).Assembly).Where(c => c.CallerType == typeof(UnitOfWork).FullName).Select(Key).ToList();
        kernel.ShouldContain("Microsoft.EntityFrameworkCore.DbContext::SaveChangesAsync");
        kernel.ShouldContain("Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade::BeginTransactionAsync");

        // ... and the allowed cross-bureau reads are found where they are.
        IlScan.Calls(typeof(DistrictPerf.Modules.Budgets.BudgetsModule).Assembly)
            .ShouldContain(c => c.CalleeMethod == "IgnoreQueryFilters" && c.CallerType == "DistrictPerf.Modules.Budgets.Features.HostFiguresQuery");

        // ... and a handler is recognised as one (closures and async state machines included).
        IlScan.TypesImplementing(typeof(DistrictPerf.Modules.Budgets.BudgetsModule).Assembly, "Mediator.ICommandHandler")
            .ShouldContain("DistrictPerf.Modules.Budgets.Features.LinesHandler");
    }
}
