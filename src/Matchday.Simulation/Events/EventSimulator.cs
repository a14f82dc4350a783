using System.Collections.Immutable;
using System.Globalization;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Autoscaling;
using Matchday.Simulation.Dns;
using Matchday.Simulation.Queueing;
using Matchday.Simulation.Random;
using Matchday.Simulation.Runbooks;

namespace Matchday.Simulation.Events;

/// <summary>
/// The event simulator: the match second by second at full scale, viewers as cohorts per region, split over CDNs
/// by GSLB/DNS with cache-aware drain, each edge cutting throughput to a fair share above capacity, the origin
/// scaled by the HPA, faults and runbooks. Deterministic for a seed.
/// </summary>
/// <remarks>
/// <para>Per region the viewers who want to watch (the plan's ramp × surges) are in exactly one state: joining,
/// playing, stalled, failed (join rejected, retrying) or abandoned (gave up; some return). The identity
/// demand = playing + stalled + joining + failed + abandoned is checked every tick.</para>
/// <para>Experience is a documented fluid model, not per-player simulation: an edge with capacity C and V viewers
/// delivers min(wanted, C/V) to each (fair share); if C/V is below the lowest rung the excess viewers stall
/// (max(0, 1 − C/(V·lowest rung))). Origin failures stall the same share of every viewer (their shields' fetches fail),
/// encoder failures stall viewers of the failed input until the backup takes over. Stalled viewers give up at
/// 1/patience per second. Player buffers are not modelled: a capacity drop stalls at once.</para>
/// </remarks>
public static class EventSimulator
{
    /// <summary>Plans the scenario and simulates the match of <see cref="EventOptions.Stage"/>.</summary>
    public static EventResult Run(Scenario scenario, EventOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= new EventOptions();
        return Run(scenario, Planner.Build(scenario, options.Stage), options);
    }

    /// <summary>Simulates the match of <paramref name="plan"/> (its stage).</summary>
    public static EventResult Run(Scenario scenario, Plan plan, EventOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(plan);
        return new EventRun(scenario, plan, options ?? new EventOptions()).Execute();
    }

    /// <summary>The scenario's origin autoscaler as an HPA spec.</summary>
    public static HpaSpec HpaSpecOf(Core.Scenarios.Autoscaling a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var metrics = a.Metrics.Select(m => m.Type.ToLowerInvariant() switch
        {
            "resource" when m.TargetUtilization is { } u => HpaMetric.ResourceUtilization(m.Name, (int)Math.Round(u.Percent)),
            "resource" => HpaMetric.ResourceAverageValue(m.Name, m.TargetAverage ?? 1),
            "pods" => HpaMetric.PodsAverageValue(m.Name, m.TargetAverage ?? 1),
            "object" => HpaMetric.Object(m.Name, HpaTarget.Value(m.TargetAverage ?? 1)),
            _ => HpaMetric.External(m.Name, HpaTarget.Value(m.TargetAverage ?? 1)),
        }).ToImmutableArray();
        HpaScalingRules? Rules(ScalingRules? r) => r is null ? null : new HpaScalingRules
        {
            StabilizationWindow = r.Stabilization,
            SelectPolicy = r.Select.ToLowerInvariant() switch { "min" => HpaSelectPolicy.Min, "disabled" => HpaSelectPolicy.Disabled, _ => HpaSelectPolicy.Max },
            Policies = [.. r.Policies.Select(p => p.Type.Equals("pods", StringComparison.OrdinalIgnoreCase)
                ? HpaScalingPolicy.Pods((int)p.Value, p.Period)
                : HpaScalingPolicy.Percent((int)p.Value, p.Period))],
        };
        var behavior = a.ScaleUp is null && a.ScaleDown is null ? null : new HpaBehavior(Rules(a.ScaleUp), Rules(a.ScaleDown));
        return new HpaSpec { MinReplicas = a.MinReplicas, MaxReplicas = a.MaxReplicas, Metrics = metrics, Behavior = behavior };
    }

