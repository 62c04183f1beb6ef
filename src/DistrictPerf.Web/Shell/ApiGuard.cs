using AntDesign;
using DistrictPerf.Web.Api;
using DistrictPerf.Web.Localization;
using Microsoft.AspNetCore.Components;

namespace DistrictPerf.Web.Shell;

/// <summary>
/// The one way a screen calls the API: a 401 returns to sign-in and back to the page, a stale
/// stamp (409) is explained with a reload, a 403 shows the forbidden page on loads and a message on
/// actions, field problems are handed back to the form; anything else is a message with the
/// server's text (in the UI language: the client sends Accept-Language).
/// </summary>
public sealed class ApiGuard(NavigationManager navigation, IMessageService messages, ModalService modal, Session session)
{
    /// <summary>Runs <paramref name="call"/>; returns (true, result) or (false, default) after showing the problem.</summary>
    public async Task<(bool Ok, T? Value)> TryAsync<T>(Func<Task<T>> call, Action<Problem>? onFields = null, bool isLoad = false)
    {
        try
        {
            return (true, await call());
        }
        catch (ApiException e)
        {
            await HandleAsync(Problem.From(e), onFields, isLoad);
            return (false, default);
        }
    }

    public async Task<bool> TryAsync(Func<Task> call, Action<Problem>? onFields = null, bool isLoad = false) =>
        (await TryAsync(async () =>
        {
            await call();
            return true;
        }, onFields, isLoad)).Ok;

    /// <summary>Shows a problem already caught (when a screen handles some statuses itself), without calling again.</summary>
    public Task ShowAsync(ApiException exception, Action<Problem>? onFields = null, bool isLoad = false) =>
        HandleAsync(Problem.From(exception), onFields, isLoad);

    private async Task HandleAsync(Problem problem, Action<Problem>? onFields, bool isLoad)
    {
        switch (problem.Status)
        {
            case 401:
                session.Forget();
                var back = navigation.ToBaseRelativePath(navigation.Uri);
                if (!back.StartsWith("signin", StringComparison.OrdinalIgnoreCase))
                {
                    navigation.NavigateTo($"signin?expired=1&returnUrl={Uri.EscapeDataString(back)}");
                }

                return;
            case 403 when isLoad:
                navigation.NavigateTo("forbidden");
                return;
            case 409 when problem.IsStale:
                if (await modal.ConfirmAsync(new ConfirmOptions
                    {
                        Title = Ui.StaleTitle,
                        Content = Ui.StaleDetail,
                        OkText = Ui.Reload,
                        CancelText = Ui.Cancel,
                    }))
                {
                    navigation.NavigateTo(navigation.Uri, forceLoad: true);
                }

                return;
            case 400 or 409 when onFields is not null && problem.Errors.Count > 0:
                onFields(problem);
                return;
        }

        messages.Error(string.IsNullOrEmpty(problem.Detail) ? problem.Title : $"{problem.Title}：{problem.Detail}", 6);
    }
}
