using DistrictPerf.SharedKernel.Localization;

namespace DistrictPerf.Modules.Alerts.Localization;

/// <summary>
/// The Alerts module's messages: warning settings (not the notification texts, which are stored content).
/// Read per request in <see cref="System.Globalization.CultureInfo.CurrentUICulture"/>: AlertsMessages.resx is Chinese
/// (the neutral language, zh-CN), AlertsMessages.en.resx English. Keys are the member names.
/// </summary>
internal static class AlertsMessages
{
    internal static readonly ResourceMessages Catalog = new(typeof(AlertsMessages).FullName!, typeof(AlertsMessages).Assembly);

    /// <summary>须满足 红色阈值 ≤ 黄色阈值 ≤ 0</summary>
    public static string GapOrder => Catalog.Get(nameof(GapOrder));

    /// <summary>须满足 0 ≤ 红色比率 ≤ 黄色比率 ≤ 1</summary>
    public static string RatioOrder => Catalog.Get(nameof(RatioOrder));

    /// <summary>须在 0–1 之间</summary>
    public static string ZeroToOne => Catalog.Get(nameof(ZeroToOne));

    /// <summary>月份 1–12，进度 0–1 且逐月不减</summary>
    public static string MilestonesInvalid => Catalog.Get(nameof(MilestonesInvalid));

    /// <summary>设置已被他人修改，请刷新后重试</summary>
    public static string SettingsChanged => Catalog.Get(nameof(SettingsChanged));

    /// <summary>{0} 年 {1} 月的预警正在计算中，请等待其完成后再试</summary>
    public static string RunInProgress(int year, int month) => Catalog.Format(nameof(RunInProgress), year, month);
}