    /// <summary>
    /// An origin pod whose load unit is one request per second: it serves the scenario's requests per server; CPU is
    /// 70% of its 1-core request at 70% of that (50m idle), memory 74% of 2Gi there (512Mi idle), and its in-flight
    /// requests (Little's law: rate × service time) are the HPA's <c>concurrent_streams</c>. Calibrated so the seed's
    /// three targets agree near 70% of capacity; an assumption.
    /// </summary>
    public static PodLoadModel OriginPodModel(Scenario scenario, EventOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var perPod = scenario.Origins.RequestsPerServer.PerSecond;
        const double gi = 1024d * 1024 * 1024, mi = 1024d * 1024;
        var at70 = 0.7 * perPod;
        return new PodLoadModel(
            ImmutableDictionary<string, double>.Empty.Add("cpu", 1.0).Add("memory", 2 * gi),
            [
                new PodMetricModel("cpu", 0.05, 0.65 / at70, 2.0),
                new PodMetricModel("memory", 512 * mi, 1000 * mi / at70, 4 * gi),
                new PodMetricModel("concurrent_streams", 0, options.OriginServiceTime.Seconds),
            ],
            perPod,
            Duration.FromSeconds(15));
    }
}

/// <summary>One run's mutable state. Not thread-safe; one per run.</summary>
internal sealed class EventRun
{
    private readonly Scenario _s;
    private readonly MatchPlan _m;
    private readonly EventOptions _o;
    private readonly string[] _regions;
    private readonly Cdn[] _cdns;
    private readonly double[] _regionShare;
    private readonly double[] _cdnShare;
    private readonly double[] _ramp;
    private readonly Bitrate[,] _capacity;
    private readonly double[,] _servers;
    private readonly double[,] _pools;
    private readonly Bitrate _lowestRung;
    private readonly double _requestsPerViewer;

    // Per region: joining, connected (playing + stalled), failed, abandoned (returning / gone).
    private readonly double[] _joining, _connected, _failed, _abandonedRetry, _abandonedGone, _demand;
    private readonly DnsSteering[] _steering;
    private readonly bool[,] _detectedDown;
    private bool _capacityWeighted;
    private Bitrate? _qualityCap;
    private readonly AutoscaledDeployment _origin;
    private string _activeOriginRegion;
    private bool _originDown;
    private readonly RunbookEngine _runbook;
    private readonly HealthCheckPolicy _health;
    private readonly List<(Duration At, int Order, Action Do)> _pending = [];
    private int _order;
    private readonly List<IncidentEvent> _incidents = [];
    private readonly List<(Duration Start, Duration End)> _goals = [];

    public EventRun(Scenario s, Plan plan, EventOptions o)
    {
        _s = s;
        _m = plan.Match;
        _o = o;
        _regions = [.. _m.Audience.Regions.Select(r => r.Region)];
        _cdns = [.. s.Delivery.Cdns];
        _regionShare = [.. _m.Audience.Regions.Select(r => r.Share.Value)];
        var cdnSum = _cdns.Sum(c => c.Traffic.Value);
        _cdnShare = [.. _cdns.Select(c => c.Traffic.Value / cdnSum)];
        _ramp = [.. _m.Audience.Ramp.Select(p => p.Viewers.Value)];
        var nR = _regions.Length;
        var nC = _cdns.Length;
        _capacity = new Bitrate[nR, nC];
        _servers = new double[nR, nC];
        _pools = new double[nR, nC];
        for (var r = 0; r < nR; r++)
        {
            for (var c = 0; c < nC; c++)
            {
                if (o.Capacity == EdgeCapacitySource.Plan)
                {
                    var rc = _m.Delivery.RegionCdns.First(x => x.Region == _regions[r] && x.Cdn == _cdns[c].Name);
                    _servers[r, c] = Math.Max(1, rc.ServersNeeded);
                    _capacity[r, c] = s.Delivery.ServerCapacity * _servers[r, c];
                }
                else
                {
                    var region = s.Regions[r];
                    _servers[r, c] = Math.Max(1, region.EdgeServers * _cdnShare[c]);
                    _capacity[r, c] = region.Capacity * _cdnShare[c];
                }
                _pools[r, c] = Math.Max(1, Math.Round(_cdns[c].Pops * _regionShare[r]));
            }
        }
        _lowestRung = s.Ladder.Rungs.Min(x => x.Bitrate);
        _requestsPerViewer = 1 / s.Delivery.SegmentDuration.Seconds + 1 / s.Delivery.PlaylistRefresh.Seconds;

        _joining = new double[nR];
        _connected = new double[nR];
        _failed = new double[nR];
        _abandonedRetry = new double[nR];
        _abandonedGone = new double[nR];
        _demand = new double[nR];
        var cache = new DnsCachePolicy(s.Failover.DnsTtl, o.StaleResolvers.Share, o.StaleResolvers.Multiplier);
        _steering = [.. _regions.Select(_ => new DnsSteering(cache, [.. _cdnShare]))];
        _detectedDown = new bool[nR, nC];
        _health = new HealthCheckPolicy(s.Failover.HealthCheckInterval, s.Failover.FailureThreshold, Duration.Zero);

        _origin = new AutoscaledDeployment(EventSimulator.HpaSpecOf(s.Autoscaling), EventSimulator.OriginPodModel(s, o),
            PodLifecycle.Default, s.Autoscaling.MinReplicas, Duration.Zero);
        _activeOriginRegion = s.Failover.Regions.FirstOrDefault(r => r.Role == "primary")?.Name ?? s.Failover.Regions.FirstOrDefault()?.Name ?? "origin";
        _runbook = new RunbookEngine(o.Rules);

        if (o.GoalsPerHour > 0)
        {
            var rng = Pcg32.ForComponent(o.Seed, 0x60a1);
            var end = _ramp.Length * 60.0;
            for (var t = rng.NextExponential(o.GoalsPerHour / 3600); t < end; t += rng.NextExponential(o.GoalsPerHour / 3600))
                _goals.Add((Duration.FromSeconds(t), Duration.FromSeconds(t) + o.GoalSurge.Length));
        }
    }

