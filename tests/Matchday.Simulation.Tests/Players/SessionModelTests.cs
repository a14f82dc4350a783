using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Engine;

namespace Matchday.Simulation.Tests.Players;

public class SessionModelTests
{
    [Fact]
    public void A_rate_below_the_only_rung_must_stall_by_the_hand_worked_amount()
    {
        // 1 Mbps rung, 4 s segments (4 Mbit), 0.5 Mbps link, no latency, 5 segments, Sabre timing:
        // each segment takes 8 s; the first arrives at 8 s (startup); then each 4 s of play is followed by 4 s of stall.
        // Stalls: 4 x 4 s = 16 s; the last segment arrives at 40 s and plays to 44 s.
        var options = PlayerOptions.Reference(Ladders.Single(1, 4), AbrOptions.Fixed(0), Duration.FromSeconds(20));
        var r = PlayerSimulator.Run(options, Ladders.Constant(0.5));
        Assert.Equal(SessionOutcome.Completed, r.Outcome);
        Assert.Equal(8, r.StartupTime!.Value.Seconds, 9);
        Assert.Equal(4, r.StallCount);
        Assert.Equal(16, r.StallTime.Seconds, 9);
        Assert.Equal(44, r.SessionTime.Seconds, 9);
        Assert.Equal(16.0 / 36, r.RebufferRatio.Value, 9);      // stall / (stall + play) = 16 / (16 + 20)
        Assert.Equal(16.0 / 44, r.SabreRebufferRatio.Value, 9); // Sabre: stall / session time
        Assert.Equal(1e6, r.MeanBitrate!.Value.BitsPerSecond, 6);
        Assert.Equal(2.5e6, r.BytesDelivered.Bytes, 3);         // 5 x 4 Mbit = 20 Mbit
    }

    [Fact]
    public void Request_latency_is_charged_once_per_segment()
    {
        // 2 Mbit segments at 4 Mbps = 0.5 s each, plus 100 ms latency: 3 segments arrive at 0.6, 1.2, 1.8 s.
        var options = PlayerOptions.Reference(Ladders.Single(1, 2), AbrOptions.Fixed(0), Duration.FromSeconds(6));
        var r = PlayerSimulator.Run(options, Ladders.Constant(4, latencyMs: 100));
        Assert.Equal(0.6, r.StartupTime!.Value.Seconds, 9);
        Assert.Equal(0, r.StallCount);
        Assert.Equal(6.6, r.SessionTime.Seconds, 9); // playback from 0.6 s, 6 s of media
    }

    [Fact]
    public void An_outage_longer_than_the_buffer_must_stall()
    {
        // 20 s at 50 Mbps fills the 25 s buffer, then 60 s of nothing: the player must stall ~35 s (60 s - 25 s buffer).
        var trace = Ladders.Steps((20, 50), (60, 0), (1000, 50));
        var options = PlayerOptions.Reference(Ladders.Single(1, 2), AbrOptions.Fixed(0), Duration.FromSeconds(200));
        var r = PlayerSimulator.Run(options, trace);
        Assert.Equal(1, r.StallCount);
        Assert.InRange(r.StallTime.Seconds, 34, 36.1);
    }

    [Fact]
    public void Zero_throughput_forever_ends_at_once_with_a_clear_outcome()
    {
        var r = PlayerSimulator.Run(PlayerOptions.Live(BitrateLadder.Default, AbrOptions.DynamicDash, Duration.FromHours(2)), Ladders.Constant(0));
        Assert.Equal(SessionOutcome.NoThroughput, r.Outcome);
        Assert.Null(r.StartupTime);
        Assert.Equal(0, r.Segments);
        // Nothing played: no mean bitrate and no latency to live (were 0 kbps and the join's 18 s).
        Assert.Null(r.MeanBitrate);
        Assert.Null(r.FinalLatencyToLive);
        Assert.Null(r.MeanLatencyToLive);
    }

