using System.Collections.Immutable;
using Matchday.Core.Grammar;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;
using Matchday.Core.Units;
using Matchday.Simulation.Autoscaling;
using Matchday.Simulation.Dns;

namespace Matchday.Simulation.Events;

/// <summary>A compiled night, or every located error that stopped it.</summary>
public sealed record NightSetupResult(NightModel? Model, ImmutableArray<ScenarioError> Errors)
{
    public bool Ok => Model is not null && Errors.IsEmpty;
}

/// <summary>
/// The one application function from a scenario to a night: every front end (the CLI, a web API, a batch of nights)
/// calls it. It checks the request, re-reads the scenario's faults for this stage's match and tick, parses the faults and
/// rules the request adds with the same grammar, derives every figure the steps need from the plan, and schedules the
/// faults. Bad input is a list of located errors, never an exception.
/// </summary>
public static class NightSetup
{
    /// <summary>The longest tick a night may take: coarser and the DNS, HPA and startup dynamics no longer resolve.</summary>
    public static readonly Duration MaxTick = Duration.FromSeconds(60);

    /// <summary>The most random outages per cell per hour or goals per hour a night may take (beyond it, nothing is left to simulate).</summary>
    public const double MaxRatePerHour = 60;

    public static NightSetupResult Compile(Scenario scenario, NightRequest request)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(request);
        var errors = ImmutableArray.CreateBuilder<ScenarioError>();
        void Bad(string field, string message) => errors.Add(new ScenarioError("", 0, 0, field, message));

        var stage = request.Stage is null ? scenario.Tournament.Stages.MaxBy(x => x.PeakViewers.Value) : scenario.FindStage(request.Stage);
        if (stage is null)
            Bad("match", $"'{request.Stage}': no such stage in {scenario.Name}; stages: {string.Join(", ", scenario.Tournament.Stages.Select(s => s.Name))}");
        if (!(request.Tick.Seconds > 0) || request.Tick > MaxTick) Bad("tick", $"must be above 0 s and at most {MaxTick.ToScenarioString()} (got {request.Tick.ToScenarioString()})");
        if (request.SampledPlayers is < 0 or > NightRequest.MaxSampledPlayers) Bad("players", $"must be between 0 and {NightRequest.MaxSampledPlayers:N0} (got {request.SampledPlayers:N0})");
        if (!(request.RandomCdnOutagesPerHour >= 0) || request.RandomCdnOutagesPerHour > MaxRatePerHour) Bad("random-outages", $"must be between 0 and {MaxRatePerHour} per hour (got {request.RandomCdnOutagesPerHour})");
        if (!(request.GoalsPerHour >= 0) || request.GoalsPerHour > MaxRatePerHour) Bad("goals-per-hour", $"must be between 0 and {MaxRatePerHour} per hour (got {request.GoalsPerHour})");
        if (request.Metrics is { } metrics && !(Ascending(metrics.LatencyBounds) && Ascending(metrics.StartupBounds)))
            Bad("metrics", "histogram bounds must be finite, above 0 s and ascending");
        if (stage is null || errors.Count > 0) return new(null, errors.ToImmutable());

        // The scenario's faults were checked against its longest match when it was read; this night may be shorter.
        var names = ScenarioNames.Of(scenario).ForNight(scenario, stage, request.Tick);
        var faults = ImmutableArray.CreateBuilder<FaultSpec>();
        foreach (var source in scenario.Faults.Select(f => f.Source).Concat(request.Faults))
        {
            var parsed = FaultGrammar.Parse(source.Text, names);
            Locate(errors, source, parsed.Errors);
            if (parsed.Ok) faults.Add(parsed.Value!);
        }
        var rules = ImmutableArray.CreateBuilder<RunbookRule>();
        if (request.ScenarioRunbook) rules.AddRange(scenario.Runbook);
        foreach (var source in request.Rules)
        {
            var parsed = RuleGrammar.ParseRule(source.Text, names);
            Locate(errors, source, parsed.Errors);
            if (parsed.Ok) rules.Add(parsed.Value!);
        }
        foreach (var dup in rules.GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            Bad("rule", $"rule '{dup.Key}' is given {dup.Count()} times (the scenario's runbook and --rule share one set of names)");
        if (errors.Count > 0) return new(null, errors.ToImmutable());

        return new(Build(scenario, stage, request, faults.ToImmutable(), rules.ToImmutable()), []);
    }

