using Matchday.Core.Statistics;

namespace Matchday.Core.Tests.Statistics;

public class SampleEstimatesTests
{
    [Fact]
    public void The_p95_of_a_hundred_is_bounded_by_the_order_statistics_the_binomial_allows()
    {
        // 1..100: p95 is the 95th value. Ranks 95 ∓ 1.96 × √(100 × 0.95 × 0.05) = 95 ∓ 4.27: floor 90.73 = 90, ceil 99.27 = 100.
        var sorted = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        Assert.Equal(new Estimate(95, 90, 100), SampleEstimates.Quantile(sorted, 0.95));
    }

    [Fact]
    public void A_small_sample_cannot_bound_its_p95_from_above()
    {
        // 1..20: p95 is the 19th value; 19 ∓ 1.96 × √(20 × 0.95 × 0.05) = 19 ∓ 1.91: rank 17 below, rank 21 (past the end) above.
        var sorted = Enumerable.Range(1, 20).Select(i => (double)i).ToArray();
        var e = SampleEstimates.Quantile(sorted, 0.95);
        Assert.Equal(19, e.Value);
        Assert.Equal(17, e.Low);
        Assert.True(double.IsPositiveInfinity(e.High));
        Assert.True(double.IsNaN(SampleEstimates.Quantile([], 0.95).Value));
    }

    [Fact]
    public void A_counted_share_that_never_started_moves_the_quantile_up_the_sample()
    {
        // 1..100 sampled, and 5% of the population counted as never started (+∞): P(X ≤ x) = 0.95 F(x), so the p76 is
        // the sample's 0.76 / 0.95 = 0.8 quantile, the 80th value; its ranks 80 ∓ 1.96 × √(100 × 0.8 × 0.2) = 80 ∓ 7.84.
        var sorted = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        Assert.Equal(new Estimate(80, 72, 88), SampleEstimates.Quantile(sorted, 0.76, never: 0.05));
        // None counted: the plain quantile.
        Assert.Equal(SampleEstimates.Quantile(sorted, 0.95), SampleEstimates.Quantile(sorted, 0.95, never: 0));
        // More than 5% never started: the p95 is +∞ whatever the sample says, with no doubt (the share is counted).
        var never = SampleEstimates.Quantile(sorted, 0.95, never: 0.06);
        Assert.True(double.IsPositiveInfinity(never.Value) && double.IsPositiveInfinity(never.Low));
    }

    [Fact]
    public void A_ratio_of_sums_has_the_linearized_interval()
    {
        // y = 1, 2, 3 over x = 2, 2, 2: R = 6 / 6 = 1; residuals −1, 0, 1; se = √(2 / (3 × 2)) / 2 = 0.288675;
        // 1 ∓ 1.959964 × 0.288675 = 1 ∓ 0.565792.
        var e = SampleEstimates.Ratio([1, 2, 3], [2, 2, 2]);
        Assert.Equal(1, e.Value, 12);
        Assert.Equal(0.434208, e.Low, 5);
        Assert.Equal(1.565792, e.High, 5);
        Assert.True(e.Straddles(1.2));
        Assert.False(e.Straddles(1.6));
    }

    [Fact]
    public void A_ratio_interval_stops_at_zero_and_an_empty_denominator_has_no_ratio()
    {
        // y = 0, 0, 3 over x = 1, 1, 1: R = 1, residuals −1, −1, 2, se = √(6 / 6) / 1 = 1: 1 − 1.96 clips to 0.
        var e = SampleEstimates.Ratio([0, 0, 3], [1, 1, 1]);
        Assert.Equal(0, e.Low);
        Assert.Equal(1 + SampleEstimates.Z95, e.High, 12);
        Assert.True(double.IsNaN(SampleEstimates.Ratio([0, 0], [0, 0]).Value));
        Assert.Throws<ArgumentException>(() => SampleEstimates.Ratio([1], [1, 2]));
    }

    [Fact] // Regression: two sessions without a stall gave "0% (95%: 0% to 0%)", as sure as a million would be.
    public void A_ratio_with_no_events_is_bounded_by_the_rule_of_three_not_by_a_zero_variance()
    {
        // A share, none of 2 sessions: 1 − 0.05^(1/2) = 1 − 0.223607 = 0.776393; of 100: 1 − e^(ln 0.05 / 100) = 0.029513.
        var two = SampleEstimates.Ratio([0, 0], [60, 60], ZeroEvents.Share);
        Assert.Equal((0, 0), (two.Value, two.Low));
        Assert.Equal(0.776393, two.High, 6);
        Assert.Equal(0.029513, SampleEstimates.Ratio(new double[100], Enumerable.Repeat(60.0, 100).ToArray(), ZeroEvents.Share).High, 6);
        // A count: no switch in 150 minutes: −ln 0.05 / 150 = 2.995732 / 150 = 0.0199715 a minute.
        Assert.Equal(0.0199715, SampleEstimates.Ratio([0, 0, 0], [50, 50, 50], ZeroEvents.Count).High, 7);
        // One session with none is bounded too (the variance needs two).
        Assert.Equal(0.95, SampleEstimates.Ratio([0], [60], ZeroEvents.Share).High, 12);
        // Without the bound asked for, and with any event, the linearized interval as before.
        Assert.Equal(0, SampleEstimates.Ratio([0, 0], [60, 60]).High);
        Assert.Equal(1 + SampleEstimates.Z95, SampleEstimates.Ratio([0, 0, 3], [1, 1, 1], ZeroEvents.Share).High, 12);
    }
}
