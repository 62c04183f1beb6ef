using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DistrictPerf.IntegrationTests.Security.Probe;

/// <summary>One operation of the served OpenAPI document.</summary>
internal sealed record ProbeOperation(string Method, string Path, IReadOnlyList<ProbeParameter> Parameters, string? BodyMediaType, JsonElement? BodySchema)
{
    public override string ToString() => $"{Method} {Path}";

    public IEnumerable<ProbeParameter> PathParameters => Parameters.Where(p => p.In == "path");

    /// <summary>The path segment before <c>{name}</c>, e.g. "lines" for <c>…/lines/{id}</c>.</summary>
    public string SegmentBefore(string name)
    {
        var parts = Path.Split('/');
        var index = Array.IndexOf(parts, "{" + name + "}");
        return index > 0 ? parts[index - 1] : "";
    }
}

internal sealed record ProbeParameter(string Name, string In, JsonElement Schema);

/// <summary>
/// Reads the operations of the app's own OpenAPI document and builds request bodies from their schemas: a plausible
/// body (every property with a value of its type), and malformed variants of it (wrong types, nulls, out-of-range
/// numbers, overlong and control-character strings, broken JSON). Nothing here names an endpoint: a new operation
/// is probed as soon as it is in the document.
/// </summary>
internal sealed partial class OpenApiOperations(JsonElement document)
{
    private readonly JsonElement _schemas = document.GetProperty("components").GetProperty("schemas");

    public IReadOnlyList<ProbeOperation> All { get; } = Read(document);

    private static List<ProbeOperation> Read(JsonElement document)
    {
        var operations = new List<ProbeOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var parameters = new List<ProbeParameter>();
                if (operation.Value.TryGetProperty("parameters", out var list))
                {
                    parameters.AddRange(list.EnumerateArray().Select(p => new ProbeParameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!, p.GetProperty("schema"))));
                }

                string? mediaType = null;
                JsonElement? schema = null;
                if (operation.Value.TryGetProperty("requestBody", out var body))
                {
                    var content = body.GetProperty("content").EnumerateObject().First();
                    mediaType = content.Name;
                    schema = content.Value.TryGetProperty("schema", out var s) ? s : null;
                }

