using Matchday.Core.Units;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Engine;

namespace Matchday.Simulation.Tests.Players;

public class AbrTests
{
    private static PlayerOptions Reference(AbrOptions abr, double seconds = 300) => PlayerOptions.Reference(Ladders.Sabre, abr, Duration.FromSeconds(seconds));

    public static TheoryData<string> Adaptive => ["throughput", "bola", "dynamic"];

    [Theory]
    [MemberData(nameof(Adaptive))]
    public void Constant_high_throughput_reaches_the_top_rung_without_stalls(string abr)
    {
        var r = PlayerSimulator.Run(Reference(AbrOptions.Parse(abr)), Ladders.Constant(50, latencyMs: 20));
        Assert.Equal(0, r.StallCount);
        Assert.True(r.RungShare[^1].Value > 0.9, $"{abr}: top rung share {r.RungShare[^1]}");
    }

    [Fact]
    public void Throughput_rule_picks_the_highest_rung_under_the_safety_scaled_rate()
    {
        // 1.2 Mbps x 0.9 = 1.08 Mbps: the highest rung below is 991 kbps (rung 4); 1427 kbps is never chosen.
        var r = PlayerSimulator.Run(Reference(AbrOptions.Throughput), Ladders.Constant(1.2));
        Assert.Equal(0, r.StallCount);
        Assert.Equal(0, r.RungShare[5].Value);
        Assert.True(r.RungShare[4].Value > 0.9, $"rung 4 share {r.RungShare[4]}");
    }

    [Theory]
    [MemberData(nameof(Adaptive))]
    public void Constant_low_throughput_settles_low_without_stalls(string abr)
    {
        var r = PlayerSimulator.Run(Reference(AbrOptions.Parse(abr)), Ladders.Constant(1.2));
        Assert.Equal(0, r.StallCount);
        Assert.InRange(r.MeanBitrate!.Value.Megabits, 0.7, 1.2);
        Assert.Equal(0, r.RungShare[6].Value + r.RungShare[7].Value + r.RungShare[8].Value + r.RungShare[9].Value);
    }

    [Theory]
    [MemberData(nameof(Adaptive))]
    public void A_sudden_drop_brings_the_quality_down(string abr)
    {
        // 20 Mbps for 60 s, then 1 Mbps: 60 s after the drop every algorithm fetches at most 991 kbps.
        var trace = Ladders.Steps((60, 20), (100000, 1));
        var options = Reference(AbrOptions.Parse(abr), 600);
        var setup = new SessionSetup(options);
        var s = new SessionState();
        SessionEngine.Init(ref s, setup, trace, 0, 0, randomStart: false);
        SessionEngine.Advance(ref s, setup, trace, 50, double.PositiveInfinity);
        Assert.True(s.LastQuality >= 8, $"{abr}: before the drop at rung {s.LastQuality}");
        SessionEngine.Advance(ref s, setup, trace, 150, double.PositiveInfinity);
        Assert.True(s.LastQuality <= 4, $"{abr}: 90 s after the drop still at rung {s.LastQuality}");
    }

    [Fact]
    public void Bola_waits_when_the_buffer_is_beyond_its_target_and_throughput_does_not()
    {
        // BOLA's buffer target for this ladder is max(10 s + 2 s x 10, 25 s) = 30 s > the 25 s cap, so below the top
        // rung it never waits; at the top rung it fills to the cap. The throughput rule just fills to the cap.
        var bola = PlayerSimulator.Run(Reference(AbrOptions.BolaE), Ladders.Constant(50));
        var tput = PlayerSimulator.Run(Reference(AbrOptions.Throughput), Ladders.Constant(50));
        Assert.Equal(bola.SessionTime.Seconds, tput.SessionTime.Seconds, 0.5);
    }

    [Fact]
    public void Capped_variant_never_exceeds_its_rung_and_fixed_never_moves()
    {
        var capped = PlayerSimulator.Run(Reference(AbrOptions.Parse("dynamic@cap:5")), Ladders.Constant(50));
        Assert.Equal(0, capped.RungShare.Skip(6).Sum(r => r.Value));
        Assert.True(capped.RungShare[5].Value > 0.9);

        var fixedRung = PlayerSimulator.Run(Reference(AbrOptions.Fixed(3)), Ladders.Constant(50));
        Assert.Equal(1, fixedRung.RungShare[3].Value);
        Assert.Equal(0, fixedRung.Switches);
    }

    [Fact]
    public void Abandonment_gives_up_a_download_the_network_can_no_longer_carry()
    {
        // 50 Mbps for 40 s then 0.5 Mbps: the top-rung download in flight at the drop is abandoned by the throughput rule.
        var trace = Ladders.Steps((40, 50), (100000, 0.5));
        var on = PlayerSimulator.Run(Reference(AbrOptions.Throughput with { Abandonment = true }, 120), trace);
        var off = PlayerSimulator.Run(Reference(AbrOptions.Throughput, 120), trace);
        Assert.True(on.AbandonedDownloads >= 1);
        Assert.True(on.BytesWasted.Bytes > 0);
        Assert.Equal(0, off.AbandonedDownloads);
    }

    [Theory]
    [InlineData("throughput", AbrAlgorithm.Throughput, null)]
    [InlineData("BOLA", AbrAlgorithm.Bola, null)]
    [InlineData("bolae", AbrAlgorithm.BolaE, null)]
    [InlineData("dynamic", AbrAlgorithm.Dynamic, null)]
    [InlineData("dynamicdash", AbrAlgorithm.DynamicDash, null)]
    [InlineData("dynamicdash@cap:3", AbrAlgorithm.DynamicDash, 3)]
    [InlineData("bba", AbrAlgorithm.Bba, null)]
    [InlineData("exo", AbrAlgorithm.ExoPlayer, null)]
    [InlineData("hlsjs", AbrAlgorithm.HlsJs, null)]
    [InlineData("shaka", AbrAlgorithm.Shaka, null)]
    [InlineData("l2a", AbrAlgorithm.L2A, null)]
    [InlineData("avplayer", AbrAlgorithm.AvPlayer, null)]
    [InlineData("fixed:2", AbrAlgorithm.Fixed, null)]
    public void Names_parse(string name, AbrAlgorithm algorithm, int? cap)
    {
        var o = AbrOptions.Parse(name);
        Assert.Equal(algorithm, o.Algorithm);
        Assert.Equal(cap, o.MaxRung);
        Assert.Equal(o, AbrOptions.Parse(o.Name));
    }

    [Fact]
    public void Unknown_name_is_an_argument_error_listing_the_choices()
    {
        var e = Assert.Throws<ArgumentException>(() => AbrOptions.Parse("mpc"));
        Assert.Equal("name", e.ParamName);
        Assert.Contains("throughput, bola, bolae, dynamic, dynamicdash, bba, fixed:N, exoplayer, hlsjs, shaka, l2a, avplayer", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dyn", "dynamic or dynamicdash")]
    [InlineData("bol", "bola or bolae")]
    public void Ambiguous_prefix_is_an_error_naming_the_candidates(string name, string candidates)
    {
        var e = Assert.Throws<ArgumentException>(() => AbrOptions.Parse(name));
        Assert.StartsWith($"ambiguous ABR '{name}': could be {candidates}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tput")]
    [InlineData("fixed")]
    [InlineData("fixed:x")]
    [InlineData("bola@cap")]
    [InlineData("")]
    public void Names_that_are_not_algorithms_are_errors(string name) =>
        Assert.Throws<ArgumentException>(() => AbrOptions.Parse(name));
}
