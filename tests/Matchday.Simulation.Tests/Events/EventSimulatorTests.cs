using System.Globalization;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Events;
using Matchday.Simulation.Runbooks;
using Xunit.Abstractions;

namespace Matchday.Simulation.Tests.Events;

/// <summary>The built-in World Cup final, simulated at full scale (1.68B peak), second by second.</summary>
public class EventSimulatorTests(ITestOutputHelper output)
{
    private static readonly Scenario WorldCup = Presets.Load();

    private static FaultSpec Fault(string spec) => FaultSpecParser.Parse(spec).Value ?? throw new ArgumentException(spec);

    private static readonly Lazy<EventResult> Clean = new(() => EventSimulator.Run(WorldCup));
    private static readonly Lazy<EventResult> SeedCapacity = new(() => EventSimulator.Run(WorldCup, new EventOptions { Capacity = EdgeCapacitySource.Scenario }));
    private static readonly Lazy<EventResult> AkamaiEu = new(() => EventSimulator.Run(WorldCup, new EventOptions { Faults = [Fault("cdn-outage provider=akamai region=europe at=67m for=10m")] }));
    private static readonly Lazy<EventResult> FailOpen = new(() => EventSimulator.Run(WorldCup, new EventOptions { Faults = [Fault("cache-fail-open provider=fastly at=60m for=15m")] }));

