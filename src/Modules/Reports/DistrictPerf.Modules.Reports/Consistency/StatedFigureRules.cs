using System.Globalization;

namespace DistrictPerf.Modules.Reports.Consistency;

/// <summary>
/// The report's own budget figures checked against each other (issue 14 part 1): they need no ledger. Every amount is in
/// 万元 and every rate in percent as printed; each comparison allows for the rounding of every figure it uses, half a
/// unit of that figure's last printed digit (5,278.33 → ±0.005 万元; 96.05% → ±0.005 percentage points; 132 → ±0.5 万元),
/// and nothing more: a difference beyond the sum of those half-units cannot come from rounding and is a finding.
/// </summary>
internal static class StatedFigureRules
{
    public static void Check(ReportSnapshot report, FindingList findings)
    {
        if (report.Stated is { } stated)
        {
            var adjustedMismatch = CheckAdjustedBudget(stated, findings);
            CheckAdjustmentNet(stated, findings);
            CheckExecutionRate(stated, adjustedMismatch, findings);
            CheckAdjustmentRate(stated, findings);
        }

        CheckTaskFunds(report, findings);
    }

    /// <summary>调整后预算 = 年初预算 + Σ追加 − Σ追减 (or + the net adjustment when only that is stated). Returns the expected adjusted budget when it differs.</summary>
    private static (decimal Value, decimal Half)? CheckAdjustedBudget(SnapshotStated s, FindingList findings)
    {
        if (s.Initial is not { } initial || s.Adjusted is not { } adjusted || Change(s) is not { } change)
        {
            return null;
        }

        var expected = initial + change.Net;
        var tolerance = Half(initial) + change.Half + Half(adjusted);
        var diff = Math.Abs(expected - adjusted);
        if (diff <= tolerance)
        {
            return null;
        }

        findings.AddBudget(FindingSeverity.Error, "stated.adjusted-budget",
            $"报告所述调整后预算 {Wan(adjusted)} 万元，与年初预算 {Wan(initial)} 万元{change.Zh} = {Wan(expected)} 万元不符（差 {Wan(diff)} 万元；" +
            $"容差 {Wan(tolerance)} 万元，即各所述金额末位的半个单位之和） / " +
            $"The stated adjusted budget {Wan(adjusted)} differs from the initial budget {Wan(initial)}{change.En} = {Wan(expected)} (万元; difference {Wan(diff)}, " +
            $"tolerance {Wan(tolerance)}: half a unit of each stated figure's last printed digit)");
        return (expected, Half(initial) + change.Half);
    }

    /// <summary>A stated net adjustment against the stated 追加 and 追减.</summary>
    private static void CheckAdjustmentNet(SnapshotStated s, FindingList findings)
    {
        if (s.Adjustment is not { } net || (s.Increase is null && s.Decrease is null))
        {
            return;
        }

        var increase = s.Increase ?? 0m;
        var decrease = s.Decrease ?? 0m;
        var expected = increase - decrease;
        var tolerance = Half(net) + (s.Increase is { } i ? Half(i) : 0m) + (s.Decrease is { } d ? Half(d) : 0m);
        var diff = Math.Abs(expected - net);
        if (diff <= tolerance)
        {
            return;
        }

        findings.AddBudget(FindingSeverity.Error, "stated.adjustment-net",
            $"报告所述预算调整净额 {Signed(net)} 万元，与追加 {Wan(increase)} 万元 − 追减 {Wan(decrease)} 万元 = {Signed(expected)} 万元不符（差 {Wan(diff)} 万元；容差 {Wan(tolerance)} 万元） / " +
            $"The stated net adjustment {Signed(net)} differs from increases {Wan(increase)} − decreases {Wan(decrease)} = {Signed(expected)} (万元; difference {Wan(diff)}, tolerance {Wan(tolerance)})");
    }

