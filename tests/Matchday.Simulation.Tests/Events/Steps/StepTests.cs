using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;
using Matchday.Core.Units;
using Matchday.Simulation.Events;

namespace Matchday.Simulation.Tests.Events.Steps;

/// <summary>
/// Each step of the night on a state fixture small enough to work by hand (mini-night.yaml: regions north 60% and
/// south 40% of 1M viewers, CDNs alpha 75% and beta 25%, phones at 1 Mbps and TVs at 4 Mbps half and half, rungs of
/// 0.5, 2 and 4 Mbps, 4 s segments, the scenario's declared capacities: north 1.2 Tbps, south 0.8 Tbps).
/// </summary>
public class StepTests
{
    private static readonly Scenario Mini = ReadMini();

    private static Scenario ReadMini()
    {
        var path = Path.Combine(RepoPaths.Root, "tests", "Matchday.Simulation.Tests", "Events", "Steps", "mini-night.yaml");
        var r = ScenarioReader.Read(File.ReadAllText(path), path);
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        return r.Scenario!;
    }

    private static NightModel Model(params string[] faults) => NightSetup.Compile(Mini, new NightRequest
    {
        Capacity = CapacitySource.Scenario,
        Faults = [.. faults.Select(f => SpecSource.Option("--fault", f))],
    }).Model ?? throw new InvalidOperationException("the fixture must compile");

    private static (NightModel M, NightState S, FaultView F) Fixture(params string[] faults)
    {
        var m = Model(faults);
        return (m, new NightState(m), new FaultView(m));
    }

    [Fact]
    public void The_fixture_compiles_to_the_cells_it_declares()
    {
        var m = Model();
        Assert.Equal(["north/alpha", "north/beta", "south/alpha", "south/beta"], m.Cells.Select(c => c.Name));
        // Declared capacities split by traffic share: 1.2 Tbps x 75% = 900 Gbps, ... ; servers 10 x 75% = 7.5 -> 8.
        Assert.Equal([900e9, 300e9, 600e9, 200e9], m.Cells.Select(c => c.Capacity.BitsPerSecond));
        Assert.Equal([8, 2, 8, 2], m.Cells.Select(c => c.Servers));
        Assert.Equal(600, m.Ticks);
    }

    [Fact]
    public void Audience_demand_is_the_ramp_times_the_region_share_times_any_surge()
    {
        var (m, _, f) = Fixture("traffic-surge factor=2x region=n at=1m for=1m");
        f.Update(30);
        Assert.Equal(600_000, AudienceStep.DemandAt(m, f, 0, 30), 6);
        Assert.Equal(400_000, AudienceStep.DemandAt(m, f, 1, 30), 6);
        f.Update(90);
        Assert.Equal(1_200_000, AudienceStep.DemandAt(m, f, 0, 90), 6); // north doubled
        Assert.Equal(400_000, AudienceStep.DemandAt(m, f, 1, 90), 6);   // south untouched
    }

    [Fact]
    public void A_falling_audience_leaves_every_state_in_proportion()
    {
        var (m, s, f) = Fixture();
        AudienceStep.Start(m, s, f);
        // Everyone starts playing, spread 75/25 over the CDNs: north/alpha 600k x 75% = 450k.
        Assert.Equal([450_000, 150_000, 300_000, 100_000], s.Playing.Select(x => Math.Round(x, 6)));
        s.Demand[0] = 1_200_000; // as if the region had had twice the audience: the ramp's 600k halves everyone
        f.Update(1);
        AudienceStep.Run(m, s, f, 1);
        Assert.Equal(225_000, s.Playing[0], 6);
        Assert.Equal(0, s.Arrivals[0]);
    }

    [Fact]
    public void Auth_admits_capacity_over_load_and_splits_the_rest_into_retries_and_leavers()
    {
        var (m, s, f) = Fixture();
        f.Update(1);
        // 200k joins in one second against 100k/s of validations (1 per join; nobody watching yet): half admitted.
        s.Arrivals[0] = 200_000;
        AuthStep.Ask(m, s, f);
        Assert.Equal(200_000, s.AuthLoad, 6);
        Assert.Equal(0.5, s.AuthServed, 12);
        AuthStep.Admit(m, s);
        // 100k rejected: 80% retry (failed), 20% give up; the admitted follow the DNS answer, 75% to alpha.
        Assert.Equal(80_000, s.Failed[0], 6);
        Assert.Equal(20_000, s.Abandoned[0], 6);
        Assert.Equal(75_000, s.Joining(0), 6);
        Assert.Equal(25_000, s.Joining(1), 6);
    }

