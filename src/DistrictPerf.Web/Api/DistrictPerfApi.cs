using System.Text.Json;
using System.Text.Json.Serialization;

namespace DistrictPerf.Web.Api;

/// <summary>
/// The generated client, read as the server writes: enums by name (the server's JsonStringEnumConverter);
/// response text kept, so that every refusal's problem document (title, detail, code, field errors) reaches the screen.
/// </summary>
public partial class DistrictPerfApi
{
    partial void Initialize() => ReadResponseAsString = true;

    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) =>
        settings.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
}
