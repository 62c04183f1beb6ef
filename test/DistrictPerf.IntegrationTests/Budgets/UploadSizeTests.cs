using System.Net;
using System.Net.Http.Headers;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests.Budgets;

/// <summary>
/// The documented upload maximum (30 MB) reaches the import endpoint on real Kestrel: its default body
/// limit (30,000,000 bytes ≈ 28.6 MB) must not answer 413 first. The content is then judged by the import.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UploadSizeTests(AppFixture app)
{
    private const long KestrelDefaultLimit = 30_000_000;

    private static async Task<HttpResponseMessage> UploadCsvAsync(HttpClient client, long size)
    {
        // A csv of one unknown header and many short rows: large, and refused by the import (400), not by the server.
        var content = new byte[size];
        var header = "a,b,c\n"u8.ToArray();
        header.CopyTo(content, 0);
        for (var i = header.Length; i < content.Length; i++)
        {
            content[i] = (i % 6) == 5 ? (byte)'\n' : (byte)'1';
        }

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "big.csv");
        return await client.PostAsync($"{BudgetApi.Base()}/imports?wait=true", form);
    }

    [Fact]
    public async Task A_file_just_over_Kestrels_default_body_limit_is_not_refused_with_413()
    {
        var bureau = await app.CreateBureauAsync();

        using var response = await UploadCsvAsync(bureau.Admin, KestrelDefaultLimit + 512 * 1024);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldNotBe(HttpStatusCode.RequestEntityTooLarge, body.Length > 300 ? body[..300] : body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body.Length > 300 ? body[..300] : body);
    }

    [Fact]
    public async Task A_file_over_the_documented_30_MB_is_refused_by_the_endpoint_naming_the_file()
    {
        var bureau = await app.CreateBureauAsync();

        using var response = await UploadCsvAsync(bureau.Admin, 30 * 1024 * 1024 + 100);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body.Length > 300 ? body[..300] : body);
        body.ShouldContain("file_too_large");
    }
}