    /// <summary>预算执行率 = 实际支出 ÷ 调整后预算, recomputed from the stated amounts and compared at the rate's printed precision.</summary>
    private static void CheckExecutionRate(SnapshotStated s, (decimal Value, decimal Half)? expectedAdjusted, FindingList findings)
    {
        if (s.ExecutionRatePercent is not { } rate || s.Spending is not { } spending)
        {
            return;
        }

        var denominators = new List<(decimal Value, decimal Half, string Zh, string En)>();
        if (s.Adjusted is { } adjusted)
        {
            denominators.Add((adjusted, Half(adjusted), $"调整后预算 {Wan(adjusted)} 万元", $"the adjusted budget {Wan(adjusted)}"));
        }

        if (expectedAdjusted is { } e)
        {
            // The stated adjusted budget is itself wrong (its own finding): a rate that follows from the corrected one is the same defect.
            denominators.Add((e.Value, e.Half, $"年初预算 ± 调整 = {Wan(e.Value)} 万元", $"initial ± adjustments = {Wan(e.Value)}"));
        }
        else if (s.Adjusted is null && s.Initial is { } initial && Change(s) is { } change)
        {
            var value = initial + change.Net;
            denominators.Add((value, Half(initial) + change.Half, $"调整后预算（年初预算{change.Zh}）{Wan(value)} 万元", $"the adjusted budget (initial{change.En}) {Wan(value)}"));
        }

        if (denominators.Count == 0 || denominators.Any(d => d.Value - d.Half <= 0m))
        {
            return;
        }

        var rateHalf = Half(rate);
        var spendingHalf = Half(spending);
        if (denominators.Any(d => Overlaps(rate, rateHalf, Interval(spending, spendingHalf, d.Value, d.Half))))
        {
            return;
        }

        var first = denominators[0];
        var computed = Math.Round(spending / first.Value * 100m, Scale(rate), MidpointRounding.AwayFromZero);
        findings.AddBudget(FindingSeverity.Error, "stated.execution-rate",
            $"报告所述预算执行率 {Pct(rate)}，按所述实际支出 {Wan(spending)} 万元 ÷ {first.Zh} 计算为 {Pct(computed)}（差 {Plain(Math.Abs(rate - computed))} 个百分点；" +
            $"容差：执行率按所印 {Scale(rate)} 位小数 ±{Plain(rateHalf)} 个百分点，并计入金额末位半个单位的舍入） / " +
            $"The stated execution rate {Pct(rate)} does not follow from the stated spending {Wan(spending)} ÷ {first.En} (万元) = {Pct(computed)} " +
            $"(tolerance: ±{Plain(rateHalf)} percentage points at the rate's printed {Scale(rate)} decimals, plus the rounding of the amounts)");
    }

