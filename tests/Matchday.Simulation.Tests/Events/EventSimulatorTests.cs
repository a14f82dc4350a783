using System.Collections.Immutable;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Events;
using Matchday.Simulation.Queueing;

namespace Matchday.Simulation.Tests.Events;

public class EventSimulatorTests
{
    private static readonly Scenario Seed = Presets.Load();
    private static readonly Lazy<EventResult> Calm = new(() => Run(Options()));

    private static NightRequest Options(params string[] faults) => new()
    {
        Stage = "final",
        Faults = [.. faults.Select(f => SpecSource.Option("--fault", f))],
    };

    private static NightModel Compile(NightRequest request, Scenario? scenario = null)
    {
        var night = NightSetup.Compile(scenario ?? Seed, request);
        Assert.True(night.Ok, string.Join("\n", night.Errors));
        return night.Model!;
    }

    private static EventResult Run(NightRequest request, Scenario? scenario = null) => EventSimulator.Run(Compile(request, scenario));

    private static int TickAt(EventResult r, double seconds) => r.Series.Time.IndexOf(r.Series.Time.First(t => t >= seconds));

    private static SloVerdict Verdict(EventResult r, SloObjective objective, VerdictSource source = VerdictSource.Fleet) =>
        r.Slos.Single(v => v.Objective == objective && v.Source == source);

    [Fact]
    public void With_the_plans_capacity_and_no_faults_everything_holds_though_some_of_the_poor_class_leave()
    {
        var r = Calm.Value;
        Assert.All(r.Slos, v => Assert.True(v.Met, $"{v.Objective}: {v.Measured} vs {v.Target}"));
        Assert.Equal(180 * 60, r.Series.Length);
        Assert.Equal(1.68e9, r.Series.Demand.Max(), 1e3);
        Assert.Empty(r.Timeline);
        Assert.Equal(0, r.Series.Stalled.Max(), 1e-6);
        // The poor class (0-1 Mbps: 0.5 Mbps typical) needs 4.8 s for its first 6 s segment at 240p: past the 2 s they
        // tolerate, 5.8% of them leave each second (the audit's startup-physics finding), and 70% of those are gone for
        // the match: viewers lost, not downtime (they make no more requests). Give the class 3 Mbps and none leave.
        var s = r.Series;
        Assert.InRange(s.Left.Max(), 1e6, 2e7);
        // Availability is playing over the viewer-seconds of everyone still trying: demand less those who left.
        double Sum(ImmutableArray<double> x) => x.Sum();
        Assert.Equal(Sum(s.Playing) / (Sum(s.Demand) - Sum(s.Left)), Verdict(r, SloObjective.Availability).Measured, 12);
        Assert.True(Sum(s.Playing) / Sum(s.Demand) < 0.9995); // counting the leavers as down would break it
        var faster = Seed with { Audience = Seed.Audience with { Networks = [.. Seed.Audience.Networks.Select(n => n.Name == "poor" ? n with { MaxThroughput = Bitrate.FromMegabits(3) } : n)] } };
        var fasterLeft = Run(Options(), faster).Series.Left.Max();
        Assert.True(fasterLeft < 0.1 * s.Left.Max(), $"{fasterLeft} left with a faster poor class, {s.Left.Max()} without");
    }

    [Fact]
    public void The_fleet_plays_what_its_devices_and_networks_allow()
    {
        // Each group takes the highest rung under its device's bitrate and 90% of its class's typical throughput:
        // mobile phones on poor networks play 240p, UHD sets on excellent ones 2160p. Below the device mix's 4.74 Pbps.
        var r = Calm.Value;
        Assert.InRange(r.Series.Egress.Max(), 3.5e15, 4.7376e15);
        Assert.True(r.Series.RungShare[0].Max() > 0); // 240p is played
        Assert.True(r.Series.RungShare[^1].Max() > 0); // and 2160p
    }

