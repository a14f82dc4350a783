using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Autoscaling;
using Matchday.Simulation.Dns;
using Matchday.Simulation.Queueing;
using Matchday.Simulation.Random;
using Matchday.Simulation.Runbooks;

namespace Matchday.Simulation.Events;

/// <summary>
/// The match, second by second. A fluid model at full audience scale: per region, viewers are joining, playing,
/// stalled, failed (join rejected, will retry) or abandoned, and they always add up to the region's demand. Each tick:
/// <list type="number">
/// <item>demand follows the plan's ramp (times any surge); new viewers arrive, leavers leave every state in proportion;</item>
/// <item>arrivals, retries and returners ask the auth service, which serves min(1, capacity / load) of them;</item>
/// <item>GSLB/DNS: viewers sit on each CDN per the effective DNS weights: answers change only after health checks detect a
/// failure, and clients follow a new answer only as their cached one expires (<see cref="DnsSteering"/>);</item>
/// <item>each region×CDN edge divides its capacity max-min fairly over the device profiles; players take the highest rung
/// within 0.9 of their share, and viewers whose share is below the lowest rung stall (<see cref="FairShare"/>);</item>
/// <item>latency is the edge's M/M/c p95 (<see cref="EdgeLatencyModel"/>); the origin serves shield fills, or every request
/// when caches fail open, with pods scaled by the Kubernetes HPA (<see cref="AutoscaledDeployment"/>);</item>
/// <item>startup and stalls cost viewers (Krishnan &amp; Sitaraman), runbook rules watch the metrics and act late.</item>
/// </list>
/// Deterministic: the only randomness (health-check phases, random faults) comes from the seed.
/// </summary>
public static class EventSimulator
{
    /// <summary>Simulates the plan's match. Throws <see cref="ArgumentException"/> when a fault names an unknown CDN or region.</summary>
    public static EventResult Run(EventOptions options, IProgress<double>? progress = null) => new EventRun(options).Execute(progress);
}

internal sealed class EventRun
{
    private const double Tiny = 1e-9;
    private readonly EventOptions _o;
    private readonly Scenario _s;
    private readonly int _regions;
    private readonly int _cdns;
    private readonly double _dt;
    private readonly double[] _ramp;
    private readonly double[] _regionShare;
    private readonly double[] _baseWeights;
    private readonly int[] _servers;
    private readonly double[] _capacity;
    private readonly double[] _deviceShare;
    private readonly double[] _deviceWant;
    private readonly double[] _rungs;
    private readonly string[] _rungNames;
    private readonly double[] _classShare;
    private readonly double[] _classThroughput;
    private readonly double _requestsPerViewer;
    private readonly double _requestsPerServer;
    private readonly double _authCapacity;
    private readonly double _coalescedRequests;
    private readonly AutoscaledDeployment _origins;
    private readonly DnsSteering[] _dns;
    private readonly HealthCheckPolicy _health;
    private readonly List<ActiveFault> _faults = [];
    private readonly List<Incident> _timeline = [];
    private readonly RunbookEngine _runbook;
    private readonly SampledPlayers? _players;
    // Per edge: what the sampled players actually pull relative to what the device profiles ask (EWMA), fed back into
    // the fluid's demand so the CDN load follows the players' bitrate choices.
    private readonly double[] _pullScale;

    // State: per region, and per cell (region × CDN).
    private readonly double[] _failed;
    private readonly double[] _abandoned;
    private readonly double[] _join; // [cell × network class]: joining viewers, by the access network that paces their start
    private readonly double[] _playing;
    private readonly double[] _stalled;
    private readonly double[] _demand;
    private readonly int[,] _lastRung;
    private readonly bool[] _knownDown;
    private readonly bool[] _down; // edges whose CDN is out this tick (whether or not the GSLB knows yet)
    private readonly double[] _lastAnswerChange;
    private readonly double _primaryMean;
    private bool _answersDirty = true;
    private double _qualityCap = double.PositiveInfinity;
    private bool _secondaryActive;
    private bool _allActive;

