using System.Globalization;
using DistrictPerf.Web.Api;
using DistrictPerf.Web.Localization;

namespace DistrictPerf.Web.Pages.Warnings;

/// <summary>How the warning pages write months, scopes, rates and gaps (rates and gaps as the server rounded them).</summary>
internal static class WarningText
{
    /// <summary>No value (a rate without budget, no forecast yet): a dash, as the figures show it.</summary>
    public const string None = "—";

    public static string Month(int year, int month) => Ui.Format(Ui.WarnYearMonth, year, month);

    public static string Scope(WarningScope scope) => scope switch
    {
        WarningScope.Basic => Ui.WarnScopeBasic,
        WarningScope.Project => Ui.WarnScopeProject,
        _ => Ui.WarnScopeTotal,
    };

    public static string Percent(decimal? percent) => percent is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + "%" : None;

    public static string Points(decimal? points) =>
        points is { } v ? Ui.Format(Ui.WarnPoints, v.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)) : None;
}
