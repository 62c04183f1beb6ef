using DistrictPerf.Modules.Alerts.Contracts;
using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.Modules.Alerts.Features;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Identity.Contracts;

namespace DistrictPerf.UnitTests.Alerts;

/// <summary>
/// The monthly warning evaluation as plain data (domain-rules §4), with worked examples for June 2031
/// (time progress 6 ÷ 12 = 50 %): one bureau with a 项目支出 budget of ¥1,200, so it gets a Total and a
/// Project warning (no 基本支出 budget: no Basic level); an editor in the bureau, a reviewer at the finance bureau.
/// </summary>
public sealed class WarningEvaluatorTests
{
    private static readonly BureauInfo Bureau = new(Guid.Parse("0196a000-0000-7000-8000-000000000001"), "B01", "区教育局", "城区", true);
    private static readonly UserContact Editor = new(Guid.Parse("0196a000-0000-7000-8000-0000000000e1"), "editor", "编辑", "editor@example.gov.cn");
    private static readonly UserContact Reviewer = new(Guid.Parse("0196a000-0000-7000-8000-0000000000f1"), "reviewer", "审核", null);

    private static WarningMonthInputs June(WarningSettings? settings = null)
    {
        settings ??= WarningSettings.Default;
        return new WarningMonthInputs(2031, 6, settings, WarningRules.ProgressAt(2031, 6, settings), [Reviewer]);
    }

    /// <summary>A bureau whose whole budget is 项目支出: <paramref name="budget"/>, of which <paramref name="spent"/> spent by the month's end.</summary>
    private static BureauWarningInputs Spending(decimal budget, decimal spent, params PriorWarningLevel[] history)
    {
        var project = new BudgetTotals(budget, 0m, 0m, spent);
        return new BureauWarningInputs(Bureau, new BureauBudgetFigures(Bureau.Id, project, BudgetTotals.Zero, project), history, [Editor]);
    }

    private static WarningToWrite Total(BureauWarningResult result) => result.Warnings.Single(w => w.Scope == WarningScope.Total);

    [Fact]
    public void TimeProgress_IsAnInput_UsedAsGiven()
    {
        June().TimeProgress.ShouldBe(0.5m);
        var result = WarningEvaluator.EvaluateBureau(June() with { TimeProgress = 0.25m }, Spending(1_200m, 300m));
        Total(result).TimeProgress.ShouldBe(0.25m);
        Total(result).Level.ShouldBe(WarningLevel.Green); // 25 % spent against 25 % of the year
    }

    [Fact]
    public void Green_590Of1200_WritesTotalAndProject_AndNotifiesNoOne()
    {
        var result = WarningEvaluator.EvaluateBureau(June(), Spending(1_200m, 590m)); // E = 49.17 %: gap −0.83 pp, projected 98.3 %

        result.BureauId.ShouldBe(Bureau.Id);
        (result.Year, result.Month).ShouldBe((2031, 6));
        result.Warnings.Select(w => w.Scope).ShouldBe([WarningScope.Total, WarningScope.Project]);
        result.Warnings.ShouldAllBe(w => w.Level == WarningLevel.Green && !w.ForecastWarning && !w.Interview);
        Total(result).ExecutionRate.ShouldBe(590m / 1_200m);
        Total(result).GapPoints.ShouldBe((590m / 1_200m - 0.5m) * 100m);
        result.Notifications.ShouldBeEmpty();
    }

    [Fact]
    public void NoBudget_IsGreenWithoutRates_TotalOnly()
    {
        var result = WarningEvaluator.EvaluateBureau(June(), new BureauWarningInputs(Bureau, null, [], [Editor]));

        var total = result.Warnings.ShouldHaveSingleItem();
        total.Scope.ShouldBe(WarningScope.Total);
        total.Level.ShouldBe(WarningLevel.Green);
        total.ExecutionRate.ShouldBeNull();
        total.GapPoints.ShouldBeNull();
        result.Notifications.ShouldBeEmpty();
    }

    [Fact]
    public void Yellow_540Of1200_TellsTheBureauOnly()
    {
        var result = WarningEvaluator.EvaluateBureau(June(), Spending(1_200m, 540m)); // E = 45 %: gap −5 pp exactly; projected 90 %: no forecast

        Total(result).Level.ShouldBe(WarningLevel.Yellow);
        Total(result).ForecastWarning.ShouldBeFalse();
        result.Notifications.Select(n => (n.TenantId, n.UserId, n.DedupeKey)).ShouldBe(
        [
            (Bureau.Id, Editor.Id, "warning:2031-06:Total:Yellow"),
            (Bureau.Id, Editor.Id, "warning:2031-06:Project:Yellow"),
        ]);
        var total = result.Notifications[0];
        total.Title.ShouldBe("2031年6月预算执行黄色预警");
        total.Body.ShouldBe("截至 2031 年 6 月末，区教育局预算累计执行率 45.00%，序时进度 50.0%。请分析原因，加快支出进度。");
        total.EmailTo.ShouldBe("editor@example.gov.cn");
        result.Notifications[1].Title.ShouldBe("2031年6月项目支出执行黄色预警");
    }

