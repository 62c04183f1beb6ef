using DistrictPerf.Web.Api;

namespace DistrictPerf.Web.Shell;

/// <summary>Turns a raw refused response (calls made without the generated client) into the client's exception.</summary>
public static class ApiProblem
{
    public static async Task<ApiException> ReadAsync(HttpResponseMessage response) =>
        new("refused", (int)response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Headers.ToDictionary(h => h.Key, h => h.Value), null);
}