                operations.Add(new ProbeOperation(operation.Name.ToUpperInvariant(), path.Name, parameters, mediaType, schema));
            }
        }

        return operations;
    }

    /// <summary>Follows <c>$ref</c> and the nullable <c>oneOf [null, X]</c> wrapper to the schema that describes values.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        for (var i = 0; i < 10; i++)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                schema = _schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
            }
            else if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
            {
                schema = oneOf.EnumerateArray().FirstOrDefault(s => !(s.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"), oneOf[0]);
            }
            else
            {
                return schema;
            }
        }

        return schema;
    }

    /// <summary>The JSON types a schema allows, "null" excluded (e.g. ["integer", "string"] for an int).</summary>
    public static IReadOnlyList<string> Types(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("enum", out _) ? ["enum"] : schema.TryGetProperty("properties", out _) ? ["object"] : [];
        }

        var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
        types.Remove("null");
        return schema.TryGetProperty("enum", out _) ? ["enum"] : types;
    }

    /// <summary>
    /// A value of the schema's type. <paramref name="idFor"/> gives a value for a uuid property by its name
    /// (e.g. another bureau's line for <c>lineId</c>); strings carry <paramref name="text"/>.
    /// </summary>
    public JsonNode? Sample(JsonElement schema, string name, Func<string, string> idFor, string text, int depth = 0)
    {
        schema = Resolve(schema);
        if (schema.TryGetProperty("enum", out var values))
        {
            return JsonValue.Create(values.EnumerateArray().First(v => v.ValueKind == JsonValueKind.String).GetString());
        }

        var types = Types(schema);
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (types.Contains("object") || schema.TryGetProperty("properties", out _))
        {
            var obj = new JsonObject();
            if (depth < 4 && schema.TryGetProperty("properties", out var properties))
            {
                foreach (var property in properties.EnumerateObject())
                {
                    obj[property.Name] = Sample(property.Value, property.Name, idFor, text, depth + 1);
                }
            }

            return obj;
        }

        if (types.Contains("array"))
        {
            return depth < 4 && schema.TryGetProperty("items", out var items) ? new JsonArray(Sample(items, name, idFor, text, depth + 1)) : new JsonArray();
        }

        if (format == "uuid")
        {
            return JsonValue.Create(idFor(name));
        }

        if (format == "date")
        {
            return JsonValue.Create("2021-06-30");
        }

        if (format == "date-time")
        {
            return JsonValue.Create("2021-06-30T08:00:00+08:00");
        }

        if (format is "decimal" or "double" or "float" || types.Contains("number"))
        {
            return JsonValue.Create(1000m);
        }

        if (types.Contains("integer"))
        {
            return JsonValue.Create(name.Contains("year", StringComparison.OrdinalIgnoreCase) ? 2021 : name.Contains("month", StringComparison.OrdinalIgnoreCase) ? 6 : 1);
        }

        if (types.Contains("boolean"))
        {
            return JsonValue.Create(false);
        }

        if (name.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            return JsonValue.Create("Probe#Pass2026x");
        }

        if (name.Contains("email", StringComparison.OrdinalIgnoreCase))
        {
            return JsonValue.Create("probe@example.org");
        }

        return JsonValue.Create(text);
    }

    /// <summary>One malformed request body: what was broken (for the report) and the bytes sent.</summary>
    public sealed record Malformed(string What, byte[] Body, string ContentType);

    /// <summary>
    /// Malformed variants of <paramref name="valid"/> for a JSON operation: broken documents, and for every property
    /// (one level into objects and array items) values that its schema does not allow or the domain cannot hold.
    /// </summary>
    public IEnumerable<Malformed> MalformedBodies(JsonElement schema, JsonObject valid)
    {
        static Malformed Raw(string what, string body, string contentType = "application/json") => new(what, System.Text.Encoding.UTF8.GetBytes(body), contentType);

        var json = valid.ToJsonString();
        yield return Raw("empty body", "");
        yield return Raw("null document", "null");
        yield return Raw("array document", "[]");
        yield return Raw("number document", "42");
        yield return Raw("truncated document", json[..(json.Length / 2)]);
        yield return Raw("trailing garbage", json + "}}");
        yield return Raw("nested 10,000 deep", new string('[', 10_000) + new string(']', 10_000));
        yield return new Malformed("invalid UTF-8", [(byte)'{', (byte)'"', 0xC3, 0x28, 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}'], "application/json");
        yield return Raw("text/plain content type", json, "text/plain");
        yield return Raw("unknown charset", json, "application/json; charset=probe-8");

        foreach (var (path, property, propertySchema) in Properties(Resolve(schema), valid, ""))
        {
            foreach (var (what, value) in BadValues(Resolve(propertySchema), property.Key))
            {
                var copy = JsonNode.Parse(json)!.AsObject();
                Set(copy, path, value);
                yield return Raw($"{path}: {what}", copy.ToJsonString());
            }
        }
    }

    private IEnumerable<(string Path, KeyValuePair<string, JsonNode?> Property, JsonElement Schema)> Properties(JsonElement schema, JsonObject obj, string prefix)
    {
        if (!schema.TryGetProperty("properties", out var properties))
        {
            yield break;
        }

        foreach (var property in properties.EnumerateObject())
        {
            var path = prefix + property.Name;
            var value = obj[property.Name];
            yield return (path, new(property.Name, value), property.Value);
            var resolved = Resolve(property.Value);
            if (prefix.Length == 0 && value is JsonObject inner)
            {
                foreach (var nested in Properties(resolved, inner, path + "."))
                {
                    yield return nested;
                }
            }
            else if (prefix.Length == 0 && value is JsonArray { Count: > 0 } array && array[0] is JsonObject item && resolved.TryGetProperty("items", out var items))
            {
                foreach (var nested in Properties(Resolve(items), item, path + "[0]."))
                {
                    yield return nested;
                }
            }
        }
    }

    private static IEnumerable<(string What, JsonNode? Value)> BadValues(JsonElement schema, string name)
    {
        var types = Types(schema);
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        yield return ("null", null);
        if (types.Contains("enum"))
        {
            yield return ("unknown enum value", JsonValue.Create("NoSuchValue"));
            yield return ("number for an enum", JsonValue.Create(99999));
        }
        else if (types.Contains("object"))
        {
            yield return ("string for an object", JsonValue.Create("x"));
            yield return ("array for an object", new JsonArray());
        }
        else if (types.Contains("array"))
        {
            yield return ("object for an array", new JsonObject());
            yield return ("array of nulls", new JsonArray(null, null));
            yield return ("100,000 items", new JsonArray(Enumerable.Range(0, 100_000).Select(_ => (JsonNode?)JsonValue.Create(0)).ToArray()));
        }
        else if (format == "uuid")
        {
            yield return ("not a uuid", JsonValue.Create("not-a-guid"));
            yield return ("unknown uuid", JsonValue.Create(Guid.NewGuid()));
        }
        else if (format == "date" || format == "date-time")
        {
            yield return ("impossible date", JsonValue.Create("2021-02-30"));
            yield return ("number for a date", JsonValue.Create(20210630));
        }
        else if (format is "decimal" or "double" or "float" || types.Contains("number"))
        {
            yield return ("1e300", JsonNode.Parse("1e300"));
            yield return ("-1e30", JsonNode.Parse("-1e30"));
            yield return ("text for a number", JsonValue.Create("一百万"));
            yield return ("29 decimals", JsonNode.Parse("0.00000000000000000000000000001"));
        }
        else if (types.Contains("integer"))
        {
            yield return ("2^31", JsonNode.Parse("2147483648"));
            yield return ("fraction for an integer", JsonNode.Parse("1.5"));
            yield return ("-2^31", JsonNode.Parse("-2147483648"));
        }
        else if (types.Contains("boolean"))
        {
            yield return ("text for a boolean", JsonValue.Create("yes"));
        }
        else if (types.Contains("string"))
        {
            yield return ("number for a string", JsonValue.Create(12345));
            yield return ("200,000 characters", JsonValue.Create(new string('长', 200_000)));
            yield return ("control and bidi characters", JsonValue.Create("a\u0000b\u202Ec\u0007"));
            if (!name.Contains("stamp", StringComparison.OrdinalIgnoreCase))
            {
                yield return ("blank", JsonValue.Create("   "));
            }
        }
    }

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonNode node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var part = parts[i];
            node = part.EndsWith("[0]", StringComparison.Ordinal) ? node[part[..^3]]![0]! : node[part]!;
        }

        node.AsObject()[parts[^1]] = value;
    }

    /// <summary>A path template with its parameters filled, e.g. <c>/api/bureau/budgets/2021/lines/3f…</c>.</summary>
    public static string Fill(ProbeOperation operation, Func<ProbeParameter, string> value) =>
        PathParameter().Replace(operation.Path, m => Uri.EscapeDataString(value(operation.Parameters.First(p => p.In == "path" && p.Name == m.Groups[1].Value))));

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();
}
