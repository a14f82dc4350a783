using Matchday.Core.Scenarios.Reading;
using Matchday.Testing;
using Matchday.Simulation.Events;

namespace Matchday.Cli.Tests;

/// <summary>
/// Published events reproduced from their stated inputs (docs/simulation.md, "Calibration"). Each example's night runs
/// through the one application function (<see cref="NightSetup.Compile"/>, then <see cref="EventSimulator.Run"/>) and
/// its simulated delivered peak egress is held within 15% of the published figure, and its rebuffering ratio within a
/// factor of two where one was published; the published figures are read from the file's <c>reported:</c> section.
/// An event the model misses from honest inputs is listed in <see cref="KnownMisses"/> with the ratio the documentation
/// reports: it must still miss by that ratio (within 2%), so the documented figures stay true, and a model that comes to
/// reproduce it fails here until the miss is struck off and the documentation says so.
/// </summary>
public sealed class CalibrationTests
{
    /// <summary>The calibration examples: events with published figures, every input cited in the file.</summary>
    public static TheoryData<string> Events => new()
    {
        "euro-2024-england-serbia-bbc-bt.yaml",
        "ipl-2018-final-hotstar.yaml",
        "superbowl-lv-cbs.yaml",
    };

    private const double EgressTolerance = 0.15;
    private const double RebufferingFactor = 2;

    /// <summary>(event, figure) → simulated / published, as docs/simulation.md reports it.</summary>
    private static readonly Dictionary<(string Event, string Figure), double> KnownMisses = new()
    {
        [("euro-2024-england-serbia-bbc-bt.yaml", "peak_egress")] = 1.32,
        [("ipl-2018-final-hotstar.yaml", "peak_egress")] = 1.99,
        [("superbowl-lv-cbs.yaml", "peak_egress")] = 1.49,
        [("superbowl-lv-cbs.yaml", "rebuffering_ratio")] = 0,
    };

    private static (Core.Scenarios.Scenario Scenario, EventResult Night) Night(string file)
    {
        var read = ScenarioReader.Read(File.ReadAllText(RepoPaths.Example(file)), file);
        Assert.True(read.Ok, string.Join("\n", read.Errors));
        var night = NightSetup.Compile(read.Scenario!, new NightRequest());
        Assert.True(night.Ok, string.Join("\n", night.Errors));
        return (read.Scenario!, EventSimulator.Run(night.Model!));
    }

    private static readonly Dictionary<string, (Core.Scenarios.Scenario, EventResult)> Nights = [];

    private static (Core.Scenarios.Scenario Scenario, EventResult Night) Cached(string file)
    {
        lock (Nights)
        {
            if (!Nights.TryGetValue(file, out var n)) Nights[file] = n = Night(file);
            return n;
        }
    }

    private static void Holds(string file, string figure, double simulated, double published, bool within)
    {
        var ratio = simulated / published;
        if (KnownMisses.TryGetValue((file, figure), out var documented))
        {
            Assert.False(within, $"{file} {figure}: simulated {simulated:G4} against the published {published:G4} ({ratio:0.00}x) is now within the band: strike it off KnownMisses and update docs/simulation.md");
            Assert.True(Math.Abs(ratio - documented) <= 0.02 * Math.Max(1, documented), $"{file} {figure}: {ratio:0.000}x, docs/simulation.md says {documented}x");
            return;
        }
        Assert.True(within, $"{file} {figure}: simulated {simulated:G4} against the published {published:G4} ({ratio:0.00}x)");
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Simulated_peak_egress_is_within_15_percent_of_the_published(string file)
    {
        var (scenario, night) = Cached(file);
        var published = scenario.Reported.PeakEgress;
        Assert.True(published is not null, $"{file} has no reported.peak_egress");
        Assert.Equal(scenario.Reported.PeakViewers, scenario.Tournament.Stages.Max(s => s.PeakViewers));
        var simulated = night.Series.Egress.Max();
        var ratio = simulated / published.Value.BitsPerSecond;
        Holds(file, "peak_egress", simulated, published.Value.BitsPerSecond, Math.Abs(ratio - 1) <= EgressTolerance);
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Simulated_rebuffering_is_within_a_factor_of_two_of_the_published(string file)
    {
        var (scenario, night) = Cached(file);
        if (scenario.Reported.RebufferingRatio is not { } published) return;
        var simulated = night.Slos.Single(v => v.Objective == SloObjective.Rebuffering && v.Source == VerdictSource.Fleet).Measured;
        Holds(file, "rebuffering_ratio", simulated, published.Value,
            simulated >= published.Value / RebufferingFactor && simulated <= published.Value * RebufferingFactor);
    }

    [Fact]
    public void The_egress_is_predicted_from_ladder_devices_and_networks_not_echoed()
    {
        // BBC on BT: one device at the top rung (5.166 Mbps); Ofcom's classes at 0.9 x their typical throughput:
        // below 10 Mbps: 10 / 2 = 5 -> 4.5 Mbps -> 540p50 at 2.908 Mbps; 10-30: sqrt(300) = 17.3 -> 5.166; 30+: 60 -> 5.166.
        // 298k x (3% x 2.908 + 97% x 5.166) = 298k x 5.0983 Mbps = 1.5193 Tbps, against the published 1.15 Tbps.
        var (scenario, night) = Cached("euro-2024-england-serbia-bbc-bt.yaml");
        Assert.Equal(1.5193e12, night.Series.Egress.Max(), 1.5193e12 * 1e-3);
        // The same figure, derived once in Core, is what the plan shows and the audit compares the reported peak with.
        Assert.Equal(5.0983e6, Core.Planning.Planner.Build(scenario).Abr.Played.BitsPerSecond, 5.0983e6 * 1e-4);
        // Not the reported figure fed back: halving the reported peak leaves the night's egress where it was.
        var read = ScenarioReader.Read(File.ReadAllText(RepoPaths.Example("euro-2024-england-serbia-bbc-bt.yaml")), "e.yaml",
            [Override.Parse("reported.peak_egress=575 Gbps").Value!]);
        var other = EventSimulator.Run(NightSetup.Compile(read.Scenario!, new NightRequest()).Model!);
        Assert.Equal(night.Series.Egress.Max(), other.Series.Egress.Max());
    }
}