    [Fact]
    public void Red_100Of1200_TellsTheBureau_AndTheFinanceBureau_WithTheForecast()
    {
        var result = WarningEvaluator.EvaluateBureau(June(), Spending(1_200m, 100m)); // E = 8.33 %: gap −41.67 pp; projected 16.67 %

        Total(result).Level.ShouldBe(WarningLevel.Red);
        Total(result).ForecastWarning.ShouldBeTrue();
        Total(result).Interview.ShouldBeFalse(); // no earlier red months
        result.Notifications.Select(n => (n.TenantId, n.UserId, n.DedupeKey)).ShouldBe(
        [
            (Bureau.Id, Editor.Id, "warning:2031-06:Total:Red"),
            (Bureau.Id, Editor.Id, "forecast:2031-06:Total"),
            (Bureau.Id, Editor.Id, "warning:2031-06:Project:Red"),
            (Bureau.Id, Editor.Id, "forecast:2031-06:Project"),
            (null, Reviewer.Id, $"red:{Bureau.Id}:2031-06:Total"),
            (null, Reviewer.Id, $"red:{Bureau.Id}:2031-06:Project"),
        ]);
        var host = result.Notifications.Single(n => n.DedupeKey == $"red:{Bureau.Id}:2031-06:Total");
        host.Title.ShouldBe("区教育局：2031年6月预算执行红色预警");
        host.Body.ShouldBe("截至 2031 年 6 月末，区教育局预算累计执行率 8.33%，序时进度 50.0%。请分析原因，加快支出进度。");
        host.EmailTo.ShouldBeNull(); // the reviewer has no address: in-app only
    }

    [Fact]
    public void Forecast_480Of1200_InJune_ProjectsTheYearEndBelow90Percent()
    {
        var result = WarningEvaluator.EvaluateBureau(June(), Spending(1_200m, 480m)); // E = 40 %: gap −10 pp (yellow); projected 40 ÷ 50 = 80 %

        Total(result).Level.ShouldBe(WarningLevel.Yellow);
        Total(result).ProjectedYearEndRate.ShouldBe(0.8m);
        Total(result).ForecastWarning.ShouldBeTrue();
        var forecast = result.Notifications.Single(n => n.DedupeKey == "forecast:2031-06:Total");
        forecast.TenantId.ShouldBe(Bureau.Id);
        forecast.Title.ShouldBe("2031年预算执行率预测偏低");
        forecast.Body.ShouldBe("按目前进度，区教育局预算年末执行率预计约 80.0%，低于 90%。");
        result.Notifications.Single(n => n.DedupeKey == "forecast:2031-06:Project").Title.ShouldBe("2031年项目支出执行率预测偏低");
        result.Notifications.ShouldAllBe(n => n.TenantId == Bureau.Id); // yellow: nothing for the finance bureau

        // Before June there is no forecast, whatever the pace.
        var may = new WarningMonthInputs(2031, 5, WarningSettings.Default, WarningRules.ProgressAt(2031, 5, WarningSettings.Default), [Reviewer]);
        Total(WarningEvaluator.EvaluateBureau(may, Spending(1_200m, 300m))).ForecastWarning.ShouldBeFalse();
    }

    [Fact]
    public void ThreeRedMonths_PutTheBureauOnTheInterviewList_AndTellTheFinanceBureau()
    {
        var result = WarningEvaluator.EvaluateBureau(June(), Spending(1_200m, 100m, new(4, WarningLevel.Red), new(5, WarningLevel.Red)));

        Total(result).Interview.ShouldBeTrue();
        result.Warnings.Single(w => w.Scope == WarningScope.Project).Interview.ShouldBeFalse(); // the list is about the whole budget
        var interview = result.Notifications.Single(n => n.DedupeKey == $"interview:{Bureau.Id}:2031-06");
        (interview.TenantId, interview.UserId).ShouldBe((null, Reviewer.Id));
        interview.Title.ShouldBe("约谈名单：区教育局");
        interview.Body.ShouldBe("区教育局连续 3 个月预算执行红色预警，列入约谈名单。");
    }

    [Theory]
    [InlineData("5:Red")]                 // only two red months
    [InlineData("4:Red,5:Yellow")]        // the run is broken
    [InlineData("3:Red,5:Red")]           // April has no warning: the run is broken
    [InlineData("5:Red,6:Red")]           // this month's own earlier warning (a rerun) is not history
    public void NoInterview_WithoutTheTwoMonthsBefore_BothRed(string history)
    {
        var prior = history.Split(',').Select(h => h.Split(':')).Select(h => new PriorWarningLevel(int.Parse(h[0]), Enum.Parse<WarningLevel>(h[1]))).ToArray();
        var result = WarningEvaluator.EvaluateBureau(June(), Spending(1_200m, 100m, prior)); // red this month

        Total(result).Interview.ShouldBeFalse();
        result.Notifications.ShouldNotContain(n => n.DedupeKey.StartsWith("interview:"));
    }

    [Fact]
    public void Interview_LooksOnlyAtTheWindow_OlderMonthsDoNotMatter()
    {
        var result = WarningEvaluator.EvaluateBureau(June(), Spending(1_200m, 100m, new(1, WarningLevel.Green), new(4, WarningLevel.Red), new(5, WarningLevel.Red)));
        Total(result).Interview.ShouldBeTrue();

        var four = June(WarningSettings.Default with { InterviewAfterRedMonths = 4 });
        Total(WarningEvaluator.EvaluateBureau(four, Spending(1_200m, 100m, new(4, WarningLevel.Red), new(5, WarningLevel.Red)))).Interview.ShouldBeFalse();
        Total(WarningEvaluator.EvaluateBureau(four, Spending(1_200m, 100m, new(3, WarningLevel.Red), new(4, WarningLevel.Red), new(5, WarningLevel.Red)))).Interview.ShouldBeTrue();
    }

    [Fact]
    public void EachRecipientAndKey_Once_EvenWhenARecipientIsListedTwice()
    {
        var inputs = Spending(1_200m, 100m) with { Recipients = [Editor, Editor] };
        var result = WarningEvaluator.EvaluateBureau(June() with { Reviewers = [Reviewer, Reviewer] }, inputs);

        result.Notifications.Select(n => n.Key).ShouldBeUnique();
        result.Notifications.Count.ShouldBe(6);
    }
}
