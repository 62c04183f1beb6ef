using DistrictPerf.Modules.Budgets;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Identity;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Tenancy;

namespace DistrictPerf.Host.Seeding;

/// <summary>
/// Demo tenant: 广州市白云区投资促进局 with the profile stated in its 2021 self-evaluation report
/// (shared/reference), one user per role, and the host's users. Idempotent.
/// </summary>
internal static class DemoData
{
    public const string Password = "Demo@2026";
    public const string BureauCode = "BY-TZCJ";
    public const string BureauName = "广州市白云区投资促进局";
    public const string District = "广州市白云区";

    public static readonly IReadOnlyList<(string UserName, string Role, string DisplayName)> HostUsers =
    [
        ("admin", Roles.HostAdmin, "财政局管理员（演示）"),
        ("reviewer", Roles.FinanceReviewer, "财政局审核员（演示）"),
    ];

    public static readonly IReadOnlyList<(string UserName, string Role, string DisplayName)> BureauUsers =
    [
        ("admin", Roles.BureauAdmin, "投促局管理员（演示）"),
        ("editor", Roles.BureauEditor, "投促局填报员（演示）"),
        ("approver", Roles.BureauApprover, "投促局审核人（演示）"),
        ("viewer", Roles.Viewer, "投促局只读用户（演示）"),
    ];

    public static readonly string[] Sections = ["办公室", "园区策划科", "园区服务科", "招商一科", "招商二科", "企业服务科", "企业建设科"];

    public static readonly string[] SubordinateUnits = ["广州市白云区招商信息中心", "广州市白云区投资促进中心"];

    public static readonly string[] Duties =
    [
        "负责贯彻执行国家和省、市、区有关招商引资、投资促进、企业建设服务、发展临空经济工作的方针、政策及有关规定，研究制定相应政策措施，并组织实施。落实区委、区政府有关招商引资、投资促进、企业建设服务重大决策部署。配合广州市空港委推进广州国际航空枢纽和临空经济示范区建设相关工作的落实，统筹协调区有关镇街和部门在临空经济示范区内履行各自职责。",
        "按照牵头策划、参与规划、统筹计划、协调实施的原则，负责重点产业园区策划工作。参与国土规划制定与调整。统筹区重点产业园区土地储备、基础设施建设实施计划。协调解决产业园区的开发问题。",
        "负责拟订全区招商引资工作的中长期工作规划和年度计划。统筹、指导、协调全区招商引资、投资促进工作及亲商、安商、稳商工作。参与制定招商引资准入、扶持、奖励、考核等政策。负责对镇街开展相关业务工作进行指导和监督。",
        "负责拟订、实施全区招商引资年度责任目标，分解下达全区招商引资工作目标，以及全区招商引资年度计划执行情况的考核及奖惩工作。",
        "组织策划全区招商引资活动，统筹全区投资环境宣传和招商政策推介活动，组织考察和洽谈项目。",
        "负责统筹全区招商网络、招商引资项目信息库和客商资源库的建设和管理工作。协调有关部门做好招商资源配置。促进全区招商人才队伍的建设。",
        "牵头协调重大项目落户工作，监管重大项目落户工作进展，协调解决在谈项目重大问题，为落户的重大项目企业设立和工程建设等提供便利化服务，落实企业筹建相关扶持政策。",
        "负责建立和完善全区企业筹建和服务工作机制。协调和督促有关职能部门为筹建企业配套基础设施建设等事项。协调解决筹建企业在建设过程中遇到的问题和困难。",
        "承担区重点产业项目推进工作联席会议办公室日常工作。",
        "完成区委、区政府和上级相关部门交办的其他任务。",
    ];

    public const string Overview = "广州市白云区投资促进局内设科室 7 个，下属事业单位 2 个，均纳入部门预算编制范围。";

    public const int BudgetYear = 2021;

