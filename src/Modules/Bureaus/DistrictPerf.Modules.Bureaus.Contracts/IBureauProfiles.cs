namespace DistrictPerf.Modules.Bureaus.Contracts;

/// <summary>Profile facts stated in a report (内设机构, 下属单位, 主要职能, in the report's order); an empty list means "not stated".</summary>
public sealed record ReportedProfile(IReadOnlyList<string> Sections, IReadOnlyList<string> SubordinateUnits, IReadOnlyList<string> Duties);

/// <summary>Writes into the current bureau's profile (部门概况) on another module's behalf.</summary>
public interface IBureauProfiles
{
    /// <summary>
    /// Replaces each list of the current bureau's profile that <paramref name="profile"/> states (a list it does not state
    /// is left as it is; the overview is kept; a note stays with an entry of the same name). Joins the caller's unit of
    /// work: nothing is saved here. Returns whether anything was written.
    /// </summary>
    Task<bool> ApplyReportedAsync(ReportedProfile profile, CancellationToken cancellationToken = default);
}
