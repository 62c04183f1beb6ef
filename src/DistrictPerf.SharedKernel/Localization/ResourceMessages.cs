using System.Globalization;
using System.Reflection;
using System.Resources;

namespace DistrictPerf.SharedKernel.Localization;

/// <summary>
/// One .resx set of user-facing messages, read in the language of the request
/// (<see cref="CultureInfo.CurrentUICulture"/>, set by the host's request localization from
/// Accept-Language). The neutral resources are Chinese (zh-CN, see NeutralLanguage in
/// Directory.Build.props); the <c>en</c> satellite assembly holds English. A missing key reads
/// as the key itself, never null (a unit test keeps the sets complete).
/// </summary>
public sealed class ResourceMessages(string baseName, Assembly assembly)
{
    public ResourceManager ResourceManager { get; } = new(baseName, assembly);

    public string Get(string key) => ResourceManager.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    /// <summary>The message with its arguments, formatted for the request's language.</summary>
    public string Format(string key, params object?[] args) =>
        string.Format(CultureInfo.CurrentUICulture, Get(key), args);
}
