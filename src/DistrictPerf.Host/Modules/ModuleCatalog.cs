using DistrictPerf.Modules.Alerts;
using DistrictPerf.Modules.Budgets;
using DistrictPerf.Modules.Bureaus;
using DistrictPerf.Modules.Identity;
using DistrictPerf.Modules.Indicators;
using DistrictPerf.Modules.Reports;
using DistrictPerf.Modules.Search;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Modules;

namespace DistrictPerf.Host.Modules;

/// <summary>
/// The one list of modules. The composition root registers their services, maps their endpoints
/// and schedules their jobs from it; the DbContext applies their model from it; the architecture
/// tests hold every module in it to the module rules. Adding a module is one line here (plus the
/// Mediator assembly list in Program.cs, which a source generator must read as a literal — a test
/// checks that the two agree).
/// </summary>
internal static class ModuleCatalog
{
    public static readonly IReadOnlyList<IModule> All =
    [
        new BureausModule(),
        new IdentityModule(),
        new BudgetsModule(),
        new IndicatorsModule(),
        new ReportsModule(),
        new AlertsModule(),
        new SearchModule(),
    ];

    /// <summary>Permissions owned by the host itself (the audit log, a SharedKernel concern), not by a module.</summary>
    public static readonly IReadOnlyCollection<string> HostPermissions = [Permissions.AuditLogsView, Permissions.HostAuditLogsView];
}