    private void Print(EventResult r)
    {
        var s = r.Summary;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"availability {s.Availability}, budget {s.BudgetConsumed}, rebuffer {s.RebufferingRatio}, worst {s.WorstMoment.NotPlaying} at {s.WorstMoment.At}"));
        foreach (var v in s.Slos) output.WriteLine($"  {v.Name}: {v.Observed} vs {v.Target} {(v.Met ? "met" : "MISSED")}");
        foreach (var b in s.Bottlenecks) output.WriteLine($"  bottleneck {b}");
        foreach (var e in r.Incidents.Take(40)) output.WriteLine($"  {e.At} [{e.Kind}] {e.Text}");
    }

    [Fact]
    public void Simulates_the_whole_final_at_full_scale()
    {
        var r = Clean.Value;
        // The final's timeline: 30 + 45 + 15 + 45 + 30 + 15 = 180 minutes, one tick per second, both ends included.
        Assert.Equal(180 * 60 + 1, r.Ticks.Length);
        Assert.Equal(1.68e9, r.Summary.PeakDemand, 1e7);
        Assert.Equal(20, r.Edges.Length); // 5 regions × 4 CDNs
    }

    [Fact]
    public void With_the_plans_capacity_and_no_faults_every_SLO_holds()
    {
        var r = Clean.Value;
        Print(r);
        Assert.All(r.Summary.Slos, v => Assert.True(v.Met, $"{v.Name}: {v.Observed} against {v.Target}"));
        Assert.Empty(r.Summary.Bottlenecks);
        Assert.DoesNotContain(r.Incidents, e => e.Kind is "action" or "fault");
    }

    [Fact]
    public void With_the_seeds_regional_capacities_it_collapses_and_says_where()
    {
        var r = SeedCapacity.Value;
        Print(r);
        Assert.True(r.Summary.Availability.Value < 0.5, $"availability {r.Summary.Availability}");
        Assert.Contains(r.Summary.Slos, v => v.Name == "availability" && !v.Met);
        Assert.Contains(r.Summary.Slos, v => v.Name == "rebuffering" && !v.Met);
        // Every region is short: the seed's 3.2 Tbps in total against ~5 Pbps of demand.
        foreach (var region in WorldCup.Regions) Assert.Contains(r.Summary.Bottlenecks, b => b.StartsWith(region.Name + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void Viewers_are_conserved_every_tick_through_every_kind_of_fault()
    {
        var faults = new[]
        {
            "traffic-surge factor=1.3 region=europe at=20m for=5m",
            "auth-degradation capacity=20% at=25m for=5m",
            "encoder-failure at=40m",
            "cdn-outage provider=cloudflare at=50m for=5m",
            "cache-fail-open provider=cloudfront region=asia-pacific at=90m for=5m",
            "origin-region-loss region=us-east at=120m for=20m",
        }.Select(Fault).ToArray();
        var r = EventSimulator.Run(WorldCup, new EventOptions { Faults = [.. faults], GoalsPerHour = 2, Seed = 7 });
        Print(r);
        Assert.All(r.Ticks, t => Assert.True(Math.Abs(t.ConservationError) <= 1e-6 * t.Demand,
            string.Create(CultureInfo.InvariantCulture, $"{t.Time}: demand {t.Demand} != playing {t.Playing} + stalled {t.Stalled} + joining {t.Joining} + failed {t.Failed} + abandoned {t.Abandoned}")));
        Assert.All(r.Ticks, t => Assert.True(t.Playing >= -1e-3 && t.Stalled >= -1e-3 && t.Joining >= -1e-3 && t.Failed >= -1e-3 && t.Abandoned >= -1e-3));
        Assert.Contains(r.Ticks, t => t.Failed > 1e6);   // the auth degradation rejected joins
        Assert.Contains(r.Ticks, t => t.Stalled > 1e8);  // the encoder failure stalled everyone for the takeover
    }

    [Fact]
    public void An_Akamai_Europe_outage_drains_over_the_TTL_then_the_runbook_acts()
    {
        var r = AkamaiEu.Value;
        Print(r);
        var at = (double s) => r.Incidents.Where(e => e.At.Seconds == s).ToList();
        // Failure at 67m = 4020 s, on a 10 s probe: probes at 4020, 4030, 4040 fail -> detected at 4040 s; DNS 5 s later.
        Assert.Contains(at(4020), e => e.Kind == "fault");
        Assert.Contains(at(4040), e => e.Kind == "detection" && e.Text.Contains("akamai europe down", StringComparison.Ordinal));
        Assert.Contains(at(4045), e => e.Kind == "dns" && e.Text.StartsWith("europe answer", StringComparison.Ordinal));
        // The viewer-dropout rule fires 30 s after the drop-out rate passes 1000/s, acting two minutes later.
        Assert.Contains(r.Incidents, e => e.Kind == "action" && e.Text.Contains("activate all CDN providers", StringComparison.Ordinal));
        Assert.Contains(r.Incidents, e => e.Kind == "action" && e.Text.Contains("cap quality at 720p", StringComparison.Ordinal));

        // The dead edge still holds the viewers whose DNS answers have not expired: before the change all of Akamai's
        // share; 15 s after it about half; after 4 TTLs (stale resolvers) none.
        var europeAkamai = r.Edges.IndexOf(("europe", "akamai"));
        var before = r.Ticks[4030];
        var half = r.Ticks[4060];
        Assert.True(before.Stalled > half.Stalled && half.Stalled > r.Ticks[4045 + 120].Stalled);
        Assert.Equal(0, r.Ticks[4030].EdgeEgress[europeAkamai].BitsPerSecond);

        Assert.True(r.Summary.BudgetConsumed.Value > 0.01, $"budget {r.Summary.BudgetConsumed}");
        Assert.Contains(r.Incidents, e => e.Kind == "detection" && e.Text.Contains("akamai europe up", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cache_fail_open_overwhelms_the_origin_while_the_HPA_scales_in_50_percent_steps_per_minute()
    {
        var r = FailOpen.Value;
        Print(r);
        var scaleUps = r.Incidents.Where(e => e.Kind == "scale" && e.At >= Duration.FromMinutes(60) && e.At < Duration.FromMinutes(75) && e.Text.Contains("ScaleUpLimit", StringComparison.Ordinal)).ToList();
        var steps = scaleUps.Select(e => e.Text.Split(' ')[2..5]).Select(p => (From: int.Parse(p[0], CultureInfo.InvariantCulture), To: int.Parse(p[2], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal([(50, 75), (75, 113), (113, 170)], steps.Take(3));
        for (var i = 1; i < scaleUps.Count; i++) Assert.True(scaleUps[i].At - scaleUps[i - 1].At >= Duration.FromSeconds(60));
        Assert.Contains(r.Ticks, t => t.OriginServed < 0.5 && t.Time >= Duration.FromMinutes(60));
        Assert.Contains(r.Summary.Bottlenecks, b => b.StartsWith("origin:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_region_loss_fails_over_through_the_runbook()
    {
        var r = EventSimulator.Run(WorldCup, new EventOptions { Faults = [Fault("origin-region-loss region=us-east at=100m")] });
        Print(r);
        // regions_failed > 0 for 30 s fires at 100m30s; the action runs 30 s later; eu-west's warm standby takes 30 s more.
        Assert.Contains(r.Incidents, e => e.Kind == "action" && e.At == Duration.FromSeconds(6060) && e.Text.Contains("fail over us-east to eu-west", StringComparison.Ordinal));
        Assert.Contains(r.Incidents, e => e.Kind == "recovery" && e.At == Duration.FromSeconds(6090) && e.Text == "origin serving from eu-west");
        Assert.Equal(0.0, r.Ticks[6030].OriginServed);
        Assert.Equal(1.0, r.Ticks[6200].OriginServed);
    }

    [Fact]
    public void Same_seed_same_output_and_seeds_differ_only_where_randomness_is_configured()
    {
        static double[] Series(EventResult r) => [.. r.Ticks.Select(t => t.Playing)];
        var options = new EventOptions { Seed = 11, GoalsPerHour = 3, Faults = [Fault("cdn-outage provider=fastly region=latin-america at=30m for=5m")] };
        var a = EventSimulator.Run(WorldCup, options);
        var b = EventSimulator.Run(WorldCup, options);
        Assert.Equal(Series(a), Series(b));
        Assert.Equal(a.Incidents.ToArray(), b.Incidents.ToArray());

        var otherSeed = EventSimulator.Run(WorldCup, options with { Seed = 12 });
        Assert.NotEqual(Series(a), Series(otherSeed));

        // Without randomness configured the seed changes nothing.
        var noGoals = options with { GoalsPerHour = 0 };
        Assert.Equal(Series(EventSimulator.Run(WorldCup, noGoals)), Series(EventSimulator.Run(WorldCup, noGoals with { Seed = 12 })));
    }
}

public class EventCsvTests
{
    [Fact]
    public void Writes_a_row_per_interval_with_per_edge_columns()
    {
        var r = EventSimulator.Run(Presets.Load(), new EventOptions { Faults = [FaultSpecParser.Parse("cdn-outage provider=akamai region=europe at=67m for=10m").Value!] });
        using var ticks = new StringWriter(CultureInfo.InvariantCulture);
        EventCsv.WriteTicks(r, ticks, Duration.FromMinutes(1));
        var lines = ticks.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 181, lines.Length); // header + minutes 0..180
        var header = lines[0].TrimEnd('\r').Split(',');
        Assert.Equal(17 + 2 * 20, header.Length);
        Assert.Contains("europe/akamai_util", header);
        Assert.All(lines.Skip(1), l => Assert.Equal(header.Length, l.Split(',').Length));
        Assert.StartsWith("4020,", lines[68], StringComparison.Ordinal); // minute 67
        Assert.Contains(",0,inf", lines[68], StringComparison.Ordinal); // the dead edge: no egress, infinite utilization

        using var incidents = new StringWriter(CultureInfo.InvariantCulture);
        EventCsv.WriteIncidents(r, incidents);
        Assert.Contains("4020,fault,\"fault: cdn-outage provider=akamai region=europe at=67m for=10m\"", incidents.ToString(), StringComparison.Ordinal);
    }
}
