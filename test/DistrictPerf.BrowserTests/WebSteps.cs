using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>Steps every test of the web application takes: signing in, screenshots at desktop and phone width, confirming a popover.</summary>
internal static class WebSteps
{
    internal static async Task SignInAsync(IPage page, string? bureauCode, string userName, string password, string path = "/")
    {
        await page.GotoAsync(path);
        await page.GetByLabel("用户名").WaitForAsync(new() { Timeout = 60_000 }); // the WebAssembly runtime loads first
        await page.GetByLabel("部门代码").FillAsync(bureauCode ?? "");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
    }

    /// <summary>Desktop (1440×900) and phone (390×844) screenshots: the full page; with <paramref name="scrollTo"/> the screen around that element (a long page), with <paramref name="maxHeight"/> the top of the page only, that many pixels (the docs keep small images).</summary>
    internal static async Task ScreenshotAsync(IPage page, string name, ILocator? scrollTo = null, int? maxHeight = null)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        foreach (var (width, height, suffix) in new[] { (1440, 900, "desktop"), (390, 844, "phone") })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.WaitForTimeoutAsync(800);
            if (scrollTo is not null)
            {
                await scrollTo.ScrollIntoViewIfNeededAsync();
            }

            var options = new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{suffix}.png"), FullPage = scrollTo is null };
            if (scrollTo is null && maxHeight is { } most)
            {
                var pageHeight = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
                options.Clip = new Clip { X = 0, Y = 0, Width = width, Height = Math.Min(most, pageHeight) };
            }

            await page.ScreenshotAsync(options);
        }

        await page.SetViewportSizeAsync(1440, 900);
    }

    /// <summary>Clicks the visible popconfirm's button (after the row button opened it).</summary>
    internal static async Task ConfirmPopoverAsync(IPage page, string button)
    {
        var confirm = page.Locator(".ant-popover:not(.ant-popover-hidden)").GetByRole(AriaRole.Button, new() { Name = button, Exact = true });
        await confirm.WaitForAsync();
        await confirm.ClickAsync(new() { Force = true }); // the popover's entry animation never settles in headless Chromium
    }
}
