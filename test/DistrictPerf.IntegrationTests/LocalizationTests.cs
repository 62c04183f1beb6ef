using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using DistrictPerf.IntegrationTests.Budgets;
using DistrictPerf.IntegrationTests.Infrastructure;

namespace DistrictPerf.IntegrationTests;

/// <summary>
/// One language per response, chosen by Accept-Language (Chinese by default, English for en*), and
/// the same stable <c>code</c> whatever the language: a FluentValidation error, a domain conflict,
/// a 404 and the bureau-context 403 of the endpoint filter.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class LocalizationTests(AppFixture app)
{
    /// <summary>No header, zh-CN, English.</summary>
    public static TheoryData<string?, bool> Languages => new()
    {
        { null, false },
        { "zh-CN", false },
        { "en", true },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task AValidationError_IsInOneLanguage_WithTheSameCodes(string? language, bool english)
    {
        var bureau = await app.CreateBureauAsync();

        var response = await SendAsync(bureau.Admin, HttpMethod.Post, $"{BudgetApi.Base()}/lines", language,
            new { code = "", name = "办公经费", kind = "Basic", initial = 1m });

        var json = await response.ShouldBeValidationProblemAsync("code");
        json.GetProperty("code").GetString().ShouldBe("validation_failed");
        json.GetProperty("fieldCodes").GetProperty("code").EnumerateArray().Select(c => c.GetString()).ShouldBe(["NotEmptyValidator"]);
        var message = json.GetProperty("errors").GetProperty("code")[0].GetString()!;
        message.ShouldContain("'code'", Case.Sensitive, "the field is named as in the JSON body");
        ShouldBeIn(english, json.GetProperty("title").GetString(), message);
        response.Content.Headers.ContentLanguage.ShouldBe([english ? "en" : "zh-CN"]);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task ADomainConflict_IsInOneLanguage_WithTheSameCode(string? language, bool english)
    {
        var bureau = await app.CreateBureauAsync();
        await bureau.Admin.AddLineAsync("L10N-1", 100m);

        var response = await SendAsync(bureau.Admin, HttpMethod.Post, $"{BudgetApi.Base()}/lines", language,
            new { code = "l10n-1", name = "办公经费", kind = "Basic", initial = 1m });

        var json = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        json.GetProperty("code").GetString().ShouldBe("conflict.budgets.line_code_exists");
        json.GetProperty("field").GetString().ShouldBe("code");
        var detail = json.GetProperty("detail").GetString()!;
        detail.ShouldContain("L10N-1");
        ShouldBeIn(english, json.GetProperty("title").GetString(), detail);
        if (english)
        {
            detail.ShouldBe("Line code L10N-1 already exists in 2021.");
        }
        else
        {
            detail.ShouldBe("项目编码 L10N-1 已存在");
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task ANotFound_IsInOneLanguage_WithTheSameCode(string? language, bool english)
    {
        var bureau = await app.CreateBureauAsync();

        var response = await SendAsync(bureau.Admin, HttpMethod.Delete, $"{BudgetApi.Base()}/lines/{Guid.NewGuid()}", language);

        var json = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        json.GetProperty("code").GetString().ShouldBe("not_found");
        ShouldBeIn(english, json.GetProperty("title").GetString(), json.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task TheBureauContextFilter_IsInOneLanguage_WithTheSameCode(string? language, bool english)
    {
        var root = await app.RootAsync(); // a host user, no __tenant header

        var response = await SendAsync(root, HttpMethod.Get, $"{BudgetApi.Base()}/lines", language);

        var json = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        json.GetProperty("code").GetString().ShouldBe("bureau_context_required");
        ShouldBeIn(english, json.GetProperty("title").GetString(), json.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("zh", false)]
    [InlineData("zh-Hans", false)]
    [InlineData("zh-Hans-CN,zh;q=0.9", false)]
    [InlineData("en-US", true)]
    [InlineData("en-GB,en;q=0.8", true)]
    [InlineData("fr-FR", false)]
    [InlineData("de, en;q=0.5", true)]
    public async Task AcceptLanguage_PicksChineseOrEnglish_ChineseByDefault(string language, bool english)
    {
        var root = await app.RootAsync();

        var response = await SendAsync(root, HttpMethod.Get, $"{BudgetApi.Base()}/lines", language);

        var json = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        json.GetProperty("code").GetString().ShouldBe("bureau_context_required");
        ShouldBeIn(english, json.GetProperty("title").GetString(), json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task FrameworkProblems_GetACodeAndALocalizedTitle()
    {
        var anonymous = app.Anonymous();

        var zh = await (await SendAsync(anonymous, HttpMethod.Get, "/api/users", null)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var en = await (await SendAsync(anonymous, HttpMethod.Get, "/api/users", "en")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        zh.GetProperty("code").GetString().ShouldBe("unauthorized");
        en.GetProperty("code").GetString().ShouldBe("unauthorized");
        ShouldBeIn(english: false, zh.GetProperty("title").GetString());
        ShouldBeIn(english: true, en.GetProperty("title").GetString());
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? language, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (language is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", language).ShouldBeTrue();
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: AppFixture.Json);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Chinese: CJK and no bilingual "中文 / English" separator; English: no CJK at all.</summary>
    private static void ShouldBeIn(bool english, params string?[] texts)
    {
        foreach (var text in texts)
        {
            text.ShouldNotBeNullOrWhiteSpace();
            if (english)
            {
                Cjk().IsMatch(text).ShouldBeFalse($"expected English only: {text}");
            }
            else
            {
                Cjk().IsMatch(text).ShouldBeTrue($"expected Chinese: {text}");
                text.ShouldNotContain(" / ", Case.Sensitive, $"expected one language: {text}");
            }
        }
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}|\p{IsCJKSymbolsandPunctuation}|\p{IsHalfwidthandFullwidthForms}")]
    private static partial Regex Cjk();
}