    public EventRun(EventOptions o)
    {
        _o = o;
        _s = o.Scenario;
        var m = o.Plan.Match;
        _regions = _s.Regions.Length;
        _cdns = _s.Delivery.Cdns.Length;
        _dt = o.Tick.Seconds;
        if (!(_dt > 0)) throw new ArgumentException("the tick must be positive", nameof(o));
        _ramp = [.. m.Audience.Ramp.Select(p => p.Viewers.Value)];
        _regionShare = [.. m.Audience.Regions.Select(r => r.Share.Value)];
        var traffic = _s.Delivery.Cdns.Select(c => c.Traffic.Value).ToArray();
        var sum = traffic.Sum();
        _baseWeights = sum > 0 ? [.. traffic.Select(t => t / sum)] : [.. traffic.Select(_ => 1.0 / _cdns)];

        var perServer = _s.Delivery.ServerCapacity;
        _servers = new int[_regions * _cdns];
        _capacity = new double[_regions * _cdns];
        for (var r = 0; r < _regions; r++)
        {
            for (var c = 0; c < _cdns; c++)
            {
                var k = r * _cdns + c;
                if (o.Capacity == CapacitySource.Plan)
                {
                    _servers[k] = (int)Math.Min(int.MaxValue, m.Delivery.RegionCdns[k].ServersNeeded);
                    _capacity[k] = _servers[k] * perServer.BitsPerSecond;
                }
                else
                {
                    _servers[k] = Math.Max(1, (int)Math.Round(_s.Regions[r].EdgeServers * _baseWeights[c]));
                    _capacity[k] = _s.Regions[r].Capacity.BitsPerSecond * _baseWeights[c];
                }
            }
        }

        var deviceTotal = _s.Audience.Devices.Sum(d => d.Share.Value);
        _deviceShare = [.. _s.Audience.Devices.Select(d => d.Share.Value / deviceTotal)];
        _deviceWant = [.. _s.Audience.Devices.Select(d => d.Bitrate.BitsPerSecond)];
        _rungs = [.. _s.Ladder.Rungs.Select(r => r.Bitrate.BitsPerSecond)];
        var classTotal = _s.Audience.Networks.Sum(n => n.Share.Value);
        _classShare = [.. _s.Audience.Networks.Select(n => classTotal > 0 ? n.Share.Value / classTotal : 1.0 / _s.Audience.Networks.Length)];
        _classThroughput = [.. _s.Audience.Networks.Select(AccessThroughput)];
        _rungNames = [.. _s.Ladder.Rungs.Select(r => r.Name)];
        _requestsPerViewer = 1 / _s.Delivery.SegmentDuration.Seconds + 1 / _s.Delivery.PlaylistRefresh.Seconds;
        _requestsPerServer = _s.Delivery.ServerRequests.PerSecond;
        _authCapacity = o.Capacity == CapacitySource.Plan
            ? Math.Max(_s.Services.AuthCapacity.PerSecond, m.Services.AuthValidations.PerSecond * (1 + _s.Delivery.HeadroomBuffer.Value))
            : _s.Services.AuthCapacity.PerSecond;
        _coalescedRequests = m.Origin.Coalesced.Requests.PerSecond;

        var spec = HpaMapping.FromScenario(_s.Autoscaling);
        var startup = Math.Max(0, o.PodStartup.Seconds - 5);
        var initial = Math.Clamp(_s.Origins.Count, spec.MinReplicas, spec.MaxReplicas);
        _origins = new AutoscaledDeployment(spec, SeedHpa.OriginPod, new PodLifecycle(Duration.FromSeconds(Math.Min(5, o.PodStartup.Seconds)), Duration.FromSeconds(startup)), initial, Duration.Zero);

        var cache = new DnsCachePolicy(_s.Failover.DnsTtl, o.StaleResolvers, o.StaleMultiplier);
        _dns = [.. Enumerable.Range(0, _regions).Select(_ => new DnsSteering(cache, [.. _baseWeights]))];
        _health = new HealthCheckPolicy(_s.Failover.HealthCheckInterval, _s.Failover.FailureThreshold, o.HealthCheckTimeout);
        _runbook = new RunbookEngine(o.Rules);

        _failed = new double[_regions];
        _abandoned = new double[_regions];
        _demand = new double[_regions];
        _join = new double[_regions * _cdns * _classShare.Length];
        _playing = new double[_regions * _cdns];
        _stalled = new double[_regions * _cdns];
        _lastRung = new int[_regions * _cdns, _deviceShare.Length];
        _knownDown = new bool[_regions * _cdns];
        _down = new bool[_regions * _cdns];
        _lastAnswerChange = Enumerable.Repeat(double.NegativeInfinity, _regions).ToArray();
        _primaryMean = _s.Delivery.Cdns.Select((c, i) => (c, i)).Where(x => x.c.Tier == "primary").Select(x => _baseWeights[x.i]).DefaultIfEmpty(1.0 / _cdns).Average();
        ScheduleFaults();
        _pullScale = Enumerable.Repeat(1.0, _regions * _cdns).ToArray();
        if (o.SampledPlayers > 0)
            _players = new SampledPlayers(_s, _regions * _cdns, o.SampledPlayers, m.Audience.Peak.Value, Duration.FromMinutes(_ramp.Length), o.Seed);
    }

    /// <summary>A network class's typical access throughput (the audit's definition, so both agree).</summary>
    internal static double AccessThroughput(NetworkClass n) => Core.Auditing.Auditor.AccessThroughput(n);

    private int Ticks => (int)Math.Ceiling(_ramp.Length * 60 / _dt);

    private string CellName(int k) => $"{_s.Regions[k / _cdns].Name}/{_s.Delivery.Cdns[k % _cdns].Name}";

    // ---------------------------------------------------------------- faults

    private sealed record ActiveFault(FaultSpec Spec, double Start, double End, bool[] Cells, int Region, double DetectedAt, double RecoveredAt)
    {
        public bool Active(double t) => t >= Start && t < End;
        public bool Known(double t) => t >= DetectedAt && t < RecoveredAt;
        public bool FailedOver { get; set; }
    }

