using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Engine;
using Matchday.Simulation.Players.Engine.Rules;

namespace Matchday.Simulation.Tests.Players;

/// <summary>
/// Each real player's characteristic behaviour on hand-built traces, and its estimator on hand-worked numbers.
/// Ladder: 0.4, 0.8, 1.6, 3, 4.5, 6 Mbit/s, 4 s segments (BitrateLadder.Default) unless stated.
/// </summary>
public class RealPlayerTests
{
    private static readonly BitrateLadder Ladder = BitrateLadder.Default;
    private const int Top = 5;

    private static (SessionReport Report, IReadOnlyList<SegmentLogEntry> Log) Run(PlayerOptions options, NetworkTrace trace)
    {
        var log = new SessionLog();
        var report = PlayerSimulator.Run(options, trace, null, log);
        return (report, log.Entries);
    }

    private static List<SegmentLogEntry> Downloads(IReadOnlyList<SegmentLogEntry> log) => [.. log.Where(e => e.Kind == SegmentLogKind.Download)];

    // ---------------------------------------------------------------- ExoPlayer

    [Fact]
    public void ExoPlayer_keeps_a_higher_rung_until_its_buffer_falls_below_the_quality_decrease_threshold()
    {
        // 20 Mbit/s for 100 s (the 50 s buffer fills at the top rung), then 1 Mbit/s: the estimate falls at the first
        // slow segment, but ExoPlayer stays on 6 Mbit/s while 25 s or more are buffered (maxDurationForQualityDecrease).
        var trace = Ladders.Steps((100, 20), (2000, 1));
        var vod = PlayerProfile.ExoPlayer.ApplyTo(PlayerOptions.Vod(Ladder, AbrOptions.ExoPlayer, Duration.FromMinutes(5)));
        var log = Downloads(Run(vod, trace).Log);
        var slowFirst = log.FindIndex(e => e.EndSeconds > 100 && e.StartSeconds >= 100);
        var down = log.FindIndex(slowFirst + 1, e => e.Rung < Top);
        Assert.True(down > slowFirst + 1, "at least one segment after the first slow one stays on the top rung");
        for (var i = slowFirst + 1; i < down; i++)
        {
            Assert.Equal(Top, log[i].Rung);
            Assert.True(log[i].BufferBeforeSeconds >= ExoPlayerRule.MaxDurationForQualityDecrease, $"segment {log[i].Segment} kept the top rung with {log[i].BufferBeforeSeconds} s");
        }
        Assert.True(log[down].BufferBeforeSeconds < ExoPlayerRule.MaxDurationForQualityDecrease);

        // The throughput rule, by contrast, drops at the first decision after the slow segment, whatever the buffer.
        var tput = Downloads(Run(vod with { Abr = AbrOptions.Throughput }, trace).Log);
        var tputFirst = tput.FindIndex(e => e.StartSeconds >= 100);
        Assert.True(tput[tputFirst + 1].Rung < Top && tput[tputFirst + 1].BufferBeforeSeconds >= 25);
    }

    [Fact]
    public void ExoPlayer_switches_up_only_with_ten_seconds_buffered()
    {
        // 20 Mbit/s from the start: the 1 Mbit/s initial estimate picks 0.4 Mbit/s (0.7 x 1 = 0.7); after the first
        // segment the estimate allows the top rung, but ExoPlayer defers the switch until 10 s are buffered.
        var vod = PlayerProfile.ExoPlayer.ApplyTo(PlayerOptions.Vod(Ladder, AbrOptions.ExoPlayer, Duration.FromMinutes(2)));
        var log = Downloads(Run(vod, Ladders.Constant(20)).Log);
        Assert.Equal(0, log[0].Rung);
        var up = log.FindIndex(e => e.Rung > 0);
        Assert.True(up >= 2, "deferred at least once");
        Assert.True(log[up].BufferBeforeSeconds >= ExoPlayerRule.MinDurationForQualityIncrease);
        Assert.All(log.Take(up), e => Assert.True(e.BufferBeforeSeconds < ExoPlayerRule.MinDurationForQualityIncrease));
    }

