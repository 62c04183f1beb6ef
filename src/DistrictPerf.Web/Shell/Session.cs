using DistrictPerf.Web.Api;

namespace DistrictPerf.Web.Shell;

/// <summary>Who is signed in, and what they may do: read once from /api/auth/me, dropped on sign-out or a 401.</summary>
public sealed class Session(DistrictPerfApi api)
{
    private Task<MeResponse?>? _me;

    public event Action? Changed;

    public Task<MeResponse?> MeAsync() => _me ??= LoadAsync();

    public MeResponse? Current => _me is { IsCompletedSuccessfully: true } task ? task.Result : null;

    public bool Can(string permission) => Current?.Permissions?.Contains(permission) == true;

    /// <summary>A finance-bureau (host) user: no bureau of their own.</summary>
    public bool IsHost => Current is { } me && me.BureauId is null;

    public void Forget()
    {
        _me = null;
        Changed?.Invoke();
    }

    public async Task SignOutAsync()
    {
        try
        {
            await api.LogoutAsync();
        }
        catch (ApiException)
        {
            // Already signed out: nothing to end.
        }

        Forget();
    }

    private async Task<MeResponse?> LoadAsync()
    {
        try
        {
            return await api.MeAsync();
        }
        catch (ApiException e) when (e.StatusCode == 401)
        {
            _me = null;
            return null;
        }
    }
}

/// <summary>The permission names the UI checks (the server's catalogue; the server enforces them, the UI only hides what would be refused).</summary>
public static class Can
{
    public const string BudgetsView = "Bureau.Budgets.View";
    public const string BudgetsEdit = "Bureau.Budgets.Edit";
    public const string UsersView = "Users.View";
    public const string UsersManage = "Users.Manage";
    public const string BudgetsCloseMonth = "Bureau.Budgets.CloseMonth";
    public const string ReportsView = "Bureau.Reports.View";
    public const string ReportsEdit = "Bureau.Reports.Edit";
    public const string ReportsSubmit = "Bureau.Reports.Submit";
    public const string HostBudgetsView = "Host.Budgets.View";
    public const string HostBureausView = "Host.Bureaus.View";
    public const string HostReportsView = "Host.Reports.View";
    public const string HostReportsReview = "Host.Reports.Review";
    public const string HostReportsPublish = "Host.Reports.Publish";
    public const string HostAlertsView = "Host.Alerts.View";
    public const string HostAlertsRun = "Host.Alerts.Run";
    public const string HostScoringRulesManage = "Host.ScoringRules.Manage";
    public const string AlertsView = "Bureau.Alerts.View";
    public const string ProfileView = "Bureau.Profile.View";
    public const string ProfileEdit = "Bureau.Profile.Edit";
    public const string PlanView = "Bureau.Plan.View";
    public const string PlanEdit = "Bureau.Plan.Edit";
    public const string HostBureausManage = "Host.Bureaus.Manage";
    public const string HostAuditLogsView = "Host.AuditLogs.View";
    public const string HostSearchManage = "Host.Search.Manage";
}
