using DistrictPerf.Modules.Bureaus.Domain;

namespace DistrictPerf.Modules.Bureaus.Features.HostSide;

internal sealed record BureauDto(
    Guid Id, string Code, string Name, string District, bool IsActive,
    DateTime CreatedAt, DateTime? ModifiedAt, DateTime? DisabledAt, string? ConcurrencyStamp)
{
    internal static BureauDto From(Bureau b) =>
        new(b.Id, b.Code, b.Name, b.District, b.IsActive, b.CreatedAt, b.ModifiedAt, b.DisabledAt, b.ConcurrencyStamp);
}

/// <summary>Filter of the bureau list.</summary>
internal enum BureauStatus
{
    Active,
    Disabled,
}

internal static class BureauRules
{
    /// <summary>Letters, digits and hyphens, starting with a letter or digit.</summary>
    public const string CodePattern = "^[A-Za-z0-9][A-Za-z0-9-]*$";

    public static string NormalizeCode(string code) => code.Trim().ToUpperInvariant();
}