    [Fact]
    public void ExoPlayer_bandwidth_meter_is_a_weighted_median_over_the_last_2000_sqrt_bytes()
    {
        var s = new SessionState();
        // 1,000,000 B in 1 s: 8 Mbit/s, weight sqrt = 1000; above 512 KiB, so the estimate exists at once.
        ExoPlayerRule.Completed(ref s, 8_000_000, 1);
        Assert.Equal(8_000_000, s.Exo.BitrateEstimate);
        // 250,000 B in 1 s: 2 Mbit/s, weight 500. Median of {2 (500), 8 (1000)}: half of 1500 = 750 <= 500 + 1000 -> 8 Mbit/s.
        ExoPlayerRule.Completed(ref s, 2_000_000, 1);
        Assert.Equal(8_000_000, s.Exo.BitrateEstimate);
        // 640,000 B in 0.5 s: 10.24 Mbit/s, weight 800. Total 2300 > 2000: the oldest (8 Mbit/s) keeps 1000 - 300 = 700.
        // Sorted: 2 (500), 8 (700), 10.24 (800); half of 2000 = 1000: 500 < 1000 <= 1200 -> 8 Mbit/s.
        ExoPlayerRule.Completed(ref s, 5_120_000, 0.5);
        Assert.Equal(2000, s.Exo.TotalWeight);
        Assert.Equal(8_000_000, s.Exo.BitrateEstimate);
        // 360,000 B in 1 s: 2.88 Mbit/s, weight 600: the 8 Mbit/s sample goes (700 <= 600 excess? no: 2600 - 2000 = 600,
        // 700 - 600 = 100 left). Sorted: 2 (500), 2.88 (600), 8 (100), 10.24 (800); 500 < 1000 <= 1100 -> 2.88 Mbit/s.
        ExoPlayerRule.Completed(ref s, 2_880_000, 1);
        Assert.Equal(2_880_000, s.Exo.BitrateEstimate);
    }

    // ---------------------------------------------------------------- hls.js

    [Fact]
    public void HlsJs_needs_70_percent_of_the_estimate_to_switch_up_but_95_percent_to_stay()
    {
        // Constant 2 Mbit/s. 1.6 Mbit/s fits 0.95 x 2 = 1.9 but not 0.7 x 2 = 1.4, so coming from below hls.js stops at
        // 0.8 Mbit/s; the throughput rule (0.9 x 2 = 1.8) takes 1.6.
        var live = PlayerProfile.HlsJs.ApplyTo(PlayerOptions.Vod(Ladder, AbrOptions.HlsJs, Duration.FromMinutes(3)));
        var hls = Downloads(Run(live, Ladders.Constant(2)).Log);
        Assert.Equal(0, hls[0].Rung); // default estimate 500 kbit/s: the highest rung within it
        Assert.All(hls.Skip(5), e => Assert.Equal(1, e.Rung));
        var tput = Downloads(Run(live with { Abr = AbrOptions.Throughput }, Ladders.Constant(2)).Log);
        Assert.All(tput.Skip(5), e => Assert.Equal(2, e.Rung));
    }

    [Fact]
    public void HlsJs_emergency_rule_aborts_a_fragment_that_would_empty_the_buffer_and_forces_the_lowest_rung()
    {
        // Live, ~8-12 s of buffer; 30 Mbit/s, then 1.5 Mbit/s from 60 s. A 6 Mbit/s fragment in flight would take 16 s;
        // 0.8 Mbit/s would arrive in ~2.2 s, under min(buffer, duration + TTFB), and 16 > 2 x 2.2, so hls.js aborts at once
        // (abortAndSwitch), then loads the same fragment at the best level for the lowest level's bitrate: the lowest.
        var trace = Ladders.Steps((60, 30), (600, 1.5));
        var live = PlayerProfile.HlsJs.ApplyTo(PlayerOptions.Live(Ladder, AbrOptions.HlsJs, Duration.FromMinutes(3)));
        var (report, log) = Run(live, trace);
        Assert.True(report.AbandonedDownloads >= 1);
        var abort = log.First(e => e.Kind == SegmentLogKind.Abandoned);
        Assert.True(abort.Rung > 1);
        Assert.Equal(0, abort.AbandonedTo);
        Assert.True(abort.StartSeconds < 60 + 4 && abort.EndSeconds > 60);
        var next = log.First(e => e.Kind == SegmentLogKind.Download && e.StartSeconds >= abort.EndSeconds);
        Assert.Equal(0, next.Rung);
        Assert.Equal(abort.Segment, next.Segment); // the same fragment, again
    }

