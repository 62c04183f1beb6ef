namespace DistrictPerf.SharedKernel.Authorization;

/// <summary>
/// The permission catalogue. Endpoints require permissions, never role names; roles are
/// bundles of permissions (<see cref="RolePermissions"/>). Host permissions start with
/// <c>Host.</c> and are only ever granted to host roles.
/// </summary>
public static class Permissions
{
    // Host side (district finance bureau)
    public const string HostBureausView = "Host.Bureaus.View";
    public const string HostBureausManage = "Host.Bureaus.Manage";
    public const string HostActInBureau = "Host.ActInBureau";
    public const string HostAuditLogsView = "Host.AuditLogs.View";
    public const string HostBudgetsView = "Host.Budgets.View";

    // Either side, scoped to the current tenant (a bureau, or the host for host users)
    public const string ProfileView = "Bureau.Profile.View";
    public const string ProfileEdit = "Bureau.Profile.Edit";
    public const string UsersView = "Users.View";
    public const string UsersManage = "Users.Manage";
    public const string AuditLogsView = "AuditLogs.View";
    public const string BudgetsView = "Bureau.Budgets.View";
    public const string BudgetsEdit = "Bureau.Budgets.Edit";
    public const string BudgetsCloseMonth = "Bureau.Budgets.CloseMonth";

    /// <summary>Permission → (中文名, English name), for the UI and the OpenAPI description.</summary>
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> DisplayNames =
        new Dictionary<string, (string, string)>
        {
            [HostBureausView] = ("查看各部门", "View all bureaus"),
            [HostBureausManage] = ("管理部门（创建、改名、停用）", "Create, rename, disable bureaus"),
            [HostActInBureau] = ("以部门身份操作", "Act inside a bureau"),
            [HostAuditLogsView] = ("查看全区审计日志", "View every bureau's audit log"),
            [HostBudgetsView] = ("查看全区预算执行", "View every bureau's budget figures"),
            [BudgetsView] = ("查看预算与支出", "View budget and spending"),
            [BudgetsEdit] = ("录入预算、调整与支出", "Enter budget lines, adjustments and spending"),
            [BudgetsCloseMonth] = ("月度结账", "Close a month"),
            [ProfileView] = ("查看部门概况", "View the bureau profile"),
            [ProfileEdit] = ("编辑部门概况", "Edit the bureau profile"),
            [UsersView] = ("查看用户", "View users"),
            [UsersManage] = ("管理用户", "Manage users"),
            [AuditLogsView] = ("查看审计日志", "View the audit log"),
        };

    public static IReadOnlyCollection<string> All => DisplayNames.Keys.ToArray();
}
