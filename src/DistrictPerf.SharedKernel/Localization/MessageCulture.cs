using System.Globalization;

namespace DistrictPerf.SharedKernel.Localization;

/// <summary>
/// The languages of the messages: Chinese (zh-CN, the neutral resources and the default) and
/// English (en). Work that runs outside a request (background imports, startup recovery) uses
/// <see cref="Use"/> to write its messages in the requester's language, or in the default.
/// </summary>
public static class MessageCulture
{
    public static CultureInfo Default { get; } = CultureInfo.GetCultureInfo("zh-CN");

    public static CultureInfo English { get; } = CultureInfo.GetCultureInfo("en");

    /// <summary>Sets <see cref="CultureInfo.CurrentUICulture"/> until disposed.</summary>
    public static IDisposable Use(CultureInfo culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        return new Restore(previous);
    }

    private sealed class Restore(CultureInfo previous) : IDisposable
    {
        public void Dispose() => CultureInfo.CurrentUICulture = previous;
    }
}
