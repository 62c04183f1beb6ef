using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>A bureau administrator manages the bureau's users in the browser; the new user then signs in.</summary>
[Collection(BrowserCollection.Name)]
public sealed class UserPagesTests(BrowserFixture app)
{
    [Fact]
    public async Task ABureauAdmin_AddsAUser_WhoThenSignsIn_AndAnEditorCannotManageUsers()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, "BY-TZCJ", "admin", BrowserFixture.DemoPassword, "/users");
        var rows = page.Locator("[data-testid=users] tbody tr.ant-table-row");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var before = await rows.CountAsync();

        await page.GetByTestId("add-user").ClickAsync();
        await page.GetByLabel("用户名").FillAsync("clerk2026");
        await page.GetByLabel("姓名").FillAsync("新来的填报员");
        await page.GetByLabel("密码").FillAsync("short");
        await page.GetByTestId("save-user").ClickAsync();
        // The server's password rules, shown at the password field; nothing is written.
        var passwordItem = page.Locator(".ant-drawer .ant-form-item").Filter(new() { Has = page.GetByLabel("密码") });
        await Assertions.Expect(passwordItem.Locator(".ant-form-item-explain")).Not.ToContainTextAsync("至少 8 位，含大小写字母、数字和符号");
        await Assertions.Expect(passwordItem).ToHaveClassAsync(new Regex("ant-form-item-has-error"));
        await WebSteps.ScreenshotAsync(page, "user-drawer-error");

        await page.GetByLabel("密码").FillAsync("Clerk#2026pass");
        await page.GetByTestId("save-user").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(before + 1);
        await Assertions.Expect(page.Locator("[data-testid=users]")).ToContainTextAsync("新来的填报员");
        await Assertions.Expect(page.Locator("[data-testid=users]")).ToContainTextAsync("部门填报员");
        await WebSteps.ScreenshotAsync(page, "users");

        // The new user signs in and lands in the application; an editor sees users but may not manage them.
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await WebSteps.SignInAsync(page, "BY-TZCJ", "clerk2026", "Clerk#2026pass", "/users");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/users"));
        await Assertions.Expect(page.GetByTestId("who")).ToContainTextAsync("新来的填报员");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        (await page.GetByTestId("add-user").CountAsync()).ShouldBe(0);
        (await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^重置密码") }).CountAsync()).ShouldBe(0);
    }
}
