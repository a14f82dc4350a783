using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;
using Matchday.Core.Units;
using Matchday.Simulation.Events;
using Matchday.Simulation.Queueing;

namespace Matchday.Simulation.Tests.Events.Steps;

/// <summary>
/// Each step of the night on a state fixture small enough to work by hand (mini-night.yaml: regions north 60% and
/// south 40% of 1M viewers, CDNs alpha 75% and beta 25%, phones at 1 Mbps and TVs at 4 Mbps half and half on fibre
/// (20 Mbps typical), rungs of 0.5, 2 and 4 Mbps, 4 s segments (buffer bins of 0.5 s, a 12 s live target), the
/// scenario's declared capacities: north 1.2 Tbps, south 0.8 Tbps; nobody gives up while stalled).
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

    private const int Phone = 0, Tv = 1; // groups: device x class, one class

    [Fact]
    public void The_fixture_compiles_to_the_cells_and_groups_it_declares()
    {
        var m = Model();
        Assert.Equal(["north/alpha", "north/beta", "south/alpha", "south/beta"], m.Cells.Select(c => c.Name));
        // Declared capacities split by traffic share: 1.2 Tbps x 75% = 900 Gbps, ... ; servers 10 x 75% = 7.5 -> 8.
        Assert.Equal([900e9, 300e9, 600e9, 200e9], m.Cells.Select(c => c.Capacity.BitsPerSecond));
        Assert.Equal([8, 2, 8, 2], m.Cells.Select(c => c.Servers));
        Assert.Equal(600, m.Ticks);
        // Phones (1 Mbps) take the highest rung under 1 Mbps, 360p; TVs 1080p (4 Mbps, under 90% of fibre's 20 Mbps).
        Assert.Equal([0, 2], m.GroupTopRung.AsEnumerable());
        Assert.Equal(20e6, m.GroupAccess[Phone].BitsPerSecond, 3);
    }

    [Fact]
    public void Audience_demand_is_the_ramp_times_the_region_share_times_a_surge_that_arrives_over_its_rise()
    {
        var (m, _, f) = Fixture("traffic-surge factor=2x region=n rise=30s at=1m for=2m");
        f.Update(30);
        Assert.Equal(600_000, AudienceStep.DemandAt(m, f, 0, 30), 6);
        f.Update(90);
        // 30 s into a surge with a 30 s time constant: 1 + (2 - 1)(1 - e^-1) = 1.632 times.
        Assert.Equal(600_000 * (1 + (1 - Math.Exp(-1))), AudienceStep.DemandAt(m, f, 0, 90), 3);
        Assert.Equal(400_000, AudienceStep.DemandAt(m, f, 1, 90), 6); // south untouched
        f.Update(210);
        // 30 s after the end the surge's viewers drift away: (1 - e^-4) e^-1 of it remains.
        Assert.Equal(600_000 * (1 + (1 - Math.Exp(-4)) * Math.Exp(-1)), AudienceStep.DemandAt(m, f, 0, 210), 3);
    }

    [Fact]
    public void The_pre_match_audience_starts_with_two_to_three_segments_buffered_and_a_fall_takes_from_every_state()
    {
        var (m, s, f) = Fixture();
        AudienceStep.Start(m, s, f);
        // north/alpha: 600k x 75% = 450k, half phones half TVs, buffers spread over the top segment's 8 bins (8-12 s).
        Assert.Equal(450_000, s.Watching.Total(0), 6);
        Assert.Equal(225_000, s.Watching.Total(0, Tv), 6);
        var h = s.Watching.Of(0, Tv).ToArray();
        Assert.Equal(25, h.Length);
        Assert.All(h[17..25], x => Assert.Equal(225_000 / 8.0, x, 6));
        Assert.All(h[..17], x => Assert.Equal(0, x));
        s.Demand[0] = 1_200_000; // as if the region had had twice the audience: the ramp's 600k halves everyone
        f.Update(1);
        AudienceStep.Run(m, s, f, 1);
        Assert.Equal(225_000, s.Watching.Total(0), 6);
    }

    [Fact]
    public void Auth_admits_capacity_over_load_and_of_those_who_give_up_a_return_share_comes_back()
    {
        var (m, s, f) = Fixture();
        f.Update(1);
        // 200k joins in one second against 100k/s of validations (1 per join; nobody watching yet): half admitted.
        s.Arrivals[0] = 200_000;
        AuthStep.Ask(m, s, f);
        Assert.Equal(0.5, s.AuthServed, 12);
        AuthStep.Admit(m, s, new NightRecorder(m), 0);
        // 100k rejected: 80% retry; the 20k who give up split 30% returning, 70% gone for the match.
        Assert.Equal(80_000, s.Backoff.Total(0), 6);
        Assert.Equal(6_000, s.Returning[0], 6);
        Assert.Equal(14_000, s.Left[0], 6);
        Assert.Equal(75_000, s.Joining(0), 6);
        // The 20k who gave up pressed play and never saw a frame: joins that ended without starting. The admitted
        // 100k (75k of them on this cell) have not ended yet.
        Assert.Equal(100_000, s.Admitted, 6);
        Assert.Equal(20_000, s.TurnedAway, 6);
        Assert.Equal(20_000, s.Startups.Total, 6);
        Assert.Equal(double.PositiveInfinity, s.Startups.Quantile(0.95));
        // Over the next half hour the 6k come back (mean delay 2 min) and the 14k never do.
        s.Arrivals[0] = 0;
        s.Backoff.Scale(0, 0);
        for (var t = 2; t < 1800; t++) AuthStep.Ask(m, s, f);
        Assert.Equal(6_000, s.CameBack, 0);
        Assert.Equal(0.3, s.CameBack / s.GaveUp, 4);
        Assert.Equal(14_000, s.Left[0], 6);
    }

    [Fact]
    public void A_congested_edge_fills_its_capacity_with_a_mix_of_rungs()
    {
        var (m, s, _) = Fixture();
        // north/alpha, 900 Gbps: 225k phones asking 0.5 Mbps and 225k TVs asking 4 Mbps (1.0125 Tbps). Water-filling:
        // phones get their 0.5 Mbps (112.5 Gbps); the 787.5 Gbps left give TVs 3.5 Mbps, played as 75% on 1080p and
        // 25% on 720p. The edge carries all of its 900 Gbps.
        s.Watching.Add(0, Phone, 24, 225_000);
        s.Watching.Add(0, Tv, 24, 225_000);
        var cell = EdgeServing.Serve(m, s, 0, down: false, failOpen: false);
        Assert.Equal(3.5e6, cell.Level, 3);
        Assert.Equal(0.5e6, s.GroupRate[Phone], 3);
        Assert.Equal(3.5e6, s.GroupRate[Tv], 3);
        var tvMix = s.Mix.AsSpan(3, 3).ToArray(); // cell 0, group 1, rungs 0..2
        Assert.Equal([0, 0.25, 0.75], tvMix.Select(x => Math.Round(x, 12)));
        Assert.Equal(900e9, cell.Carried, 3);
        Assert.True(cell.Carried >= 0.99 * m.Cells[0].Capacity.BitsPerSecond);
        Assert.Equal(1.0125e12 / 900e9, cell.Utilization, 12);
    }

    [Fact]
    public void A_share_below_the_lowest_rung_rebuffers_about_one_minus_share_over_rung_of_the_time()
    {
        var (m, s, f) = Fixture();
        var recorder = new NightRecorder(m);
        // 3M viewers on north/alpha's 900 Gbps: 300 kbps each, 60% of the 500 kbps rung. They should play about 60% of the time.
        s.Watching.Add(0, Phone, 24, 1_500_000);
        s.Watching.Add(0, Tv, 24, 1_500_000);
        f.Update(1);
        double playing = 0, total = 0;
        for (var tick = 0; tick < 600; tick++)
        {
            EdgeStep.Run(m, s, f, recorder, tick);
            if (tick < 200) continue;
            playing += s.Watching.Playing(0);
            total += s.Watching.Total(0);
        }
        Assert.InRange(playing / total, 0.57, 0.63);
    }

    [Fact]
    public void A_dead_edge_stalls_its_viewers_only_as_their_buffers_drain()
    {
        var (m, s, f) = Fixture("cdn-outage provider=alpha at=0s");
        var recorder = new NightRecorder(m);
        // 1000 viewers holding 10 s (bin 20 of 0.5 s) and 1000 holding 4 s (bin 8): the edge is down from the start.
        s.Watching.Add(0, Tv, 20, 1000);
        s.Watching.Add(0, Tv, 8, 1000);
        f.Update(1);
        var stalledAt = new List<double>();
        for (var tick = 0; tick < 12; tick++)
        {
            EdgeStep.Run(m, s, f, recorder, tick);
            stalledAt.Add(s.Watching.Stalled(0));
        }
        // Draining a second a second, the 4 s buffers run dry in the 4th second, the 10 s ones in the 10th; no earlier.
        Assert.Equal([0, 0, 0, 1000, 1000, 1000, 1000, 1000, 1000, 2000, 2000, 2000], stalledAt.Select(x => Math.Round(x)));
    }

    [Fact]
    public void Encoders_stop_the_stream_for_the_gap_and_one_input_stops_its_share()
    {
        var (m, s, _) = Fixture("encoder-failure at=1m for=30s", "encoder-failure input=2 at=5m for=30s");
        double At(double t)
        {
            EncoderStep.Run(m, s, t);
            return s.EncoderDelivery;
        }
        Assert.Equal([1, 0, 0, 1], new[] { At(59), At(60), At(89), At(90) });
        Assert.Equal(0.75, At(315)); // one input of four
    }

    [Fact]
    public void A_lost_origin_region_loses_its_share_until_failover_then_the_next_region_carries_it()
    {
        var (m, s, f) = Fixture("origin-region-loss region=east at=1m");
        var recorder = new NightRecorder(m);
        var fault = Assert.Single(m.Faults);
        // east holds 3 of the 4 origins; failover completes after detection, the 30 s TTL and west's 60 s activation.
        var done = Math.Ceiling(fault.DetectedAt + 30 + 60);
        var served = new Dictionary<double, (double Served, double East, double West)>();
        var shielded = 0.0;
        for (var t = 1.0; t <= done + 5; t++)
        {
            f.Update(t);
            OriginStep.Run(m, s, f, recorder, Duration.FromSeconds(t));
            served[t] = (s.OriginServed, s.OriginRegionLoad[0], s.OriginRegionLoad[1]);
            if (t == done - 1) shielded = s.OriginDelivery[0];
        }
        var requests = m.CoalescedOriginRequests.PerSecond;
        Assert.Equal((1, 0.75 * requests, 0.25 * requests), Round(served[59]));
        Assert.Equal((0.25, 0, 0.25 * requests), Round(served[done - 1]));
        Assert.Equal((1, 0, requests), Round(served[done]));
        // Shields retry within the 4 s segment's deadline (2 attempts of the 2 s timeout): 1 - 0.75^2 delivered.
        Assert.Equal(1 - 0.75 * 0.75, shielded, 9);
        var failover = Assert.Single(recorder.Finish().Timeline);
        Assert.Equal(IncidentKind.Recovery, failover.Kind);
        Assert.StartsWith("origin traffic failed over from east to west (detected at", failover.Description, StringComparison.Ordinal);
        static (double, double, double) Round((double A, double B, double C) x) => (Math.Round(x.A, 9), Math.Round(x.B, 9), Math.Round(x.C, 9));
    }

    [Fact]
    public void Dns_moves_viewers_toward_the_new_answer_as_caches_expire_and_they_keep_their_buffers()
    {
        var (m, s, f) = Fixture("cdn-outage provider=beta at=10s");
        var recorder = new NightRecorder(m);
        AudienceStep.Start(m, s, f);
        var detected = Assert.Single(m.Faults).DetectedAt;
        var total = Enumerable.Range(0, 4).Sum(s.OnCell);
        var end = Math.Ceiling(detected) + 15;
        for (var t = 1.0; t <= end; t++)
        {
            f.Update(t);
            DnsStep.Update(m, s, recorder, t);
            DnsStep.Rebalance(m, s, Duration.FromSeconds(t));
        }
        var change = recorder.Finish().Timeline.First(i => i.Kind == IncidentKind.Detection && i.Description.StartsWith("GSLB marks north/beta down", StringComparison.Ordinal)).At.Seconds;
        // Clients still on the old answer: G(15 s) = 95% x (1 - 15/30) + 5% x (1 - 15/300) = 0.5225 (5% of resolvers hold
        // ten TTLs); the rest re-resolved to alpha with the buffers they held. Nobody is lost.
        Assert.Equal(15, end - change);
        Assert.Equal(total, Enumerable.Range(0, 4).Sum(s.OnCell), 6);
        Assert.Equal(0.5225, s.OnCell(1) / 150_000, 9);
        // Alpha's viewers still hold buffers in the top segment only (no step here drains them): the movers kept theirs.
        Assert.All(s.Watching.Of(0, Tv).ToArray()[..17], x => Assert.Equal(0, x));
        Assert.Equal(450_000 + 150_000 * (1 - 0.5225), s.OnCell(0), 3);
    }

    [Fact]
    public void Runbook_limits_end_when_their_condition_clears_or_their_time_is_up()
    {
        var (m, s, _) = Fixture();
        var recorder = new NightRecorder(m);
        // slow: latency_p95 > 1 s for 30 s, then cap-quality 720p and activate the secondary a minute later.
        // busy: cache_hit_ratio < 50%, then cap-quality 360p for 2 min at once.
        // Rules are evaluated every 15 s from t = 1. Latency is high from 1 s to 150 s; the hit ratio is low at t = 200 only.
        for (var t = 1; t <= 500; t++)
        {
            s.LatencyP95 = t <= 150 ? 2 : 0.05;
            recorder.EndTick(s, t - 1, t);
            s.LatencyP95 = t <= 150 ? 2 : 0.05;
            RunbookStep.Run(m, s, recorder, t - 1, t);
        }
        var timeline = recorder.Finish().Timeline.Where(i => i.Kind is IncidentKind.Action or IncidentKind.Revert).Select(i => (i.At.Seconds, i.Kind, i.Description)).ToList();
        // slow: pending at 1 s, firing at 31 s, actions at 91 s; the condition clears at 151 s (inactive); held 30 s: ends at 181 s.
        Assert.Contains((91.0, IncidentKind.Action, "slow: cap quality at 720p (fired 31 s, effective 91 s)"), timeline);
        Assert.Contains((181.0, IncidentKind.Revert, "slow: cap quality at 720p ends (slow's condition clear for 30 s)"), timeline);
        Assert.Contains((181.0, IncidentKind.Revert, "slow: activate the secondary CDN ends (slow's condition clear for 30 s)"), timeline);
        Assert.True(double.IsPositiveInfinity(s.QualityCap) && !s.SecondaryActive);
    }

    [Fact]
    public void A_timed_limit_ends_after_its_own_duration()
    {
        var (m, s, _) = Fixture();
        var recorder = new NightRecorder(m);
        for (var t = 1; t <= 400; t++)
        {
            recorder.EndTick(s, t - 1, t);
            s.LatencyP95 = 0;
            // busy watches the cache hit ratio, which the recorder computes from the edge and origin requests: make it 0 at 196-210 s.
            s.EdgeRequests = t is >= 196 and <= 210 ? 1 : 0;
            s.OriginRequests = 1;
            recorder.EndTick(s, t - 1, t);
            RunbookStep.Run(m, s, recorder, t - 1, t);
            if (t == 250) Assert.Equal(0.5e6, s.QualityCap);
        }
        var ends = recorder.Finish().Timeline.Single(i => i.Kind == IncidentKind.Revert);
        Assert.Equal("busy: cap quality at 360p for 2 min ends (after 2 min)", ends.Description);
        Assert.Equal(196 + 120, ends.At.Seconds, 9);
        Assert.True(double.IsPositiveInfinity(s.QualityCap));
    }

    [Fact]
    public void Activated_cdns_take_traffic_in_proportion_to_their_capacity()
    {
        var (m, s, f) = Fixture();
        var recorder = new NightRecorder(m);
        s.SecondaryActive = true;
        s.AnswersDirty = true;
        DnsStep.Update(m, s, recorder, 1);
        // Both CDNs are primary or secondary: north's answer follows capacity, 900 : 300 -- the traffic split itself here.
        Assert.Equal([0.75, 0.25], s.Dns[0].CurrentAnswer.Select(x => Math.Round(x, 12)));
    }

    [Fact]
    public void Joiners_start_at_the_rate_their_first_segment_allows()
    {
        var (m, s, f) = Fixture();
        var recorder = new NightRecorder(m);
        f.Update(1);
        s.AddJoining(0, 1000, m);
        EdgeServing.Serve(m, s, 0, down: false, failOpen: false);
        var wait = s.StartupByClass[0];
        EdgeStep.Run(m, s, f, recorder, 0);
        // The first 360p segment (0.5 Mbps x 4 s = 2 Mbit) over fibre's 20 Mbps takes 0.1 s, plus 0.5 s of overhead, the
        // 30 ms median round trip and the server's 0.64 ms: T = 0.63 s; 1 - e^(-1/T) of them start this second.
        Assert.Equal(0.5 + 0.030 + 0.1, wait, 2);
        Assert.Equal(1000 * Math.Exp(-1 / wait), s.Joining(0), 9);
        Assert.Equal(1000 * (1 - Math.Exp(-1 / wait)), s.Watching.Total(0), 9);
        // They start with one segment buffered (bin 8: 4 s) and refill at three seconds a second on their spare throughput
        // (20 Mbps for a 4 Mbps TV: capped at 3), to 7 s (bin 14) by the end of the tick.
        Assert.Equal(500 * (1 - Math.Exp(-1 / wait)), s.Watching.Of(0, Tv)[14], 9);
    }

    [Fact]
    public void The_latency_p95_is_the_mixture_of_access_round_trips_plus_what_the_edge_adds()
    {
        // One class of median 20 ms and p95 60 ms, every request shifted by 5 ms: p95 = 65 ms exactly.
        var one = new LatencyMixture([0.020], [0.060], 8);
        one.Add(0, 0.005, 1000);
        Assert.Equal(0.065, one.Quantile(0.95, 2, 0), 4);
        // Half at 10 ms (p95 30 ms), half at 50 ms (p95 150 ms): check the mixture's quantile against sampling it.
        var two = new LatencyMixture([0.010, 0.050], [0.030, 0.150], 8);
        two.Add(0, 0, 500);
        two.Add(1, 0, 500);
        var rng = new System.Random(7);
        var samples = new double[200_000];
        for (var i = 0; i < samples.Length; i++)
        {
            var (median, p95) = i % 2 == 0 ? (0.010, 0.030) : (0.050, 0.150);
            var sigma = Math.Log(p95 / median) / 1.6448536269514722;
            var z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            samples[i] = median * Math.Exp(sigma * z);
        }
        Array.Sort(samples);
        Assert.Equal(samples[(int)(0.95 * samples.Length)], two.Quantile(0.95, 2, 0), 3);
        Assert.Equal(samples[(int)(0.99 * samples.Length)], two.Quantile(0.99, 2, 0), 2);
        // Requests that are never answered count at the timeout: 10% of them put the p95 at the timeout.
        two.Add(0, double.PositiveInfinity, 111);
        Assert.Equal(2, two.Quantile(0.95, 2, 0));
    }

    [Fact]
    public void A_partial_origin_shortfall_hits_the_failed_open_edge_in_full_and_shielded_edges_only_when_every_retry_misses()
    {
        var (m, s, f) = Fixture("cache-fail-open provider=beta region=s at=0s");
        var recorder = new NightRecorder(m);
        AudienceStep.Start(m, s, f);
        f.Update(1);
        OriginStep.Run(m, s, f, recorder, Duration.FromSeconds(1));
        // south/beta (100k viewers x 0.5 requests/s = 50k/s) now asks the origin itself, whose 4 pods answer 10k/s each.
        Assert.Equal(10_000, OriginFleet.PodCapacity(Mini));
        var requests = m.CoalescedOriginRequests.PerSecond + 100_000 * 0.5;
        var served = 40_000 / requests;
        Assert.Equal(served, s.OriginServed, 9);
        Assert.Equal(served, s.OriginDelivery[3], 9);
        // The other edges' shields retry twice within a 4 s segment: they miss only (1 - s)^2.
        Assert.Equal(1 - Math.Pow(1 - served, 2), s.OriginDelivery[0], 9);
        Assert.True(s.OriginDelivery[0] > 0.95 && s.OriginDelivery[3] < 0.85);
    }
}
