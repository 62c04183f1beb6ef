namespace DistrictPerf.IntegrationTests.Reports;

/// <summary>
/// A small department-wide self-evaluation written for the checker's tests (广州市海珠区文化广电旅游体育局 2021, invented; not the
/// reference report): three tasks, eight indicators (two of them "≤" indicators well under their caps), in the layout the legacy
/// parser reads today (a narrative budget paragraph, "设置 N 个关键绩效指标，包含：…", table 1 as tab-separated rows). Consistent
/// as written: 2,846.20 + 180.00 = 3,026.20 万元; 2,893.55 ÷ 3,026.20 = 95.617% → 95.62%; 180.00 ÷ 2,846.20 = 6.324% → 6.32%;
/// task funds 420.00 + 265.50 + 88.30 = 773.80 万元 (a part of the budget); 91.20 分 → 优.
/// <see cref="Inconsistent"/> injects one defect of each kind the checker reads from the report alone.
/// </summary>
internal static class CheckerTestReports
{
    public const int Year = 2021; // imported into the test year of ReportApi

    public static string Consistent => Build(new Defects());

    /// <summary>Every internal inconsistency at once, each of a different kind.</summary>
    public static string Inconsistent => Build(new Defects(
        Adjusted: "3,062.20",          // ≠ 2,846.20 + 180.00 = 3,026.20 (the execution rate follows from 3,026.20: one defect)
        AdjustmentRate: "6.42%",       // 180.00 ÷ 2,846.20 = 6.32%: higher than the stated adjustment gives
        Task1Funds: "2,900.00",        // 2,900.00 + 265.50 + 88.30 = 3,253.80 > 3,062.20
        SelfScore: "88.40",            // 88.40 is 良, the report says 优
        Task2Declared: "5",            // lists 3 and the table has 3
        TrainingActual: "全年培训基层文化骨干 460 人次，达到预期目标。", // marked 达到, 460 < 500
        EventsActual: "全年举办 32 场，未达到预期目标。因部分场地检修调整档期。")); // marked 未达到, 32 ≥ 30

    /// <summary>The consistent report with only the execution rate off by 0.01 percentage point.</summary>
    public static string RateOffByOneHundredth => Build(new Defects(ExecutionRate: "95.63%"));

    internal sealed record Defects(
        string Adjusted = "3,026.20", string AdjustmentRate = "6.32%", string ExecutionRate = "95.62%", string Task1Funds = "420.00",
        string SelfScore = "91.20", string Task2Declared = "3",
        string TrainingActual = "全年培训基层文化骨干 536 人次，达到预期目标。",
        string EventsActual = "全年举办 34 场，达到预期目标。");

    private static string Build(Defects d) => $"""
        广州市海珠区文化广电旅游体育局 2021 年部门整体支出绩效自评报告

        一、基本情况

        (一) 部门概况

        1. 部门机构设置

        本局内设科室 6 个，下属事业单位 3 个。

        2. 职能配置

        (1) 负责全区文化、广播电视、旅游、体育事业的规划和管理。

        (2) 负责公共文化服务体系建设和文物保护工作。

        (二) 年度总体工作和重点工作任务

        1. 年度工作总体目标：推进公共文化服务提质增效，办好群众性文体活动，守住安全生产底线。

        (三) 部门整体收支情况

        2021 年部门整体年初预算安排 2,846.20 万元，年中预算追加 180.00 万元，预算调整率为 {d.AdjustmentRate}，调整后预算数 {d.Adjusted} 万元，年度实际支出 2,893.55 万元，年度预算支出执行率为 {d.ExecutionRate}。

        本年度部门整体共分为三个主要工作任务，分别为提升公共文化服务效能、举办群众性文体活动、加强文旅市场安全监管。具体指标如下：

        (1) 提升公共文化服务效能。设置 3 个关键绩效指标，包含：“图书馆分馆新增数量”“基层文化骨干培训人次”“公共文化场馆开放达标率”。

        (2) 举办群众性文体活动。设置 {d.Task2Declared} 个关键绩效指标，包含：“全民健身活动场次”“文艺演出惠民场次”“活动参与群众满意度”。

        (3) 加强文旅市场安全监管。设置 2 个关键绩效指标，包含：“文旅市场投诉办结时长”“安全生产事故发生率”。

        二、综合评价分析

        (一) 自评结论综述

        2021 年度部门整体支出绩效自评结果为“优”，自评分值为 {d.SelfScore} 分。

        (二) 各项工作任务绩效目标完成情况分析

        表 1 部门整体支出绩效目标完成情况表 单位：万元

        号	主要任务	预期目标	目标完成情况	关键指标及目标值	指标完成情况	任务涉及资金
        1	提升公共文化服务效能	新建图书馆分馆，培训基层文化骨干	完成分馆建设和骨干培训	图书馆分馆新增数量，目标值为“≥8个”。	新增图书馆分馆 9 个，达到预期目标。	{d.Task1Funds}
        				基层文化骨干培训人次，目标值为“≥500人次”。	{d.TrainingActual}	
        				公共文化场馆开放达标率，目标值为“100%”。	全年开放达标率 100%，达到预期目标。	
        2	举办群众性文体活动	举办全民健身和文艺惠民活动	完成全年活动安排	全民健身活动场次，目标值为“≥30场”。	{d.EventsActual}	265.50
        				文艺演出惠民场次，目标值为“≥60场”。	全年惠民演出 52 场，未达到预期目标。因疫情防控要求暂停部分线下演出。	
        				活动参与群众满意度，目标值为“≥90%”。	抽样调查满意度 95%，达到预期目标。	
        3	加强文旅市场安全监管	开展文旅市场检查，快速处理投诉	完成全年监管任务	文旅市场投诉办结时长，目标值为“≤5个工作日”。	平均办结时长 2 个工作日，达到预期目标。	88.30
        				安全生产事故发生率，目标值为“≤1%”。	全年事故发生率 0.2%，达到预期目标。	

        三、存在的主要问题

        （一）受疫情影响部分线下演出暂停，惠民演出场次未达目标。

        （二）预算执行进度前松后紧，年中追加资金拨付较晚。

        四、下一步改进措施

        （一）拓展线上演出渠道，疫情平稳后补足线下场次。

        （二）加强预算执行进度督导，每月通报执行情况。
        """;
}
