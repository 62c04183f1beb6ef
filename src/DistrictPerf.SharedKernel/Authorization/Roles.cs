namespace DistrictPerf.SharedKernel.Authorization;

public enum RoleSide
{
    Host,
    Bureau,
}

/// <summary>The fixed role set and the permissions each grants.</summary>
public static class Roles
{
    public const string HostAdmin = "HostAdmin";
    public const string FinanceReviewer = "FinanceReviewer";
    public const string BureauAdmin = "BureauAdmin";
    public const string BureauEditor = "BureauEditor";
    public const string BureauApprover = "BureauApprover";
    public const string Viewer = "Viewer";

    public sealed record RoleDefinition(string Name, RoleSide Side, string DisplayNameZh, string DisplayNameEn, IReadOnlySet<string> Permissions);

    public static readonly IReadOnlyList<RoleDefinition> Definitions =
    [
        new(HostAdmin, RoleSide.Host, "财政局管理员", "Finance bureau administrator", new HashSet<string>
        {
            Permissions.HostBureausView, Permissions.HostBureausManage, Permissions.HostActInBureau,
            Permissions.HostAuditLogsView, Permissions.ProfileView, Permissions.ProfileEdit,
            Permissions.UsersView, Permissions.UsersManage, Permissions.AuditLogsView,
            Permissions.HostBudgetsView, Permissions.BudgetsView, Permissions.BudgetsEdit, Permissions.BudgetsCloseMonth,
            Permissions.HostScoringRulesManage, Permissions.HostReportsView, Permissions.HostReportsPublish,
            Permissions.HostAlertsView, Permissions.HostAlertsRun, Permissions.AlertsView, Permissions.HostSearchManage,
            Permissions.PlanView, Permissions.PlanEdit, Permissions.ReportsView, Permissions.ReportsEdit,
        }),
        new(FinanceReviewer, RoleSide.Host, "财政局审核员", "Finance reviewer", new HashSet<string>
        {
            Permissions.HostBureausView, Permissions.HostBudgetsView, Permissions.HostReportsView, Permissions.HostReportsReview,
            Permissions.HostAlertsView,
        }),
        new(BureauAdmin, RoleSide.Bureau, "部门管理员", "Bureau administrator", new HashSet<string>
        {
            Permissions.ProfileView, Permissions.ProfileEdit, Permissions.UsersView,
            Permissions.UsersManage, Permissions.AuditLogsView,
            Permissions.BudgetsView, Permissions.BudgetsEdit, Permissions.BudgetsCloseMonth,
            Permissions.PlanView, Permissions.PlanEdit, Permissions.ReportsView, Permissions.ReportsEdit, Permissions.AlertsView,
        }),
        new(BureauEditor, RoleSide.Bureau, "部门填报员", "Bureau editor", new HashSet<string>
        {
            Permissions.ProfileView, Permissions.ProfileEdit, Permissions.UsersView,
            Permissions.BudgetsView, Permissions.BudgetsEdit,
            Permissions.PlanView, Permissions.PlanEdit, Permissions.ReportsView, Permissions.ReportsEdit, Permissions.AlertsView,
        }),
        new(BureauApprover, RoleSide.Bureau, "部门审核人", "Bureau approver", new HashSet<string>
        {
            Permissions.ProfileView, Permissions.UsersView, Permissions.BudgetsView, Permissions.BudgetsCloseMonth,
            Permissions.PlanView, Permissions.ReportsView, Permissions.ReportsSubmit, Permissions.AlertsView,
        }),
        new(Viewer, RoleSide.Bureau, "只读用户", "Viewer", new HashSet<string>
        {
            Permissions.ProfileView, Permissions.BudgetsView, Permissions.PlanView, Permissions.ReportsView, Permissions.AlertsView,
        }),
    ];

    private static readonly Dictionary<string, RoleDefinition> ByName =
        Definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);

    public static RoleDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    public static bool Grants(IEnumerable<string> roleNames, string permission) =>
        roleNames.Any(r => ByName.TryGetValue(r, out var d) && d.Permissions.Contains(permission));
}
