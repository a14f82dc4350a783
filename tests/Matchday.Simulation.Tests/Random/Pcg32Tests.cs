using Matchday.Simulation.Random;

namespace Matchday.Simulation.Tests.Random;

public class Pcg32Tests
{
    // pcg-c-basic's pcg32-demo, round 1, with pcg32_srandom_r(&rng, 42u, 54u) (https://www.pcg-random.org/using-pcg-c-basic.html):
    //   32bit: 0xa15c02b7 0x7b47f409 0xba1d3330 0x83d2f293 0xbfa4784b 0xcbed606e
    //   Coins: HHTTTHTHHHTHTTTHHHHHTTTHHHTHTHTHTTHTTTHHHHHHTTTTHHTTTTTHTTTTTTTHT
    //   Rolls: 3 4 1 1 2 2 3 2 4 3 2 4 3 3 5 2 3 1 3 1 5 1 4 1 5 6 4 6 6 2 6 3 3
    [Fact]
    public void Reproduces_the_reference_demo_output()
    {
        var rng = new Pcg32(42, 54);
        uint[] expected = [0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e];
        foreach (var e in expected) Assert.Equal(e, rng.NextUInt32());

        var coins = new string([.. Enumerable.Range(0, 65).Select(_ => rng.NextBelow(2) == 1 ? 'H' : 'T')]);
        Assert.Equal("HHTTTHTHHHTHTTTHHHHHTTTHHHTHTHTHTTHTTTHHHHHHTTTTHHTTTTTHTTTTTTTHT", coins);

        var rolls = string.Join(' ', Enumerable.Range(0, 33).Select(_ => rng.NextBelow(6) + 1));
        Assert.Equal("3 4 1 1 2 2 3 2 4 3 2 4 3 3 5 2 3 1 3 1 5 1 4 1 5 6 4 6 6 2 6 3 3", rolls);
    }

    [Fact]
    public void Same_seed_same_sequence_different_stream_differs()
    {
        var a = new Pcg32(7, 1);
        var b = new Pcg32(7, 1);
        var c = new Pcg32(7, 2);
        var sa = Enumerable.Range(0, 100).Select(_ => a.NextUInt32()).ToArray();
        var sb = Enumerable.Range(0, 100).Select(_ => b.NextUInt32()).ToArray();
        var sc = Enumerable.Range(0, 100).Select(_ => c.NextUInt32()).ToArray();
        Assert.Equal(sa, sb);
        Assert.NotEqual(sa, sc);
    }

    [Fact]
    public void Snapshot_and_restore_resume_the_sequence()
    {
        var a = new Pcg32(123, 9);
        for (var i = 0; i < 10; i++) a.NextUInt32();
        var b = Pcg32.Restore(a.Snapshot);
        for (var i = 0; i < 50; i++) Assert.Equal(a.NextUInt32(), b.NextUInt32());
    }

    [Fact]
    public void Uniform_and_exponential_moments_are_right()
    {
        var rng = new Pcg32(2026, 4);
        const int n = 200_000;
        double sum = 0, sumExp = 0;
        for (var i = 0; i < n; i++)
        {
            var u = rng.NextDouble();
            Assert.InRange(u, 0.0, 1.0 - double.Epsilon);
            sum += u;
            sumExp += rng.NextExponential(2.0);
        }
        // Mean of U(0,1) is 1/2 (sd of the mean = 0.289/sqrt(n) = 0.00065); of Exp(2) is 1/2 (sd 0.5/sqrt(n) = 0.0011).
        Assert.InRange(sum / n, 0.497, 0.503);
        Assert.InRange(sumExp / n, 0.494, 0.506);
    }

    [Fact]
    public void Poisson_mean_matches()
    {
        var rng = new Pcg32(1, 1);
        double small = 0, large = 0;
        for (var i = 0; i < 20_000; i++)
        {
            small += rng.NextPoisson(3.5);
            large += rng.NextPoisson(400);
        }
        Assert.InRange(small / 20_000, 3.4, 3.6);
        Assert.InRange(large / 20_000, 398, 402);
    }
}