    [Fact]
    public void HlsJs_does_not_abort_when_only_the_lowest_rung_would_arrive_in_time_but_forces_it_next()
    {
        // VOD with 30 s buffered, 30 Mbit/s then 0.3 Mbit/s: only the lowest level could arrive in time, and
        // abortAndSwitch aborts only for a level above the lowest (nextLoadLevel > 0): the fragment finishes, the next
        // one is forced to the lowest level.
        var trace = Ladders.Steps((60, 30), (600, 0.3));
        var vod = PlayerProfile.HlsJs.ApplyTo(PlayerOptions.Vod(Ladder, AbrOptions.HlsJs, Duration.FromMinutes(3)));
        var (report, log) = Run(vod, trace);
        Assert.Equal(0, report.AbandonedDownloads);
        var downloads = Downloads(log);
        var slow = downloads.FindIndex(e => e.EndSeconds > 60 && e.Rung == Top);
        Assert.Equal(0, downloads[slow + 1].Rung);
    }

    // ---------------------------------------------------------------- Shaka

    [Theory]
    [InlineData(2.0, 0)]  // 1 Mbit/s needs 1 / 0.95 = 1.05; 2 Mbit/s needs 2 / 0.95 = 2.105 > 2.0
    [InlineData(2.2, 1)]  // 2.105 <= 2.2 <= 4 / 0.85 = 4.71
    [InlineData(4.3, 2)]  // 4 / 0.95 = 4.21 <= 4.3
    [InlineData(0.5, 0)]  // below every band: the lowest
    public void Shaka_chooses_the_highest_variant_within_95_percent_of_the_estimate(double mbps, int rung)
    {
        var setup = new SessionSetup(PlayerOptions.Vod(BitrateLadder.Create(Duration.FromSeconds(2), Bitrate.FromMegabits(1), Bitrate.FromMegabits(2), Bitrate.FromMegabits(4)), AbrOptions.Shaka, Duration.FromMinutes(1)));
        Assert.Equal(rung, ShakaRule.ChooseVariant(setup, mbps * 1e6));
    }

    [Fact]
    public void Shaka_switches_at_most_once_per_eight_seconds()
    {
        // 2 s segments over a trace alternating 1.5 and 12 Mbit/s every 3 s: a throughput rule changes rung almost every
        // segment; Shaka at most every switchInterval = 8 s.
        var steps = Enumerable.Range(0, 40).Select(i => (3.0, i % 2 == 0 ? 1.5 : 12.0)).ToArray();
        var ladder = Ladder with { SegmentDuration = Duration.FromSeconds(2) };
        var vod = PlayerProfile.Shaka.ApplyTo(PlayerOptions.Vod(ladder, AbrOptions.Shaka, Duration.FromMinutes(4)));
        var log = Downloads(Run(vod, Ladders.Steps(steps)).Log);
        var changes = new List<double>();
        for (var i = 1; i < log.Count; i++) if (log[i].Rung != log[i - 1].Rung) changes.Add(log[i].StartSeconds);
        Assert.NotEmpty(changes);
        for (var i = 1; i < changes.Count; i++) Assert.True(changes[i] - changes[i - 1] >= ShakaRule.SwitchInterval - 2 - 1e-9, $"switches at {changes[i - 1]} and {changes[i]}");
        var tput = Downloads(Run(vod with { Abr = AbrOptions.Throughput }, Ladders.Steps(steps)).Log);
        var tputChanges = tput.Zip(tput.Skip(1)).Count(p => p.First.Rung != p.Second.Rung);
        Assert.True(tputChanges > 2 * changes.Count, $"throughput rule {tputChanges} switches, Shaka {changes.Count}");
    }