    /// <summary>预算调整率 = Σ|调整数| ÷ 年初预算. A lower stated rate may leave out adjustments the rules exclude (policy, 上级交办): a warning.</summary>
    private static void CheckAdjustmentRate(SnapshotStated s, FindingList findings)
    {
        if (s.AdjustmentRatePercent is not { } rate || s.Initial is not { } initial || initial - Half(initial) <= 0m)
        {
            return;
        }

        decimal amount;
        decimal half;
        string zh;
        string en;
        var fromStatedAdjustments = true;
        if (s.Increase is not null || s.Decrease is not null)
        {
            amount = (s.Increase ?? 0m) + (s.Decrease ?? 0m);
            half = (s.Increase is { } i ? Half(i) : 0m) + (s.Decrease is { } d ? Half(d) : 0m);
            zh = $"（追加 {Wan(s.Increase ?? 0m)} 万元 + 追减 {Wan(s.Decrease ?? 0m)} 万元）";
            en = $"(increases {Wan(s.Increase ?? 0m)} + decreases {Wan(s.Decrease ?? 0m)})";
        }
        else if (s.Adjustment is { } net)
        {
            amount = Math.Abs(net);
            half = Half(net);
            zh = $"调整数 {Wan(amount)} 万元";
            en = $"the adjustment {Wan(amount)}";
        }
        else if (s.Adjusted is { } adjusted)
        {
            amount = Math.Abs(adjusted - initial);
            half = Half(adjusted) + Half(initial);
            zh = $"|调整后预算 {Wan(adjusted)} − 年初预算 {Wan(initial)}| = {Wan(amount)} 万元";
            en = $"|adjusted {Wan(adjusted)} − initial {Wan(initial)}| = {Wan(amount)}";
            fromStatedAdjustments = false;
        }
        else
        {
            return;
        }

        var rateHalf = Half(rate);
        var (lo, hi) = Interval(amount, half, initial, Half(initial));
        if (Overlaps(rate, rateHalf, (lo, hi)))
        {
            return;
        }

        var computed = Math.Round(amount / initial * 100m, Scale(rate), MidpointRounding.AwayFromZero);
        var below = rate + rateHalf < lo;
        var error = !below && fromStatedAdjustments;
        var why = below
            ? "所述调整率偏低；按规定可剔除政策性、不可抗力或上级交办的调整，报告未说明剔除项，请核对"
            : fromStatedAdjustments ? "所述调整率高于全部调整数所能得出的值" : "报告未分列追加、追减，净额之外可能另有调整，请核对";
        var whyEn = below
            ? "the stated rate is lower; adjustments excluded by the rules (policy, force majeure, assigned from above) are not stated, check it"
            : fromStatedAdjustments ? "the stated rate is higher than all stated adjustments can give" : "increases and decreases are not stated separately; check it";
        findings.AddBudget(error ? FindingSeverity.Error : FindingSeverity.Warning, "stated.adjustment-rate",
            $"报告所述预算调整率 {Pct(rate)}，按{zh} ÷ 年初预算 {Wan(initial)} 万元计算为 {Pct(computed)}（差 {Plain(Math.Abs(rate - computed))} 个百分点；" +
            $"容差：调整率按所印 {Scale(rate)} 位小数 ±{Plain(rateHalf)} 个百分点，并计入金额末位半个单位的舍入；{why}） / " +
            $"The stated adjustment rate {Pct(rate)} does not follow from {en} ÷ the initial budget {Wan(initial)} (万元) = {Pct(computed)} " +
            $"(tolerance ±{Plain(rateHalf)} percentage points plus the rounding of the amounts; {whyEn})");
    }

    /// <summary>
    /// Σ 任务涉及资金 of table 1 against the department's total. Tasks' funds are usually a subset of the budget (the seed's
    /// four tasks hold 602.71 of 4,652.48 万元), so only a sum above the total is certain to be wrong.
    /// </summary>
    private static void CheckTaskFunds(ReportSnapshot report, FindingList findings)
    {
        var funded = report.Tasks.Where(t => t.FundsYuan is > 0m).OrderBy(t => t.Number).ToList();
        if (funded.Count == 0)
        {
            return;
        }

        decimal total;
        decimal totalHalf;
        string zh;
        string en;
        var s = report.Stated;
        if (s?.Adjusted is { } adjusted)
        {
            (total, totalHalf, zh, en) = (adjusted, Half(adjusted), "报告所述调整后预算", "the stated adjusted budget");
        }
        else if (s?.Initial is { } initial && Change(s) is { } change)
        {
            (total, totalHalf, zh, en) = (initial + change.Net, Half(initial) + change.Half, "报告所述年初预算加减调整", "the stated initial budget with its adjustments");
        }
        else if (report.Budget is { } ledger)
        {
            (total, totalHalf, zh, en) = (ledger.Adjusted / 10_000m, 0m, "预算台账的调整后预算", "the ledger's adjusted budget");
        }
        else
        {
            return;
        }

        var funds = funded.Select(t => (t.Number, Wan: Normalize(t.FundsYuan!.Value / 10_000m))).ToList();
        var sum = funds.Sum(f => f.Wan);
        var tolerance = funds.Sum(f => Half(f.Wan)) + totalHalf;
        if (sum - total <= tolerance)
        {
            return;
        }

        var parts = string.Join(" + ", funds.Select(f => $"任务{f.Number} {Wan(f.Wan)}"));
        var partsEn = string.Join(" + ", funds.Select(f => $"task {f.Number} {Wan(f.Wan)}"));
        findings.AddBudget(FindingSeverity.Error, "stated.task-funds",
            $"表 1 各任务涉及资金合计 {Wan(sum)} 万元（{parts}），超过{zh} {Wan(total)} 万元（超出 {Wan(sum - total)} 万元；容差 {Wan(tolerance)} 万元，即各金额末位的半个单位之和；" +
            $"任务资金可以只是预算的一部分，故只查是否超过） / " +
            $"Table 1's task funds add up to {Wan(sum)} ({partsEn}), more than {en} {Wan(total)} (万元; tolerance {Wan(tolerance)}; task funds may be a part of the budget, so only an excess is checked)");
    }

