using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Population;

namespace Matchday.Simulation.Tests.Players;

public class LivePopulationTests
{
    private static LivePopulation Create(int threads, ulong seed = 5) => new(new LivePopulationOptions
    {
        Player = PlayerOptions.Live(BitrateLadder.Default, AbrOptions.DynamicDash, Duration.FromMinutes(10)) with
        {
            ViewerAbandonment = ViewerAbandonment.KrishnanSitaraman2012,
        },
        Cohorts =
        [
            NetworkCohort.FromTraces("fcc-hd", 1, TestTraces.LoadSet(RepoPaths.Samples("fcc-hd"))),
            NetworkCohort.FromTraces("ghent-4g", 1, TestTraces.LoadSet(RepoPaths.Samples("ghent-4g"))),
        ],
        Seed = seed,
        MaxDegreeOfParallelism = threads,
    });

    private static List<PopulationTick> Run(int threads)
    {
        var p = Create(threads);
        var ticks = new List<PopulationTick>();
        var unlimited = new[] { Bitrate.FromBitsPerSecond(double.PositiveInfinity), Bitrate.FromBitsPerSecond(double.PositiveInfinity) };
        for (var t = 0; t < 120; t++)
        {
            if (t % 10 == 0) p.Join(300);
            // congestion between 40 s and 70 s: 1 Mbps per viewer for fcc-hd, 0 for ghent-4g
            var caps = t is >= 40 and < 70 ? new[] { Bitrate.FromMegabits(1), Bitrate.Zero } : unlimited;
            ticks.Add(p.Step(Duration.FromSeconds(1), caps));
        }
        return ticks;
    }

    [Fact]
    public void Same_seed_gives_identical_ticks_with_one_and_two_threads()
    {
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Count, two.Count);
        for (var i = 0; i < one.Count; i++)
        {
            Assert.Equal(one[i].Total, two[i].Total);
            Assert.Equal(one[i].Cohorts.ToArray(), two[i].Cohorts.ToArray());
        }
    }

    [Fact]
    public void A_zero_cap_stops_delivery_and_stalls_viewers_and_a_low_cap_lowers_bitrate()
    {
        var ticks = Run(2);
        var before = ticks[38];
        var during = ticks[60];
        var after = ticks[110];
        Assert.Equal(0, during.Cohorts[1].Pulled.BitsPerSecond);
        Assert.True(during.Cohorts[0].Pulled.BitsPerSecond <= 1e6 * during.Cohorts[0].Joined + 1);
        Assert.True(during.Cohorts[1].Stalled + during.Cohorts[1].Starting > before.Cohorts[1].Stalled + before.Cohorts[1].Starting);
        Assert.True(during.Cohorts[0].MeanSelectedBitrate < before.Cohorts[0].MeanSelectedBitrate);
        Assert.True(after.Cohorts[1].Abandoned > 0, "a 30 s outage makes some viewers leave");
        Assert.True(after.Total.Playing > 0);
        Assert.Equal(after.Total.Joined, after.Total.Starting + after.Total.Playing + after.Total.Stalled + after.Total.Abandoned + after.Total.Ended);
    }

    [Fact]
    public void Caps_must_match_the_cohorts()
    {
        var p = Create(1);
        p.Join(10);
        Assert.Throws<ArgumentException>(() => p.Step(Duration.FromSeconds(1), [Bitrate.FromMegabits(1)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Step(Duration.Zero, [Bitrate.FromMegabits(1), Bitrate.FromMegabits(1)]));
    }
}