    [Fact]
    public void Shaka_keeps_its_default_estimate_until_128_kB_are_sampled()
    {
        // 50 Mbit/s, 0.4 Mbit/s segments of 2 s are 100 kB: the first is chosen on the 1 Mbit/s default (the highest
        // variant within 0.95 Mbit/s: 0.8), and so is the second, requested before 128 kB were sampled.
        var ladder = Ladder with { SegmentDuration = Duration.FromSeconds(2) };
        var vod = PlayerProfile.Shaka.ApplyTo(PlayerOptions.Vod(ladder, AbrOptions.Shaka, Duration.FromMinutes(1)));
        var log = Downloads(Run(vod, Ladders.Constant(50)).Log);
        Assert.Equal(1, log[0].Rung);
        Assert.True(log[^1].Rung == Top);
    }

    // ---------------------------------------------------------------- dash.js L2A

    [Fact]
    public void L2A_projection_onto_the_simplex_matches_the_hand_worked_example()
    {
        // w = (0.5, 0.8, -0.1): sorted 0.8, 0.5, -0.1; (0.8 - 1) / 1 = -0.2 < 0.5; (1.3 - 1) / 2 = 0.15 >= -0.1 -> tmax 0.15;
        // max(w - 0.15, 0) = (0.35, 0.65, 0).
        var w = new L2ARule.Vector();
        w[0] = 0.5; w[1] = 0.8; w[2] = -0.1;
        L2ARule.Project(ref w, 3);
        Assert.Equal(0.35, w[0], 12);
        Assert.Equal(0.65, w[1], 12);
        Assert.Equal(0, w[2], 12);
    }

    [Fact]
    public void L2A_rides_just_under_the_throughput_with_a_tiny_buffer_and_steps_down_a_rung_a_segment()
    {
        // Low-latency live: 1 s segments, joining 2 s behind the edge; 5 Mbit/s, then 1 Mbit/s from 60 s. dash.js plays
        // from the first segment in (initialBufferLevel NaN), so L2A settles on 4.5 Mbit/s with ~1.2 s of buffer; after
        // the fall (one 4.5 Mbit/s segment in flight) its gradient step takes it down a rung a segment, and from the
        // third segment on it is at or below 1 Mbit/s, and stays there.
        var ladder = Ladder with { SegmentDuration = Duration.FromSeconds(1) };
        var live = PlayerProfile.DashJsLowLatency.ApplyTo(PlayerOptions.Live(ladder, AbrOptions.L2A, Duration.FromMinutes(3)) with { LiveTargetLatency = Duration.FromSeconds(2) });
        var downloads = Downloads(Run(live, Ladders.Steps((60, 5), (600, 1))).Log);
        Assert.All(downloads.Where(e => e.StartSeconds is > 20 and < 59), e => Assert.Equal(4, e.Rung));
        Assert.All(downloads.Where(e => e.StartSeconds is > 20 and < 59), e => Assert.InRange(e.BufferBeforeSeconds, 1, 1.5));
        var after = downloads.Where(e => e.StartSeconds > 60).ToList();
        Assert.Equal([3, 2, 1], after.Take(3).Select(e => e.Rung));
        Assert.All(after.Skip(2), e => Assert.True(Ladder.Rungs[e.Rung].Megabits <= 1));
    }

