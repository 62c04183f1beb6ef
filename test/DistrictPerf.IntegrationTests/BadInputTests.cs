using System.Net;
using System.Net.Http.Json;
using System.Text;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.SharedKernel.Auditing;

namespace DistrictPerf.IntegrationTests;

/// <summary>Bad input gets a 400 problem naming the field, and nothing is written.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(AppFixture app)
{
    public static TheoryData<string, string> BadBureaus => new()
    {
        // body, field named in the problem
        { """{"code":"OK1","district":"白云区","admin":{"userName":"a","password":"Good#Pass2026"}}""", "name" },
        { """{"code":"OK1","name":"","district":"白云区","admin":{"userName":"a","password":"Good#Pass2026"}}""", "name" },
        { $$$"""{"code":"{{{new string('X', 33)}}}","name":"局","district":"白云区","admin":{"userName":"a","password":"Good#Pass2026"}}""", "code" },
        { $$$"""{"code":"OK1","name":"{{{new string('局', 129)}}}","district":"白云区","admin":{"userName":"a","password":"Good#Pass2026"}}""", "name" },
        { """{"code":"bad code!","name":"局","district":"白云区","admin":{"userName":"a","password":"Good#Pass2026"}}""", "code" },
        { """{"code":"OK1","name":123,"district":"白云区","admin":{"userName":"a","password":"Good#Pass2026"}}""", "name" },
        { """{"code":"OK1","name":"局","district":["白云区"],"admin":{"userName":"a","password":"Good#Pass2026"}}""", "district" },
        { """{"code":"OK1","name":"局","district":"白云区"}""", "admin" },
        { """{"code":"OK1","name":"局","district":"白云区","admin":{"userName":"","password":"Good#Pass2026"}}""", "admin.userName" },
        { """{"code":"OK1","name":"局","district":"白云区","admin":{"userName":"a","password":"short"}}""", "admin.password" },
        { """{"code":"OK1","name":"局","district":"白云区","admin":{"userName":"a","password":12345678}}""", "admin.password" },
        { """{"code":"OK1","name":"局","district":"白云区","admin":{"userName":"a","password":"Good#Pass2026","email":"not-an-email"}}""", "admin.email" },
        { """{"code":"OK1","name":"局", """, "body" },
        { """not json at all""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBureaus))]
    public async Task CreateBureau_WithBadInput_Is400NamingTheField_AndWritesNothing(string body, string field)
    {
        var root = await app.RootAsync();
        var counts = await Counts();

        var response = await root.PostAsync("/api/host/bureaus", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.ShouldBeValidationProblemAsync(field);
        (await Counts()).ShouldBe(counts);
    }

    [Fact]
    public async Task CreateBureau_WithDuplicateCode_Is409_AndWritesNothing()
    {
        var existing = await app.CreateBureauAsync();
        var root = await app.RootAsync();
        var counts = await Counts();

        var response = await root.PostAsJsonAsync("/api/host/bureaus", new
        {
            code = existing.Code.ToLowerInvariant(),
            name = "重复",
            district = "白云区",
            admin = new { userName = "admin", password = AppFixture.UserPassword },
        });

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("field").GetString().ShouldBe("code");
        (await Counts()).ShouldBe(counts);
    }

    [Fact]
    public async Task CreateBureau_WhoseAdminIsRejectedByIdentity_RollsBackTheBureauToo()
    {
        var root = await app.RootAsync();
        var counts = await Counts();

        // Passes FluentValidation (non-empty) but fails Identity's password rules inside the handler,
        // after the bureau row was already saved in the transaction.
        var response = await root.PostAsJsonAsync("/api/host/bureaus", new
        {
            code = "RB" + Guid.NewGuid().ToString("N")[..6],
            name = "回滚测试局",
            district = "白云区",
            admin = new { userName = "admin", password = "alllowercase" },
        });

        await response.ShouldBeValidationProblemAsync("admin.password");
        (await Counts()).ShouldBe(counts);
    }

    [Fact]
    public async Task InvalidEnumValue_Is400NamingTheParameter()
    {
        var root = await app.RootAsync();
        var response = await root.GetAsync("/api/host/bureaus?status=Sleeping");
        await response.ShouldBeValidationProblemAsync("status");

        var ok = await root.GetAsync("/api/host/bureaus?status=Active");
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CreateUser_WithRoleOfTheOtherSide_Is400_AndWritesNothing()
    {
        var bureau = await app.CreateBureauAsync();
        var counts = await Counts();

        var hostRole = await bureau.Admin.PostAsJsonAsync("/api/users", new { userName = "sneaky", password = AppFixture.UserPassword, roles = new[] { "HostAdmin" } });
        await hostRole.ShouldBeValidationProblemAsync("roles");
        var unknown = await bureau.Admin.PostAsJsonAsync("/api/users", new { userName = "sneaky", password = AppFixture.UserPassword, roles = new[] { "Emperor" } });
        await unknown.ShouldBeValidationProblemAsync("roles");
        var wrongType = await bureau.Admin.PostAsync("/api/users", new StringContent("""{"userName":"x","password":"Good#Pass2026","roles":"Viewer"}""", Encoding.UTF8, "application/json"));
        await wrongType.ShouldBeValidationProblemAsync("roles");
        var badName = await bureau.Admin.PostAsJsonAsync("/api/users", new { userName = "有 空格", password = AppFixture.UserPassword, roles = new[] { "Viewer" } });
        await badName.ShouldBeValidationProblemAsync("userName");
        var dup = await bureau.Admin.PostAsJsonAsync("/api/users", new { userName = "ADMIN", password = AppFixture.UserPassword, roles = new[] { "Viewer" } });
        await dup.ShouldBeValidationProblemAsync("userName");

        (await Counts()).ShouldBe(counts);
    }

    [Fact]
    public async Task UpdateProfile_WithBadItems_Is400NamingTheRow_AndWritesNothing()
    {
        var bureau = await app.CreateBureauAsync();
        var profile = await (await bureau.Admin.GetAsync("/api/bureau/profile")).ReadJsonAsync();
        var stamp = profile.GetProperty("concurrencyStamp").GetString();
        var counts = await Counts();

        var emptyName = await bureau.Admin.PutAsJsonAsync("/api/bureau/profile", new
        {
            sections = new[] { new { name = "办公室" }, new { name = "" } },
            subordinateUnits = Array.Empty<object>(),
            duties = Array.Empty<string>(),
            concurrencyStamp = stamp,
        });
        await emptyName.ShouldBeValidationProblemAsync("sections[1].name");

        var tooLongDuty = await bureau.Admin.PutAsJsonAsync("/api/bureau/profile", new
        {
            sections = Array.Empty<object>(),
            subordinateUnits = Array.Empty<object>(),
            duties = new[] { "ok", new string('职', 2001) },
            concurrencyStamp = stamp,
        });
        await tooLongDuty.ShouldBeValidationProblemAsync("duties[1]");

        var duplicate = await bureau.Admin.PutAsJsonAsync("/api/bureau/profile", new
        {
            sections = new[] { new { name = "办公室" }, new { name = "办公室" } },
            subordinateUnits = Array.Empty<object>(),
            duties = Array.Empty<string>(),
            concurrencyStamp = stamp,
        });
        await duplicate.ShouldBeValidationProblemAsync("sections");

        var missingLists = await bureau.Admin.PutAsJsonAsync("/api/bureau/profile", new { concurrencyStamp = stamp });
        await missingLists.ShouldBeValidationProblemAsync("duties");

        (await Counts()).ShouldBe(counts);
    }

    [Fact]
    public async Task BadPaging_Is400()
    {
        var bureau = await app.CreateBureauAsync();
        await (await bureau.Admin.GetAsync("/api/audit-logs?pageSize=100000")).ShouldBeValidationProblemAsync("pageSize");
        await (await bureau.Admin.GetAsync("/api/audit-logs?page=0")).ShouldBeValidationProblemAsync("page");
        await (await bureau.Admin.GetAsync("/api/audit-logs?page=abc")).ShouldBeValidationProblemAsync("page");
    }

    private async Task<(int Bureaus, int Users, int Entries, int Audit)> Counts() =>
        (await app.CountAllAsync<Modules.Bureaus.Domain.Bureau>(),
         await app.CountAllAsync<Modules.Identity.Domain.AppUser>(),
         await app.CountAllAsync<Modules.Bureaus.Domain.ProfileEntry>(),
         await app.CountAllAsync<AuditLogEntry>());
}
