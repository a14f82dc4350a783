using System.Collections.Immutable;
using Matchday.Core.Units;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Population;

namespace Matchday.Simulation.Tests.Players;

public class BadInputTests
{
    [Fact] // The scenario format's limit is the engine's: a ladder the reader accepts is one every player can run.
    public void The_scenario_format_allows_exactly_the_rungs_the_player_engine_takes() =>
        Assert.Equal(BitrateLadder.MaxRungs, Matchday.Core.Scenarios.Reading.ScenarioReader.MaxRungs);

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
    [Fact]
    public void A_rung_number_above_the_top_of_the_ladder_is_rejected_not_clamped()
    {
        var top = Ladders.Sabre.Rungs.Length - 1;
        var vod = PlayerOptions.Vod(Ladders.Sabre, AbrOptions.DynamicDash, Duration.FromMinutes(1));
        (PlayerOptions Options, string Message)[] cases =
        [
            (vod with { RampupThreshold = top + 1 }, $"RampupThreshold: rung {top + 1} is not on the ladder (rungs 0 to {top})"),
            (vod with { FirstRung = top + 1 }, $"FirstRung: rung {top + 1} is not on the ladder"),
            (vod with { Abr = AbrOptions.Fixed(top + 1) }, $"Abr.FixedRung: rung {top + 1} is not on the ladder"),
            (vod with { Abr = AbrOptions.BolaE with { MaxRung = 1000 } }, "Abr.MaxRung: rung 1000 is not on the ladder"),
        ];
        foreach (var (options, message) in cases)
            Assert.Contains(message, Assert.Throws<ArgumentException>(() => PlayerSimulator.Run(options, Ladders.Constant(5))).Message, StringComparison.Ordinal);
        // The top rung itself is on the ladder.
        Assert.True(PlayerSimulator.Run(vod with { RampupThreshold = top, Abr = AbrOptions.Fixed(top) }, Ladders.Constant(50)).Segments > 0);
    }

    [Theory]
    [InlineData(2, 30)]   // 2 s segments: 4 s start + 2 s < 30 s
    [InlineData(6, 30)]   // the built-in scenario's segments
    [InlineData(10, 30)]  // 20 s + 10 s fits exactly
    [InlineData(20, 60)]  // 40 s + 20 s
    [InlineData(60, 180)] // 120 s + 60 s
    public void The_default_buffer_cap_holds_the_start_and_one_more_segment(double segment, double cap)
    {
        var ladder = BitrateLadder.Create(Duration.FromSeconds(segment), Bitrate.FromMegabits(1), Bitrate.FromMegabits(3));
        Assert.Equal(cap, PlayerOptions.Live(ladder, AbrOptions.DynamicDash, Duration.FromMinutes(10)).MaxBuffer.Seconds, 9);
        Assert.Equal(cap, PlayerOptions.Vod(ladder, AbrOptions.DynamicDash, Duration.FromMinutes(10)).MaxBuffer.Seconds, 9);
        Assert.True(PlayerSimulator.Run(PlayerOptions.Live(ladder, AbrOptions.DynamicDash, Duration.FromMinutes(10)), Ladders.Constant(5), 1).Segments > 0);
    }

    [Fact]
    public void A_zero_abandonment_rate_means_nobody_leaves()
    {
        // A dead line: every viewer waits for a first frame that never comes; with rate 0 none gives up at startup.
        var dead = new Matchday.Simulation.Networks.NetworkTrace("dead", [new Matchday.Simulation.Networks.TracePeriod(Duration.FromSeconds(1), Bitrate.FromKilobits(1), Duration.Zero)]);
        var patient = PlayerOptions.Live(Ladders.Sabre, AbrOptions.DynamicDash, Duration.FromMinutes(2)) with
        {
            ViewerAbandonment = new ViewerAbandonment { StartupRatePerSecond = 0, StallRatePerSecond = 0 },
        };
        Assert.NotEqual(SessionOutcome.Abandoned, PlayerSimulator.Run(patient, dead, 3).Outcome);
        var usual = patient with { ViewerAbandonment = ViewerAbandonment.KrishnanSitaraman2012 };
        Assert.Equal(SessionOutcome.Abandoned, PlayerSimulator.Run(usual, dead, 3).Outcome);
        Assert.Contains("StartupRatePerSecond: must be >= 0", Assert.Throws<ArgumentException>(() => PlayerSimulator.Run(
            patient with { ViewerAbandonment = new ViewerAbandonment { StartupRatePerSecond = -1 } }, dead, 3)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mean_stall_patience_becomes_a_uniform_patience_up_to_twice_it()
    {
        var a = ViewerAbandonment.KrishnanSitaraman2012.WithStallPatience(Duration.FromMinutes(18));
        Assert.Equal(0, a.StallGrace.Seconds);
        Assert.Equal(1 / 2160.0, a.StallRatePerSecond, 15); // U / rate is uniform on [0, 2160 s): mean 1080 s = 18 min
        Assert.Equal(2, a.StartupGrace.Seconds);
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = a.WithStallPatience(Duration.Zero); });
    }
}