    private int FindRegion(string name)
    {
        for (var r = 0; r < _regions; r++)
        {
            var region = _s.Regions[r];
            if (string.Equals(region.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(region.Code, name, StringComparison.OrdinalIgnoreCase)) return r;
        }
        throw new ArgumentException($"fault names region '{name}', which is not in the scenario (regions: {string.Join(", ", _s.Regions.Select(x => x.Code is null ? x.Name : $"{x.Name} ({x.Code})"))})");
    }

    private int FindCdn(string name)
    {
        for (var c = 0; c < _cdns; c++)
        {
            if (string.Equals(_s.Delivery.Cdns[c].Name, name, StringComparison.OrdinalIgnoreCase)) return c;
        }
        throw new ArgumentException($"fault names CDN '{name}', which is not in the scenario (CDNs: {string.Join(", ", _s.Delivery.Cdns.Select(x => x.Name))})");
    }

    private void ScheduleFaults()
    {
        var rng = Pcg32.ForComponent(_o.Seed, 7);
        var specs = _o.Faults.ToList();
        var horizon = _ramp.Length * 60.0;
        if (_o.RandomCdnOutagesPerHour > 0)
        {
            for (var k = 0; k < _regions * _cdns; k++)
            {
                for (var t = rng.NextExponential(_o.RandomCdnOutagesPerHour / 3600); t < horizon; t += rng.NextExponential(_o.RandomCdnOutagesPerHour / 3600))
                {
                    specs.Add(new FaultSpec(FaultKind.CdnOutage, Duration.FromSeconds(Math.Round(t)), _o.RandomOutageLength)
                    {
                        Provider = _s.Delivery.Cdns[k % _cdns].Name,
                        Region = _s.Regions[k / _cdns].Name,
                    });
                }
            }
        }

        if (_o.GoalsPerHour > 0)
        {
            // Goals fall only while the ball is in play: in phases named like halves, extra time or innings.
            var goals = Pcg32.ForComponent(_o.Seed, 11);
            var minute = 0;
            foreach (var phase in _o.Plan.Match.Audience.Ramp.GroupBy(p => p.Phase))
            {
                var length = phase.Count() * 60.0;
                var inPlay = phase.Key.Contains("half", StringComparison.OrdinalIgnoreCase) && !phase.Key.Contains("time", StringComparison.OrdinalIgnoreCase)
                    || phase.Key.Contains("extra", StringComparison.OrdinalIgnoreCase) || phase.Key.Contains("innings", StringComparison.OrdinalIgnoreCase)
                    || phase.Key.Contains("chase", StringComparison.OrdinalIgnoreCase) || phase.Key.Contains("quarter", StringComparison.OrdinalIgnoreCase);
                if (inPlay)
                {
                    for (var t = goals.NextExponential(_o.GoalsPerHour / 3600); t < length; t += goals.NextExponential(_o.GoalsPerHour / 3600))
                        specs.Add(new FaultSpec(FaultKind.TrafficSurge, Duration.FromSeconds(Math.Round(minute * 60 + t)), _o.GoalSurgeLength) { Factor = _o.GoalSurge });
                }
                minute += phase.Count();
            }
        }

        foreach (var f in specs.OrderBy(f => f.At.Seconds))
        {
            var start = f.At.Seconds;
            var end = f.For is { } d ? start + d.Seconds : double.PositiveInfinity;
            var cells = new bool[_regions * _cdns];
            // An origin-region-loss names an origin region of the failover topology, not a delivery region.
            if (f.Kind == FaultKind.OriginRegionLoss && !_s.Failover.Regions.Any(x => string.Equals(x.Name, f.Region, StringComparison.OrdinalIgnoreCase)))
                throw new ArgumentException($"fault names origin region '{f.Region}', which is not in the failover topology ({string.Join(", ", _s.Failover.Regions.Select(x => x.Name))})");
            var region = f.Region is null || f.Kind == FaultKind.OriginRegionLoss ? -1 : FindRegion(f.Region);
            var cdn = f.Provider is null ? -1 : FindCdn(f.Provider);
            for (var k = 0; k < cells.Length; k++) cells[k] = (region < 0 || k / _cdns == region) && (cdn < 0 || k % _cdns == cdn);
            // Health checks probe at a phase the seed decides; recovery is detected the same way.
            var phase = Duration.FromSeconds(rng.NextDouble() * _health.Interval.Seconds);
            var detected = _health.DetectedAt(f.At, phase).Seconds + _o.DnsPropagation.Seconds;
            var recovered = double.IsPositiveInfinity(end) ? end : _health.DetectedAt(Duration.FromSeconds(end), phase).Seconds + _o.DnsPropagation.Seconds;
            _faults.Add(new ActiveFault(f, start, end, cells, region, detected, recovered));
        }
    }

    private IEnumerable<ActiveFault> ActiveOf(FaultKind kind, double t) => _faults.Where(f => f.Spec.Kind == kind && f.Active(t));

    // ---------------------------------------------------------------- the run

    public EventResult Execute(IProgress<double>? progress)
    {
        var n = Ticks;
        var cellCount = _regions * _cdns;
        var series = new EventSeries(n, cellCount, _rungs.Length);
        var b = _o.Behaviour;
        var sinceReport = 0;

        // t = 0: the pre-match audience is already watching, spread over the CDNs.
        for (var r = 0; r < _regions; r++)
        {
            _demand[r] = DemandAt(r, 0);
            for (var c = 0; c < _cdns; c++)
            {
                _playing[r * _cdns + c] = _demand[r] * _baseWeights[c];
                _players?.Joined(r * _cdns + c, _playing[r * _cdns + c]);
            }
        }

        double servedSeconds = 0, demandSeconds = 0, stalledSeconds = 0, switches = 0;
        var startups = new StartupHistogram();
        var unserved = new double[cellCount];
        var peakUtil = new double[cellCount];
        var dropoutWindow = new Queue<double>();
        double dropoutSum = 0;
        var nextEvaluation = 0.0;
        var originServed = 1.0;
        double peakAbandoned = 0;

        foreach (var f in _faults) _timeline.Add(new Incident(Duration.FromSeconds(f.Start), "fault", f.Spec.ToString()));

        for (var i = 0; i < n; i++)
        {
            var t = (i + 1) * _dt;
            var now = Duration.FromSeconds(t);
            double dropouts = 0, disconnects = 0, rejectedTotal = 0;

            for (var k = 0; k < _down.Length; k++) _down[k] = _faults.Any(f => f.Spec.Kind == FaultKind.CdnOutage && f.Cells[k] && f.Active(t));

            // 1. Demand: arrivals join, leavers leave every state in proportion.
            var arrivals = new double[_regions];
            for (var r = 0; r < _regions; r++)
            {
                var target = DemandAt(r, t);
                if (target >= _demand[r]) arrivals[r] = target - _demand[r];
                else ScaleRegion(r, _demand[r] > 0 ? target / _demand[r] : 0);
                _demand[r] = target;
            }

            // 2. Auth: arrivals, retries and returners ask for tokens; watching viewers refresh theirs.
            var attempts = new double[_regions];
            var connected = 0.0;
            for (var r = 0; r < _regions; r++)
            {
                var retry = _failed[r] * Fraction(_dt / b.RetryDelay.Seconds);
                var back = _abandoned[r] * Fraction(_dt / b.ReturnDelay.Seconds) * b.ReturnShare.Value;
                _failed[r] -= retry;
                _abandoned[r] -= back;
                attempts[r] = arrivals[r] + retry + back;
                for (var c = 0; c < _cdns; c++) connected += Joining(r * _cdns + c) + _playing[r * _cdns + c] + _stalled[r * _cdns + c];
            }
            var authFactor = ActiveOf(FaultKind.AuthDegradation, t).Aggregate(1.0, (a, f) => a * (f.Spec.Capacity?.Value ?? 0.5));
            var authLoad = attempts.Sum() / _dt * _s.Services.AuthValidationsPerJoin + connected / _s.Services.TokenRefresh.Seconds;
            var authServed = authLoad > 0 ? Math.Min(1, _authCapacity * authFactor / authLoad) : 1;
            UpdateDns(t);
            for (var r = 0; r < _regions; r++)
            {
                var joined = attempts[r] * authServed;
                var rejected = attempts[r] - joined;
                rejectedTotal += rejected;
                _failed[r] += rejected * b.RetryShare.Value;
                _abandoned[r] += rejected * (1 - b.RetryShare.Value);
                dropouts += rejected * (1 - b.RetryShare.Value);
                var answer = _dns[r].CurrentAnswer;
                for (var c = 0; c < _cdns; c++)
                {
                    AddJoining(r * _cdns + c, joined * answer[c]);
                    _players?.Joined(r * _cdns + c, joined * answer[c]);
                }
                Rebalance(r, now);
            }

            // 3. The origin: shield fills, or every request of the cells whose caches fail open.
            var failOpen = new bool[cellCount];
            foreach (var f in ActiveOf(FaultKind.CacheFailOpen, t)) for (var k = 0; k < cellCount; k++) failOpen[k] |= f.Cells[k];
            var originRequests = _coalescedRequests;
            for (var k = 0; k < cellCount; k++)
            {
                if (failOpen[k]) originRequests += (Joining(k) + _playing[k] + _stalled[k]) * _requestsPerViewer;
            }
            var originUnits = originRequests / _requestsPerViewer;
            _origins.Advance(now, originUnits);
            var regionLossFactor = OriginRegionFactor(t);
            var originCapacity = _origins.Capacity(now) * regionLossFactor * _requestsPerViewer;
            originServed = originRequests > 0 ? Math.Min(1, originCapacity / originRequests) : 1;

            // Encoder: segments stop until the backup takes over; viewers stall once their buffer runs dry.
            var buffer = b.LiveBufferSegments * _s.Delivery.SegmentDuration.Seconds;
            var encoderStall = 0.0;
            foreach (var f in _faults.Where(f => f.Spec.Kind == FaultKind.EncoderFailure))
            {
                var gap = f.Spec.For?.Seconds ?? _o.EncoderTakeover.Seconds;
                if (t >= f.Start + buffer && t < f.Start + gap) encoderStall = Math.Max(encoderStall, f.Spec.Input is null ? 1 : 1.0 / _s.Encoding.InputStreams);
            }

            // 4. Each edge: fair share, ABR rung choice, stalls, startup.
            double egress = 0, playingTotal = 0, stalledTotal = 0, joiningTotal = 0, bitrateWeighted = 0, edgeRequests = 0;
            var latencies = new List<(double P95, double Weight)>(cellCount);
            var rungViewers = new double[_rungs.Length];
            for (var k = 0; k < cellCount; k++)
            {
                var r = k / _cdns;
                var down = _down[k];
                var active = _playing[k] + _stalled[k];
                var inCell = active + Joining(k);
                var cell = Serve(k, inCell, down, originServed, encoderStall);
                series.CellUtilization[k][i] = cell.Utilization;
                // The sampled players of this edge get its per-viewer fair share, less what origin and encoder failures take.
                if (_players?.Step(k, _o.Tick, Bitrate.FromBitsPerSecond(down ? 0 : (inCell > 0 ? _capacity[k] / inCell : _capacity[k]) * originServed * (1 - encoderStall))) is { } pulled && !down)
                {
                    // Only an unconstrained edge says what players would pull; under congestion the share, not the players, decides.
                    var asked = _deviceShare.Select((d, p) => d * Math.Min(_deviceWant[p], _qualityCap)).Sum();
                    if (cell.Utilization < 0.95 && asked > 0)
                        _pullScale[k] += 0.01 * (Math.Clamp(pulled.BitsPerSecond / asked, 0.05, 4) - _pullScale[k]);
                }
                peakUtil[k] = Math.Max(peakUtil[k], cell.Utilization);

                // Startup: viewers leave the joining state at rate 1/T; past the tolerance they also give up.
                for (var j = 0; j < _classShare.Length; j++)
                {
                    var idx = k * _classShare.Length + j;
                    if (_join[idx] <= 0) continue;
                    // Viewers start at rate 1/T; those whose first frame takes longer than they tolerate also leave,
                    // 5.8% per extra second: over a wait of T the hazard applies for its last T − tolerance.
                    var wait = cell.StartupByClass[j];
                    var started = double.IsFinite(wait) ? _join[idx] * Fraction(_dt / wait) : 0;
                    var remaining = _join[idx] - started;
                    var tolerance = b.StartupTolerance.Seconds;
                    var late = double.IsFinite(wait) ? Math.Max(0, wait - tolerance) / wait : 1;
                    var gaveUp = wait > tolerance ? remaining * Fraction(_dt * b.StartupAbandonPerSecond * late) : 0;
                    _join[idx] = remaining - gaveUp;
                    active += started;
                    _abandoned[r] += gaveUp;
                    dropouts += gaveUp;
                    startups.Add(wait, started);
                    startups.Add(double.PositiveInfinity, gaveUp);
                }
                _stalled[k] = active * cell.StallFraction;
                _playing[k] = active - _stalled[k];
                var quit = _stalled[k] * Fraction(_dt / b.StallPatience.Seconds);
                _stalled[k] -= quit;
                _abandoned[r] += quit;
                dropouts += quit;
                disconnects += quit;

                for (var p = 0; p < _deviceShare.Length; p++)
                {
                    var rung = cell.Rung[p];
                    if (i > 0 && rung >= 0 && _lastRung[k, p] >= 0 && rung != _lastRung[k, p]) switches += _playing[k] * _deviceShare[p];
                    _lastRung[k, p] = rung;
                }
                var cellEgress = _playing[k] * cell.BitratePerPlaying;
                series.CellEgress[k][i] = cellEgress;
                egress += cellEgress;
                bitrateWeighted += cellEgress;
                for (var p = 0; p < _deviceShare.Length; p++)
                {
                    if (cell.Rung[p] >= 0 && cell.PlayableShare > 0) rungViewers[cell.Rung[p]] += _playing[k] * _deviceShare[p] / cell.PlayableShare;
                }
                playingTotal += _playing[k];
                stalledTotal += _stalled[k];
                var joiningHere = Joining(k);
                joiningTotal += joiningHere;
                edgeRequests += (joiningHere + _playing[k] + _stalled[k]) * _requestsPerViewer;
                latencies.Add((cell.LatencyP95, joiningHere + _playing[k] + _stalled[k]));
                unserved[k] += (_stalled[k] + joiningHere) * _dt;
            }

            // 5. Accounting and conservation.
            var demandTotal = _demand.Sum();
            var failedTotal = _failed.Sum();
            var abandonedTotal = _abandoned.Sum();
            var accounted = joiningTotal + playingTotal + stalledTotal + failedTotal + abandonedTotal;
            if (Math.Abs(accounted - demandTotal) > 1e-6 * Math.Max(1, demandTotal))
                throw new InvalidOperationException($"conservation broken at t={t}: {accounted} accounted for {demandTotal} demanded");
            servedSeconds += playingTotal * _dt;
            demandSeconds += demandTotal * _dt;
            stalledSeconds += stalledTotal * _dt;
            peakAbandoned = Math.Max(peakAbandoned, abandonedTotal);

            var p95 = WeightedQuantile(latencies, 0.95);
            series.Time[i] = t;
            series.Demand[i] = demandTotal;
            series.Joining[i] = joiningTotal;
            series.Playing[i] = playingTotal;
            series.Stalled[i] = stalledTotal;
            series.Failed[i] = failedTotal;
            series.Abandoned[i] = abandonedTotal;
            series.FailedJoinsPerSecond[i] = rejectedTotal / _dt;
            series.DropoutPerSecond[i] = dropouts / _dt;
            series.Egress[i] = egress;
            series.LatencyP95[i] = p95;
            series.OriginRequests[i] = originRequests;
            series.OriginReplicas[i] = _origins.SpecReplicas;
            series.OriginReady[i] = _origins.ReadyReplicas(now);
            series.OriginServed[i] = originServed;
            series.AuthLoad[i] = authLoad;
            series.AuthRejectedPerSecond[i] = authLoad * (1 - authServed);
            series.HitRatio[i] = edgeRequests > 0 ? Math.Max(0, 1 - originRequests / edgeRequests) : 1;
            series.MeanBitrate[i] = playingTotal > 0 ? bitrateWeighted / playingTotal : 0;
            var rungTotal = rungViewers.Sum();
            for (var q = 0; q < _rungs.Length; q++) series.RungShare[q][i] = rungTotal > 0 ? rungViewers[q] / rungTotal : 0;

            // 6. Runbook: rules watch the metrics every evaluation interval (Prometheus evaluation_interval).
            // The seed's alert counts disconnects of viewers who were watching (rate over the last minute).
            dropoutWindow.Enqueue(disconnects);
            dropoutSum += disconnects;
            if (dropoutWindow.Count * _dt > 60) dropoutSum -= dropoutWindow.Dequeue();
            if (t + Tiny >= nextEvaluation)
            {
                nextEvaluation = t + _o.EvaluationInterval.Seconds;
                var metrics = new Dictionary<string, double>
                {
                    [RunbookMetrics.LatencyP95] = p95,
                    [RunbookMetrics.ViewerDropoutRate] = dropoutSum / (dropoutWindow.Count * _dt),
                    [RunbookMetrics.RegionsFailed] = _faults.Count(f => f.Spec.Kind == FaultKind.OriginRegionLoss && f.Known(t) && !f.FailedOver),
                    [RunbookMetrics.CacheHitRatio] = series.HitRatio[i],
                    [RunbookMetrics.EncodingCpu] = 0.6,
                };
                var step = _runbook.Evaluate(now, metrics);
                foreach (var tr in step.Transitions) _timeline.Add(new Incident(tr.At, "alert", $"{tr.Rule}: {tr.From} -> {tr.To}".ToLowerInvariant()));
                foreach (var action in step.Effective) Apply(action, now);
            }

            if (progress is not null && ++sinceReport >= 60)
            {
                sinceReport = 0;
                progress.Report((double)(i + 1) / n);
            }
        }
        progress?.Report(1);

        return Summarize(series, servedSeconds, demandSeconds, stalledSeconds, switches, startups, unserved, peakUtil, peakAbandoned);
    }

    private static double Fraction(double x) => 1 - Math.Exp(-x);

    private double Joining(int k)
    {
        var sum = 0.0;
        for (var j = 0; j < _classShare.Length; j++) sum += _join[k * _classShare.Length + j];
        return sum;
    }

    private void AddJoining(int k, double viewers)
    {
        for (var j = 0; j < _classShare.Length; j++) _join[k * _classShare.Length + j] += viewers * _classShare[j];
    }

    private double DemandAt(int region, double t)
    {
        var x = t / 60;
        var i = (int)Math.Floor(x);
        double baseDemand;
        if (i >= _ramp.Length - 1) baseDemand = _ramp[^1];
        else baseDemand = _ramp[i] + (_ramp[i + 1] - _ramp[i]) * (x - i);
        var surge = 1.0;
        foreach (var f in _faults)
        {
            if (f.Spec.Kind == FaultKind.TrafficSurge && f.Active(t) && (f.Region < 0 || f.Region == region)) surge *= f.Spec.Factor ?? 1.2;
        }
        return baseDemand * _regionShare[region] * surge;
    }

    private void ScaleRegion(int r, double factor)
    {
        _failed[r] *= factor;
        _abandoned[r] *= factor;
        for (var c = 0; c < _cdns; c++)
        {
            var k = r * _cdns + c;
            for (var j = 0; j < _classShare.Length; j++) _join[k * _classShare.Length + j] *= factor;
            _playing[k] *= factor;
            _stalled[k] *= factor;
        }
    }

    // ---------------------------------------------------------------- GSLB and DNS

    private void UpdateDns(double t)
    {
        for (var k = 0; k < _knownDown.Length; k++)
        {
            var known = _faults.Any(f => f.Spec.Kind == FaultKind.CdnOutage && f.Cells[k] && f.Known(t));
            if (known == _knownDown[k]) continue;
            _knownDown[k] = known;
            _answersDirty = true;
            _timeline.Add(new Incident(Duration.FromSeconds(t), known ? "detection" : "recovery",
                known ? $"GSLB marks {CellName(k)} down; DNS answers change, clients follow as their TTL ({_s.Failover.DnsTtl}) expires"
                      : $"GSLB marks {CellName(k)} healthy again"));
        }
        if (!_answersDirty) return;
        _answersDirty = false;
        for (var r = 0; r < _regions; r++) SetAnswer(r, t);
    }

    private void SetAnswer(int r, double t)
    {
        var weights = new double[_cdns];
        var primaryMean = _primaryMean;
        for (var c = 0; c < _cdns; c++)
        {
            var tier = _s.Delivery.Cdns[c].Tier;
            var w = _baseWeights[c];
            if (_allActive) w = 1.0 / _cdns;
            else if (_secondaryActive && tier == "secondary") w = Math.Max(w, primaryMean);
            weights[c] = _knownDown[r * _cdns + c] ? 0 : w;
        }
        if (weights.Sum() <= 0) return;
        var sum = weights.Sum();
        var normalized = weights.Select(w => w / sum).ToImmutableArray();
        var current = _dns[r].CurrentAnswer;
        if (normalized.Zip(current).All(x => Math.Abs(x.First - x.Second) < 1e-12)) return;
        _dns[r].ChangeAnswer(Duration.FromSeconds(t), normalized);
        _lastAnswerChange[r] = t;
    }

    /// <summary>Moves a region's viewers between CDNs toward the DNS effective weights: clients follow the answer they hold.</summary>
    private void Rebalance(int r, Duration now)
    {
        // Until an answer changes, and once every cache has let go of the old one, clients are where the answer says.
        if (now.Seconds - _lastAnswerChange[r] > _dns[r].Cache.FullyDrainedAfter.Seconds + _dt) return;
        var effective = _dns[r].EffectiveWeights(now);
        var total = 0.0;
        var current = new double[_cdns];
        for (var c = 0; c < _cdns; c++)
        {
            var k = r * _cdns + c;
            current[c] = Joining(k) + _playing[k] + _stalled[k];
            total += current[c];
        }
        if (total <= 0) return;
        var classes = _classShare.Length;
        var poolJ = new double[classes];
        double poolP = 0, poolS = 0, deficit = 0;
        var need = new double[_cdns];
        for (var c = 0; c < _cdns; c++)
        {
            var k = r * _cdns + c;
            var target = effective[c] * total;
            if (current[c] > target + Tiny * total)
            {
                var f = (current[c] - target) / current[c];
                var down = _knownDown[k] || _down[k];
                // Viewers leaving a dead edge must start again; from a live one they carry their buffer across.
                for (var j = 0; j < classes; j++)
                {
                    poolJ[j] += _join[k * classes + j] * f + (down ? (_playing[k] + _stalled[k]) * f * _classShare[j] : 0);
                    _join[k * classes + j] -= _join[k * classes + j] * f;
                }
                if (!down)
                {
                    poolP += _playing[k] * f;
                    poolS += _stalled[k] * f;
                }
                _playing[k] -= _playing[k] * f;
                _stalled[k] -= _stalled[k] * f;
            }
            else
            {
                need[c] = Math.Max(0, target - current[c]);
                deficit += need[c];
            }
        }
        if (deficit <= 0) return;
        for (var c = 0; c < _cdns; c++)
        {
            if (need[c] <= 0) continue;
            var share = need[c] / deficit;
            var k = r * _cdns + c;
            for (var j = 0; j < classes; j++) _join[k * classes + j] += poolJ[j] * share;
            _playing[k] += poolP * share;
            _stalled[k] += poolS * share;
        }
    }

    // ---------------------------------------------------------------- one edge

    private readonly record struct CellState(int[] Rung, double StallFraction, double PlayableShare, double BitratePerPlaying, double[] StartupByClass, double LatencyP95, double Utilization)
    {
        /// <summary>Mean time to first frame of a joining viewer (infinite when the edge cannot start anyone).</summary>
        public double Startup(double[] shares)
        {
            var t = 0.0;
            for (var j = 0; j < shares.Length; j++) t += shares[j] * StartupByClass[j];
            return t;
        }
    }

    private CellState Serve(int k, double viewers, bool down, double originServed, double encoderStall)
    {
        var profiles = _deviceShare.Length;
        var rungOf = new int[profiles];
        if (down || _capacity[k] <= 0)
        {
            Array.Fill(rungOf, -1);
            return new CellState(rungOf, 1, 0, 0, [.. _classShare.Select(_ => double.PositiveInfinity)], _o.RequestTimeout.Seconds, double.PositiveInfinity);
        }
        // Max-min fair division of the edge's capacity over the profiles (water-filling).
        var want = new double[profiles];
        double demand = 0;
        for (var p = 0; p < profiles; p++)
        {
            want[p] = Math.Min(_deviceWant[p], _qualityCap);
            demand += viewers * _deviceShare[p] * want[p] * _pullScale[k];
        }
        // With sampled players, every bitrate is scaled by what they actually pull per viewer (1 without them).
        var scale = _pullScale[k];
        var level = WaterLevel(_capacity[k] / scale, viewers, want);
        double playable = 0, bits = 0;
        for (var p = 0; p < profiles; p++)
        {
            var alloc = Math.Min(want[p], level);
            var budget = alloc < want[p] ? alloc * _o.Behaviour.AbrSafety : alloc;
            var rung = -1;
            for (var q = _rungs.Length - 1; q >= 0; q--)
            {
                if (_rungs[q] <= budget * (1 + 1e-12)) { rung = q; break; }
            }
            rungOf[p] = rung;
            if (rung < 0) continue;
            playable += _deviceShare[p];
            bits += _deviceShare[p] * _rungs[rung];
        }
        var requests = Rate.FromPerSecond(viewers * _requestsPerViewer);
        var edge = new EdgeCapacity(Math.Max(1, _servers[k]), Rate.FromPerSecond(_requestsPerServer), Bitrate.FromBitsPerSecond(_capacity[k] / Math.Max(1, _servers[k])), _o.NetworkLatency, _o.RequestTimeout);
        // Latency follows what the edge actually carries: ABR players step down to fit their share, so a congested
        // edge runs near (not beyond) its capacity; a viewer who cannot fit even the lowest rung still asks for it.
        var carried = viewers * (bits + (1 - playable) * _rungs[0]) * scale;
        var load = Latency(k, edge, requests, carried);
        var ok = originServed * (1 - encoderStall);
        var playFraction = playable * ok;
        var perPlaying = playable > 0 ? bits / playable * scale : 0;
        // Players start on the lowest rung (as dash.js and Sabre do): the first segment downloads at the viewer's access
        // throughput or the edge's fair share, whichever is lower.
        var startupTime = new double[_classShare.Length];
        var firstSegment = _rungs[0] * _s.Delivery.SegmentDuration.Seconds;
        for (var j = 0; j < startupTime.Length; j++)
        {
            startupTime[j] = playable > 0 && ok > 0
                ? _o.Behaviour.StartupOverhead.Seconds + load.MeanLatency.Seconds + firstSegment / Math.Min(_classThroughput[j], level) / ok
                : double.PositiveInfinity;
        }
        var utilization = viewers > 0 ? demand / _capacity[k] : 0;
        return new CellState(rungOf, 1 - playFraction, playable, perPlaying, startupTime, load.P95Latency.Seconds, utilization);
    }

    /// <summary>
    /// The edge's M/M/c latency, memoized per cell on the utilization rounded to 1/2000: the queue's p95 moves by far
    /// less than a millisecond within such a step, and the exact tail costs a bisection over Erlang C each time.
    /// </summary>
    private EdgeLoad Latency(int k, EdgeCapacity edge, Rate requests, double demand)
    {
        var rho = Math.Max(requests / edge.Requests, demand / edge.Bandwidth.BitsPerSecond);
        if (!(rho < 1)) return EdgeLatencyModel.Evaluate(edge, requests, Bitrate.FromBitsPerSecond(demand));
        var key = (k, (int)Math.Round(rho * 2000));
        if (_latencyCache.TryGetValue(key, out var cached)) return cached;
        var q = key.Item2 / 2000.0;
        var load = EdgeLatencyModel.Evaluate(edge, edge.Requests * q, Bitrate.Zero);
        _latencyCache[key] = load;
        return load;
    }

    private readonly Dictionary<(int, int), EdgeLoad> _latencyCache = [];

    /// <summary>The per-viewer allocation λ with Σ nₚ·min(wantₚ, λ) = capacity (max-min fairness); +∞ when all fit.</summary>
    private double WaterLevel(double capacity, double viewers, double[] want)
    {
        var total = 0.0;
        for (var p = 0; p < want.Length; p++) total += viewers * _deviceShare[p] * want[p];
        if (total <= capacity || viewers <= 0) return double.PositiveInfinity;
        var order = Enumerable.Range(0, want.Length).OrderBy(p => want[p]).ToArray();
        var remaining = capacity;
        var count = viewers;
        foreach (var p in order)
        {
            var n = viewers * _deviceShare[p];
            if (want[p] * count <= remaining) // everyone left could have this much: this profile is satisfied
            {
                remaining -= n * want[p];
                count -= n;
                continue;
            }
            return remaining / count;
        }
        return double.PositiveInfinity;
    }

    // ---------------------------------------------------------------- origins and runbooks

    private double OriginRegionFactor(double t)
    {
        var total = Math.Max(1, _s.Failover.Regions.Sum(x => x.Origins));
        var factor = 1.0;
        foreach (var f in _faults.Where(f => f.Spec.Kind == FaultKind.OriginRegionLoss && f.Active(t)))
        {
            var name = f.Spec.Region ?? "";
            var region = _s.Failover.Regions.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase));
            if (region is null) throw new ArgumentException($"fault names origin region '{name}', which is not in the failover topology ({string.Join(", ", _s.Failover.Regions.Select(x => x.Name))})");
            // Failover completes after detection, the DNS TTL and the next region's activation.
            var next = _s.Failover.Regions.SkipWhile(x => x != region).Skip(1).FirstOrDefault();
            var done = f.DetectedAt + _s.Failover.DnsTtl.Seconds + (next?.Activation.Seconds ?? 0);
            if (!f.FailedOver && t >= done)
            {
                f.FailedOver = true;
                _timeline.Add(new Incident(Duration.FromSeconds(t), "recovery", next is null
                    ? $"{region.Name} lost with no region to fail over to"
                    : $"origin traffic failed over from {region.Name} to {next.Name} ({next.Standby} standby, {next.Activation} to activate; its metadata replica was {next.ReplicationLag} behind)"));
            }
            if (!f.FailedOver) factor *= 1 - (double)region.Origins / total;
        }
        return factor;
    }

    private void Apply(ScheduledAction scheduled, Duration now)
    {
        var action = scheduled.Action;
        _timeline.Add(new Incident(now, "action", $"{scheduled.Rule}: {action.Describe()} (fired {scheduled.FiredAt}, effective {scheduled.EffectiveAt})"));
        switch (action)
        {
            case ScaleOrigins so:
                var spec = _origins.Autoscaler.Spec;
                var min = Math.Min(spec.MaxReplicas, Math.Max(spec.MinReplicas, so.Replicas));
                _origins.Autoscaler.UpdateSpec(spec with { MinReplicas = min });
                if (_origins.SpecReplicas < min) _origins.ScaleTo(min, now);
                break;
            case ActivateSecondaryCdn:
                _secondaryActive = true;
                _answersDirty = true;
                break;
            case ActivateAllCdns:
                _allActive = true;
                _answersDirty = true;
                break;
            case CapQuality cap:
                var rung = _s.Ladder.Find(cap.MaxRung);
                if (rung is not null) _qualityCap = rung.Bitrate.BitsPerSecond;
                break;
            case FailOverRegion:
                foreach (var f in _faults.Where(f => f.Spec.Kind == FaultKind.OriginRegionLoss && f.Active(now.Seconds))) f.FailedOver = true;
                break;
            case SetHpaMaxReplicas hpa when hpa.Hpa.Contains("origin", StringComparison.OrdinalIgnoreCase) || hpa.Hpa.Contains("streaming", StringComparison.OrdinalIgnoreCase):
                var s = _origins.Autoscaler.Spec;
                _origins.Autoscaler.UpdateSpec(s with { MaxReplicas = Math.Max(s.MinReplicas, hpa.MaxReplicas) });
                break;
            default:
                break; // promoting a replica or scaling the encoders changes nothing the fluid model carries
        }
    }

    // ---------------------------------------------------------------- the verdict

    private static double WeightedQuantile(List<(double Value, double Weight)> samples, double q)
    {
        var total = samples.Sum(s => s.Weight);
        if (total <= 0) return samples.Count == 0 ? 0 : samples.Min(s => s.Value);
        var sorted = samples.OrderBy(s => s.Value).ToList();
        var acc = 0.0;
        foreach (var (value, weight) in sorted)
        {
            acc += weight;
            if (acc >= q * total * (1 - 1e-9)) return value; // the smallest value with at least q of the weight at or below it
        }
        return sorted[^1].Value;
    }

    private EventResult Summarize(EventSeries series, double served, double demanded, double stalled, double switches,
        StartupHistogram startups, double[] unserved, double[] peakUtil, double peakAbandoned)
    {
        var slos = _s.Slos;
        var availability = demanded > 0 ? served / demanded : 1;
        var length = Duration.FromSeconds(series.Length * _dt);
        var downtime = length * (1 - availability);
        var budget = slos.Window * (1 - slos.Availability.Value);
        var used = budget.Seconds > 0 ? downtime / budget : 0;

        // p95 latency over 5-minute windows (the seed's measurement window); the worst window decides.
        var window = Math.Max(1, (int)Math.Round(300 / _dt));
        var worstLatency = 0.0;
        var worstAt = 0.0;
        for (var start = 0; start < series.Length; start += window)
        {
            var slice = series.LatencyP95.Skip(start).Take(window).Order().ToArray();
            var p = slice[Math.Clamp((int)Math.Ceiling(0.95 * slice.Length) - 1, 0, slice.Length - 1)];
            if (p > worstLatency) (worstLatency, worstAt) = (p, series.Time[start]);
        }
        var startupP95 = startups.Quantile(0.95);
        var rebuffer = served + stalled > 0 ? stalled / (served + stalled) : 0;
        var switchRate = served > 0 ? switches / (served / 60) : 0;

        var verdicts = ImmutableArray.Create(
            new SloVerdict("availability", slos.Availability.ToString(), Ratio.FromFraction(availability).ToString(), availability >= slos.Availability.Value,
                $"{Duration.FromSeconds(downtime.Seconds)} of downtime-equivalent, {Ratio.FromFraction(used)} of the {budget} budget"),
            new SloVerdict("latency p95", slos.LatencyP95.ToString(), Duration.FromSeconds(worstLatency).ToString(), worstLatency <= slos.LatencyP95.Seconds,
                $"worst 5-minute window from {Duration.FromSeconds(worstAt)}"),
            new SloVerdict("startup p95", slos.StartupP95.ToString(), double.IsFinite(startupP95) ? Duration.FromSeconds(startupP95).ToString() : "never (gave up)", startupP95 <= slos.StartupP95.Seconds,
                "over every join of the match"),
            new SloVerdict("rebuffering", slos.RebufferingRatio.ToString(), Ratio.FromFraction(rebuffer).ToString(), rebuffer <= slos.RebufferingRatio.Value,
                "stalled / (playing + stalled) viewer-seconds"),
            new SloVerdict("quality switches", $"{Humanize.Number(slos.SwitchesPerMinute.PerMinute, 3)}/min", $"{Humanize.Number(switchRate, 3)}/min", switchRate <= slos.SwitchesPerMinute.PerMinute,
                "rung changes per playing viewer-minute"));

        if (_players?.Summarize() is { } players)
        {
            verdicts = verdicts.AddRange(
                new SloVerdict("startup p95 (players)", slos.StartupP95.ToString(), players.StartupP95.ToString(), players.StartupP95 <= slos.StartupP95, $"{players.Sessions:N0} sampled player sessions"),
                new SloVerdict("rebuffering (players)", slos.RebufferingRatio.ToString(), players.RebufferingRatio.ToString(), players.RebufferingRatio <= slos.RebufferingRatio, $"mean bitrate played {players.MeanBitrate}"),
                new SloVerdict("quality switches (players)", $"{Humanize.Number(slos.SwitchesPerMinute.PerMinute, 3)}/min", $"{Humanize.Number(players.SwitchesPerMinute.PerMinute, 3)}/min",
                    players.SwitchesPerMinute <= slos.SwitchesPerMinute, $"{players.Abandoned:N0} sampled viewers gave up"));
        }

        var hotspots = Enumerable.Range(0, unserved.Length).Where(k => unserved[k] > 0.001 * served)
            .OrderByDescending(k => unserved[k]).Take(3)
            .Select(k => $"{CellName(k)}: {Humanize.Compact(unserved[k] / 3600)} viewer-hours stalled or waiting, peak demand {(double.IsPositiveInfinity(peakUtil[k]) ? "with the edge down" : Humanize.Number(peakUtil[k] * 100, 3) + "% of capacity")}")
            .ToImmutableArray();

        return new EventResult
        {
            Scenario = _s.Name,
            Stage = _o.Plan.Match.Stage.Name,
            Seed = _o.Seed,
            Capacity = _o.Capacity,
            Cells = [.. Enumerable.Range(0, unserved.Length).Select(CellName)],
            Rungs = [.. _rungNames],
            Series = series,
            Timeline = [.. _timeline.OrderBy(x => x.At.Seconds)],
            Slos = verdicts,
            Availability = Ratio.FromFraction(availability),
            Downtime = downtime,
            BudgetUsed = Ratio.FromFraction(used),
            PeakAbandoned = ViewerCount.Of(peakAbandoned),
            Hotspots = hotspots,
        };
    }
}