    private void Log(Duration at, string kind, string text) => _incidents.Add(new IncidentEvent(at, kind, text));

    private void Schedule(Duration at, Action action) => _pending.Add((at, _order++, action));

    private static string Clock(Duration t) => string.Create(CultureInfo.InvariantCulture, $"{(int)t.Minutes}m{(int)(t.Seconds % 60):00}s");

    /// <summary>The ramp's audience at t, linear between its minute points.</summary>
    private double RampAt(Duration t)
    {
        var m = t.Minutes;
        var k = (int)Math.Floor(m);
        if (k >= _ramp.Length - 1) return _ramp[^1];
        return _ramp[k] + (_ramp[k + 1] - _ramp[k]) * (m - k);
    }

    private static bool Matches(string? filter, string name) => filter is null || string.Equals(filter, name, StringComparison.OrdinalIgnoreCase);

    public EventResult Execute()
    {
        var nR = _regions.Length;
        var nC = _cdns.Length;
        var dt = _o.Tick;
        var end = Duration.FromMinutes(_ramp.Length);
        var faults = _o.Faults;
        var active = new bool[faults.Length];
        var ticks = ImmutableArray.CreateBuilder<TickRecord>((int)(end / dt) + 2);
        var encoderStallUntil = Duration.Zero;
        var encoderStallShare = 0.0;
        double playingSeconds = 0, servedSeconds = 0, demandSeconds = 0, stalledSeconds = 0, connectedSeconds = 0;
        var latencySamples = new List<(double P95, double Weight)>();
        var worst = (At: Duration.Zero, NotPlaying: 0.0);
        var degraded = false;

        // The first ramp minute's audience is already watching when the timeline starts.
        for (var r = 0; r < nR; r++)
        {
            _demand[r] = _ramp[0] * _regionShare[r];
            _connected[r] = _demand[r];
        }

        for (var t = Duration.Zero; t <= end; t += dt)
        {
            // 1. Faults starting and ending.
            for (var i = 0; i < faults.Length; i++)
            {
                var f = faults[i];
                var now = f.IsActive(t);
                if (now == active[i]) continue;
                active[i] = now;
                OnFault(f, now, t, ref encoderStallUntil, ref encoderStallShare);
            }

            // 2. Scheduled detections and DNS changes.
            foreach (var p in _pending.Where(p => p.At <= t).OrderBy(p => p.At).ThenBy(p => p.Order).ToList())
            {
                _pending.Remove(p);
                p.Do();
            }

            // 3. Demand: the ramp × surges; arrivals join, leavers leave every state in proportion.
            var goal = _goals.Any(g => t >= g.Start && t < g.End) ? _o.GoalSurge.Factor : 1.0;
            for (var r = 0; r < nR; r++)
            {
                var surge = goal;
                foreach (var f in faults)
                {
                    if (f.Kind == FaultKind.TrafficSurge && f.IsActive(t) && Matches(f.Region, _regions[r])) surge *= f.Factor ?? 1;
                }
                var target = RampAt(t) * _regionShare[r] * surge;
                var delta = target - _demand[r];
                if (delta >= 0)
                {
                    _joining[r] += delta;
                }
                else
                {
                    var keep = _demand[r] > 0 ? target / _demand[r] : 0;
                    _joining[r] *= keep;
                    _connected[r] *= keep;
                    _failed[r] *= keep;
                    _abandonedRetry[r] *= keep;
                    _abandonedGone[r] *= keep;
                }
                _demand[r] = target;
            }

            // 4. Where clients go (DNS), what they want (quality cap), what the origin sees.
            var weights = new double[nR][];
            for (var r = 0; r < nR; r++) weights[r] = _steering[r].EffectiveWeights(t);
            var wanted = WantedBitrate();
            var failOpenViewers = 0.0;
            foreach (var f in faults.Where(f => f.Kind == FaultKind.CacheFailOpen && f.IsActive(t)))
            {
                for (var r = 0; r < nR; r++)
                {
                    if (!Matches(f.Region, _regions[r])) continue;
                    for (var c = 0; c < nC; c++)
                        if (Matches(f.Provider, _cdns[c].Name)) failOpenViewers += (_connected[r] + _joining[r]) * weights[r][c];
                }
            }
            var originLoad = _m.Origin.Coalesced.Requests + Rate.FromPerSecond(failOpenViewers * _requestsPerViewer);
            var decision = _origin.Advance(t, originLoad.PerSecond);
            if (decision is { Rescaled: true })
                Log(t, "scale", string.Create(CultureInfo.InvariantCulture, $"origin HPA {decision.CurrentReplicas} -> {decision.DesiredReplicas} ({decision.Condition})"));
            var originCapacity = _originDown ? 0 : _origin.Capacity(t);
            var originServed = originLoad.PerSecond <= 0 ? 1 : Math.Min(1, originCapacity / originLoad.PerSecond);

            // 5. Auth: joins and token refreshes against the (possibly degraded) validation capacity. With the plan's
            // capacity, auth is sized like the edges: the plan's peak validations plus the headroom buffer.
            var authCapacity = _o.Capacity == EdgeCapacitySource.Plan
                ? (_s.Services.AuthCapacity >= _m.Services.AuthValidations * (1 + _s.Delivery.HeadroomBuffer.Value) ? _s.Services.AuthCapacity : _m.Services.AuthValidations * (1 + _s.Delivery.HeadroomBuffer.Value))
                : _s.Services.AuthCapacity;
            foreach (var f in faults.Where(f => f.Kind == FaultKind.AuthDegradation && f.IsActive(t))) authCapacity *= f.Capacity?.Value ?? 1;
            var startupHazard = 1 - Math.Exp(-dt.Seconds / _o.Viewers.StartupTime.Seconds);
            var attemptsTotal = _joining.Sum() * startupHazard;
            var authLoad = Rate.FromPerSecond(attemptsTotal / dt.Seconds * _s.Services.AuthValidationsPerJoin + _connected.Sum() / _s.Services.TokenRefresh.Seconds);
            var authServed = authLoad.PerSecond <= 0 ? 1 : Math.Min(1, authCapacity / authLoad);

            // 6. Edges: fair share, stalls, latency; then each region's flows.
            var encoderShare = t < encoderStallUntil ? encoderStallShare : 0;
            var edgeEgress = ImmutableArray.CreateBuilder<Bitrate>(nR * nC);
            var edgeUtil = ImmutableArray.CreateBuilder<double>(nR * nC);
            var latencies = new List<(double P95, double Weight)>(nR * nC);
            double egressTotal = 0, deliveredRateSum = 0, dropout = 0;
            var stallShares = new double[nR];
            for (var r = 0; r < nR; r++)
            {
                var stallShare = 0.0;
                for (var c = 0; c < nC; c++)
                {
                    var viewers = _connected[r] * weights[r][c];
                    var capacity = CdnDown(faults, t, r, c) ? Bitrate.Zero : _capacity[r, c];
                    var demand = wanted * viewers;
                    var cdnStall = viewers <= 0 ? 0 : Math.Max(0, 1 - capacity.BitsPerSecond / (viewers * _lowestRung.BitsPerSecond));
                    var perViewer = viewers <= 0 ? wanted : Bitrate.Min(wanted, capacity / viewers);
                    var stall = 1 - (1 - cdnStall) * originServed * (1 - encoderShare);
                    stallShare += weights[r][c] * stall;
                    var served = Bitrate.Min(demand, capacity) * originServed * (1 - encoderShare);
                    edgeEgress.Add(served);
                    egressTotal += served.BitsPerSecond;
                    deliveredRateSum += perViewer.BitsPerSecond * viewers * (1 - stall);
                    edgeUtil.Add(capacity.BitsPerSecond > 0 ? demand / capacity : viewers > 0 ? double.PositiveInfinity : 0);

                    var pools = _pools[r, c];
                    var edge = new EdgeCapacity((int)Math.Max(1, Math.Round(_servers[r, c] / pools)), _o.EdgeRequestsPerServer,
                        _servers[r, c] > 0 ? capacity / _servers[r, c] : Bitrate.Zero, _o.EdgeNetworkLatency, _o.EdgeTimeout);
                    var load = capacity.BitsPerSecond <= 0
                        ? new EdgeLoad(Ratio.One, Ratio.Zero, _o.EdgeTimeout, _o.EdgeTimeout)
                        : EdgeLatencyModel.Evaluate(edge, Rate.FromPerSecond(viewers * _requestsPerViewer / pools), demand / pools);
                    if (viewers > 0) latencies.Add((load.P95Latency.Seconds, viewers));
                }

                // Stalled viewers give up; some come back; failed joins retry; joins complete or fail at auth.
                stallShares[r] = stallShare;
                var stalled = stallShare * _connected[r];
                var giveUp = stalled * (1 - Math.Exp(-dt.Seconds / _o.Viewers.StallPatience.Seconds));
                _connected[r] -= giveUp;
                _abandonedRetry[r] += giveUp * _o.Viewers.RetryShare.Value;
                _abandonedGone[r] += giveUp * (1 - _o.Viewers.RetryShare.Value);
                dropout += giveUp / dt.Seconds;

                var back = _abandonedRetry[r] * (1 - Math.Exp(-dt.Seconds / _o.Viewers.RetryDelay.Seconds));
                _abandonedRetry[r] -= back;
                var retry = _failed[r] * (1 - Math.Exp(-dt.Seconds / _o.Viewers.JoinRetryDelay.Seconds));
                _failed[r] -= retry;
                var attempts = _joining[r] * startupHazard;
                _joining[r] += back + retry - attempts;
                _connected[r] += attempts * authServed;
                _failed[r] += attempts * (1 - authServed);
            }

            // 7. Conservation, the record, the SLIs.
            double demandSum = 0, playing = 0, stalledSum = 0, joining = 0, failed = 0, abandoned = 0;
            for (var r = 0; r < nR; r++)
            {
                // The connected viewers after this tick's flows split between playing and stalled as the edges dictate.
                var stall = stallShares[r];
                var sum = _joining[r] + _connected[r] + _failed[r] + _abandonedRetry[r] + _abandonedGone[r];
                if (Math.Abs(sum - _demand[r]) > 1e-6 * Math.Max(1, _demand[r]))
                    throw new InvalidOperationException($"viewers not conserved in {_regions[r]} at {Clock(t)}: demand {_demand[r]} vs states {sum}");
                demandSum += _demand[r];
                stalledSum += stall * _connected[r];
                playing += (1 - stall) * _connected[r];
                joining += _joining[r];
                failed += _failed[r];
                abandoned += _abandonedRetry[r] + _abandonedGone[r];
            }
            var p95 = WeightedQuantile(latencies, 0.95) ?? _o.EdgeNetworkLatency.Seconds;
            var record = new TickRecord
            {
                Time = t,
                Demand = demandSum,
                Playing = playing,
                Stalled = stalledSum,
                Joining = joining,
                Failed = failed,
                Abandoned = abandoned,
                DropoutPerSecond = dropout,
                Egress = Bitrate.FromBitsPerSecond(egressTotal),
                EdgeEgress = edgeEgress.MoveToImmutable(),
                EdgeUtilization = edgeUtil.MoveToImmutable(),
                LatencyP95 = Duration.FromSeconds(p95),
                OriginRequests = originLoad,
                OriginServed = originServed,
                OriginReplicas = (_origin.SpecReplicas, _origin.ReadyReplicas(t)),
                Auth = (authLoad, authLoad * (1 - authServed)),
                AverageBitrate = Bitrate.FromBitsPerSecond(playing > 0 ? deliveredRateSum / playing : 0),
            };
            ticks.Add(record);

            var seconds = dt.Seconds;
            demandSeconds += demandSum * seconds;
            playingSeconds += playing * seconds;
            servedSeconds += (playing + joining) * seconds;
            stalledSeconds += stalledSum * seconds;
            connectedSeconds += (playing + stalledSum) * seconds;
            latencySamples.Add((p95, demandSum));
            var notPlaying = demandSum > 0 ? 1 - (playing + joining) / demandSum : 0;
            if (notPlaying > worst.NotPlaying) worst = (t, notPlaying);
            if (!degraded && notPlaying > 0.01)
            {
                degraded = true;
                Log(t, "slo", string.Create(CultureInfo.InvariantCulture, $"degradation: {notPlaying:P1} of viewers not playing ({stalledSum:N0} stalled, {failed:N0} failed joins, {abandoned:N0} gave up)"));
            }
            else if (degraded && notPlaying < 0.005)
            {
                degraded = false;
                Log(t, "slo", "recovered: under 0.5% of viewers not playing");
            }

            // 8. Runbooks see the metrics and act.
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                [RunbookMetrics.LatencyP95] = p95,
                [RunbookMetrics.ViewerDropoutRate] = dropout,
                [RunbookMetrics.RegionsFailed] = _originDown ? 1 : 0,
                [RunbookMetrics.CacheHitRatio] = 1 - failOpenViewers / Math.Max(1, _connected.Sum() + _joining.Sum()),
            };
            var step = _runbook.Evaluate(t, metrics);
            foreach (var tr in step.Transitions)
                Log(t, "alert", $"{tr.Rule}: {tr.From.ToString().ToLowerInvariant()} -> {tr.To.ToString().ToLowerInvariant()}");
            foreach (var a in step.Effective) Apply(a, t);
        }

