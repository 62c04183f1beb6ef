using System.Net;
using System.Text.Json;

namespace DistrictPerf.IntegrationTests.Infrastructure;

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 problem response with <paramref name="status"/> and returns its JSON.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        var json = JsonDocument.Parse(body).RootElement;
        json.GetProperty("status").GetInt32().ShouldBe((int)status);
        json.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        body.ShouldNotContain("   at ", Case.Sensitive, "problem responses never carry a stack trace");
        return json;
    }

    /// <summary>Asserts a 400 validation problem naming <paramref name="field"/>.</summary>
    public static async Task<JsonElement> ShouldBeValidationProblemAsync(this HttpResponseMessage response, string field)
    {
        var json = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = json.GetProperty("errors");
        errors.TryGetProperty(field, out var messages).ShouldBeTrue($"expected an error for '{field}', got {errors}");
        messages.GetArrayLength().ShouldBeGreaterThan(0);
        return json;
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }
}
