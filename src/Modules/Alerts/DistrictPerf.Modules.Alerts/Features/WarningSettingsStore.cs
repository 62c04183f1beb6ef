using System.Text.Json;
using System.Text.Json.Serialization;
using DistrictPerf.Modules.Alerts.Domain;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>Reads the year's warning settings (the defaults when the finance bureau saved none).</summary>
internal static class WarningSettingsStore
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<WarningSettings> LoadAsync(DbContext db, int year, CancellationToken ct)
    {
        var set = await db.Set<WarningSettingsSet>().AsNoTracking().FirstOrDefaultAsync(s => s.FiscalYear == year, ct);
        return set is null ? WarningSettings.Default : JsonSerializer.Deserialize<WarningSettings>(set.SettingsJson, Json) ?? WarningSettings.Default;
    }
}
