using Matchday.Core.Units;
using Matchday.Simulation.Networks;

namespace Matchday.Simulation.Tests.Networks;

public class NetworkTraceTests
{
    private static NetworkTrace Uniform(double seconds, int count, Func<int, double>? latency = null) =>
        new("u", [.. Enumerable.Range(0, count).Select(i => new TracePeriod(Duration.FromSeconds(seconds), Bitrate.FromMegabits(1 + i % 7), Duration.FromSeconds(latency?.Invoke(i) ?? 0.03)))]);

    [Theory]
    [InlineData(1.0, true)]
    [InlineData(2.0, true)]
    [InlineData(0.5, true)]
    [InlineData(0.25, true)]
    [InlineData(5.0, true)]
    [InlineData(1.5, true)]
    [InlineData(0.1, false)] // 0.1 is k x 2^e with a 52-bit odd k: its multiples round
    [InlineData(0.3, false)]
    public void The_start_of_every_period_is_a_product_exactly_when_the_trace_says_so(double seconds, bool exact)
    {
        var t = Uniform(seconds, 500);
        Assert.Equal(seconds, t.UniformPeriod);
        Assert.Equal(exact, t.ExactUniform);
        // What the engine relies on: with ExactUniform, the table's entries and their differences are the products.
        if (exact)
            for (var i = 0; i <= 2 * t.Count; i++)
            {
                Assert.Equal(i * seconds, t.CumTime[i]);
                Assert.Equal((i / 2) * seconds, t.CumTime[i] - t.CumTime[i - i / 2]);
            }
        else Assert.Contains(Enumerable.Range(0, 2 * t.Count + 1), i => t.CumTime[i] != i * seconds);
    }

    [Fact]
    public void Multiples_are_exact_while_the_odd_part_times_the_count_fits_53_bits()
    {
        // 2^30 + 1 is odd: 2^22 multiples need 52.x bits, 2^23 need more than 53.
        var period = (double)((1L << 30) + 1);
        Assert.True(NetworkTrace.MultiplesExact(period, 1 << 22));
        Assert.False(NetworkTrace.MultiplesExact(period, 1 << 23));
        Assert.False(NetworkTrace.MultiplesExact(0, 10));
        Assert.False(NetworkTrace.MultiplesExact(double.NaN, 10));
        Assert.False(NetworkTrace.MultiplesExact(double.PositiveInfinity, 10));
        Assert.False(NetworkTrace.MultiplesExact(double.Epsilon, 10)); // subnormal
        Assert.False(NetworkTrace.MultiplesExact(1e308, 10)); // the multiples overflow
    }

    [Fact]
    public void Periods_of_different_lengths_are_not_uniform_and_latencies_that_differ_are_not_constant()
    {
        var mixed = new NetworkTrace("m", [new TracePeriod(Duration.FromSeconds(1), Bitrate.FromMegabits(1), Duration.FromMilliseconds(20)), new TracePeriod(Duration.FromSeconds(2), Bitrate.FromMegabits(2), Duration.FromMilliseconds(40))]);
        Assert.Equal(0, mixed.UniformPeriod);
        Assert.False(mixed.ExactUniform);
        Assert.True(double.IsNaN(mixed.ConstantLatency));
        Assert.Equal(0.03, Uniform(1, 10).ConstantLatency);
        Assert.True(double.IsNaN(Uniform(1, 10, i => i * 0.01).ConstantLatency));
    }
}
