using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.SharedKernel.Auditing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.IntegrationTests;

[Collection(ApiCollection.Name)]
public sealed class ConcurrencyAndAuditTests(AppFixture app)
{
    [Fact]
    public async Task RenameBureau_WithAStaleStamp_Is409_AndKeepsTheFirstWrite()
    {
        var bureau = await app.CreateBureauAsync();
        var root = await app.RootAsync();
        var original = await (await root.GetAsync($"/api/host/bureaus/{bureau.Id}")).ReadJsonAsync();
        var stamp = original.GetProperty("concurrencyStamp").GetString();

        var first = await root.PutAsJsonAsync($"/api/host/bureaus/{bureau.Id}", new { name = "第一次改名", district = "广州市白云区", concurrencyStamp = stamp });
        var renamed = await first.ReadJsonAsync();
        renamed.GetProperty("concurrencyStamp").GetString().ShouldNotBe(stamp);

        var second = await root.PutAsJsonAsync($"/api/host/bureaus/{bureau.Id}", new { name = "第二次改名", district = "广州市白云区", concurrencyStamp = stamp });
        (await second.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("field").GetString().ShouldBe("concurrencyStamp");

        var now = await (await root.GetAsync($"/api/host/bureaus/{bureau.Id}")).ReadJsonAsync();
        now.GetProperty("name").GetString().ShouldBe("第一次改名");
    }

    [Fact]
    public async Task UpdateProfile_WithAStaleStamp_Is409()
    {
        var bureau = await app.CreateBureauAsync();
        var profile = await (await bureau.Admin.GetAsync("/api/bureau/profile")).ReadJsonAsync();
        var stamp = profile.GetProperty("concurrencyStamp").GetString();
        object Body(string section) => new { sections = new[] { new { name = section } }, subordinateUnits = Array.Empty<object>(), duties = Array.Empty<string>(), concurrencyStamp = stamp };

        (await bureau.Admin.PutAsJsonAsync("/api/bureau/profile", Body("办公室"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await bureau.Admin.PutAsJsonAsync("/api/bureau/profile", Body("财务科"))).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var now = await (await bureau.Admin.GetAsync("/api/bureau/profile")).ReadJsonAsync();
        now.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["办公室"]);
    }

    [Fact]
    public async Task UpdateUser_WithAStaleStamp_Is409()
    {
        var bureau = await app.CreateBureauAsync();
        var (id, _) = await bureau.AddUserAsync("stale", "Viewer");
        var user = await (await bureau.Admin.GetAsync($"/api/users/{id}")).ReadJsonAsync();
        var stamp = user.GetProperty("concurrencyStamp").GetString();

        (await bureau.Admin.PutAsJsonAsync($"/api/users/{id}", new { displayName = "一", roles = new[] { "Viewer" }, isActive = true, concurrencyStamp = stamp }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await bureau.Admin.PutAsJsonAsync($"/api/users/{id}", new { displayName = "二", roles = new[] { "Viewer" }, isActive = true, concurrencyStamp = stamp }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task EverySuccessfulWrite_LeavesAuditEntries_WithWhoWhenBureauAndBeforeAfter()
    {
        var bureau = await app.CreateBureauAsync();
        var me = await (await bureau.Admin.GetAsync("/api/auth/me")).ReadJsonAsync();
        var adminId = me.GetProperty("id").GetGuid();

        // Creating the bureau was audited on the host (the bureau row) and in the bureau (profile, admin user).
        var bureauRow = await AuditFor("Bureau", bureau.Id.ToString());
        bureauRow.ShouldHaveSingleItem().Action.ShouldBe(AuditAction.Created);
        bureauRow[0].TenantId.ShouldBeNull();
        (await AuditFor("AppUser", adminId.ToString())).ShouldContain(e => e.Action == AuditAction.Created && e.TenantId == bureau.Id);

        // A profile edit: one entry for the profile row with before/after, one per added line.
        var profile = await (await bureau.Admin.GetAsync("/api/bureau/profile")).ReadJsonAsync();
        var auditBefore = await app.CountAllAsync<AuditLogEntry>();
        var put = await bureau.Admin.PutAsJsonAsync("/api/bureau/profile", new
        {
            overview = "新概况",
            sections = new[] { new { name = "办公室" }, new { name = "财务科" } },
            subordinateUnits = new[] { new { name = "信息中心" } },
            duties = new[] { "职能一" },
            concurrencyStamp = profile.GetProperty("concurrencyStamp").GetString(),
        });
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.CountAllAsync<AuditLogEntry>()).ShouldBe(auditBefore + 1 + 4);

        var profileId = await app.WithDbAsync(db => db.Set<Modules.Bureaus.Domain.BureauProfile>().Select(p => p.Id).SingleAsync(), bureau.Id);
        var modified = (await AuditFor("BureauProfile", profileId.ToString())).Single(e => e.Action == AuditAction.Modified);
        modified.UserId.ShouldBe(adminId);
        modified.UserName.ShouldBe("admin");
        modified.TenantId.ShouldBe(bureau.Id);
        modified.CorrelationId.ShouldNotBeNullOrEmpty();
        var changes = JsonDocument.Parse(modified.Changes).RootElement;
        changes.GetProperty("Overview").GetProperty("before").ValueKind.ShouldBe(JsonValueKind.Null);
        changes.GetProperty("Overview").GetProperty("after").GetString().ShouldBe("新概况");

        // The audited columns were stamped on the row itself.
        var row = await app.WithDbAsync(db => db.Set<Modules.Bureaus.Domain.BureauProfile>().SingleAsync(), bureau.Id);
        row.ModifiedBy.ShouldBe(adminId);
        row.ModifiedAt.ShouldNotBeNull();

        // Secrets never reach the log.
        var userCreated = (await AuditFor("AppUser", adminId.ToString())).First(e => e.Action == AuditAction.Created);
        userCreated.Changes.ShouldNotContain("PasswordHash");
        userCreated.Changes.ShouldNotContain("SecurityStamp");
    }

    [Fact]
    public async Task RefusedWrites_LeaveNoAuditEntries()
    {
        var bureau = await app.CreateBureauAsync();
        var before = await app.CountAllAsync<AuditLogEntry>();

        await (await bureau.Admin.PutAsJsonAsync("/api/bureau/profile", new { concurrencyStamp = "stale" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var profile = await (await bureau.Admin.GetAsync("/api/bureau/profile")).ReadJsonAsync();
        await (await bureau.Admin.PutAsJsonAsync("/api/bureau/profile", new { sections = Array.Empty<object>(), subordinateUnits = Array.Empty<object>(), duties = Array.Empty<string>(), concurrencyStamp = "stale" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        (await app.CountAllAsync<AuditLogEntry>()).ShouldBe(before);
        profile.GetProperty("bureauId").GetGuid().ShouldBe(bureau.Id);
    }

    private Task<List<AuditLogEntry>> AuditFor(string entityType, string entityId) =>
        app.WithDbAsync(db => db.Set<AuditLogEntry>().IgnoreQueryFilters()
            .Where(e => e.EntityType == entityType && e.EntityId == entityId).OrderBy(e => e.OccurredAt).ToListAsync());
}
