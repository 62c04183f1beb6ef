using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DistrictPerf.SharedKernel.Http;

/// <summary>
/// A 200 with a value's JSON that serialises each value instance once: the UTF-8 bytes are kept beside the instance
/// (weakly — they go when the instance goes) and written as they are to every later response carrying the same
/// instance. Made for values served from memory (<see cref="Persistence.ReadCache"/>), which are never changed after
/// they are built; a value built for one response is serialised once as usual. The bytes are exactly what
/// <see cref="TypedResults.Ok{TValue}(TValue)"/> writes (the application's <see cref="JsonOptions"/>, the declared type),
/// and the endpoint's OpenAPI description is the same.
/// </summary>
public sealed class SerializedOnce<TValue> : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<TValue>
{
    private static readonly ConditionalWeakTable<object, byte[]> Serialized = new();

    internal SerializedOnce(TValue value) => Value = value;

    public TValue Value { get; }

    object? IValueHttpResult.Value => Value;

    public int StatusCode => StatusCodes.Status200OK;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var bytes = Value is null
            ? JsonSerializer.SerializeToUtf8Bytes(Value, options.GetTypeInfo(typeof(TValue)))
            : Serialized.GetValue(Value, v => JsonSerializer.SerializeToUtf8Bytes(v, options.GetTypeInfo(typeof(TValue))));
        httpContext.Response.StatusCode = StatusCode;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = bytes.Length;
        return httpContext.Response.Body.WriteAsync(bytes, httpContext.RequestAborted).AsTask();
    }

    /// <summary>The same metadata as <see cref="Ok{TValue}"/>: a 200 with <typeparamref name="TValue"/> as JSON.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TValue), ["application/json"]));
    }
}

/// <summary>Creates <see cref="SerializedOnce{TValue}"/> results.</summary>
public static class SerializedOnce
{
    /// <summary>200 with the value's JSON, serialised once per instance (for values served from memory).</summary>
    public static SerializedOnce<TValue> Ok<TValue>(TValue value) => new(value);
}
