using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.SharedKernel.Domain;

namespace DistrictPerf.UnitTests.Budgets;

/// <summary>domain-rules §2 on the reference report's figures and on the edge cases.</summary>
public sealed class BudgetFormulaTests
{
    // The reference report, in yuan: 年初 5,278.33 万元, 调减 625.85 万元, 支出 4,468.73 万元.
    private static readonly BudgetTotals Reference = new(52_783_300m, -6_258_500m, 6_258_500m, 44_687_300m);

    [Fact]
    public void ReferenceReport_AdjustedBudget_Is4652Point48WanYuan()
    {
        Reference.Adjusted.ShouldBe(46_524_800m);
        Money.ToWanYuan(Reference.Adjusted).ShouldBe(4652.48m);
        Money.FormatWanYuan(Reference.Adjusted).ShouldBe("4,652.48");
    }

    [Fact]
    public void ReferenceReport_ExecutionRate_Is96Point05Percent_FromUnroundedValues()
    {
        Reference.ExecutionRate!.Value.ShouldBe(44_687_300m / 46_524_800m);
        Reference.ExecutionRate.Value.ShouldBeInRange(0.960504m, 0.960505m); // 96.0504935…%
        Money.ToPercent(Reference.ExecutionRate).ShouldBe(96.05m);
    }

    [Fact]
    public void ReferenceReport_AdjustmentRate_Is11Point86Percent_OnTheInitialBudget()
    {
        Money.ToPercent(Reference.AdjustmentRate).ShouldBe(11.86m);
        // Had the adjusted budget been the denominator it would read 13.45%: the report confirms the initial one.
        Money.ToPercent(6_258_500m / 46_524_800m).ShouldBe(13.45m);
    }

    [Fact]
    public void BalanceRate_IsWhatIsLeftOfTheAdjustedBudget()
    {
        Money.ToPercent(Reference.BalanceRate).ShouldBe(3.95m);
        (Reference.ExecutionRate!.Value + Reference.BalanceRate!.Value).ShouldBe(1m);
    }

    [Fact]
    public void ZeroBudget_HasNoRates_NotZeroAndNotAnError()
    {
        var zero = BudgetTotals.Zero;
        zero.ExecutionRate.ShouldBeNull();
        zero.AdjustmentRate.ShouldBeNull();
        zero.BalanceRate.ShouldBeNull();
        Money.ToPercent(zero.ExecutionRate).ShouldBeNull();
    }

    [Fact]
    public void AdjustedToZero_HasNoExecutionRate_ButAnAdjustmentRateOf100Percent()
    {
        var cut = new BudgetTotals(1_000m, -1_000m, 1_000m, 0m);
        cut.Adjusted.ShouldBe(0m);
        cut.ExecutionRate.ShouldBeNull();
        Money.ToPercent(cut.AdjustmentRate).ShouldBe(100m);
    }

    [Fact]
    public void ZeroInitial_WithAnIncrease_HasExecutionButNoAdjustmentRate()
    {
        var added = new BudgetTotals(0m, 500m, 500m, 250m);
        Money.ToPercent(added.ExecutionRate).ShouldBe(50m);
        added.AdjustmentRate.ShouldBeNull();
    }

    [Fact]
    public void Reversal_CancelsItsEntry()
    {
        var withReversal = new BudgetTotals(100m, 0m, 0m, 80m + 20m - 20m);
        Money.ToPercent(withReversal.ExecutionRate).ShouldBe(80m);
    }

    [Fact]
    public void ExcludedAdjustments_ChangeTheBudget_ButNotTheAdjustmentRate()
    {
        // −100 counted, +50 flagged 政策性 (excluded)
        var t = new BudgetTotals(1_000m, -50m, 100m, 475m);
        t.Adjusted.ShouldBe(950m);
        Money.ToPercent(t.AdjustmentRate).ShouldBe(10m);
        Money.ToPercent(t.ExecutionRate).ShouldBe(50m);
    }

    [Theory]
    [InlineData("0.0050", "0.01")]   // half-up at .005 (banker's rounding would give 0.00)
    [InlineData("0.0150", "0.02")]
    [InlineData("0.0250", "0.03")]   // banker's rounding would give 0.02
    [InlineData("0.0049999", "0.00")]
    [InlineData("-0.005", "-0.01")]  // away from zero
    [InlineData("96.0505", "96.05")]
    [InlineData("11.857", "11.86")]
    public void RoundHalfUp_RoundsMidpointsAwayFromZero(string value, string expected)
    {
        Money.RoundHalfUp(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void PercentDisplay_RoundsHalfUp_AtTheHalfBasisPoint()
    {
        Money.ToPercent(0.12345m).ShouldBe(12.35m);
        Money.ToPercent(0.12344999m).ShouldBe(12.34m);
    }

    [Theory]
    [InlineData("1.23", true)]
    [InlineData("1.230", true)]
    [InlineData("1.235", false)]
    [InlineData("-0.01", true)]
    [InlineData("0.001", false)]
    public void Amounts_HaveAtMostTwoDecimals(string value, bool ok)
    {
        Money.HasAtMostTwoDecimals(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(ok);
    }

    [Fact]
    public void Fen_RoundTripsExactly_AndRefusesThirdDecimal()
    {
        Money.ToFen(52_783_300.00m).ShouldBe(5_278_330_000L);
        Money.FromFen(5_278_330_000L).ShouldBe(52_783_300m);
        Money.ToFen(Money.MaxYuan).ShouldBe(100_000_000_000_000L);
        Should.Throw<ArgumentException>(() => Money.ToFen(0.001m));
    }

    [Fact]
    public void Totals_AddUp()
    {
        var sum = new BudgetTotals(1m, 2m, 3m, 4m) + new BudgetTotals(10m, 20m, 30m, 40m);
        sum.ShouldBe(new BudgetTotals(11m, 22m, 33m, 44m));
    }
}
