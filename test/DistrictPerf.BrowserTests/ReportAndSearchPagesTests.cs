using System.IO.Compression;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>Reading the self-evaluation and searching reports in Chinese: a bureau its own, the finance bureau every bureau's.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportAndSearchPagesTests(BrowserFixture app)
{
    [Fact]
    public async Task ABureauEditor_SearchesItsReports_AndAHitOpensTheReportAtItsSection()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, "BY-TZCJ", "editor", BrowserFixture.DemoPassword, "/?year=2021");
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "全文检索" }).ClickAsync();

        // An empty search: the server's message at the field, nothing else happens.
        await page.GetByTestId("search-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("search-error")).ToContainTextAsync("请输入检索词");

        await page.GetByLabel("检索词").FillAsync("招商引资");
        await page.GetByTestId("search-button").ClickAsync();
        var hits = page.GetByTestId("search-hits");
        await Assertions.Expect(hits.Locator("li").First).ToContainTextAsync("广州市白云区投资促进局");
        await Assertions.Expect(hits.Locator("em").First).ToHaveTextAsync("招商引资");
        page.Url.ShouldContain("q=%E6%8B%9B%E5%95%86%E5%BC%95%E8%B5%84"); // bookmarkable
        await WebSteps.ScreenshotAsync(page, "search");

        var section = hits.Locator("a.hit-section").First;
        var anchor = (await section.GetAttributeAsync("href"))!.Split('#')[1];
        await section.ClickAsync();
        await Assertions.Expect(page.Locator($"section#{anchor}")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("2021年度部门整体支出绩效自评报告");
    }

    [Fact]
    public async Task AViewer_ReadsTheReport_WithItsIndicators_AndExportsTheDocx()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, "BY-TZCJ", "viewer", BrowserFixture.DemoPassword, "/report?year=2021");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("2021年度部门整体支出绩效自评报告");
        await Assertions.Expect(page.Locator("section#basicInfo")).ToContainTextAsync("广州市白云区投资促进局");
        (await page.Locator("[data-testid=indicators] tbody tr").CountAsync()).ShouldBe(27);
        await Assertions.Expect(page.GetByTestId("computed-score")).ToContainTextAsync("分");
        (await page.Locator("button", new() { HasText = "保存" }).CountAsync()).ShouldBe(0);
        await WebSteps.ScreenshotAsync(page, "report", maxHeight: 1800);

        // Printed (to PDF here): the report without the application around it.
        var pdf = await page.PdfAsync(new() { Format = "A4" });
        pdf.Length.ShouldBeGreaterThan(20_000);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        (await page.GetByTestId("export-docx").IsVisibleAsync()).ShouldBeFalse();
        (await page.Locator("section#problems").IsVisibleAsync()).ShouldBeTrue();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-docx").ClickAsync());
        using var docx = ZipFile.OpenRead((await download.PathAsync())!);
        using var body = new StreamReader(docx.GetEntry("word/document.xml")!.Open());
        (await body.ReadToEndAsync()).ShouldContain("广州市白云区投资促进局");
    }

    [Fact]
    public async Task TheFinanceBureau_SearchesEveryBureausReports_AndOpensOne()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "admin", BrowserFixture.DemoPassword, "/search?year=2021");
        await page.GetByLabel("检索词").FillAsync("预算执行率");
        await page.GetByTestId("search-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("search-summary")).ToContainTextAsync("份报告");
        var hit = page.GetByTestId("search-hits").Locator("li", new() { HasText = "广州市白云区投资促进局" });
        await hit.Locator(".hit-title a").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("广州市白云区投资促进局");
        (await page.Locator("[data-testid=indicators] tbody tr").CountAsync()).ShouldBe(27);
        (await page.GetByTestId("export-docx").GetAttributeAsync("href"))!.ShouldStartWith("api/host/reports/");
    }

    [Fact]
    public async Task TheFinanceBureau_Searches招商引资_InOneDepartment_AndOpensAHitAtItsSection()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, null, "reviewer", BrowserFixture.DemoPassword, "/search?year=2021");
        await page.GetByLabel("检索词").FillAsync("招商引资");
        await page.Locator("#search-bureau").SelectOptionAsync(new SelectOptionValue { Label = "广州市白云区投资促进局" });
        await page.GetByTestId("search-button").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=%E6%8B%9B%E5%95%86%E5%BC%95%E8%B5%84.*bureau="));
        var hits = page.GetByTestId("search-hits").Locator("> li");
        await Assertions.Expect(hits.First).ToBeVisibleAsync();
        (await hits.AllInnerTextsAsync()).ShouldAllBe(t => t.Contains("广州市白云区投资促进局")); // the filter holds
        await Assertions.Expect(hits.First.Locator("em").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(招商引资|招商|引资)$")); // highlighted as the analyzer split it

        // A fragment's section title opens the report at that section.
        var section = hits.First.Locator("a.hit-section").First;
        var href = (await section.GetAttributeAsync("href"))!;
        href.ShouldMatch(@"^reports/[0-9a-f-]{36}\?year=2021#[A-Za-z]+$");
        await section.ClickAsync();
        var anchor = href.Split('#')[1];
        await Assertions.Expect(page.Locator($"section#{anchor}")).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("广州市白云区投资促进局");
    }
}
