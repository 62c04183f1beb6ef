using DistrictPerf.Web.Localization;
using Microsoft.JSInterop;

namespace DistrictPerf.Web.Shell;

/// <summary>The one question a form with unsaved changes asks before it closes or the page is left.</summary>
public static class UnsavedChanges
{
    public static ValueTask<bool> ConfirmLeaveAsync(IJSRuntime js) => js.InvokeAsync<bool>("confirm", Ui.UnsavedChanges);
}