    [Fact]
    public void Viewers_are_never_created_or_lost()
    {
        foreach (var r in new[] { Calm.Value, Run(Options() with { Capacity = CapacitySource.Scenario }) })
        {
            var s = r.Series;
            for (var i = 0; i < s.Length; i++)
            {
                var sum = s.Joining[i] + s.Playing[i] + s.Stalled[i] + s.Failed[i] + s.Abandoned[i];
                Assert.True(Math.Abs(sum - s.Demand[i]) <= 1e-6 * s.Demand[i], $"tick {i}: {sum} vs {s.Demand[i]}");
                Assert.True(s.Joining[i] >= -1e-6 && s.Playing[i] >= -1e-6 && s.Stalled[i] >= -1e-6 && s.Failed[i] >= -1e-6 && s.Abandoned[i] >= -1e-6);
            }
        }
    }

    [Fact]
    public void With_the_declared_regional_capacities_the_final_collapses()
    {
        var r = Run(Options() with { Capacity = CapacitySource.Scenario });
        // 3.155 Tbps carries at most 7.9M viewers at 240p (400 kbps) of 1.68B: most give up and leave, and of those
        // still trying at any time only a few in a hundred play.
        Assert.True(r.Availability.Value < 0.2, r.Availability.ToString());
        Assert.True(r.Series.Left.Max() > 1e9);
        Assert.False(Verdict(r, SloObjective.Availability).Met);
        Assert.NotEmpty(r.Hotspots);
        Assert.True(r.BudgetUsed.Value > 1);
        // 3.155 Tbps of edges cannot deliver more than that.
        Assert.True(r.Series.Egress.Max() <= 3.155e12 * (1 + 1e-9));
    }

    [Fact]
    public void An_akamai_europe_outage_drains_with_the_ttl_and_burns_budget()
    {
        var r = Run(Options("cdn-outage provider=akamai region=eu at=67m for=10m"));
        var detection = r.Timeline.Single(i => i.Kind == IncidentKind.Detection);
        // Detected within threshold x interval + probe timeout + DNS propagation: 67 min + at most 3 x 10 + 4 + 5 s.
        Assert.InRange(detection.At.Seconds, 67 * 60 + 20, 67 * 60 + 39);
        Assert.Contains(r.Timeline, i => i.Kind == IncidentKind.Recovery);
        Assert.Contains(r.Timeline, i => i.Kind == IncidentKind.Action);
        var s = r.Series;
        var atDetect = TickAt(r, detection.At.Seconds);
        // Before detection every stranded viewer stalls; one TTL later only the stale resolvers' share is left.
        // Europe/Akamai carries ~28.5% x 42.5% of ~1.45B: ~170M viewers stall, and give up (mean patience 30 s) until moved.
        var before = TickAt(r, 67 * 60) - 1;
        var stalledAtDetection = s.Stalled[atDetect - 1];
        var hit = stalledAtDetection + s.Abandoned[atDetect - 1] - s.Abandoned[before];
        Assert.InRange(hit, 1.5e8, 1.9e8);
        var afterTtl = s.Stalled[TickAt(r, detection.At.Seconds + 31)];
        Assert.True(afterTtl < 0.1 * stalledAtDetection, $"{afterTtl} after one TTL vs {stalledAtDetection}");
        Assert.True(double.IsPositiveInfinity(s.CellUtilization[r.Cells.IndexOf("europe/akamai")][TickAt(r, 70 * 60)]));
        Assert.InRange(r.BudgetUsed.Value, 0.001, 1);
        Assert.False(Verdict(r, SloObjective.Availability).Met);
    }

    [Fact]
    public void A_cache_fail_open_overwhelms_the_origin_while_the_hpa_scales_50_percent_a_minute()
    {
        var r = Run(Options("cache-fail-open provider=fastly region=eu at=60m for=15m") with { ScenarioRunbook = false });
        var s = r.Series;
        var during = TickAt(r, 61 * 60);
        Assert.True(s.OriginServed[during] < 0.5);
        // The seed's HPA: scale-up 50% per 60 s: 50 -> 75 -> 113 -> 170 -> 200 (its maximum).
        var steps = new List<(double Time, double Replicas)>();
        for (var i = 1; i < s.Length; i++) if (s.OriginReplicas[i] != s.OriginReplicas[i - 1]) steps.Add((s.Time[i], s.OriginReplicas[i]));
        Assert.Equal([75.0, 113, 170, 200], steps.Take(4).Select(x => x.Replicas));
        for (var i = 1; i < 4; i++) Assert.True(steps[i].Time - steps[i - 1].Time >= 60 - 1e-9, $"step {i} after {steps[i].Time - steps[i - 1].Time} s");
        Assert.Equal(1, s.OriginServed[TickAt(r, 80 * 60)], 1e-9);
    }

