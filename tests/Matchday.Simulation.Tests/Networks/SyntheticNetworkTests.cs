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

    [Fact]
    public void A_scenario_class_brings_its_variability_and_correlation_time()
    {
        var cls = new Core.Scenarios.NetworkClass("broadband", Bitrate.FromMegabits(15), null, Ratio.FromFraction(1), "720p", ["720p"]);
        var plain = SyntheticNetwork.OfClass(cls);
        Assert.Equal(SyntheticNetwork.DefaultVariability, plain.Variability);
        Assert.Equal(SyntheticNetwork.DefaultCorrelationTime, plain.CorrelationTime);
        var given = SyntheticNetwork.OfClass(cls with { Variability = 0.67, CorrelationTime = Duration.FromSeconds(56) });
        Assert.Equal(0.67, given.Variability);
        Assert.Equal(56, given.CorrelationTime.Seconds);

        // The generated trace carries them: CV near 0.67 and a lag-one autocorrelation of log throughput near
        // exp(-1 s / 56 s) = 0.982 over its 1 s periods (a long trace, so the estimates are tight).
        var x = given.Generate(5, Duration.FromHours(50)).Periods.Select(p => p.Throughput.BitsPerSecond).ToArray();
        var mean = x.Average();
        Assert.InRange(Math.Sqrt(x.Select(v => (v - mean) * (v - mean)).Average()) / mean, 0.57, 0.77);
        var l = x.Select(v => Math.Log(v)).ToArray();
        var mu = l.Average();
        var variance = l.Select(v => (v - mu) * (v - mu)).Average();
        var lag1 = Enumerable.Range(0, l.Length - 1).Select(i => (l[i] - mu) * (l[i + 1] - mu)).Average() / variance;
        Assert.InRange(lag1, 0.975, 0.988);
    }
}