        var availability = demandSeconds > 0 ? servedSeconds / demandSeconds : 1;
        var budget = ErrorBudgets.For(_s.Slos.Availability, _s.Slos.Window).Budget;
        var meanDemand = demandSeconds / Math.Max(1, end.Seconds + dt.Seconds);
        var outage = Duration.FromSeconds(meanDemand > 0 ? (demandSeconds - servedSeconds) / meanDemand : 0);
        var rebuffer = connectedSeconds > 0 ? stalledSeconds / connectedSeconds : 0;
        var latencyP95 = WeightedQuantile(latencySamples, 0.95) ?? 0;
        var slos = ImmutableArray.Create(
            new SloVerdict("availability", _s.Slos.Availability.ToString(), Ratio.FromFraction(availability).ToString(), availability >= _s.Slos.Availability.Value),
            new SloVerdict("latency-p95", _s.Slos.LatencyP95.ToString(), Duration.FromSeconds(latencyP95).ToString(), latencyP95 <= _s.Slos.LatencyP95.Seconds),
            new SloVerdict("rebuffering", _s.Slos.RebufferingRatio.ToString(), Ratio.FromFraction(rebuffer).ToString(), rebuffer <= _s.Slos.RebufferingRatio.Value));
        var edges = _regions.SelectMany(r => _cdns.Select(c => (r, c.Name))).ToImmutableArray();
        var summary = new EventSummary(Ratio.FromFraction(availability), Ratio.FromFraction(outage / budget), Ratio.FromFraction(rebuffer),
            ticks.Max(x => x.Demand), slos, (worst.At, Ratio.FromFraction(worst.NotPlaying)), Bottlenecks(ticks, edges));
        return new EventResult(edges, ticks.ToImmutable(), [.. _incidents], summary);
    }

    /// <summary>Edges whose demand exceeded capacity (outages aside), auth rejecting, the origin short: the worst moment of each.</summary>
    private static ImmutableArray<string> Bottlenecks(ImmutableArray<TickRecord>.Builder ticks, ImmutableArray<(string Region, string Cdn)> edges)
    {
        var found = new List<(double Severity, string Text)>();
        for (var e = 0; e < edges.Length; e++)
        {
            var worst = ticks.Where(t => double.IsFinite(t.EdgeUtilization[e])).MaxBy(t => t.EdgeUtilization[e]);
            if (worst is not null && worst.EdgeUtilization[e] > 1)
            {
                var u = worst.EdgeUtilization[e];
                var minutes = ticks.Count(t => t.EdgeUtilization[e] > 1 && double.IsFinite(t.EdgeUtilization[e])) * (ticks.Count > 1 ? (ticks[1].Time - ticks[0].Time).Minutes : 0);
                found.Add((u, string.Create(CultureInfo.InvariantCulture,
                    $"{edges[e].Region}/{edges[e].Cdn}: demand {u:0.00}x capacity at {worst.Time} (over capacity for {Duration.FromMinutes(minutes)})")));
            }
        }
        var auth = ticks.MaxBy(t => t.Auth.Rejected.PerSecond);
        if (auth is not null && auth.Auth.Rejected.PerSecond > 0)
            found.Add((auth.Auth.Load.PerSecond / Math.Max(1e-9, auth.Auth.Load.PerSecond - auth.Auth.Rejected.PerSecond), $"auth: {auth.Auth.Rejected} of {auth.Auth.Load} validations rejected at {auth.Time}"));
        var origin = ticks.MinBy(t => t.OriginServed);
        if (origin is not null && origin.OriginServed < 1)
            found.Add((1 / Math.Max(1e-9, origin.OriginServed), string.Create(CultureInfo.InvariantCulture,
                $"origin: served {origin.OriginServed:P0} of {origin.OriginRequests} at {origin.Time} with {origin.OriginReplicas.Ready} pods ready")));
        return [.. found.OrderByDescending(f => f.Severity).Select(f => f.Text)];
    }

    private Bitrate WantedBitrate()
    {
        var devices = _s.Audience.Devices;
        var total = devices.Sum(d => d.Share.Value);
        var sum = 0.0;
        foreach (var d in devices)
        {
            var b = _qualityCap is { } cap ? Bitrate.Min(d.Bitrate, cap) : d.Bitrate;
            sum += d.Share.Value / total * b.BitsPerSecond;
        }
        return Bitrate.FromBitsPerSecond(sum);
    }

    private bool CdnDown(ImmutableArray<FaultSpec> faults, Duration t, int r, int c)
    {
        foreach (var f in faults)
        {
            if (f.Kind == FaultKind.CdnOutage && f.IsActive(t) && Matches(f.Provider, _cdns[c].Name) && Matches(f.Region, _regions[r])) return true;
        }
        return false;
    }

    private void OnFault(FaultSpec f, bool started, Duration t, ref Duration encoderStallUntil, ref double encoderStallShare)
    {
        Log(t, started ? "fault" : "recovery", (started ? "fault: " : "fault over: ") + f);
        switch (f.Kind)
        {
            case FaultKind.CdnOutage:
                // GSLB health checks notice the change (down or back up) after the threshold of probes; DNS follows.
                var detected = _health.DetectedAt(t, Duration.Zero);
                Schedule(detected, () =>
                {
                    for (var r = 0; r < _regions.Length; r++)
                    {
                        if (!Matches(f.Region, _regions[r])) continue;
                        for (var c = 0; c < _cdns.Length; c++)
                            if (Matches(f.Provider, _cdns[c].Name)) _detectedDown[r, c] = started;
                    }
                    Log(detected, "detection", $"health checks mark {f.Provider} {(f.Region ?? "everywhere")} {(started ? "down" : "up")}");
                    Schedule(detected + _o.DnsPropagation, () => RefreshAnswers(detected + _o.DnsPropagation, f.Region));
                });
                break;
            case FaultKind.OriginRegionLoss when string.Equals(f.Region, _activeOriginRegion, StringComparison.OrdinalIgnoreCase):
                _originDown = started;
                if (!started) _origin.LoseAllPods(t); // the recovered region's pods start again
                break;
            case FaultKind.EncoderFailure when started:
                encoderStallShare = f.Input is null ? 1 : 1.0 / Math.Max(1, _s.Encoding.InputStreams);
                var takeover = f.For is { } d && d < _o.EncoderBackupTakeover ? d : _o.EncoderBackupTakeover;
                encoderStallUntil = t + takeover;
                break;
        }
    }

    /// <summary>New DNS answers for the matching regions: healthy CDNs by traffic share, or by capacity once activated.</summary>
    private void RefreshAnswers(Duration at, string? regionFilter)
    {
        for (var r = 0; r < _regions.Length; r++)
        {
            if (!Matches(regionFilter, _regions[r])) continue;
            var weights = new double[_cdns.Length];
            for (var c = 0; c < _cdns.Length; c++)
                weights[c] = _detectedDown[r, c] ? 0 : _capacityWeighted ? _capacity[r, c].BitsPerSecond : _cdnShare[c];
            var total = weights.Sum();
            if (total <= 0) continue; // nothing healthy: the GSLB keeps its last answer
            var answer = weights.ToImmutableArray();
            if (answer.Select(w => w / total).SequenceEqual(_steering[r].CurrentAnswer, Close)) continue; // unchanged
            _steering[r].ChangeAnswer(at, answer);
            var text = string.Join(", ", _cdns.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {weights[i] / weights.Sum():P0}")));
            Log(at, "dns", $"{_regions[r]} answer: {text}");
        }
    }

    private void Apply(ScheduledAction a, Duration t)
    {
        Log(t, "action", $"{a.Rule}: {a.Action.Describe()}");
        switch (a.Action)
        {
            case ScaleOrigins s when s.Region is null || string.Equals(s.Region, _activeOriginRegion, StringComparison.OrdinalIgnoreCase):
                _origin.ScaleTo(Math.Max(s.Replicas, _origin.SpecReplicas), t);
                break;
            case ActivateSecondaryCdn or ActivateAllCdns:
                _capacityWeighted = true;
                RefreshAnswers(t, null);
                break;
            case CapQuality q when _s.Ladder.Find(q.MaxRung) is { } rung:
                _qualityCap = rung.Bitrate;
                break;
            case FailOverRegion f when string.Equals(f.From, _activeOriginRegion, StringComparison.OrdinalIgnoreCase):
                var target = _s.Failover.Regions.FirstOrDefault(r => string.Equals(r.Name, f.To, StringComparison.OrdinalIgnoreCase));
                var activation = target?.Activation ?? _s.Failover.BackupOriginActivation;
                Schedule(t + activation, () =>
                {
                    _activeOriginRegion = f.To;
                    _originDown = false;
                    _origin.LoseAllPods(t + activation); // the fleet starts in the new region
                    Log(t + activation, "recovery", $"origin serving from {f.To}");
                });
                break;
            case SetHpaMaxReplicas h when h.Hpa is "streaming-hpa" or "origin-hpa":
                _origin.Autoscaler.UpdateSpec(_origin.Autoscaler.Spec with { MaxReplicas = Math.Max(h.MaxReplicas, _origin.Autoscaler.Spec.MinReplicas) });
                break;
        }
    }

    private static readonly IEqualityComparer<double> Close = EqualityComparer<double>.Create((a, b) => Math.Abs(a - b) < 1e-12, v => 0);

    /// <summary>The weighted p-quantile of values (the smallest value whose cumulative weight reaches p of the total).</summary>
    private static double? WeightedQuantile(List<(double Value, double Weight)> samples, double p)
    {
        var total = samples.Sum(x => x.Weight);
        if (total <= 0) return null;
        var cumulative = 0.0;
        foreach (var (value, weight) in samples.OrderBy(x => x.Value))
        {
            cumulative += weight;
            if (cumulative >= p * total) return value;
        }
        return samples.Max(x => x.Value);
    }
}
