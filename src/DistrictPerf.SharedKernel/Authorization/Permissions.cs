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
    public const string HostScoringRulesManage = "Host.ScoringRules.Manage";
    public const string HostReportsView = "Host.Reports.View";
    public const string HostReportsReview = "Host.Reports.Review";
    public const string HostReportsPublish = "Host.Reports.Publish";
    public const string HostAlertsView = "Host.Alerts.View";
    public const string HostAlertsRun = "Host.Alerts.Run";
    public const string HostSearchManage = "Host.Search.Manage";

    // Either side, scoped to the current tenant (a bureau, or the host for host users)
    public const string ProfileView = "Bureau.Profile.View";
    public const string ProfileEdit = "Bureau.Profile.Edit";
    public const string UsersView = "Users.View";
    public const string UsersManage = "Users.Manage";
    public const string AuditLogsView = "AuditLogs.View";
    public const string BudgetsView = "Bureau.Budgets.View";
    public const string BudgetsEdit = "Bureau.Budgets.Edit";
    public const string BudgetsCloseMonth = "Bureau.Budgets.CloseMonth";
    public const string PlanView = "Bureau.Plan.View";
    public const string PlanEdit = "Bureau.Plan.Edit";
    public const string ReportsView = "Bureau.Reports.View";
    public const string ReportsEdit = "Bureau.Reports.Edit";
    public const string ReportsSubmit = "Bureau.Reports.Submit";
    public const string AlertsView = "Bureau.Alerts.View";

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
            [HostScoringRulesManage] = ("设置评分规则", "Set the year's scoring rules"),
            [HostReportsView] = ("查看各部门自评报告", "Read every bureau's self-evaluation"),
            [HostReportsReview] = ("审核自评报告（退回/审定）", "Return or approve self-evaluations"),
            [HostReportsPublish] = ("公开自评报告", "Publish self-evaluations"),
            [HostAlertsView] = ("查看全区预算执行预警与通报", "View every bureau's warnings and the ranking"),
            [HostAlertsRun] = ("运行预警任务（补跑）", "Run the warning job for a month"),
            [HostSearchManage] = ("重建全文检索索引", "Rebuild the search index"),
            [AlertsView] = ("查看本部门预警与通报排名", "View own warnings and the ranking"),
            [PlanView] = ("查看绩效目标与指标", "View goals and indicators"),
            [PlanEdit] = ("编辑绩效目标与指标", "Edit goals and indicators"),
            [ReportsView] = ("查看自评报告", "View the self-evaluation"),
            [ReportsEdit] = ("编辑自评报告", "Edit the self-evaluation draft"),
            [ReportsSubmit] = ("提交自评报告", "Submit the self-evaluation"),
            [ProfileView] = ("查看部门概况", "View the bureau profile"),
            [ProfileEdit] = ("编辑部门概况", "Edit the bureau profile"),
            [UsersView] = ("查看用户", "View users"),
            [UsersManage] = ("管理用户", "Manage users"),
            [AuditLogsView] = ("查看审计日志", "View the audit log"),
        };

    public static IReadOnlyCollection<string> All => DisplayNames.Keys.ToArray();
}
