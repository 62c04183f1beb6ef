using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>A user changes their own password from the header, stays signed in, and afterwards only the new password signs in.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PasswordTests(BrowserFixture app)
{
    private const string Bureau = "BY-TZCJ";
    private const string UserName = "pwdchanger";
    private const string OldPassword = "Pwd#Changer2026";
    private const string NewPassword = "Fresh#Secret2027";

    [Fact]
    public async Task AUser_ChangesTheirPassword_SignsOut_AndSignsInWithTheNewOne()
    {
        await CreateUserAsync(); // a user of this test only: the demo users keep their password

        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, Bureau, UserName, OldPassword, "/?year=2021");
        await page.GetByTestId("change-password-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/password"));
        await Assertions.Expect(page.Locator(".ant-breadcrumb")).ToContainTextAsync("修改密码");

        var current = page.GetByLabel("当前密码", new() { Exact = true });
        var fresh = page.GetByLabel("新密码", new() { Exact = true });
        var confirm = page.GetByLabel("确认新密码", new() { Exact = true });
        ILocator ItemOf(ILocator input) => page.Locator(".ant-form-item").Filter(new() { Has = input });
        var save = page.GetByTestId("save-password");

        // The two entries differ: said at the confirmation, nothing is sent.
        await current.FillAsync(OldPassword);
        await fresh.FillAsync(NewPassword);
        await confirm.FillAsync(NewPassword + "x");
        await save.ClickAsync();
        await Assertions.Expect(ItemOf(confirm).Locator(".ant-form-item-explain")).ToHaveTextAsync("两次输入的新密码不一致");
        await Assertions.Expect(ItemOf(confirm)).ToHaveClassAsync(new Regex("ant-form-item-has-error"));

        // The password policy's reasons come back at the new password.
        await fresh.FillAsync("weak");
        await confirm.FillAsync("weak");
        await save.ClickAsync();
        await Assertions.Expect(ItemOf(fresh)).ToHaveClassAsync(new Regex("ant-form-item-has-error"));
        await Assertions.Expect(ItemOf(fresh).Locator(".ant-form-item-explain")).ToContainTextAsync("密码至少须 8 个字符");
        await WebSteps.ScreenshotAsync(page, "change-password");

        // A wrong current password is said at the current password.
        await current.FillAsync("Wrong#Pass2026");
        await fresh.FillAsync(NewPassword);
        await confirm.FillAsync(NewPassword);
        await save.ClickAsync();
        await Assertions.Expect(ItemOf(current).Locator(".ant-form-item-explain")).ToHaveTextAsync("当前密码不正确。");
        await Assertions.Expect(ItemOf(fresh)).Not.ToHaveClassAsync(new Regex("ant-form-item-has-error"));

        await current.FillAsync(OldPassword);
        await save.ClickAsync();
        await Assertions.Expect(page.GetByTestId("password-changed")).ToContainTextAsync("密码已修改");
        await Assertions.Expect(current).ToHaveValueAsync("");

        // This session goes on after the change (its cookie was re-issued).
        await page.Locator(".ant-menu").GetByText("我的消息", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/inbox"));
        await Assertions.Expect(page.GetByTestId("who")).ToContainTextAsync("改密码的人");

        // Signed out, the old password fails and the new one signs in.
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await WebSteps.SignInAsync(page, Bureau, UserName, OldPassword, "/profile");
        await Assertions.Expect(page.GetByTestId("signin-error")).ToBeVisibleAsync();
        await page.GetByLabel("密码").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/profile"));
        await Assertions.Expect(page.GetByTestId("who")).ToContainTextAsync("改密码的人");
    }

    private async Task CreateUserAsync()
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var login = await http.PostAsJsonAsync("/api/auth/login", new { bureauCode = Bureau, userName = "admin", password = BrowserFixture.DemoPassword });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var created = await http.PostAsJsonAsync("/api/users", new { userName = UserName, password = OldPassword, displayName = "改密码的人", roles = new[] { "Viewer" } });
        created.IsSuccessStatusCode.ShouldBeTrue(await created.Content.ReadAsStringAsync());
    }
}
