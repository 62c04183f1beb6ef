using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DistrictPerf.BrowserTests;

/// <summary>A bureau writes its self-evaluation in the browser, sees the checker's findings beside it, and submits it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportEditorTests(BrowserFixture app)
{
    [Fact]
    public async Task AFinding_TakesTheEditorToTheIndicator_OrToTheSentence_ItIsAbout()
    {
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, "BY-TZCJ", "editor", BrowserFixture.DemoPassword, "/report?year=2021");
        await Assertions.Expect(page.Locator("#section-basicInfo")).ToBeVisibleAsync(); // a draft: the editor, not the read view
        await Assertions.Expect(page.GetByTestId("findings-summary")).ToContainTextAsync("错误");

        // The duplicated indicator (任务 3 lists one indicator twice): the link lands on it.
        var duplicate = page.GetByTestId("findings").Locator("a.finding-link", new() { HasTextRegex = new Regex("重复出现") });
        await duplicate.ClickAsync();
        var landed = await page.EvaluateAsync<string>("() => document.activeElement.id");
        landed.ShouldStartWith("indicator-");
        var row = page.Locator($"[id='{landed}']");
        await Assertions.Expect(row).ToBeInViewportAsync();
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("协助完成区领导带队赴市外拜访企业数量");

        // A sentence in a section: its text area, with the quoted words selected.
        var sentence = page.GetByTestId("findings").Locator("a.finding-link[data-location^='section:']").First;
        var excerpt = (await sentence.Locator("xpath=..").Locator(".reason").TextContentAsync())!.Trim('「', '」');
        var section = (await sentence.GetAttributeAsync("data-location"))!["section:".Length..];
        await sentence.ClickAsync();
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe($"section-{section}");
        var selected = await page.EvaluateAsync<string>("() => { const t = document.activeElement; return t.value.substring(t.selectionStart, t.selectionEnd); }");
        selected.ShouldBe(excerpt);
        await WebSteps.ScreenshotAsync(page, "report-editor", maxHeight: 1400);
    }

    [Fact]
    public async Task AnEditorWritesANewReport_SeesTheCheckAfterSaving_AndTheApproversSubmissionIsRefusedWithItsErrors()
    {
        const int year = 2019; // a year no other test writes
        var page = await app.NewPageAsync();
        await WebSteps.SignInAsync(page, "BY-TZCJ", "editor", BrowserFixture.DemoPassword, $"/report?year={year}");
        await page.GetByTestId("create-report").Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator("#section-basicInfo")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("save-report").Locator("button")).ToBeDisabledAsync(); // nothing to save yet

        await page.Locator("#section-basicInfo").FillAsync("本局内设机构 7 个，下属事业单位 2 个。\n负责全区招商引资工作。");
        await page.Locator("#section-problems").FillAsync("项目落地进度偏慢。");
        await page.Locator("#self-score").FillAsync("abc");
        await page.GetByTestId("save-report").Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator(".score-editor .field-error")).ToContainTextAsync("请输入数字");

        // The server's rule, at the field: a score is 0–100.
        await page.Locator("#self-score").FillAsync("150");
        await page.GetByTestId("save-report").Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator(".score-editor .field-error")).ToBeVisibleAsync();
        (await page.Locator(".score-editor .field-error").TextContentAsync())!.ShouldNotContain("请输入数字");

        await page.Locator("#self-score").FillAsync("95");
        await page.Locator("#self-grade").SelectOptionAsync("良"); // 95 is 优 in the year's bands: the report contradicts itself
        await Assertions.Expect(page.GetByTestId("score-difference")).ToContainTextAsync("自评得分比系统评分高");
        await page.GetByTestId("save-report").Locator("button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("save-state")).ToContainTextAsync("已保存");
        // The check is of the saved report: 95 called 良 is an error; 95 against the computed score a warning.
        await Assertions.Expect(page.GetByTestId("findings").Locator("li.finding-warning", new() { HasTextRegex = new Regex("自评分为 95 分，按本年度评分规则计算为") })).ToHaveCountAsync(1);
        var mismatch = page.GetByTestId("findings").Locator("li.finding-error", new() { HasTextRegex = new Regex("自评分 95 分按等级标准应为“优”") });
        await Assertions.Expect(mismatch).ToHaveCountAsync(1);
        await mismatch.Locator("a").ClickAsync();
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe("self-score");

        // Reloaded: what was written is there.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#section-problems")).ToHaveValueAsync("项目落地进度偏慢。");
        await Assertions.Expect(page.Locator("#self-score")).ToHaveValueAsync("95");
        (await page.GetByTestId("submit-report").CountAsync()).ShouldBe(0); // an editor does not submit

        // The approver's submission is refused while errors remain, and the errors are listed.
        var approver = await app.NewPageAsync();
        await WebSteps.SignInAsync(approver, "BY-TZCJ", "approver", BrowserFixture.DemoPassword, $"/report?year={year}");
        await approver.GetByTestId("submit-report").Locator("button").ClickAsync();
        await WebSteps.ConfirmPopoverAsync(approver, "提交财政局");
        await Assertions.Expect(approver.GetByTestId("submit-blocked")).ToContainTextAsync("自评分 95 分按等级标准应为“优”");
        await Assertions.Expect(approver.GetByTestId("submit-blocked")).Not.ToContainTextAsync("按本年度评分规则计算为"); // warnings do not block
        await Assertions.Expect(approver.Locator(".report-head")).ToContainTextAsync("草稿");
        await WebSteps.ScreenshotAsync(approver, "report-submit-blocked", maxHeight: 1400);

        // A Viewer reads it: no text area, no save, no submit.
        var viewer = await app.NewPageAsync();
        await WebSteps.SignInAsync(viewer, "BY-TZCJ", "viewer", BrowserFixture.DemoPassword, $"/report?year={year}");
        await Assertions.Expect(viewer.Locator("section#problems")).ToContainTextAsync("项目落地进度偏慢。");
        (await viewer.Locator("textarea").CountAsync()).ShouldBe(0);
        (await viewer.GetByTestId("save-report").CountAsync()).ShouldBe(0);
        (await viewer.GetByTestId("submit-report").CountAsync()).ShouldBe(0);
    }
}