    [Fact]
    public void A_trace_that_almost_never_delivers_times_out_instead_of_hanging()
    {
        // 1 bit/s for 1000 s out of every 1001 s, 1 Mbps for 1 s: a 4 s segment at 0.4 Mbps needs ~1.6 Mbit.
        var trace = Ladders.Steps((1000, 1e-6), (0.001, 1));
        var options = PlayerOptions.Vod(BitrateLadder.Default, AbrOptions.DynamicDash, Duration.FromMinutes(10)) with { MaxSessionTime = Duration.FromHours(1) };
        var r = PlayerSimulator.Run(options, trace);
        Assert.Equal(SessionOutcome.TimedOut, r.Outcome);
        Assert.Equal(3600, r.SessionTime.Seconds, 6);
    }

    [Fact]
    public void Live_player_never_requests_an_unpublished_segment()
    {
        // 1 Mbps rung, 2 s segments, 100 Mbps link: a VOD player would fetch everything in 0.2 s. Live, it joins
        // 3 segments behind the edge (segments 0-2 published at join, segment k at (k - 2) x 2 s).
        var options = PlayerOptions.Live(Ladders.Single(1, 2), AbrOptions.Fixed(0), Duration.FromSeconds(20));
        var setup = new SessionSetup(options);
        var trace = Ladders.Constant(100);
        var s = new SessionState();
        SessionEngine.Init(ref s, setup, trace, 0, 0, randomStart: false);
        for (var t = 0.05; t < 40; t += 0.05)
        {
            SessionEngine.Advance(ref s, setup, trace, t, double.PositiveInfinity);
            var published = 3 + Math.Floor(t / 2 + 1e-9);
            Assert.True(s.Segments <= published, $"at {t:F2} s: {s.Segments} segments downloaded, {published} published");
        }
        Assert.Equal(SessionOutcome.Completed, s.Outcome);

        var r = PlayerSimulator.Run(options, trace);
        Assert.Equal(0, r.StallCount);
        // Startup after 2 segments at 0.04 s; latency = 3 x 2 s behind the edge + 0.04 s startup.
        Assert.Equal(0.04, r.StartupTime!.Value.Seconds, 9);
        Assert.Equal(6.04, r.FinalLatencyToLive!.Value.Seconds, 6);
        Assert.Equal(20.04, r.SessionTime.Seconds, 6);
    }

    [Fact]
    public void Live_stalls_add_to_latency_unless_catch_up_is_configured()
    {
        // 10 s good, 8 s outage, then good: the viewer stalls; latency to live grows by the stall and stays grown.
        var trace = Ladders.Steps((10, 100), (8, 0), (100000, 100));
        var options = PlayerOptions.Live(Ladders.Single(1, 2), AbrOptions.Fixed(0), Duration.FromSeconds(120));
        var plain = PlayerSimulator.Run(options, trace);
        Assert.True(plain.StallCount >= 1);
        Assert.Equal(6.04 + plain.StallTime.Seconds, plain.FinalLatencyToLive!.Value.Seconds, 6);

        var catchUp = PlayerSimulator.Run(options with { CatchUp = new LiveCatchUp(Duration.FromSeconds(1), 1.5) }, trace);
        Assert.Equal(plain.StallTime.Seconds, catchUp.StallTime.Seconds, 6);
        Assert.True(catchUp.FinalLatencyToLive!.Value.Seconds < plain.FinalLatencyToLive.Value.Seconds - 1);
        Assert.InRange(catchUp.FinalLatencyToLive.Value.Seconds, 5, 7.5);
    }

