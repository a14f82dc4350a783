using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Population;

namespace Matchday.Simulation.Tests.Players;

public class DeviceCapTests
{
    [Theory]
    [InlineData("throughput")]
    [InlineData("bola")]
    [InlineData("dynamic")]
    public void A_device_never_plays_above_its_rung_however_fast_the_network(string abr)
    {
        var options = PlayerOptions.Reference(Ladders.Sabre, AbrOptions.Parse(abr), Duration.FromSeconds(300)) with
        {
            Devices = [new PlayerDevice("phone", 1, MaxRung: 2)],
        };
        var r = PlayerSimulator.Run(options, Ladders.Constant(50, latencyMs: 20));
        Assert.Equal(SessionOutcome.Completed, r.Outcome);
        Assert.All(r.RungShare.Skip(3), share => Assert.Equal(0, share.Value));
        Assert.True(r.RungShare[2].Value > 0.9, r.RungShare[2].ToString());
    }

    [Fact]
    public void Viewers_draw_devices_by_weight_deterministically()
    {
        // Half the viewers on a lowest-rung device, half uncapped, all on a fast network.
        var player = PlayerOptions.Live(Ladders.Sabre, AbrOptions.Throughput, Duration.FromMinutes(5)) with
        {
            Devices = [new PlayerDevice("feature-phone", 1, 0), new PlayerDevice("tv", 1, Ladders.Sabre.Rungs.Length - 1)],
        };
        var cohorts = ImmutableArray.Create(NetworkCohort.FromTraces("fast", 1, [Ladders.Constant(100, latencyMs: 10)]));
        PopulationResult Run(int threads) => PopulationSimulator.Run(new PopulationOptions { Viewers = 2000, Player = player, Cohorts = cohorts, Seed = 3, MaxDegreeOfParallelism = threads });
        var one = Run(1);
        var two = Run(2);
        var bottom = one.Overall.RungShare[0].Value;
        Assert.InRange(bottom, 0.45, 0.55);
        Assert.Equal(one.Overall.RungShare.AsEnumerable(), two.Overall.RungShare.AsEnumerable());
    }

    [Fact]
    public void Scenario_devices_map_to_the_highest_rung_within_their_bitrate()
    {
        var s = Presets.Load();
        var (ladder, _) = PlayerRunner.FromScenario(s, 1, Duration.FromMinutes(10));
        var devices = PlayerRunner.DevicesOf(s, ladder);
        // mobile 1.2 Mbps -> 480p (rung 2), standard 2.4 -> 720p (3), hd 4.8 -> 1080p (4), uhd 12 -> 2160p (6)
        Assert.Equal([2, 3, 4, 6], devices.Select(d => d.MaxRung));
        Assert.Equal([0.35, 0.45, 0.15, 0.05], devices.Select(d => Math.Round(d.Weight, 12)));
    }

    private static PlayersRun DeviceRun(PlayerProfile? player, string? abr = null) => new()
    {
        Viewers = 400,
        Seed = 5,
        Abr = abr,
        WatchTime = Duration.FromMinutes(5),
        Devices = [new PlayerDevice("phone", 0.6, 3) { Player = player }, new PlayerDevice("tv", 0.4, int.MaxValue) { Player = player }],
        Cohorts = [NetworkCohort.FromTraces("fcc-sd", 1, TestTraces.LoadSet(RepoPaths.Samples("fcc-sd")))],
        KeepSessions = true,
    };

    [Theory] // Regression: --abr hls.js (the scenario's spelling) was unknown, and --abr shaka ran Shaka's rule with the mode's buffers.
    [InlineData("exoplayer")]
    [InlineData("hls.js")]
    [InlineData("SHAKA")]
    [InlineData("dash.js")]
    [InlineData("dash.js-ll")]
    [InlineData("avplayer")]
    public void Naming_a_player_runs_everyone_as_a_device_running_that_player(string name)
    {
        var profile = PlayerProfile.Named(name)!;
        var byName = PlayerRunner.RunPopulation(DeviceRun(null, name));
        var byScenario = PlayerRunner.RunPopulation(DeviceRun(profile));
        Assert.Equal(byScenario.Sessions.ToArray(), byName.Sessions.ToArray());
        Assert.All(byName.Devices, d => Assert.Equal(profile.Name, d.Player));
    }

