using System.Globalization;
using System.Resources;

namespace DistrictPerf.Web.Localization;

public static partial class Ui
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    private static readonly ResourceManager Resources = new("DistrictPerf.Web.Localization.Ui", typeof(Ui).Assembly);

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Format(string text, params object[] args) => string.Format(CultureInfo.CurrentCulture, text, args);

    private static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
}