    [Theory] // Regression: hls.js, Shaka and dash.js waited for the mode's two segments before playing.
    [InlineData("hls.js", 1)]     // config.ts: no playback threshold
    [InlineData("shaka", 1)]      // rebufferingGoal 0
    [InlineData("dash.js", 1)]    // initialBufferLevel NaN
    [InlineData("dash.js-ll", 1)]
    [InlineData("exoplayer", 1)]  // bufferForPlaybackMs 1 s: the first 6 s segment covers it
    [InlineData("avplayer", 2)]   // closed: the mode's two segments, an assumption
    public void Each_player_starts_with_the_segments_its_source_waits_for(string name, int segments)
    {
        var player = PlayerProfile.Named(name)!;
        var vod = player.ApplyTo(PlayerOptions.Vod(Ladder, player.Abr, Duration.FromMinutes(2)));
        var (report, log) = Run(vod, Ladders.Constant(4));
        var downloads = Downloads(log);
        // Whatever rungs its ABR picks, the first frame comes when the segment that completes its startup buffer is in.
        Assert.True(downloads.Count > segments);
        Assert.Equal(downloads[segments - 1].EndSeconds, report.StartupTime!.Value.Seconds, 9);
    }

    // ---------------------------------------------------------------- AVPlayer approximation

    [Fact]
    public void AvPlayer_approximation_climbs_one_rung_at_a_time_with_ten_seconds_buffered_and_drops_at_once()
    {
        var vod = PlayerProfile.AvPlayer.ApplyTo(PlayerOptions.Vod(Ladder, AbrOptions.AvPlayer, Duration.FromMinutes(4)));
        var log = Downloads(Run(vod, Ladders.Steps((120, 30), (600, 1))).Log);
        for (var i = 1; i < log.Count; i++)
        {
            if (log[i].Rung > log[i - 1].Rung)
            {
                Assert.Equal(log[i - 1].Rung + 1, log[i].Rung);
                Assert.True(log[i].BufferBeforeSeconds >= AvPlayerRule.UpBuffer);
            }
        }
        Assert.Equal(Top, log.First(e => e.StartSeconds > 100 && e.StartSeconds < 120).Rung);
        // After the fall the harmonic mean of 5 samples is pulled down by the first slow one: 0.8 x H < 6 Mbit/s.
        var slow = log.FindIndex(e => e.StartSeconds >= 120);
        Assert.True(log[slow + 1].Rung < Top);
    }

    // ---------------------------------------------------------------- BBA-0

    [Theory]
    [InlineData(5.0, 3, 0)]    // at or below the reservoir (25 s x 90/240 = 9.375 s): the lowest rate
    [InlineData(23.0, 0, Top)] // at or above reservoir + cushion (9.375 + 13.125 = 22.5 s): the highest
    [InlineData(15.0, 0, 2)]   // f = 0.4 + 5.6 x (15 - 9.375) / 13.125 = 2.8 >= Rate+ (0.8): max{R < 2.8} = 1.6
    [InlineData(15.0, 2, 2)]   // from 1.6: Rate+ = 3.0 > 2.8 > Rate- = 0.8: stay
    [InlineData(15.0, 4, 3)]   // from 4.5: f = 2.8 <= Rate- = 3.0: min{R > 2.8} = 3.0
    public void Bba_follows_the_rate_map_with_its_hysteresis(double buffer, int previous, int expected)
    {
        var setup = new SessionSetup(PlayerOptions.Reference(Ladder, AbrOptions.Bba, Duration.FromMinutes(1)));
        var s = new SessionState { Buffer = buffer };
        Assert.Equal(expected, BbaRule.Decide(in s, setup, previous));
    }

    [Fact]
    public void HlsJs_fast_alpha_is_the_cube_of_the_slow_one()
    {
        // HlsJsRule.Sample takes alpha_fast^w as alpha_slow^(3w): that needs the slow half-life to be three fast ones.
        Assert.Equal(3 * HlsJsRule.FastHalfLife, HlsJsRule.SlowHalfLife);
        var slow = WebEwma.Alpha(HlsJsRule.SlowHalfLife);
        Assert.Equal(WebEwma.Alpha(HlsJsRule.FastHalfLife), slow * slow * slow, 1e-15);
    }
}
