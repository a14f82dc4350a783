using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;

namespace Matchday.Simulation.Tests.Players;

/// <summary>Sabre manifests as ladders, the per-segment log, and Sabre's score and rampup metrics on hand-worked sessions.</summary>
public class InputsAndLogTests
{
    private const string Manifest = """
        {
            "segment_duration_ms": 2000,
            "bitrates_kbps": [ 500, 1000 ],
            "segment_sizes_bits": [
                [ 900000, 1800000 ],
                [ 1100000, 2200000 ]
            ]
        }
        """;

    [Fact]
    public void A_Sabre_manifest_is_a_ladder_with_per_segment_sizes()
    {
        var ladder = ManifestParser.Parse(Manifest, "m.json");
        Assert.Equal(2, ladder.SegmentDuration.Seconds);
        Assert.Equal([500e3, 1000e3], ladder.Rungs.Select(r => r.BitsPerSecond));
        Assert.Equal(2, ladder.SegmentSizes.Length);
        Assert.Equal(2_200_000, ladder.SegmentSizes[1][1].Bits);
        Assert.Empty(ladder.Validate());
    }

    [Theory]
    [InlineData("""{"segment_duration_ms": 2000, "bitrates_kbps": [500, 1000]}""", 1, 1, "missing field 'segment_sizes_bits'")]
    [InlineData("{\"segment_duration_ms\": 2000,\n \"bitrates_kbps\": [1000, 500],\n \"segment_sizes_bits\": [[1, 2]]}", 2, 26, "bitrates_kbps[1]: bitrates must increase")]
    [InlineData("{\"segment_duration_ms\": 2000,\n \"bitrates_kbps\": [500, 1000],\n \"segment_sizes_bits\": [[1, 2],\n [3]]}", 4, 2, "segment_sizes_bits[1]: expected 2 sizes, one per rung, found 1")]
    [InlineData("{\"segment_duration_ms\": -5, \"bitrates_kbps\": [500], \"segment_sizes_bits\": [[1]]}", 1, 25, "segment_duration_ms: expected a positive number")]
    [InlineData("{\"segment_duration_ms\": 2000, \"bitrates_kbps\": [500], \"segment_sizes_bits\": [[\"x\"]]}", 1, 79, "segment_sizes_bits[0][0]: expected a positive size")]
    // Regressions: each was accepted and gave nonsense (20,000 stalls, a 64,000 s stall in a 4.5 h watch, 100,000,000 Ebps, hours of work).
    [InlineData("{\"segment_duration_ms\": 1e-300, \"bitrates_kbps\": [500], \"segment_sizes_bits\": [[1]]}", 1, 25, "segment_duration_ms: must be from 100 ms to 60 s")]
    [InlineData("{\"segment_duration_ms\": 1, \"bitrates_kbps\": [500], \"segment_sizes_bits\": [[1]]}", 1, 25, "segment_duration_ms: must be from 100 ms to 60 s")]
    [InlineData("{\"segment_duration_ms\": 2000, \"bitrates_kbps\": [500, 1e23], \"segment_sizes_bits\": [[1, 2]]}", 1, 54, "bitrates_kbps[1]: at most 1 Gbit/s")]
    [InlineData("{\"segment_duration_ms\": 2000, \"bitrates_kbps\": [500], \"segment_sizes_bits\": [[1e11]]}", 1, 79, "segment_sizes_bits[0][0]: 100000000000 bits is more than 10 times the rung's nominal size (500 kbit/s x 2000 ms = 1000000 bits)")]
    [InlineData("{\"segment_duration_ms\": 2000, \"segment_duration_ms\": 4000, \"bitrates_kbps\": [500], \"segment_sizes_bits\": [[1]]}", 1, 31, "'segment_duration_ms' is given twice")]
    [InlineData("[1, 2]", 1, 1, "expected a manifest object")]
    // Regressions: sizes of 1e-300 bits were accepted (instant downloads); an empty file said only "malformed JSON".
    [InlineData("{\"segment_duration_ms\": 2000, \"bitrates_kbps\": [500], \"segment_sizes_bits\": [[1e-300]]}", 1, 79, "segment_sizes_bits[0][0]: 1E-300 bits is less than 1 bit; sizes are in bits")]
    [InlineData("{\"segment_duration_ms\": 2000, \"bitrates_kbps\": [500, 1000], \"segment_sizes_bits\": [[1000, 2000],\n [900, 0.5]]}", 2, 8, "segment_sizes_bits[1][1]: 0.5 bits is less than 1 bit")]
    [InlineData("", 1, 1, "the manifest is empty")]
    [InlineData(" \n\t\r\n", 1, 1, "the manifest is empty")]
    public void Manifest_errors_are_located(string text, int line, int column, string problem)
    {
        var e = Assert.Throws<TraceFormatException>(() => ManifestParser.Parse(text, "m.json"));
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"m.json:{line}:{column}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_log_lines_up_with_Sabre_verbose_output_on_a_hand_worked_session()
    {
        // One rung of 1 Mbit/s, 2 s segments of 2 Mbit, a constant 2 Mbit/s with 100 ms latency, 8 s buffer, 3 segments:
        // each download takes 0.1 + 2 / 2 = 1.1 s. Segment 0: [0-1100] bl=0->0->2000. Segment 1: starts at 1.1 s,
        // plays 1.1 s meanwhile: bl=2000->900->2900. Segment 2: [2200-3300] bl=2900->1800->3800.
        var ladder = Ladders.Single(1, 2);
        var options = PlayerOptions.Reference(ladder, AbrOptions.Fixed(0), Duration.FromSeconds(6)) with { MaxBuffer = Duration.FromSeconds(8) };
        var log = new SessionLog();
        PlayerSimulator.Run(options, Ladders.Constant(2, latencyMs: 100), null, log);
        var d = log.Entries.Where(e => e.Kind == SegmentLogKind.Download).ToList();
        Assert.Equal(3, d.Count);
        Assert.Equal([0, 1.1, 2.2], d.Select(e => Math.Round(e.StartSeconds, 9)));
        Assert.Equal([1.1, 2.2, 3.3], d.Select(e => Math.Round(e.EndSeconds, 9)));
        Assert.All(d, e => Assert.Equal(0.1, e.TtfbSeconds, 9));
        Assert.Equal([0, 2, 2.9], d.Select(e => Math.Round(e.BufferBeforeSeconds, 9)));
        Assert.Equal([0, 0.9, 1.8], d.Select(e => Math.Round(e.BufferAfterDownloadSeconds, 9)));
        Assert.Equal([2, 2.9, 3.8], d.Select(e => Math.Round(e.BufferAfterSeconds, 9)));
        using var w = new StringWriter();
        log.Write(w);
        var lines = w.ToString().Split('\n');
        Assert.Equal(SessionLog.Header, lines[0]);
        Assert.Equal("download,1,0,1100,2200,2000000,2000000,1100,100,1000,2000,900,2900,0,", lines[2]);
    }

    [Fact]
    public void An_abandonment_and_a_wait_are_logged_as_their_own_lines()
    {
        var trace = Ladders.Steps((30, 50), (30, 0.2));
        var options = PlayerOptions.Reference(Ladders.Sabre, AbrOptions.Throughput with { Abandonment = true }, Duration.FromSeconds(120));
        var log = new SessionLog();
        var r = PlayerSimulator.Run(options, trace, null, log);
        Assert.Equal(r.AbandonedDownloads, log.Entries.Count(e => e.Kind == SegmentLogKind.Abandoned));
        Assert.True(r.AbandonedDownloads > 0);
        Assert.Contains(log.Entries, e => e.Kind == SegmentLogKind.Wait); // 50 Mbit/s fills the 25 s buffer
        var a = log.Entries.First(e => e.Kind == SegmentLogKind.Abandoned);
        Assert.True(a.AbandonedTo >= 0 && a.AbandonedTo < a.Rung && a.DownloadedBits < a.SizeBits);
    }

    [Fact]
    public void Time_average_score_and_rampup_follow_Sabre_definitions_by_hand()
    {
        // Two rungs 1 and 2 Mbit/s, 2 s CBR segments, 4 segments, constant 10 Mbit/s without latency, throughput rule.
        // Segment 0 at rung 0 (Sabre's first quality) takes 0.2 s; then rung 1 (2 Mbit/s <= 0.9 x 10): 0.4 s each.
        // Session: 0.2 + 3 x 0.4 = 1.4 s of downloads, then the 2 s segments play out: playback from 0.2 s to 8.2 s.
        // Utility ln(b / b0): 0 + 3 ln 2; no stalls; score = 3 ln 2 x 2 / 8.2. The sustainable rung at 10 Mbit/s is 1:
        // segment 1 starts playing at 0.2 + 2 = 2.2 s, the rampup time.
        var ladder = BitrateLadder.Create(Duration.FromSeconds(2), Bitrate.FromMegabits(1), Bitrate.FromMegabits(2));
        var r = PlayerSimulator.Run(PlayerOptions.Reference(ladder, AbrOptions.Throughput, Duration.FromSeconds(8)), Ladders.Constant(10));
        Assert.Equal(8.2, r.SessionTime.Seconds, 9);
        Assert.Equal(3 * Math.Log(2), r.PlayedUtility, 12);
        Assert.Equal(3 * Math.Log(2) * 2 / 8.2, r.TimeAverageScore, 12);
        Assert.Equal(2.2, r.RampupTime!.Value.Seconds, 9);
        // With a rampup threshold the network cannot matter: rung 0 qualifies at once (segment 0 starts at 0.2 s).
        var t = PlayerSimulator.Run(PlayerOptions.Reference(ladder, AbrOptions.Throughput, Duration.FromSeconds(8)) with { RampupThreshold = 0 }, Ladders.Constant(10));
        Assert.Equal(0.2, t.RampupTime!.Value.Seconds, 9);
    }

    [Fact]
    public void Rebuffering_lowers_the_score_by_gamma_p_per_segment_of_stall()
    {
        // One rung of 1 Mbit/s, 2 s segments over 0.5 Mbit/s: each takes 4 s, so after the first every segment stalls 2 s.
        // 3 segments: downloads end at 4, 8, 12 s; playback 4-6, stall 6-8, 8-10, stall 10-12, 12-14: 4 s of stall, session 14 s.
        // Utility 0 (one rung): score = (0 - 5 x 4 / 2) x 2 / 14 = -20 / 14.
        var r = PlayerSimulator.Run(PlayerOptions.Reference(Ladders.Single(1, 2), AbrOptions.Fixed(0), Duration.FromSeconds(6)), Ladders.Constant(0.5));
        Assert.Equal(4, r.StallTime.Seconds, 9);
        Assert.Equal(-20.0 / 14, r.TimeAverageScore, 12);
    }
}
