using Matchday.Core.Units;
using Matchday.Simulation.Networks;

namespace Matchday.Simulation.Tests.Networks;

public class SyntheticNetworkTests
{
    private static readonly SyntheticNetwork Net = new("test", Bitrate.FromMegabits(10), 0.5, Duration.FromSeconds(5), Duration.FromMilliseconds(30), Duration.FromSeconds(1));

    [Fact]
    public void Same_seed_same_trace_and_different_seed_different_trace()
    {
        var a = Net.Generate(7, Duration.FromMinutes(10));
        var b = Net.Generate(7, Duration.FromMinutes(10));
        var c = Net.Generate(8, Duration.FromMinutes(10));
        Assert.Equal(a.Periods.ToArray(), b.Periods.ToArray());
        Assert.NotEqual(a.Periods.ToArray(), c.Periods.ToArray());
    }

    [Fact]
    public void Mean_and_variability_match_the_parameters()
    {
        // Long trace: sample mean within 10 % of 10 Mbps and coefficient of variation within 0.1 of 0.5.
        var t = Net.Generate(3, Duration.FromHours(20));
        var x = t.Periods.Select(p => p.Throughput.BitsPerSecond).ToArray();
        var mean = x.Average();
        var sd = Math.Sqrt(x.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, 9e6, 11e6);
        Assert.InRange(sd / mean, 0.4, 0.6);
        Assert.All(t.Periods, p => Assert.Equal(0.03, p.Latency.Seconds, 12));
    }

    [Fact]
    public void Bad_parameters_are_named()
    {
        var bad = Net with { Variability = -1, MeanThroughput = Bitrate.Zero };
        var errors = bad.Validate();
        Assert.Contains(errors, e => e.Contains("MeanThroughput", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Variability", StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => bad.Generate(1, Duration.FromMinutes(1)));
    }
}
