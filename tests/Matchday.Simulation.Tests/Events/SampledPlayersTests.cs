using Matchday.Core.Units;
using Matchday.Simulation.Events;
using Matchday.Simulation.Networks;

namespace Matchday.Simulation.Tests.Events;

/// <summary>How the sampled players are drawn from what the fleet recorded, worked by hand.</summary>
public class SampledPlayersTests
{
    [Fact]
    public void Exactly_n_sessions_go_to_the_cells_in_proportion_to_their_joins()
    {
        // Joins 1, 2 and 3 over 10 sessions: 1.67, 3.33 and 5 → whole parts 1, 3, 5 (9), and the largest remainder
        // (0.67, the first cell's) takes the tenth.
        var c = new CellConditions(cells: 3, ticks: 2, dt: 1);
        c.Joined(0, -1, 1);
        c.Joined(1, 0, 2);
        c.Joined(2, 1, 3);
        Assert.Equal([2, 3, 5], SampledPlayers.Allocate(c, 10));
        Assert.Equal(7, SampledPlayers.Allocate(c, 7).Sum());
        // Equal remainders: the lower cell first.
        var even = new CellConditions(2, 1, 1);
        even.Joined(0, 0, 1);
        even.Joined(1, 0, 1);
        Assert.Equal([1, 0], SampledPlayers.Allocate(even, 1));
        // No cell admitted anyone: there is nobody to draw (the caller reports every session as never started).
        Assert.Throws<ArgumentException>(() => SampledPlayers.Allocate(new CellConditions(2, 1, 1), 5));
    }

    [Fact]
    public void With_nobody_admitted_every_session_never_started_and_nothing_else_is_measured()
    {
        var turnedAway = SampledPlayers.NoneAdmitted(50, turnedAway: 1);
        Assert.Equal((50, 50, 0, 0L), (turnedAway.Sessions, turnedAway.NeverStarted, turnedAway.Abandoned, turnedAway.SegmentDecisions));
        Assert.True(double.IsPositiveInfinity(turnedAway.StartupP95.Value));
        Assert.True(double.IsNaN(turnedAway.RebufferingRatio.Value) && double.IsNaN(turnedAway.SwitchesPerMinute.Value));
        Assert.Equal(0, turnedAway.MeanBitrate.BitsPerSecond);
        // Nobody turned away either (nobody came): the startup has no join to be measured on.
        Assert.True(double.IsNaN(SampledPlayers.NoneAdmitted(50, turnedAway: 0).StartupP95.Value));
    }

    [Fact]
    public void Join_times_are_stratified_over_the_cells_own_arrivals()
    {
        // Every join of the cell in tick 1 (1 s to 2 s): four sessions, one in each quarter of that second.
        var c = new CellConditions(1, 2, 1);
        c.Joined(0, 1, 10);
        var times = SampledPlayers.JoinTimes(c, 0, 4, seed: 7);
        for (var i = 0; i < 4; i++) Assert.InRange(times[i], 1 + i / 4.0, 1 + (i + 1) / 4.0);
        // The audience already watching at the start joins at 0.
        var start = new CellConditions(1, 2, 1);
        start.Joined(0, -1, 5);
        Assert.All(SampledPlayers.JoinTimes(start, 0, 3, seed: 7), t => Assert.Equal(0, t));
    }

    [Fact]
    public void Network_classes_are_stratified_to_their_shares()
    {
        // Shares 25% and 75% over 8 sessions: exactly 2 and 6, in a shuffled order.
        var classes = SampledPlayers.Classes([0.25, 1.0], 8, seed: 3, cell: 0);
        Assert.Equal(2, classes.Count(x => x == 0));
        Assert.Equal(6, classes.Count(x => x == 1));
    }

    [Fact]
    public void A_trace_on_the_nights_clock_is_cut_at_ticks_and_capped_tick_by_tick()
    {
        // 1.5 s at 1 Mbps then 1.5 s at 2 Mbps, on 1 s ticks: periods of 1, 0.5, 0.5 and 1 s in ticks 0, 1, 1 and 2.
        var trace = new NetworkTrace("t", [
            new TracePeriod(Duration.FromSeconds(1.5), Bitrate.FromMegabits(1), Duration.FromMilliseconds(30)),
            new TracePeriod(Duration.FromSeconds(1.5), Bitrate.FromMegabits(2), Duration.FromMilliseconds(30))]);
        var (onClock, tickOf) = SampledPlayers.OnClock(trace, dt: 1, ticks: 3);
        Assert.Equal([1, 0.5, 0.5, 1], onClock.Periods.Select(p => p.Length.Seconds));
        Assert.Equal([0, 1, 1, 2], tickOf);
        // A cap of 0.5 Mbps in tick 1 only: 1, 0.5, 0.5, 2 Mbps, over the same periods.
        var capped = SampledPlayers.Capped(onClock, tickOf, [float.PositiveInfinity, 0.5e6f, float.PositiveInfinity]);
        Assert.Equal([1e6, 0.5e6, 0.5e6, 2e6], capped.Periods.Select(p => p.Throughput.BitsPerSecond));
        Assert.Equal(onClock.Periods.Select(p => p.Length), capped.Periods.Select(p => p.Length));
        // 1 + 0.25 + 0.25 + 2 = 3.5 Mbit over 3 s.
        Assert.Equal(3.5e6 / 3, capped.MeanThroughput.BitsPerSecond, 6);
    }

    [Fact]
    public void Moves_keep_the_fleets_shares_as_cumulative_destinations()
    {
        var c = new CellConditions(2, 10, 1);
        c.Moved(0, 5, 0.5, region: 0, [0.25, 0.75]);
        c.Moved(0, 6, 0, region: 0, [0.25, 0.75]); // nothing moved: not recorded
        var move = Assert.Single(c.Moves(0));
        Assert.Equal(5, move.Tick);
        Assert.Equal(0.5f, move.Fraction);
        Assert.Equal([0.25f, 1f], move.To);
        Assert.False(c.EverCapped(1));
        c.Capped(1, 3, 1e6);
        Assert.True(c.EverCapped(1));
    }
}
