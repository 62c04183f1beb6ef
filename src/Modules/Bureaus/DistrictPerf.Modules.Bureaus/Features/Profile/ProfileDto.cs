using DistrictPerf.Modules.Bureaus.Domain;

namespace DistrictPerf.Modules.Bureaus.Features.Profile;

internal sealed record ProfileItemDto(string Name, string? Note);

/// <summary>部门概况: the bureau's identity (host-managed) and its profile (bureau-managed).</summary>
internal sealed record ProfileDto(
    Guid BureauId, string Code, string Name, string District,
    string? Overview,
    IReadOnlyList<ProfileItemDto> Sections,
    IReadOnlyList<ProfileItemDto> SubordinateUnits,
    IReadOnlyList<string> Duties,
    DateTime? ModifiedAt,
    string? ConcurrencyStamp)
{
    internal static ProfileDto From(Bureau bureau, BureauProfile profile)
    {
        var ordered = profile.Entries.OrderBy(e => e.Kind).ThenBy(e => e.Order).ToList();
        return new ProfileDto(
            bureau.Id, bureau.Code, bureau.Name, bureau.District, profile.Overview,
            ordered.Where(e => e.Kind == ProfileEntryKind.Section).Select(e => new ProfileItemDto(e.Text, e.Note)).ToList(),
            ordered.Where(e => e.Kind == ProfileEntryKind.SubordinateUnit).Select(e => new ProfileItemDto(e.Text, e.Note)).ToList(),
            ordered.Where(e => e.Kind == ProfileEntryKind.Duty).Select(e => e.Text).ToList(),
            profile.ModifiedAt ?? profile.CreatedAt,
            profile.ConcurrencyStamp);
    }
}
