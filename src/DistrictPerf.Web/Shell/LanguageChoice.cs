using DistrictPerf.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace DistrictPerf.Web.Shell;

/// <summary>The user's interface language, kept in the browser; switching reloads the app in the other language.</summary>
public static class LanguageChoice
{
    private const string StorageKey = "districtperf.lang";

    /// <summary>The stored choice: English when chosen, Chinese otherwise.</summary>
    public static async Task<string> ReadAsync(IJSRuntime js) =>
        await js.InvokeAsync<string?>("localStorage.getItem", StorageKey) == Ui.English ? Ui.English : Ui.Chinese;

    public static async Task SwitchAsync(IJSRuntime js, NavigationManager navigation)
    {
        await js.InvokeVoidAsync("localStorage.setItem", StorageKey, Ui.IsEnglish ? Ui.Chinese : Ui.English);
        navigation.NavigateTo(navigation.Uri, forceLoad: true);
    }
}