    [Fact]
    public void An_origin_region_loss_fails_over_and_its_load_moves_to_the_standby()
    {
        var r = Run(Options("origin-region-loss region=us-east at=80m") with { ScenarioRunbook = false });
        var s = r.Series;
        Assert.Equal(["us-east", "eu-west", "asia-pacific"], r.OriginRegions.AsEnumerable());
        var failover = r.Timeline.Single(i => i.Kind == IncidentKind.Recovery);
        Assert.StartsWith("origin traffic failed over from us-east to eu-west", failover.Description, StringComparison.Ordinal);
        // Detection (3 checks of 10 s, a 4 s probe, 5 s of DNS), then the 30 s TTL and eu-west's 30 s warm activation.
        Assert.InRange(failover.At.Seconds, 80 * 60 + 79, 80 * 60 + 100);
        var before = TickAt(r, 80 * 60 - 1);
        var during = TickAt(r, 80 * 60 + 30);
        var after = TickAt(r, failover.At.Seconds + 1);
        // us-east held 25 of 50 origins: half the origin traffic fails until the failover, then eu-west carries it.
        Assert.Equal(0.5, s.OriginServed[during], 9);
        Assert.Equal(0, s.OriginRegionRequests[0][during]);
        Assert.Equal(s.OriginRegionRequests[0][before] + s.OriginRegionRequests[1][before], s.OriginRegionRequests[1][after], 6);
        Assert.Equal(1, s.OriginServed[after], 9);
        Assert.NotEqual(Calm.Value.Series.OriginRegionRequests[1].AsEnumerable(), s.OriginRegionRequests[1].AsEnumerable());
    }

    [Fact]
    public void After_an_outage_the_runbook_lets_go_and_the_bitrate_returns_to_the_calm_nights()
    {
        var r = Run(Options("cdn-outage provider=akamai region=eu at=67m for=10m"));
        Assert.Contains(r.Timeline, i => i.Kind == IncidentKind.Action && i.Description.Contains("cap quality at 720p", StringComparison.Ordinal));
        Assert.Contains(r.Timeline, i => i.Kind == IncidentKind.Revert && i.Description.Contains("cap quality at 720p", StringComparison.Ordinal));
        // Half an hour on, the world plays what it played on the calm night.
        var i = TickAt(r, 110 * 60);
        Assert.Equal(Calm.Value.Series.MeanBitrate[i], r.Series.MeanBitrate[i], Calm.Value.Series.MeanBitrate[i] * 0.02);
    }