    [Fact]
    public void A_live_player_behind_the_playlist_window_jumps_to_the_live_edge()
    {
        // 2 s segments of one 1 Mbps rung, joined 3 segments (6 s) behind the edge at phase 0: segment k is published
        // at (k - 2) x 2 s. 10 s good, a 60 s outage, then good. Segment 7 is published at 10 s and requested then
        // (2 Mbit at 100 Mbps: 20 ms), but cannot finish until the outage ends at 70 s; it is in at 70.02 s. Segment 8,
        // published at 12 s, is then 58.02 s old: outside a 20 s window. A viewer joining at 70.02 s would take segment
        // floor(70.02 / 2) = 35, so segments 8-34 (27 x 2 s = 54 s) are skipped.
        var trace = Ladders.Steps((10, 100), (60, 0), (100000, 100));
        var live = PlayerOptions.Live(Ladders.Single(1, 2), AbrOptions.Fixed(0), Duration.FromSeconds(120));
        var dvr = PlayerSimulator.Run(live, trace);
        var log = new SessionLog();
        var window = PlayerSimulator.Run(live with { LiveWindow = Duration.FromSeconds(20) }, trace, log: log);

        Assert.Equal(0, dvr.LiveSkips);
        Assert.Equal(1, window.LiveSkips);
        Assert.Equal(54, window.SkippedMedia.Seconds, 9);
        var skip = Assert.Single(log.Entries, e => e.Kind == SegmentLogKind.Skip);
        Assert.Equal(8, skip.Segment);
        Assert.Equal(70.02, skip.StartSeconds, 9);
        Assert.Equal(35, log.Entries.SkipWhile(e => e.Kind != SegmentLogKind.Skip).First(e => e.Kind == SegmentLogKind.Download).Segment);

        // The same stall, but what it cost in latency is gone: back within a segment of where the viewer joined.
        Assert.Equal(dvr.StallTime.Seconds, window.StallTime.Seconds, 9);
        Assert.Equal(6.04 + dvr.StallTime.Seconds, dvr.FinalLatencyToLive!.Value.Seconds, 6);
        Assert.InRange(window.FinalLatencyToLive!.Value.Seconds, 6, 8.04);
        // Every second of the content is either played or skipped, and fewer segments are fetched.
        Assert.Equal(120, window.PlayingTime.Seconds + window.SkippedMedia.Seconds, 6);
        Assert.Equal(60 - 27, window.Segments);
        Assert.True(window.SessionTime < dvr.SessionTime);
    }

    [Fact]
    public void A_playlist_window_changes_nothing_while_the_player_keeps_up()
    {
        var trace = Ladders.Constant(100);
        var live = PlayerOptions.Live(Ladders.Single(1, 2), AbrOptions.Fixed(0), Duration.FromSeconds(120));
        var dvr = PlayerSimulator.Run(live, trace, 3);
        var window = PlayerSimulator.Run(live with { LiveWindow = Duration.FromSeconds(6) }, trace, 3);
        Assert.Equal(0, window.LiveSkips);
        Assert.Equal(dvr.Segments, window.Segments);
        Assert.Equal(dvr.SessionTime, window.SessionTime);
        Assert.Equal(dvr.StallTime, window.StallTime);
        Assert.Equal(dvr.MeanLatencyToLive, window.MeanLatencyToLive);
        Assert.Equal(dvr.BytesDelivered, window.BytesDelivered);
    }

    [Theory]
    [InlineData(5.9)]
    [InlineData(double.PositiveInfinity)]
    public void A_playlist_window_shorter_than_the_join_latency_is_refused(double seconds)
    {
        var live = PlayerOptions.Live(Ladders.Single(1, 2), AbrOptions.Fixed(0), Duration.FromSeconds(120)) with { LiveWindow = Duration.FromSeconds(seconds) };
        Assert.Contains(live.Validate(), e => e.StartsWith("LiveWindow:", StringComparison.Ordinal));
    }

    [Fact]
    public void Vod_waits_for_room_in_the_buffer()
    {
        var options = PlayerOptions.Vod(Ladders.Single(1, 2), AbrOptions.Fixed(0), Duration.FromSeconds(120)) with { MaxBuffer = Duration.FromSeconds(10) };
        var setup = new SessionSetup(options);
        var trace = Ladders.Constant(100);
        var s = new SessionState();
        SessionEngine.Init(ref s, setup, trace, 0, 0, randomStart: false);
        for (var t = 0.1; t < 130; t += 0.1)
        {
            SessionEngine.Advance(ref s, setup, trace, t, double.PositiveInfinity);
            Assert.True(s.Buffer <= 10 + 1e-9, $"buffer {s.Buffer} s at {t:F1} s");
        }
    }

