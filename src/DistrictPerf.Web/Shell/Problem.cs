using System.Text.Json;
using DistrictPerf.Web.Api;

namespace DistrictPerf.Web.Shell;

/// <summary>An RFC 9457 problem response as the UI shows it: a title, a detail, a stable code and the bad fields.</summary>
public sealed record Problem(int Status, string Title, string? Detail, string? Code, string? Field, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsStale => Status == 409 && (Field == "concurrencyStamp" || Code == "conflict.concurrency");

    /// <summary>Each bad field's messages as one text, for a form to show under its fields.</summary>
    public Dictionary<string, string> FieldMessages() =>
        Errors.ToDictionary(kv => kv.Key, kv => string.Join(" ", kv.Value), StringComparer.OrdinalIgnoreCase);

    /// <summary>The message of one field (camelCase, as the API names it), or null.</summary>
    public string? For(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public static Problem From(ApiException exception)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        string? title = null, detail = null, code = null, field = null;
        try
        {
            using var json = JsonDocument.Parse(string.IsNullOrWhiteSpace(exception.Response) ? "{}" : exception.Response);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                title = Text(root, "title");
                detail = Text(root, "detail");
                code = Text(root, "code");
                field = Text(root, "field");
                if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in e.EnumerateObject())
                    {
                        errors[p.Name] = p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().Select(v => v.GetString() ?? "").ToArray() : [p.Value.ToString()];
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's HTML page): fall back to the status.
        }

        if (field is not null && detail is not null && !errors.ContainsKey(field))
        {
            errors[field] = [detail];
        }

        // Not a problem document (a proxy's page, a body the client could not read): say what happened.
        return new Problem(exception.StatusCode, title ?? Localization.Ui.Error, detail ?? (title is null ? exception.Message.Split('\n')[0] : null), code, field, errors);
    }

    private static string? Text(System.Text.Json.JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
