using System.Globalization;

namespace DistrictPerf.SharedKernel.Domain;

/// <summary>
/// Money is exact: amounts are decimal yuan in the domain and the API, stored as whole 分
/// (fen, <see cref="long"/>) so that sums in SQL are exact on every provider. Rates are
/// computed from unrounded values and rounded half-up only for display.
/// </summary>
public static class Money
{
    /// <summary>The largest amount accepted anywhere: 10^12 yuan.</summary>
    public const decimal MaxYuan = 1_000_000_000_000m;

    public static bool HasAtMostTwoDecimals(decimal yuan) => decimal.Truncate(yuan * 100m) == yuan * 100m;

    /// <summary>Yuan → fen; throws when the amount has more than two decimals.</summary>
    public static long ToFen(decimal yuan) =>
        HasAtMostTwoDecimals(yuan)
            ? (long)(yuan * 100m)
            : throw new ArgumentException($"{yuan} has more than two decimals.", nameof(yuan));

    public static decimal FromFen(long fen) => fen / 100m;

    /// <summary>Round half-up (away from zero) to <paramref name="decimals"/> places — for display only.</summary>
    public static decimal RoundHalfUp(decimal value, int decimals = 2) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);

    /// <summary>Yuan → 万元, rounded half-up to two decimals (display).</summary>
    public static decimal ToWanYuan(decimal yuan) => RoundHalfUp(yuan / 10_000m);

    /// <summary>A ratio → percent with two decimals, half-up (display); null stays null.</summary>
    public static decimal? ToPercent(decimal? ratio) => ratio is { } r ? RoundHalfUp(r * 100m) : null;

    /// <summary>"4,652.48" — 万元 with thousands separators, as reports print them.</summary>
    public static string FormatWanYuan(decimal yuan) => ToWanYuan(yuan).ToString("#,##0.00", CultureInfo.InvariantCulture);
}