    [Fact]
    public void Encoder_failure_stalls_viewers_once_their_buffer_runs_dry()
    {
        // A steady audience holds 12 to 18 s (two to three 6 s segments); the backup takes 30 s. At 10 s in only the few who
        // had just joined (one segment) have run dry; by 20 s nearly everyone has; soon after the backup they play again.
        var r = Run(Options("encoder-failure at=100m for=30s") with { ScenarioRunbook = false });
        var s = r.Series;
        Assert.True(s.Stalled[TickAt(r, 100 * 60 + 10)] < 0.01 * s.Demand[TickAt(r, 100 * 60 + 10)]);
        Assert.True(s.Stalled[TickAt(r, 100 * 60 + 20)] > 0.5 * s.Demand[TickAt(r, 100 * 60 + 20)]);
        // Once segments flow again the stalled resume as their next segment arrives: a few seconds, longer on slow networks.
        Assert.True(s.Stalled[TickAt(r, 100 * 60 + 45)] < 0.01 * s.Demand[TickAt(r, 100 * 60 + 45)]);
        Assert.True(s.Stalled[TickAt(r, 100 * 60 + 90)] < 1e-3 * s.Demand[TickAt(r, 100 * 60 + 90)]);
        // A 12 s gap is survived by everyone who holds more than 12 s: a steady audience nearly all.
        var shortGap = Run(Options("encoder-failure at=100m for=12s") with { ScenarioRunbook = false });
        Assert.True(shortGap.Series.Stalled.Max() < 0.005 * 1.68e9, shortGap.Series.Stalled.Max().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_surge_raises_demand_by_its_factor()
    {
        var r = Run(Options("traffic-surge factor=1.2x at=120m for=5m") with { ScenarioRunbook = false });
        var i = TickAt(r, 122 * 60);
        // Two minutes in, with the default one-minute rise: 1 + 0.2 (1 - e^-2) of the calm night's audience.
        Assert.Equal((1 + 0.2 * (1 - Math.Exp(-2))) * Calm.Value.Series.Demand[i], r.Series.Demand[i], 1e-6 * r.Series.Demand[i]);
    }

    [Fact]
    public void A_join_storm_beyond_auth_fails_joins_that_retry()
    {
        var r = Run(Options("auth-degradation capacity=1% at=0m for=20m") with { ScenarioRunbook = false });
        Assert.True(r.Series.FailedJoinsPerSecond.Take(20 * 60).Max() > 1e5);
        Assert.True(r.Series.Failed.Take(20 * 60).Max() > 0);
        Assert.True(r.Series.AuthRejectedPerSecond[TickAt(r, 10 * 60)] > 0);
    }

    [Fact]
    public void Viewers_the_token_service_turns_away_for_good_never_started_and_count_against_the_startup_objective()
    {
        // The token service admits nothing all night: every viewer who pressed play is rejected until they give up. None
        // saw a frame: the startup p95 is "never", not met (it must not read as "0 s, met", nor as nothing measured).
        var r = Run(Options("auth-degradation capacity=0% at=0m for=200m") with { ScenarioRunbook = false });
        var startup = r.Slos.Single(v => v.Objective == SloObjective.StartupP95);
        Assert.True(double.IsPositiveInfinity(startup.Measured));
        Assert.False(startup.Met);
        Assert.True(r.TurnedAway.Value > 1e8);
        Assert.Equal(1, r.TurnedAwayShare.Value, 9);
        // Twenty minutes of it at the start: about half of the night's joins are turned away for good (the model's 80%
        // retry, each retry rejected again while it lasts): far more than 5%, so the p95 is "never" as well.
        var partly = Run(Options("auth-degradation capacity=0% at=0m for=20m") with { ScenarioRunbook = false });
        Assert.InRange(partly.TurnedAwayShare.Value, 0.05, 0.95);
        Assert.True(double.IsPositiveInfinity(partly.Slos.Single(v => v.Objective == SloObjective.StartupP95).Measured));
        // Sampled players are drawn over the admitted joins; the counted share turned away is added to them, so their
        // startup p95 is "never" too, with no doubt.
        var sampled = Run(Options("auth-degradation capacity=0% at=0m for=20m") with { ScenarioRunbook = false, SampledPlayers = 200 });
        var players = sampled.Slos.Single(v => v.Objective == SloObjective.StartupP95);
        Assert.Equal(VerdictSource.Players, players.Source);
        Assert.True(double.IsPositiveInfinity(players.Measured) && double.IsPositiveInfinity(players.Interval!.Value.Low));
        Assert.False(players.Met);
        // A calm night turns nobody away, and measures the joins' startup.
        Assert.Equal(0, Calm.Value.TurnedAway.Value);
        var calm = Calm.Value.Slos.Single(v => v.Objective == SloObjective.StartupP95);
        Assert.True(double.IsFinite(calm.Measured) && calm.Measured > 0);
    }

    [Fact]
    public void A_night_that_admits_nobody_measures_no_viewing_and_meets_no_viewing_objective()
    {
        // Nobody watching at kick-off (the pre-match ramp from 0%) and a token service that admits nothing all night:
        // nobody ever played, stalled or requested a segment. Rebuffering, switches and latency have nothing to be
        // measured on: not "0%, met" but nothing measured, and not met (as startup with no join ended).
        var empty = Seed with
        {
            Tournament = Seed.Tournament with { Timeline = [.. Seed.Tournament.Timeline.Select((p, i) => i == 0 ? p with { From = Ratio.FromFraction(0) } : p)] },
        };
        var r = Run(Options("auth-degradation capacity=0% at=0m") with { ScenarioRunbook = false }, empty);
        Assert.Equal(0, r.Series.Playing.Max());
        foreach (var o in new[] { SloObjective.Rebuffering, SloObjective.QualitySwitches, SloObjective.LatencyP95, SloObjective.LatencyP99 })
        {
            var v = Verdict(r, o);
            Assert.True(double.IsNaN(v.Measured), $"{o}: {v.Measured}");
            Assert.False(v.Met, o.ToString());
        }
        Assert.True(double.IsPositiveInfinity(Verdict(r, SloObjective.StartupP95).Measured));

        // The sampled players stand for the admitted: there are none, so every session never started (they used to be
        // drawn all into the first cell, join at 0 and play there, reporting a rebuffering "met" for a night nobody saw).
        var sampled = Run(Options("auth-degradation capacity=0% at=0m") with { ScenarioRunbook = false, SampledPlayers = 300 }, empty);
        var p = sampled.Players!;
        Assert.Equal((300, 300, 0L), (p.Sessions, p.NeverStarted, p.SegmentDecisions));
        Assert.True(double.IsPositiveInfinity(Verdict(sampled, SloObjective.StartupP95, VerdictSource.Players).Measured));
        foreach (var o in new[] { SloObjective.Rebuffering, SloObjective.QualitySwitches })
        {
            var v = Verdict(sampled, o, VerdictSource.Players);
            Assert.True(double.IsNaN(v.Measured), $"{o}: {v.Measured}");
            Assert.False(v.Met);
            Assert.False(v.Uncertain);
        }
    }

    [Fact]
    public void A_join_admitted_on_a_retry_counts_its_back_off_in_its_startup()
    {
        // The token service at 30% for half an hour from minute 60: joins are rejected, 80% retry after a mean back-off
        // and are rejected again while it lasts. Those admitted on a retry pressed play that long ago: about 3% of the
        // night's joins are turned away (never started), several more percent wait through back-offs of many seconds,
        // so the startup p95 is far past the calm night's few seconds; a longer back-off makes it longer still.
        const string fault = "auth-degradation capacity=30% at=60m for=30m";
        var r = Run(Options(fault) with { ScenarioRunbook = false });
        var p95 = Verdict(r, SloObjective.StartupP95).Measured;
        var calm = Verdict(Calm.Value, SloObjective.StartupP95).Measured;
        Assert.True(p95 > 10 && p95 > 2 * calm, $"startup p95 {p95} s with the fault, {calm} s calm");
        var patient = Seed with { Viewers = Seed.Viewers with { RetryDelay = Duration.FromSeconds(30) } };
        var slower = Verdict(Run(Options(fault) with { ScenarioRunbook = false }, patient), SloObjective.StartupP95).Measured;
        Assert.True(slower > p95, $"back-off 30 s: {slower} s, 5 s: {p95} s");
        // The sampled players see it too: a retried session starts its back-off late, and with that much less patience.
        var sampled = Run(Options(fault) with { ScenarioRunbook = false, SampledPlayers = 1000 });
        var calmPlayers = Run(Options() with { SampledPlayers = 1000 });
        var players = Verdict(sampled, SloObjective.StartupP95, VerdictSource.Players).Measured;
        Assert.True(players > 2 * Verdict(calmPlayers, SloObjective.StartupP95, VerdictSource.Players).Measured, $"players' startup p95 {players} s");
    }

    [Fact]
    public void With_constant_load_the_latency_is_the_round_trips_plus_the_servers_queue()
    {
        // A flat timeline at 50% of the peak: every tick sees the same load. The classes give no round trips, so each takes
        // the default (median 30 ms, p95 90 ms): the p95 over everyone is 90 ms plus what a server adds, under a millisecond
        // at this load (32 workers at 0.64 ms each, lightly loaded).
        var flat = Seed with { Tournament = Seed.Tournament with { Timeline = [new Phase("flat", Duration.FromMinutes(10), Ratio.FromPercent(50), Ratio.FromPercent(50), [])] } };
        var r = Run(new NightRequest { Stage = "final", ScenarioRunbook = false }, flat);
        Assert.InRange(r.Series.LatencyP95[300], 0.0900, 0.0915);
        Assert.All(r.Series.LatencyP95.Skip(10), l => Assert.Equal(r.Series.LatencyP95[300], l, 1e-4));
        Assert.True(r.Series.LatencyP99[300] > r.Series.LatencyP95[300]);
        // Round trips per class: a class of 150 ms median moves the p95 (the excellent class is 25% of viewers).
        var slow = flat with { Audience = flat.Audience with { Networks = [.. flat.Audience.Networks.Select(n => n with { Rtt = Duration.FromMilliseconds(n.Name == "fair" ? 150 : 10), RttP95 = Duration.FromMilliseconds(n.Name == "fair" ? 300 : 20) })] } };
        var r2 = Run(new NightRequest { Stage = "final", ScenarioRunbook = false }, slow);
        Assert.InRange(r2.Series.LatencyP95[300], 0.2, 0.3);
    }

    [Fact]
    public void Same_seed_same_night_and_seeds_matter_only_where_randomness_is()
    {
        var a = Run(Options() with { Seed = 1, RandomCdnOutagesPerHour = 0.2 });
        var b = Run(Options() with { Seed = 1, RandomCdnOutagesPerHour = 0.2 });
        var c = Run(Options() with { Seed = 2, RandomCdnOutagesPerHour = 0.2 });
        Assert.Equal(a.Series.Playing.AsEnumerable(), b.Series.Playing.AsEnumerable());
        Assert.Equal(a.Timeline.AsEnumerable(), b.Timeline.AsEnumerable());
        Assert.NotEqual(a.Series.Playing.AsEnumerable(), c.Series.Playing.AsEnumerable());
        var calm2 = Run(Options() with { Seed = 2 });
        Assert.Equal(Calm.Value.Series.Playing.AsEnumerable(), calm2.Series.Playing.AsEnumerable());
    }

    [Theory]
    [InlineData("cdn-outage provider=limelight at=10m", 21, "unknown CDN 'limelight'")]
    [InlineData("cdn-outage provider=akamai region=mars at=10m", 35, "unknown region 'mars'")]
    [InlineData("origin-region-loss region=moon-base at=10m", 27, "unknown origin region 'moon-base'")]
    [InlineData("cdn-outage provider=akamai at=3h", 31, "not before the end of the final's 3 h")]
    [InlineData("cdn-outage provider=akamai at=10m for=0.5s", 39, "shorter than the simulation's 1 s tick")]
    public void Faults_naming_unknown_targets_are_located_errors_before_the_night_runs(string spec, int column, string message)
    {
        var night = NightSetup.Compile(Seed, Options(spec));
        Assert.False(night.Ok);
        var e = Assert.Single(night.Errors);
        Assert.Equal(("--fault", 0, column), (e.File, e.Line, e.Column));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"--fault \"{spec}\" col {column}: ", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_that_makes_no_sense_gets_every_error_at_once()
    {
        var night = NightSetup.Compile(Seed, new NightRequest { Stage = "friendly", SampledPlayers = -1, GoalsPerHour = double.NaN, Tick = Duration.Zero });
        Assert.Equal(["match", "tick", "players", "goals-per-hour"], night.Errors.Select(e => e.Field));
        Assert.Contains("stages: group, round16, quarter, semi, third-place, final", night.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_builtin_runbook_pasted_into_rules_is_the_same_runbook()
    {
        var pasted = Options() with { ScenarioRunbook = false, Rules = [.. Seed.Runbook.Select(r => SpecSource.Option("--rule", r.ToString()))] };
        Assert.Equal(Seed.Runbook.AsEnumerable(), Compile(pasted).Rules.AsEnumerable());
        var outage = "cdn-outage provider=akamai region=eu at=67m for=10m";
        Assert.Equal(Run(Options(outage)).Timeline.AsEnumerable(), Run(pasted with { Faults = [SpecSource.Option("--fault", outage)] }).Timeline.AsEnumerable());
    }

    [Fact]
    public void A_rule_given_twice_is_an_error()
    {
        var twice = Options() with { Rules = [SpecSource.Option("--rule", Seed.Runbook[0].ToString())] };
        Assert.Contains("rule 'high-latency' is given 2 times", Assert.Single(NightSetup.Compile(Seed, twice).Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sampled_players_are_exactly_the_number_asked_and_replace_the_fleets_experience_verdicts()
    {
        var options = new NightRequest { Stage = "group", ScenarioRunbook = false, SampledPlayers = 300 };
        var a = Run(options);
        var b = Run(options with { Threads = 1 });
        // One verdict per objective: startup, rebuffering and switches come from the sample, with its interval.
        Assert.Equal(Enum.GetValues<SloObjective>().Length, a.Slos.Length);
        var rows = a.Slos.Where(v => v.Source == VerdictSource.Players).ToList();
        Assert.Equal([SloObjective.StartupP95, SloObjective.Rebuffering, SloObjective.QualitySwitches], rows.Select(v => v.Objective));
        Assert.All(rows, v => Assert.True(v.Interval is { } i && i.Low <= v.Measured && v.Measured <= i.High, v.ToString()));
        Assert.Equal(300, a.Players!.Sessions);
        // Deterministic for a seed, whatever the thread count.
        Assert.Equal(a.Slos.AsEnumerable(), b.Slos.AsEnumerable());
        Assert.Equal(a.Players, b.Players);
    }

    [Fact]
    public void The_number_of_sampled_players_changes_precision_not_the_fleet()
    {
        // The players run after the fleet on what it recorded: the fleet's series are the same with 0, 1,000 or 10,000.
        var options = new NightRequest { Stage = "group", ScenarioRunbook = false };
        var none = Run(options);
        var thousand = Run(options with { SampledPlayers = 1000 });
        var tenThousand = Run(options with { SampledPlayers = 10_000 });
        Assert.Equal(none.Series.Egress.AsEnumerable(), thousand.Series.Egress.AsEnumerable());
        Assert.Equal(none.Series.Egress.Max(), tenThousand.Series.Egress.Max());
        Assert.Equal(none.Availability, tenThousand.Availability);
        // Ten times the sample narrows the interval about √10 ≈ 3.2 times (at least twice).
        var wide = Verdict(thousand, SloObjective.Rebuffering, VerdictSource.Players).Interval!.Value;
        var narrow = Verdict(tenThousand, SloObjective.Rebuffering, VerdictSource.Players).Interval!.Value;
        Assert.True(narrow.High - narrow.Low < (wide.High - wide.Low) / 2, $"{narrow} vs {wide}");
        // And both samples see the same thing within their intervals.
        var a = Verdict(thousand, SloObjective.QualitySwitches, VerdictSource.Players);
        var b = Verdict(tenThousand, SloObjective.QualitySwitches, VerdictSource.Players);
        Assert.True(a.Interval!.Value.Low <= b.Measured && b.Measured <= a.Interval.Value.High, $"{b.Measured} outside {a.Interval}");
    }

    [Fact]
    public void Sampled_players_on_an_edge_that_dies_stall_until_the_gslb_moves_them()
    {
        // The same sample on the calm night and with Akamai Europe dead for 10 minutes: the sessions there stall as their
        // buffers drain, then move with the fleet's viewers when their cached answers expire, and the sample's
        // rebuffering rises well above the calm night's.
        var options = new NightRequest { Stage = "final", ScenarioRunbook = false, SampledPlayers = 2000 };
        var calm = Run(options);
        var outage = Run(options with { Faults = [SpecSource.Option("--fault", "cdn-outage provider=akamai region=europe at=67m for=10m")] });
        var calmStall = Verdict(calm, SloObjective.Rebuffering, VerdictSource.Players);
        var outageStall = Verdict(outage, SloObjective.Rebuffering, VerdictSource.Players);
        Assert.True(outageStall.Interval!.Value.Low > calmStall.Interval!.Value.High, $"{outageStall.Measured} vs {calmStall.Measured}");
    }

    [Fact]
    public void Random_goals_surge_demand_only_while_the_ball_is_in_play()
    {
        var r = Run(Options() with { ScenarioRunbook = false, GoalsPerHour = 3, Seed = 5 });
        var goals = r.Timeline.Where(i => i.Description.StartsWith("traffic-surge", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(goals);
        // Pre-match is 0-30 min and half-time 75-90 min: no goals there.
        Assert.All(goals, g => Assert.False(g.At.Minutes < 30 || g.At.Minutes is >= 75 and < 90, g.At.ToString()));
        // A goal's wave arrives over about a minute: 150 s in, 1 + 10% (1 - e^-2.5) of the calm audience.
        var first = TickAt(r, goals[0].At.Seconds + 150);
        Assert.True(r.Series.Demand[first] > Calm.Value.Series.Demand[first] * 1.085);
    }
}