    [Fact]
    public void An_algorithm_name_keeps_the_modes_buffers_and_a_players_name_brings_its_own()
    {
        var run = DeviceRun(null) with { Devices = [] };
        var mode = PlayerRunner.PlayerFor(run with { Abr = "exoplayer" });
        var algorithm = PlayerRunner.PlayerFor(run with { Abr = "dynamicdash" });
        // ExoPlayer's DefaultLoadControl fills 50 s (+ the segment in flight) and starts at 1 s; the live mode's default does neither.
        Assert.Equal(50 + BitrateLadder.Default.SegmentDuration.Seconds, mode.MaxBuffer.Seconds, 9);
        Assert.Equal(1, mode.StartupBuffer.Seconds, 9);
        Assert.NotEqual(mode.MaxBuffer, algorithm.MaxBuffer);
        Assert.Equal(AbrAlgorithm.HlsJs, PlayerRunner.AbrFor(run with { Abr = "hlsjs" }).Algorithm);
        Assert.Equal(3, PlayerRunner.AbrFor(run with { Abr = "shaka@cap:3" }).MaxRung);
    }

    [Fact] // Regression: a device's own player kept its buffer goal whatever --max-buffer said.
    public void A_given_max_buffer_is_every_players_buffer()
    {
        var max = Duration.FromSeconds(20);
        var options = PlayerRunner.PlayerFor(DeviceRun(PlayerProfile.ExoPlayer) with { MaxBuffer = max });
        Assert.All(options.Devices, d => Assert.Equal(max, d.Player!.ApplyTo(options with { Devices = [] }).MaxBuffer));
        var without = PlayerRunner.PlayerFor(DeviceRun(PlayerProfile.ExoPlayer));
        Assert.All(without.Devices, d => Assert.NotEqual(max, d.Player!.ApplyTo(without with { Devices = [] }).MaxBuffer));
    }

    [Fact]
    public void Every_player_kind_a_scenario_names_is_a_player_under_the_same_word()
    {
        var kinds = Enum.GetValues<Matchday.Core.Scenarios.PlayerKind>();
        Assert.Equal(kinds, Matchday.Core.Scenarios.PlayerKindWords.All.Select(k => k.Kind));
        Assert.Equal(kinds.Length, PlayerProfile.All.Select(p => p.Name).Distinct().Count());
        foreach (var kind in kinds)
        {
            var word = Matchday.Core.Scenarios.PlayerKindWords.Of(kind);
            Assert.Equal(word, PlayerProfile.Of(kind).Name);
            Assert.Same(PlayerProfile.Of(kind), PlayerProfile.Named(word.ToUpperInvariant()));
        }
    }

    [Fact] // Regression: --max-buffer was held to the mode's two-segment start even when every device's player starts at one.
    public void The_deepest_start_is_that_of_the_players_the_run_runs()
    {
        var seg = BitrateLadder.Default.SegmentDuration;
        // ExoPlayer starts at 1 s and resumes at 2 s (DefaultLoadControl); hls.js at the first segment in.
        var mixed = DeviceRun(null) with { Devices = [new PlayerDevice("phone", 0.6, 3) { Player = PlayerProfile.ExoPlayer }, new PlayerDevice("pc", 0.4, 9) { Player = PlayerProfile.HlsJs }] };
        Assert.Equal((Duration.FromSeconds(2), "phone (exoplayer)"), PlayerRunner.DeepestStart(mixed));
        Assert.Equal((Duration.Zero, "shaka"), PlayerRunner.DeepestStart(mixed with { Abr = "shaka" }));
        // A device without a player of its own runs the mode's: two segments before it plays, live.
        var modes = mixed with { Devices = [.. mixed.Devices, new PlayerDevice("box", 0, 9)] };
        Assert.Equal((seg * 2, "dynamicdash"), PlayerRunner.DeepestStart(modes));

        // A buffer of 2 s + a segment runs the mixed audience; the mode's own thresholds no longer get in the way...
        var tight = mixed with { MaxBuffer = Duration.FromSeconds(2) + seg };
        Assert.Empty(PlayerRunner.PlayerFor(tight).Validate());
        Assert.True(PlayerRunner.RunPopulation(tight).SegmentDecisions > 0);
        // ...but still bind a device running them.
        Assert.Contains(PlayerRunner.PlayerFor(modes with { MaxBuffer = tight.MaxBuffer }).Validate(), e => e.StartsWith("StartupBuffer:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("dashjs", "or a player, with its buffers: exoplayer, hls.js, shaka, dash.js, dash.js-ll, avplayer")]
    [InlineData("shaka@cap:x", "ABR 'shaka@cap:x': expected one of")]
    public void A_name_that_is_neither_an_algorithm_nor_a_player_lists_both(string name, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => PlayerRunner.AbrFor(new PlayersRun { Abr = name }));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Bad_device_mixes_are_rejected()
    {
        var bad = PlayerOptions.Live(Ladders.Sabre, AbrOptions.DynamicDash, Duration.FromMinutes(1)) with { Devices = [new PlayerDevice("x", -1, 0), new PlayerDevice("y", 1, -2)] };
        var errors = bad.Validate();
        Assert.Contains(errors, e => e.StartsWith("Devices[0].Weight", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Devices[1].MaxRung", StringComparison.Ordinal));
    }
}