    private static bool Ascending(ImmutableArray<double> bounds) =>
        !bounds.IsDefault && bounds.All(b => double.IsFinite(b) && b > 0) && bounds.Zip(bounds.Skip(1)).All(p => p.First < p.Second);

    /// <summary>Errors of a spec at their place: the file's line and column, or the option and column.</summary>
    private static void Locate(ImmutableArray<ScenarioError>.Builder errors, SpecSource source, ImmutableArray<SpecError> found)
    {
        foreach (var e in found)
            errors.Add(source.Line > 0
                ? new ScenarioError(source.File, source.Line, source.Column + e.Column - 1, source.Field, e.Message)
                : new ScenarioError(source.File, 0, e.Column, source.Field, e.Message));
    }

    private static NightModel Build(Scenario s, Stage stage, NightRequest o, ImmutableArray<FaultSpec> faults, ImmutableArray<RunbookRule> rules)
    {
        var plan = Planner.Build(s, stage.Name);
        var m = plan.Match;
        var regions = s.Regions.Length;
        var cdns = s.Delivery.Cdns.Length;
        var weights = Arithmetic.Normalize(s.Delivery.Cdns.Select(c => c.Traffic.Value).ToArray());
        var perServer = s.Delivery.ServerCapacity;
        var cells = ImmutableArray.CreateBuilder<EdgeCell>(regions * cdns);
        for (var r = 0; r < regions; r++)
        {
            for (var c = 0; c < cdns; c++)
            {
                var k = r * cdns + c;
                var name = $"{s.Regions[r].Name}/{s.Delivery.Cdns[c].Name}";
                if (o.Capacity == CapacitySource.Plan)
                {
                    var servers = (int)Math.Min(int.MaxValue, m.Delivery.RegionCdns[k].ServersNeeded);
                    cells.Add(new EdgeCell(r, c, name, servers, Bitrate.FromBitsPerSecond(servers * perServer.BitsPerSecond)));
                }
                else
                {
                    var servers = Math.Max(1, (int)Math.Round(s.Regions[r].EdgeServers * weights[c]));
                    cells.Add(new EdgeCell(r, c, name, servers, Bitrate.FromBitsPerSecond(s.Regions[r].Capacity.BitsPerSecond * weights[c])));
                }
            }
        }

        var spec = HpaMapping.FromScenario(s.Autoscaling);
        var health = new HealthCheckPolicy(s.Failover.HealthCheckInterval, s.Failover.FailureThreshold, o.HealthCheckTimeout);
        var names = ScenarioNames.Of(s);
        var ramp = m.Audience.Ramp;
        var behaviour = o.Behaviour ?? ViewerBehaviour.For(s.Viewers, Duration.FromMinutes(ramp.Length));
        var deviceShare = Arithmetic.Normalize(s.Audience.Devices.Select(d => d.Share.Value).ToArray());
        var classShare = Arithmetic.Normalize(s.Audience.Networks.Select(n => n.Share.Value).ToArray());
        var access = s.Audience.Networks.Select(NetworkClasses.TypicalThroughput).ToArray();
        var classes = access.Length;
        var groups = Enumerable.Range(0, deviceShare.Length * classes).ToArray();
        return new NightModel
        {
            Scenario = s,
            Match = m,
            Request = o,
            Behaviour = behaviour,
            GroupShare = [.. groups.Select(g => Ratio.FromFraction(deviceShare[g / classes] * classShare[g % classes]))],
            GroupTopRung = [.. groups.Select(g => Abr.TopRung(s, g / classes, g % classes, behaviour.AbrSafety))],
            GroupAccess = [.. groups.Select(g => access[g % classes])],
            Ticks = (int)Math.Ceiling(ramp.Length * 60 / o.Tick.Seconds),
            Regions = [.. s.Regions.Select(r => r.Name)],
            RegionShare = [.. m.Audience.Regions.Select(r => r.Share)],
            Cdns = [.. s.Delivery.Cdns.Select(c => c.Name)],
            CdnTiers = [.. s.Delivery.Cdns.Select(c => c.Tier)],
            CdnWeights = [.. weights.Select(Ratio.FromFraction)],
            Cells = cells.ToImmutable(),
            Ramp = [.. ramp.Select(p => p.Viewers)],
            RampKind = [.. ramp.Select(p => p.Kind)],
            DeviceShare = [.. Arithmetic.Normalize(s.Audience.Devices.Select(d => d.Share.Value).ToArray()).Select(Ratio.FromFraction)],
            DeviceBitrate = [.. s.Audience.Devices.Select(d => d.Bitrate)],
            RungNames = [.. s.Ladder.Rungs.Select(r => r.Name)],
            Rungs = [.. s.Ladder.Rungs.Select(r => r.Bitrate)],
            NetworkShare = [.. Arithmetic.Normalize(s.Audience.Networks.Select(n => n.Share.Value).ToArray()).Select(Ratio.FromFraction)],
            NetworkThroughput = [.. s.Audience.Networks.Select(NetworkClasses.TypicalThroughput)],
            RequestsPerViewer = s.Delivery.RequestsPerViewer,
            RequestsPerServer = s.Delivery.ServerRequests,
            AuthCapacity = o.Capacity == CapacitySource.Plan
                ? Rate.FromPerSecond(Math.Max(s.Services.AuthCapacity.PerSecond, m.Services.AuthValidations.PerSecond * (1 + s.Delivery.HeadroomBuffer.Value)))
                : s.Services.AuthCapacity,
            CoalescedOriginRequests = m.Origin.Coalesced.Requests,
            OriginHpa = spec,
            OriginPodLifecycle = new PodLifecycle(Duration.FromSeconds(Math.Min(5, o.PodStartup.Seconds)), Duration.FromSeconds(Math.Max(0, o.PodStartup.Seconds - 5))),
            ClassRttMedian = [.. s.Audience.Networks.Select(n => (n.Rtt ?? DeliveryPath.Rtt).Seconds)],
            ClassRttP95 = [.. s.Audience.Networks.Select(n => n.RttP95?.Seconds ?? (n.Rtt ?? DeliveryPath.Rtt).Seconds * DeliveryPath.RttTail)],
            RegionRtt = [.. s.Regions.Select(r => r.Rtt?.Seconds ?? 0)],
            ServerWorkers = s.Delivery.ServerWorkers ?? DeliveryPath.ServerWorkers,
            ShieldRtt = (s.Delivery.ShieldRtt ?? DeliveryPath.ShieldRtt).Seconds,
            OriginRtt = (s.Delivery.OriginRtt ?? DeliveryPath.OriginRtt).Seconds,
            CellPops = [.. cells.Select(c => s.Delivery.Cdns[c.Cdn].Pops * m.Audience.Regions[c.Region].Share.Value)],
            CellShieldRatio = [.. cells.Select(c => s.Delivery.Cdns[c.Cdn].Shields > 0 ? Math.Min(1, (double)s.Delivery.Cdns[c.Cdn].Shields / s.Delivery.Cdns[c.Cdn].Pops) : 1)],
            OriginPod = OriginFleet.LoadModel(s, o.MetricsWindow),
            OriginRegionShare = OriginFleet.RegionShares(s),
            InitialOriginReplicas = Math.Clamp(s.Origins.Count, spec.MinReplicas, spec.MaxReplicas),
            DnsCache = new DnsCachePolicy(s.Failover.DnsTtl, o.StaleResolvers, o.StaleMultiplier),
            HealthCheck = health,
            EncodingCpu = plan.Encoding.Utilization,
            Faults = FaultSchedule.Place(s, m, o, faults, health),
            Rules = rules,
            RuleActions = [.. rules.Select(r => r.Actions.Select(a => Resolve(s, names, a)).ToImmutableArray())],
        };
    }

    /// <summary>What an action addresses, by index and value (the grammar has checked every name exists).</summary>
    private static ResolvedAction Resolve(Scenario s, ScenarioNames names, RunbookAction a) => a switch
    {
        ScaleOrigins so => new(a, so.Region is null ? -1 : ScenarioNames.IndexOf(names.OriginRegions, so.Region), 0, ScalingTarget.Origins),
        FailOverRegion fo => new(a, ScenarioNames.IndexOf(names.OriginRegions, fo.From), 0, ScalingTarget.Origins),
        PromoteReplica pr => new(a, ScenarioNames.IndexOf(names.OriginRegions, pr.Region), 0, ScalingTarget.Origins),
        CapQuality cq => new(a, -1, s.Ladder.Find(cq.MaxRung)!.Bitrate.BitsPerSecond, ScalingTarget.Origins),
        SetHpaMaxReplicas hpa => new(a, -1, 0, names.Autoscalers.First(x => string.Equals(x.Name, hpa.Hpa, StringComparison.OrdinalIgnoreCase)).Target),
        _ => new(a, -1, 0, ScalingTarget.Origins),
    };
}
