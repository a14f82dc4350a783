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

    [Fact]
    public void Bad_device_mixes_are_rejected()
    {
        var bad = PlayerOptions.Live(Ladders.Sabre, AbrOptions.DynamicDash, Duration.FromMinutes(1)) with { Devices = [new PlayerDevice("x", -1, 0), new PlayerDevice("y", 1, -2)] };
        var errors = bad.Validate();
        Assert.Contains(errors, e => e.StartsWith("Devices[0].Weight", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Devices[1].MaxRung", StringComparison.Ordinal));
    }
}
