using DistrictPerf.Web.Api;

namespace DistrictPerf.Web.Shell;

/// <summary>The signed-in user's unread count, shown in the header and refreshed when the inbox changes it.</summary>
public sealed class InboxState(DistrictPerfApi api)
{
    public int Unread { get; private set; }

    public event Action? Changed;

    public async Task RefreshAsync()
    {
        try
        {
            Unread = (await api.InboxAsync(true)).Count;
        }
        catch (ApiException)
        {
            Unread = 0; // signed out or refused: the page's own call says why
        }

        Changed?.Invoke();
    }
}
