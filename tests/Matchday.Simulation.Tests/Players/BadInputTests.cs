using System.Collections.Immutable;
using Matchday.Core.Units;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Population;

namespace Matchday.Simulation.Tests.Players;

public class BadInputTests
{
    [Fact]
    public void Empty_ladder_is_rejected_with_the_field_named()
    {
        var ladder = new BitrateLadder { Rungs = [], SegmentDuration = Duration.FromSeconds(4) };
        var e = Assert.Throws<ArgumentException>(() => PlayerSimulator.Run(PlayerOptions.Vod(ladder, AbrOptions.DynamicDash, Duration.FromMinutes(1)), Ladders.Constant(5)));
        Assert.Equal("options", e.ParamName);
        Assert.Contains("Ladder.Rungs: the ladder is empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_half_life_is_rejected_with_the_field_named()
    {
        var abr = AbrOptions.Throughput with { HalfLives = [Duration.FromSeconds(-3), Duration.FromSeconds(8)] };
        var e = Assert.Throws<ArgumentException>(() => PlayerSimulator.Run(PlayerOptions.Vod(Ladders.Sabre, abr, Duration.FromMinutes(1)), Ladders.Constant(5)));
        Assert.Contains("Abr.HalfLives[0]: must be above 0 and at most an hour, was -3 s", e.Message, StringComparison.Ordinal);
        // 1e308 s once threw IndexOutOfRangeException in the throughput rule.
        var huge = AbrOptions.Throughput with { HalfLives = [Duration.FromSeconds(1e308)] };
        Assert.Contains("Abr.HalfLives[0]: must be above 0 and at most an hour", Assert.Throws<ArgumentException>(
            () => PlayerSimulator.Run(PlayerOptions.Vod(Ladders.Sabre, huge, Duration.FromMinutes(1)), Ladders.Constant(5))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var ladder = BitrateLadder.Create(Duration.Zero, Bitrate.FromMegabits(2), Bitrate.FromMegabits(1));
        var errors = (PlayerOptions.Vod(Ladders.Sabre, AbrOptions.DynamicDash, Duration.FromMinutes(1)) with { Ladder = ladder }).Validate();
        Assert.Contains(errors, e => e.Contains("Rungs[1]: rungs must increase", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("SegmentDuration: must be positive", StringComparison.Ordinal));
    }

    [Fact]
    public void Startup_buffer_that_could_never_fill_is_rejected()
    {
        var options = PlayerOptions.Vod(Ladders.Sabre, AbrOptions.DynamicDash, Duration.FromMinutes(1)) with { StartupBuffer = Duration.FromSeconds(29) };
        Assert.Contains(options.Validate(), e => e.StartsWith("StartupBuffer:", StringComparison.Ordinal));
    }

    [Fact]
    public void Population_without_traces_or_viewers_is_rejected()
    {
        var options = new PopulationOptions
        {
            Viewers = 0,
            Player = PlayerOptions.Live(Ladders.Sabre, AbrOptions.DynamicDash, Duration.FromMinutes(1)),
            Cohorts = [new NetworkCohort("empty", 1, ImmutableArray<Matchday.Simulation.Networks.NetworkTrace>.Empty)],
        };
        var e = Assert.Throws<ArgumentException>(() => PopulationSimulator.Run(options));
        Assert.Contains("Viewers: must be at least 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("Cohorts[0].Traces: cohort 'empty' has no traces", e.Message, StringComparison.Ordinal);
    }
}
