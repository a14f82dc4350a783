using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Engine;

namespace Matchday.Simulation.Tests.Players;

/// <summary>
/// Runs of progress checks that provably cannot abandon are crossed in one step (live and VOD modes). The sessions must
/// be the ones made check by check: the same abandonments, segments and rungs, and the same times up to rounding.
/// </summary>
public class QuietChecksTests
{
    public static TheoryData<string> Algorithms => ["bola", "bolae", "throughput", "dynamic", "dynamicdash", "hlsjs"];

    private static IEnumerable<NetworkTrace> Traces()
    {
        // Each default class, several seeds: 1 s periods of varied throughput, long enough for abandonments.
        foreach (var network in SyntheticNetwork.Defaults)
            for (var seed = 1UL; seed <= 4; seed++)
                yield return network.Generate(seed, Duration.FromMinutes(10));
        // A link that collapses mid-download: 8 s at 20 Mbps, then 6 s at 0.3 Mbps, with latency.
        yield return new NetworkTrace("collapse", [
            new TracePeriod(Duration.FromSeconds(8), Bitrate.FromMegabits(20), Duration.FromMilliseconds(40)),
            new TracePeriod(Duration.FromSeconds(6), Bitrate.FromMegabits(0.3), Duration.FromMilliseconds(80)),
        ]);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Crossing_quiet_runs_gives_the_sessions_made_check_by_check(string name)
    {
        var abr = AbrOptions.Parse(name) with { Abandonment = true };
        var abandons = 0;
        var runs = 0;
        var sessions = 0;
        foreach (var mode in new[] { PlayerMode.Vod, PlayerMode.Live })
            foreach (var trace in Traces())
                for (var seed = 1UL; seed <= 3; seed++)
                {
                    var options = mode == PlayerMode.Vod
                        ? PlayerOptions.Vod(BitrateLadder.Default, abr, Duration.FromMinutes(5))
                        : PlayerOptions.Live(BitrateLadder.Default, abr, Duration.FromMinutes(5));
                    var fast = PlayerSimulator.Run(options, trace, seed);
                    var slow = PlayerSimulator.Run(options with { EveryCheck = true }, trace, seed);
                    var where = $"{name} {mode} {trace.Name} seed {seed}";
                    Assert.True(slow.AbandonedDownloads == fast.AbandonedDownloads, $"{where}: abandons {slow.AbandonedDownloads} check by check, {fast.AbandonedDownloads} crossing runs");
                    Assert.True(slow.Segments == fast.Segments, where);
                    Assert.True(slow.Switches == fast.Switches, $"{where}: switches {slow.Switches} vs {fast.Switches}");
                    Assert.True(slow.RungShare.SequenceEqual(fast.RungShare), $"{where}: rungs {string.Join(" ", slow.RungShare)} vs {string.Join(" ", fast.RungShare)}");
                    Assert.Equal(slow.StallCount, fast.StallCount);
                    Assert.True(Math.Abs(slow.StallTime.Seconds - fast.StallTime.Seconds) <= 1e-6, $"{where}: stall {slow.StallTime.Seconds} vs {fast.StallTime.Seconds}");
                    Assert.True(Math.Abs(slow.SessionTime.Seconds - fast.SessionTime.Seconds) <= 1e-6, where);
                    Assert.True(Math.Abs(slow.BytesDelivered.Bytes - fast.BytesDelivered.Bytes) <= 1e-3 * Math.Max(1, slow.BytesDelivered.Bytes) * 1e-6, where);
                    abandons += slow.AbandonedDownloads;
                    runs += QuietRuns(options, trace, seed);
                    sessions++;
                }
        // The set exercises the rule: abandonments happen (the runs cross checks right up to them).
        Assert.True(abandons > 0, $"{name}: no abandonment in {sessions} sessions");
        // And quiet runs are crossed (else the comparison above would compare the check-by-check path with itself).
        Assert.True(runs > sessions, $"{name}: {runs} quiet runs in {sessions} sessions");
    }

    /// <summary>The quiet runs crossed in the session <see cref="PlayerSimulator.Run"/> makes of these arguments.</summary>
    private static int QuietRuns(PlayerOptions options, NetworkTrace trace, ulong seed)
    {
        var plan = new SessionPlan(options);
        var setup = plan.Setups[0];
        var state = new SessionState();
        SessionEngine.Init(ref state, setup, trace, seed, 0, randomStart: true, plan.RungCaps[0]);
        SessionEngine.Advance(ref state, setup, trace, double.PositiveInfinity, double.PositiveInfinity);
        return state.QuietRuns;
    }

    /// <summary>
    /// BOLA's bound by hand: rungs of 1, 2 and 4 Mbps, 2 s segments, downloading the top rung (8 Mbit), terms a = 10,
    /// 14, 16 s. Rung k's fresh download is 2 and 4 Mbit. At level 8 with 5 Mbit left the bits left score
    /// (16 - 8) / 5 = 1.6 per Mbit, rung 1 (14 - 8) / 4 = 1.5 and rung 0 (10 - 8) / 2 = 1: quiet. With 6 Mbit left the
    /// bits left score 1.33, below rung 1's 1.5: an abandonment is possible, so the run is not crossed. At level 6
    /// with 5 Mbit left rung 0 ties the bits left (4 / 2 = 10 / 5): a tie is not shown quiet. With 3.5 Mbit left rung 1
    /// (4 Mbit) is no smaller and rung 0 scores 1 against 2.29: quiet. At level 16 the bits left score nothing: quiet.
    /// </summary>
    [Theory]
    [InlineData(8, 5e6, true)]
    [InlineData(8, 6e6, false)]
    [InlineData(6, 5e6, false)]
    [InlineData(8, 3.5e6, true)]
    [InlineData(16, 5e6, true)]
    [InlineData(8, 0, true)]
    public void Bola_bound_by_hand(double level, double sizeLeft, bool quiet)
    {
        var ladder = BitrateLadder.Create(Duration.FromSeconds(2), Bitrate.FromMegabits(1), Bitrate.FromMegabits(2), Bitrate.FromMegabits(4));
        var setup = new SessionPlan(PlayerOptions.Vod(ladder, AbrOptions.BolaE, Duration.FromMinutes(1))).Setups[0];
        Assert.Equal(quiet, CheckSpan.NoBetterLowerRung(setup, [10, 14, 16], 1, 2, level, sizeLeft, 8e6));
    }

    [Fact]
    public void Reference_mode_makes_every_check()
    {
        var options = PlayerOptions.Reference(BitrateLadder.Default, AbrOptions.BolaE with { Abandonment = true }, Duration.FromMinutes(5));
        foreach (var trace in Traces()) Assert.Equal(0, QuietRuns(options, trace, 1));
    }
}