    [Fact]
    public void Startup_delay_beyond_patience_makes_viewers_leave()
    {
        // A 0.1 Mbps link and a 1 Mbps rung: the first 2 s segment takes 20 s; everyone leaves by 2 + 1/0.058 = 19.2 s.
        var options = PlayerOptions.Vod(Ladders.Single(1, 2), AbrOptions.Fixed(0), Duration.FromMinutes(5)) with
        {
            StartupBuffer = Duration.Zero,
            ViewerAbandonment = ViewerAbandonment.KrishnanSitaraman2012,
        };
        for (ulong seed = 0; seed < 20; seed++)
        {
            var r = PlayerSimulator.Run(options, Ladders.Constant(0.1), seed);
            Assert.Equal(SessionOutcome.Abandoned, r.Outcome);
            Assert.InRange(r.SessionTime.Seconds, 2, 19.25);
        }
    }
    [Fact]
    public void A_viewer_who_stalls_mid_download_leaves_when_the_stall_uses_up_their_patience()
    {
        // 1 Mbps rung, 2 s segments (2 Mbit), 0.5 Mbps link: each segment takes 4 s. Playback starts with the first
        // at 4 s and plays to 6 s; the second is in at 8 s (stall 6-8 s: 2 s); play resumes and runs dry at 10 s, in the
        // middle of the third download (8-12 s). With 3 s of stall patience the viewer leaves at 11 s, having stalled
        // 3 s, though no step of the session ends there: the download in flight would end at 12 s.
        var options = PlayerOptions.Vod(Ladders.Single(1, 2), AbrOptions.Fixed(0), Duration.FromMinutes(2)) with
        {
            StartupBuffer = Duration.FromSeconds(2),
            ViewerAbandonment = new ViewerAbandonment { StartupRatePerSecond = 0, StallGrace = Duration.FromSeconds(3), StallRatePerSecond = 1e9 },
        };
        for (ulong seed = 0; seed < 5; seed++)
        {
            var r = PlayerSimulator.Run(options, Ladders.Constant(0.5), seed);
            Assert.Equal(SessionOutcome.Abandoned, r.Outcome);
            Assert.Equal(4, r.StartupTime!.Value.Seconds, 9);
            Assert.Equal(2, r.StallCount);
            Assert.Equal(3, r.StallTime.Seconds, 6);
            Assert.Equal(11, r.SessionTime.Seconds, 6);
            Assert.Equal(2, r.Segments);
        }
    }

    [Theory]
    [InlineData(6.0)]
    [InlineData(1.0)]
    [InlineData(0.37)]
    public void How_time_is_cut_does_not_change_a_session(double step)
    {
        // A live session advanced to its end in one call and in steps (as the night advances its sampled players):
        // the same outcome, segments and switches, the same times to rounding; and nobody stays past their patience.
        var options = PlayerOptions.Live(BitrateLadder.Default, AbrOptions.DynamicDash, Duration.FromMinutes(20)) with
        {
            ViewerAbandonment = ViewerAbandonment.KrishnanSitaraman2012.WithStallPatience(Duration.FromSeconds(4)),
        };
        var setup = new SessionSetup(options);
        var traces = Enumerable.Range(0, 4).Select(k => SyntheticNetwork.Defaults[k].Generate((ulong)k + 1, Duration.FromMinutes(30))).ToArray();
        var abandoned = 0;
        for (var i = 0; i < 400; i++)
        {
            var trace = traces[i % traces.Length];
            var one = new SessionState();
            SessionEngine.Init(ref one, setup, trace, 7, i, randomStart: true);
            SessionEngine.Advance(ref one, setup, trace, double.PositiveInfinity, double.PositiveInfinity);
            var cut = new SessionState();
            SessionEngine.Init(ref cut, setup, trace, 7, i, randomStart: true);
            for (var t = step; cut.Running; t += step) SessionEngine.Advance(ref cut, setup, trace, t, double.PositiveInfinity);

            Assert.Equal(one.Outcome, cut.Outcome);
            Assert.Equal(one.Segments, cut.Segments);
            Assert.Equal(one.Switches, cut.Switches);
            Assert.Equal(one.StallCount, cut.StallCount);
            Assert.Equal(one.StallTime, cut.StallTime, 6);
            Assert.Equal(one.EndTime, cut.EndTime, 6);
            Assert.Equal(one.StartupTime, cut.StartupTime, 6);
            Assert.True(one.StallTime <= one.StallPatience + 1e-9, $"viewer {i} stalled {one.StallTime} s with {one.StallPatience} s of patience");
            if (one.Outcome == SessionOutcome.Abandoned && one.Started)
            {
                abandoned++;
                Assert.Equal(one.StallPatience, one.StallTime, 6); // they leave the moment it runs out
            }
        }
        Assert.InRange(abandoned, 20, 399); // the poor and fair networks stall enough to lose viewers
    }
}
