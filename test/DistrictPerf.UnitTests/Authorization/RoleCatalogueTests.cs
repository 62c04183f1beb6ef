using DistrictPerf.SharedKernel.Authorization;

namespace DistrictPerf.UnitTests.Authorization;

public sealed class RoleCatalogueTests
{
    [Fact]
    public void TheSixRolesOfTheDesignExist()
    {
        Roles.Definitions.Select(r => r.Name).ShouldBe(
            [Roles.HostAdmin, Roles.FinanceReviewer, Roles.BureauAdmin, Roles.BureauEditor, Roles.BureauApprover, Roles.Viewer], ignoreOrder: true);
    }

    [Fact]
    public void BureauRoles_NeverGrantHostPermissions()
    {
        foreach (var role in Roles.Definitions.Where(r => r.Side == RoleSide.Bureau))
        {
            role.Permissions.ShouldAllBe(p => !p.StartsWith("Host.", StringComparison.Ordinal), role.Name);
        }
    }

    [Fact]
    public void EveryGrantedPermission_IsInTheCatalogue_WithChineseAndEnglishNames()
    {
        foreach (var permission in Roles.Definitions.SelectMany(r => r.Permissions))
        {
            Permissions.DisplayNames.ShouldContainKey(permission);
            Permissions.DisplayNames[permission].Zh.ShouldNotBeNullOrWhiteSpace();
            Permissions.DisplayNames[permission].En.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void OnlyTheHostAdmin_MayActInABureau()
    {
        Roles.Definitions.Where(r => r.Permissions.Contains(Permissions.HostActInBureau)).Select(r => r.Name).ShouldBe([Roles.HostAdmin]);
    }

    [Theory]
    [InlineData(new[] { "Viewer" }, Permissions.ProfileView, true)]
    [InlineData(new[] { "Viewer" }, Permissions.ProfileEdit, false)]
    [InlineData(new[] { "Viewer", "BureauEditor" }, Permissions.ProfileEdit, true)]
    [InlineData(new[] { "BureauAdmin" }, Permissions.HostBureausView, false)]
    [InlineData(new[] { "FinanceReviewer" }, Permissions.HostBureausView, true)]
    [InlineData(new[] { "FinanceReviewer" }, Permissions.ProfileView, false)]
    [InlineData(new[] { "NoSuchRole" }, Permissions.ProfileView, false)]
    [InlineData(new string[0], Permissions.ProfileView, false)]
    public void Grants_FollowsTheRoleBundles(string[] roles, string permission, bool expected)
    {
        Roles.Grants(roles, permission).ShouldBe(expected);
    }
}