    [Fact]
    public void A_congested_edge_fills_its_capacity_fairly_and_players_take_the_rung_under_90_percent_of_their_share()
    {
        var (m, s, _) = Fixture();
        // north/alpha: 900 Gbps for 450k viewers asking 1 and 4 Mbps (1.125 Tbps). Water-filling: phones get their
        // 1 Mbps (225 Gbps), the 675 Gbps left give TVs 3 Mbps each; 90% of 3 Mbps is 2.7 Mbps: the 2 Mbps rung.
        var cell = EdgeServing.Serve(m, s, 0, 450_000, down: false);
        Assert.Equal([0, 1], s.Rung); // phones on 360p (0.5 Mbps, under their 1 Mbps), TVs on 720p
        Assert.Equal(1, cell.PlayableShare, 12);
        Assert.Equal(0.5 * 0.5e6 + 0.5 * 2e6, cell.BitratePerPlaying, 6);
        Assert.Equal(0, cell.StallFraction, 12);
        Assert.Equal(1.125e12 / 900e9, cell.Utilization, 12);
    }

    [Fact]
    public void Below_the_lowest_rung_viewers_stall_and_a_dead_edge_serves_no_one()
    {
        var (m, s, _) = Fixture();
        // 3M viewers on 900 Gbps: 300 kbps each, 270 kbps to spend, under the 500 kbps rung.
        var starved = EdgeServing.Serve(m, s, 0, 3_000_000, down: false);
        Assert.Equal([-1, -1], s.Rung);
        Assert.Equal(1, starved.StallFraction, 12);
        var down = EdgeServing.Serve(m, s, 0, 100_000, down: true);
        Assert.Equal(1, down.StallFraction);
        Assert.Equal(m.Request.RequestTimeout.Seconds, down.LatencyP95);
        Assert.True(double.IsPositiveInfinity(down.Utilization));
        Assert.All(s.StartupByClass, t => Assert.True(double.IsPositiveInfinity(t)));
    }

    [Fact]
    public void A_quality_cap_lowers_what_players_ask_for()
    {
        var (m, s, _) = Fixture();
        s.QualityCap = 2e6;
        NightState.OrderWants(s, m);
        // Capped at 2 Mbps the 450k ask 1.5 Mbps on average (675 Gbps of 900): nobody is constrained, so each player
        // budgets its whole want: phones' 1 Mbps fits the 360p rung, TVs' 2 Mbps the 720p rung itself.
        var cell = EdgeServing.Serve(m, s, 0, 450_000, down: false);
        Assert.Equal([0, 1], s.Rung);
        Assert.Equal(675e9 / 900e9, cell.Utilization, 12);
    }

    [Fact]
    public void Encoders_stall_the_stream_only_once_the_three_segment_buffer_has_played_out()
    {
        // 3 segments of 4 s = 12 s of buffer; the backup takes over after 30 s.
        var (m, s, _) = Fixture("encoder-failure at=1m for=30s", "encoder-failure input=2 at=5m for=30s");
        double At(double t)
        {
            EncoderStep.Run(m, s, t);
            return s.EncoderStall;
        }
        Assert.Equal([0, 1, 1, 0], new[] { At(71), At(72), At(89), At(90) });
        Assert.Equal(0.25, At(315)); // one input of four
    }

    [Fact]
    public void A_lost_origin_region_takes_its_share_of_capacity_until_its_traffic_fails_over()
    {
        var (m, s, _) = Fixture("origin-region-loss region=east at=1m");
        var recorder = new NightRecorder(m);
        var fault = Assert.Single(m.Faults);
        // east has 3 of the 4 origins; failover completes after detection, the 30 s TTL and west's 60 s activation.
        var done = fault.DetectedAt + 30 + 60;
        Assert.Equal(1, OriginStep.RegionLossFactor(m, s, recorder, 59));
        Assert.Equal(0.25, OriginStep.RegionLossFactor(m, s, recorder, done - 1), 12);
        Assert.Equal(1, OriginStep.RegionLossFactor(m, s, recorder, done));
        var (_, timeline) = recorder.Finish();
        var failover = Assert.Single(timeline);
        Assert.Equal(IncidentKind.Recovery, failover.Kind);
        Assert.Equal("origin traffic failed over from east to west (warm standby, 60 s to activate; its metadata replica was 5 s behind)", failover.Description);
    }

