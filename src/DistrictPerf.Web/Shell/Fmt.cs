using System.Globalization;
using DistrictPerf.Web.Api;
using DistrictPerf.Web.Localization;

namespace DistrictPerf.Web.Shell;

/// <summary>How figures are shown: yuan with thousands separators and two decimals, percents as the server rounded them (half-up), "—" when undefined.</summary>
public static class Fmt
{
    public static string Money(decimal? yuan) => yuan is { } v ? v.ToString("#,##0.00", CultureInfo.InvariantCulture) : "—";

    public static string Percent(decimal? percent) => percent is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>A score or count as written: up to two decimals, no trailing zeros.</summary>
    public static string Number(decimal? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "—";

    /// <summary>Percentage points with a sign: "+1.20" or "-3.05".</summary>
    public static string Points(decimal? points) => points is { } v ? v.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "—";

    public static string Level(WarningLevel? level) => level switch
    {
        WarningLevel.Red => Ui.LevelRed,
        WarningLevel.Yellow => Ui.LevelYellow,
        WarningLevel.Green => Ui.LevelGreen,
        _ => "—",
    };

    /// <summary>The AntDesign tag colour of a level; the text says the level too (never colour alone).</summary>
    public static string LevelColor(WarningLevel? level) => level switch
    {
        WarningLevel.Red => "red",
        WarningLevel.Yellow => "gold",
        WarningLevel.Green => "green",
        _ => "default",
    };

    public static string Status(ReportStatus? status) => status switch
    {
        ReportStatus.Draft => Ui.StatusDraft,
        ReportStatus.Submitted => Ui.StatusSubmitted,
        ReportStatus.Returned => Ui.StatusReturned,
        ReportStatus.Approved => Ui.StatusApproved,
        ReportStatus.Published => Ui.StatusPublished,
        ReportStatus.Superseded => Ui.StatusSuperseded,
        _ => "—",
    };

    /// <summary>A role's name in the current language (the role's key when unknown).</summary>
    public static string Role(string role) => role switch
    {
        "HostAdmin" => Ui.RoleHostAdmin,
        "FinanceReviewer" => Ui.RoleFinanceReviewer,
        "BureauAdmin" => Ui.RoleBureauAdmin,
        "BureauEditor" => Ui.RoleBureauEditor,
        "BureauApprover" => Ui.RoleBureauApprover,
        "Viewer" => Ui.RoleViewer,
        _ => role,
    };
}