    /// <summary>
    /// The bureau's 2021 budget. The report states only totals — 年初预算 5,278.33 万元, 调减
    /// 625.85 万元, 调整后 4,652.48 万元, 支出 4,468.73 万元 — and the funds of its four main tasks
    /// (132 / 118.97 / 321.09 / 30.65 万元). The split into lines and months below is
    /// illustrative; every total it adds up to is the report's. Amounts in 万元.
    /// </summary>
    internal static readonly IReadOnlyList<SeedLine> BudgetLines =
    [
        new("2021-JB-01", "人员经费", BudgetKind.Basic, "一般公共预算拨款", 2600.00m * 10_000m, 2575.40m * 10_000m),
        new("2021-JB-02", "日常公用经费", BudgetKind.Basic, "一般公共预算拨款", 400.00m * 10_000m, 366.47m * 10_000m),
        new("2021-XM-01", "产业区块策划方案编制", BudgetKind.Project, "一般公共预算拨款", 150.00m * 10_000m, 132.00m * 10_000m),
        new("2021-XM-02", "重点产业招商项目报批报建代办服务外包", BudgetKind.Project, "一般公共预算拨款", 130.00m * 10_000m, 118.97m * 10_000m),
        new("2021-XM-03", "招商引资推介活动", BudgetKind.Project, "一般公共预算拨款", 750.00m * 10_000m, 321.09m * 10_000m),
        new("2021-XM-04", "招商引资企业服务", BudgetKind.Project, "一般公共预算拨款", 48.33m * 10_000m, 30.65m * 10_000m),
        new("2021-XM-05", "招商引资企业落户奖励", BudgetKind.Project, "一般公共预算拨款", 1200.00m * 10_000m, 924.15m * 10_000m),
    ];

    internal static readonly IReadOnlyList<SeedAdjustment> BudgetAdjustments =
    [
        new("2021-XM-03", new DateOnly(2021, 7, 15), -400.00m * 10_000m, "受疫情影响，外出招商及推介活动减少，年中调减"),
        new("2021-XM-05", new DateOnly(2021, 10, 20), -225.85m * 10_000m, "部分企业落户奖励未达兑现条件，年中调减"),
    ];

    /// <summary>The reference report's text (shipped with the app as the demo's 2021 self-evaluation).</summary>
    internal static string ReportText()
    {
        using var stream = typeof(DemoData).Assembly.GetManifestResourceStream("DemoReport2021")
            ?? throw new InvalidOperationException("Embedded demo report missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal static async Task SeedAsync(IServiceProvider sp, CancellationToken cancellationToken)
    {
        var seeder = sp.GetRequiredService<IdentitySeeder>();
        foreach (var (userName, role, displayName) in HostUsers)
        {
            await seeder.EnsureUserAsync(null, userName, Password, displayName, role);
        }

        var bureaus = sp.GetRequiredService<IBureauDirectory>();
        var bureau = await bureaus.FindByCodeAsync(BureauCode, cancellationToken);
        if (bureau is null)
        {
            var bureauId = await sp.GetRequiredService<DistrictPerf.Modules.Bureaus.BureauSeeder>().CreateAsync(
                BureauCode, BureauName, District, Overview, Sections, SubordinateUnits, Duties, cancellationToken);
            bureau = await bureaus.FindAsync(bureauId, cancellationToken) ?? throw new InvalidOperationException("Demo bureau was not created.");
        }

        using (sp.GetRequiredService<ICurrentTenant>().Change(bureau.Id))
        {
            foreach (var (userName, role, displayName) in BureauUsers)
            {
                await seeder.EnsureUserAsync(bureau.Id, userName, Password, displayName, role);
            }
        }

        await sp.GetRequiredService<BudgetSeeder>().SeedAsync(bureau.Id, BudgetYear, BudgetLines, BudgetAdjustments, cancellationToken);

        // The bureau's published 2021 self-evaluation, imported like a bureau would: a draft with
        // its narrative, tasks, indicators and stated figures, checked against the live data.
        using (sp.GetRequiredService<ICurrentTenant>().Change(bureau.Id))
        {
            var db = sp.GetRequiredService<Microsoft.EntityFrameworkCore.DbContext>();
            if (!await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(
                    db.Set<DistrictPerf.Modules.Reports.Domain.SelfEvaluationReport>(), cancellationToken))
            {
                await sp.GetRequiredService<Mediator.IMediator>().Send(new DistrictPerf.Modules.Reports.Features.ImportLegacyReport(BudgetYear, ReportText()), cancellationToken);
            }
        }
    }
}
