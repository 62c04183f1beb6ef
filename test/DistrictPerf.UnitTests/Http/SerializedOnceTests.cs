using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using DistrictPerf.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.UnitTests.Http;

/// <summary>
/// A value served from memory is serialised once: later responses carrying the same instance get the same bytes
/// without serialising again, and those bytes, headers and the endpoint's metadata are what TypedResults.Ok gives.
/// </summary>
public sealed class SerializedOnceTests
{
    private enum Kind
    {
        Basic,
        Project,
    }

    private sealed class Counted(string name, decimal amount, Kind kind)
    {
        [JsonIgnore]
        public int Reads { get; private set; }

        public string Name
        {
            get
            {
                Reads++;
                return name;
            }
        }

        public decimal Amount => amount;

        public Kind Kind => kind;

        public IReadOnlyList<string> Notes { get; } = ["序时进度", "<script>"];
    }

    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddLogging()
        .Configure<JsonOptions>(o =>
        {
            // As the app configures it (Program.cs).
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        })
        .BuildServiceProvider();

    private static async Task<(byte[] Body, HttpResponse Response)> ExecuteAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return (body.ToArray(), context.Response);
    }

    [Fact]
    public async Task The_bytes_and_headers_are_those_of_TypedResults_Ok()
    {
        var value = new Counted("白云区投资促进局", 1_234_567.89m, Kind.Project);
        var (expected, okResponse) = await ExecuteAsync(TypedResults.Ok(value));
        var (actual, response) = await ExecuteAsync(SerializedOnce.Ok(value));

        System.Text.Encoding.UTF8.GetString(actual).ShouldBe(System.Text.Encoding.UTF8.GetString(expected));
        System.Text.Encoding.UTF8.GetString(actual).ShouldContain("\"kind\":\"Project\"");
        response.StatusCode.ShouldBe(okResponse.StatusCode);
        response.ContentType.ShouldBe(okResponse.ContentType);
        response.ContentLength.ShouldBe(actual.Length);
    }

    [Fact]
    public async Task The_same_instance_is_serialised_once_and_another_instance_again()
    {
        var value = new Counted("甲", 1m, Kind.Basic);
        var first = await ExecuteAsync(SerializedOnce.Ok(value));
        var second = await ExecuteAsync(SerializedOnce.Ok(value));
        value.Reads.ShouldBe(1);
        second.Body.ShouldBe(first.Body);

        var other = new Counted("乙", 2m, Kind.Basic);
        var third = await ExecuteAsync(SerializedOnce.Ok(other));
        other.Reads.ShouldBe(1);
        System.Text.Encoding.UTF8.GetString(third.Body).ShouldContain("乙");
    }

    [Fact]
    public void The_endpoint_metadata_is_that_of_Ok()
    {
        static ProducesResponseTypeMetadata Produces<T>() where T : IEndpointMetadataProvider
        {
            var builder = new RouteEndpointBuilder(_ => Task.CompletedTask, Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse("/"), 0);
            T.PopulateMetadata(typeof(SerializedOnceTests).GetMethod(nameof(The_endpoint_metadata_is_that_of_Ok), BindingFlags.Public | BindingFlags.Instance)!, builder);
            return builder.Metadata.OfType<ProducesResponseTypeMetadata>().Single();
        }

        var ours = Produces<SerializedOnce<Counted>>();
        var ok = Produces<Ok<Counted>>();
        ours.StatusCode.ShouldBe(ok.StatusCode);
        ours.Type.ShouldBe(ok.Type);
        ours.ContentTypes.ShouldBe(ok.ContentTypes);
    }
}