    [Fact]
    public void Dns_moves_viewers_toward_the_new_answer_as_caches_expire_and_loses_none()
    {
        var (m, s, f) = Fixture("cdn-outage provider=beta at=10s");
        var recorder = new NightRecorder(m);
        AudienceStep.Start(m, s, f);
        var detected = Assert.Single(m.Faults).DetectedAt;
        var total = s.Playing.Sum();
        var end = Math.Ceiling(detected) + 15;
        for (var t = 1.0; t <= end; t++)
        {
            f.Update(t);
            DnsStep.Update(m, s, recorder, t);
            DnsStep.Rebalance(m, s, f, Duration.FromSeconds(t));
        }
        var change = recorder.Finish().Timeline.First(i => i.Kind == IncidentKind.Detection && i.Description.StartsWith("GSLB marks north/beta down", StringComparison.Ordinal)).At.Seconds;
        // Clients still on the old answer: G(15 s) = 95% x (1 - 15/30) + 5% x (1 - 15/300) = 0.5225 (5% of resolvers hold
        // ten TTLs); the rest re-resolved to alpha, those from the dead edge arriving as joiners. Nobody is lost.
        Assert.Equal(15, end - change);
        Assert.Equal(0.5225, m.DnsCache.FractionOnOldAnswer(Duration.FromSeconds(15)), 12);
        var everyone = s.Playing.Sum() + s.Stalled.Sum() + Enumerable.Range(0, 4).Sum(s.Joining);
        Assert.Equal(total, everyone, 6);
        var onBeta = s.Playing[1] + s.Stalled[1] + s.Joining(1);
        Assert.Equal(0.5225, onBeta / 150_000, 9);
        Assert.True(s.Joining(0) > 0);
    }

    [Fact]
    public void Runbook_rules_fire_after_their_hold_and_act_after_their_delay()
    {
        var (m, s, _) = Fixture();
        var recorder = new NightRecorder(m);
        // slow: latency_p95 > 1 s for 30 s, then cap-quality 720p and activate the secondary CDN a minute later.
        // Rules are evaluated every 15 s from t = 1: pending at 1 s, firing at 31 s, the actions take effect at 91 s.
        for (var t = 1; t <= 100; t++)
        {
            s.LatencyP95 = 2;
            recorder.EndTick(s, t - 1, t);
            s.LatencyP95 = 2;
            RunbookStep.Run(m, s, recorder, t - 1, t);
            if (t == 90) Assert.True(double.IsPositiveInfinity(s.QualityCap));
        }
        Assert.Equal(2e6, s.QualityCap);
        Assert.True(s.SecondaryActive && s.AnswersDirty);
        var timeline = recorder.Finish().Timeline;
        Assert.Equal([1.0, 31, 91, 91], timeline.Select(i => i.At.Seconds));
        Assert.Equal("slow: cap quality at 720p (fired 31 s, effective 91 s)", timeline[2].Description);
    }

    [Fact]
    public void Joiners_start_at_the_rate_their_first_segment_allows()
    {
        var (m, s, f) = Fixture();
        var recorder = new NightRecorder(m);
        f.Update(1);
        s.AddJoining(0, 1000, m);
        EdgeStep.Run(m, s, f, recorder, 0);
        // The first 360p segment (0.5 Mbps x 4 s = 2 Mbit) over min(fibre's 20 Mbps, the share: nobody else is on the
        // edge) takes 0.1 s, plus 0.5 s of overhead and the edge's mean latency: T = 0.6 s + latency; 1 - e^(-1/T) start.
        var wait = s.StartupByClass[0];
        Assert.InRange(wait, 0.62, 0.63);
        Assert.Equal(1000 * Math.Exp(-1 / wait), s.Joining(0), 9);
        Assert.Equal(1000 * (1 - Math.Exp(-1 / wait)), s.Playing[0], 9);
    }
}