    /// <summary>The stated change from the initial budget: + 追加 − 追减 when either is stated, else the net adjustment.</summary>
    private static (decimal Net, decimal Half, string Zh, string En)? Change(SnapshotStated s)
    {
        if (s.Increase is not null || s.Decrease is not null)
        {
            var zh = "";
            var en = "";
            var half = 0m;
            if (s.Increase is { } i)
            {
                zh += $" + 追加 {Wan(i)} 万元";
                en += $" + increases {Wan(i)}";
                half += Half(i);
            }

            if (s.Decrease is { } d)
            {
                zh += $" − 追减 {Wan(d)} 万元";
                en += $" − decreases {Wan(d)}";
                half += Half(d);
            }

            return ((s.Increase ?? 0m) - (s.Decrease ?? 0m), half, zh, en);
        }

        if (s.Adjustment is { } net)
        {
            return net < 0m
                ? (net, Half(net), $" − 调减 {Wan(-net)} 万元", $" − a decrease of {Wan(-net)}")
                : (net, Half(net), $" + 调增 {Wan(net)} 万元", $" + an increase of {Wan(net)}");
        }

        return null;
    }

    /// <summary>The range of (a ± ha) ÷ (b ± hb) × 100.</summary>
    private static (decimal Lo, decimal Hi) Interval(decimal a, decimal ha, decimal b, decimal hb) =>
        (Math.Max(0m, a - ha) / (b + hb) * 100m, (a + ha) / (b - hb) * 100m);

    private static bool Overlaps(decimal rate, decimal half, (decimal Lo, decimal Hi) range) =>
        rate + half >= range.Lo && rate - half <= range.Hi;

    /// <summary>The number of decimals a stated value was printed with.</summary>
    internal static int Scale(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    /// <summary>Half a unit of the last printed digit: 96.05 → 0.005; 132 → 0.5.</summary>
    internal static decimal Half(decimal value) => 0.5m / Pow10(Scale(value));

    private static decimal Pow10(int n)
    {
        var p = 1m;
        for (var i = 0; i < n; i++)
        {
            p *= 10m;
        }

        return p;
    }

    /// <summary>Drops trailing zeros (a value stored in yuan does not know how it was printed: 1,320,000 元 → 132).</summary>
    private static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;

    private static string Wan(decimal value)
    {
        var scale = Math.Max(Scale(value), 2);
        return value.ToString("#,##0." + new string('0', scale), CultureInfo.InvariantCulture);
    }

    private static string Signed(decimal value) => (value > 0m ? "+" : value < 0m ? "−" : "") + Wan(Math.Abs(value));

    /// <summary>A percentage as printed (its own decimals).</summary>
    private static string Pct(decimal value) => value.ToString(Scale(value) == 0 ? "0" : "0." + new string('0', Scale(value)), CultureInfo.InvariantCulture) + "%";

    private static string Plain(decimal value) => TextScan.Plain(value);
}
