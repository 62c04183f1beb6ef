using DistrictPerf.Web.Api;
using DistrictPerf.Web.Localization;

namespace DistrictPerf.Web.Pages.Reports;

/// <summary>What the computed score's execution rate rests on, in a few words shown beside the score (issue 14).</summary>
public static class ScoreBasisNote
{
    public static string Text(ScoreBasis? basis) => basis switch
    {
        ScoreBasis.Ledger => Ui.ScoreBasisLedger,
        ScoreBasis.Reported => Ui.ScoreBasisReported,
        ScoreBasis.None => Ui.ScoreBasisNone,
        _ => string.Empty,
    };
}
