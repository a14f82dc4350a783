using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Engine;

namespace Matchday.Simulation.Tests.Players;

/// <summary>The branch-free rung scans count exactly what a scalar scan counts, for short and long ladders.</summary>
public class ThresholdsTests
{
    private static int Scan(double[] t, double scale, double x, bool inclusive)
    {
        var n = 0;
        while (n < t.Length && (inclusive ? t[n] * scale <= x : t[n] * scale < x)) n++;
        return n;
    }

    [Fact]
    public void Counts_agree_with_a_scalar_scan_for_every_length_and_edge_value()
    {
        var rng = new System.Random(7);
        for (var count = 0; count <= BitrateLadder.MaxRungs; count++)
        {
            for (var trial = 0; trial < 40; trial++)
            {
                var t = new double[count];
                var v = 0.0;
                for (var i = 0; i < count; i++) t[i] = v += 1 + Math.Round(rng.NextDouble() * 1000);
                var th = new Thresholds(t);
                double[] probes = [double.NegativeInfinity, double.PositiveInfinity, double.NaN, 0, -1, .. t, .. t.Select(x => x * 0.999), .. t.Select(x => x * 1.001), rng.NextDouble() * (v + 10)];
                foreach (var x in probes)
                {
                    Assert.Equal(Scan(t, 1, x, inclusive: false), th.Below(x));
                    Assert.Equal(Scan(t, 1, x, inclusive: true), th.AtMost(x));
                    Assert.Equal(Scan(t, 6, x, inclusive: false), th.ScaledBelow(6, x));
                    Assert.Equal(Scan(t, 6, x, inclusive: true), th.ScaledAtMost(6, x));
                }
            }
        }
    }

    [Fact]
    public void Padding_is_never_counted_even_at_infinity()
    {
        // Hand-worked: three thresholds, so +infinity is above all three and nothing else.
        var th = new Thresholds([1e6, 2e6, 4e6]);
        Assert.Equal(3, th.AtMost(double.PositiveInfinity));
        Assert.Equal(3, th.Below(double.PositiveInfinity));
        Assert.Equal(2, th.AtMost(2e6));
        Assert.Equal(1, th.Below(2e6));
        Assert.Equal(0, th.AtMost(double.NaN));
    }
}
