using System.Collections.Immutable;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Autoscaling;
using Matchday.Simulation.Dns;

namespace Matchday.Simulation.Events;

/// <summary>One region × CDN edge of the night: who it serves and what it can carry.</summary>
/// <param name="Region">Index of its region.</param>
/// <param name="Cdn">Index of its CDN.</param>
/// <param name="Name">"europe/akamai".</param>
/// <param name="Servers">Edge servers (the queue's c).</param>
/// <param name="Capacity">Egress it can carry.</param>
public sealed record EdgeCell(int Region, int Cdn, string Name, int Servers, Bitrate Capacity);

/// <summary>
/// A night compiled once from a scenario and a <see cref="NightRequest"/> by <see cref="NightSetup.Compile"/>: every
/// figure the steps need, derived and checked, faults scheduled, names resolved to indices. Immutable: one model can run
/// many times (and in parallel) and gives the same night each time.
/// </summary>
public sealed class NightModel
{
    internal NightModel() { }

    public required Scenario Scenario { get; init; }
    public required MatchPlan Match { get; init; }
    public required NightRequest Request { get; init; }
    /// <summary>How the audience behaves: the request's, or the scenario's over the sourced defaults.</summary>
    public required ViewerBehaviour Behaviour { get; init; }
    public ulong Seed => Request.Seed;
    public Duration Tick => Request.Tick;
    /// <summary>Ticks in the night: the match length over the tick, rounded up.</summary>
    public required int Ticks { get; init; }

    public required ImmutableArray<string> Regions { get; init; }
    /// <summary>Each region's share of the audience (sums to one).</summary>
    internal ImmutableArray<Ratio> RegionShare { get; init; }
    public required ImmutableArray<string> Cdns { get; init; }
    internal ImmutableArray<CdnTier> CdnTiers { get; init; }
    /// <summary>Each CDN's share of the traffic in the GSLB's normal answer (sums to one).</summary>
    internal ImmutableArray<Ratio> CdnWeights { get; init; }
    /// <summary>Cells indexed region × CDN: cell k is region k / CDNs, CDN k % CDNs.</summary>
    public required ImmutableArray<EdgeCell> Cells { get; init; }

    /// <summary>The audience minute by minute (the plan's ramp).</summary>
    internal ImmutableArray<ViewerCount> Ramp { get; init; }
    /// <summary>The kind of phase each minute of the ramp belongs to.</summary>
    internal ImmutableArray<PhaseKind> RampKind { get; init; }
    internal ImmutableArray<Ratio> DeviceShare { get; init; }
    /// <summary>The bitrate each device profile pulls when nothing limits it.</summary>
    internal ImmutableArray<Bitrate> DeviceBitrate { get; init; }
    public required ImmutableArray<string> RungNames { get; init; }
    internal ImmutableArray<Bitrate> Rungs { get; init; }
    internal ImmutableArray<Ratio> NetworkShare { get; init; }
    /// <summary>Each network class's typical access throughput (<see cref="NetworkClasses.TypicalThroughput"/>).</summary>
    internal ImmutableArray<Bitrate> NetworkThroughput { get; init; }

    /// <summary>Segment and playlist requests per watching viewer.</summary>
    internal Rate RequestsPerViewer { get; init; }
    internal Rate RequestsPerServer { get; init; }
    internal Rate AuthCapacity { get; init; }
    /// <summary>Origin requests with request coalescing: shields × ladder.</summary>
    internal Rate CoalescedOriginRequests { get; init; }

    internal HpaSpec OriginHpa { get; init; } = null!;
    internal PodLifecycle OriginPodLifecycle { get; init; } = null!;
    /// <summary>The origin pods' capacity and how their HPA metrics respond to load (<see cref="OriginFleet"/>).</summary>
    internal PodLoadModel OriginPod { get; init; } = null!;
    /// <summary>Each origin region's share of the pods, in failover order.</summary>
    internal ImmutableArray<double> OriginRegionShare { get; init; }
    internal int InitialOriginReplicas { get; init; }
    internal DnsCachePolicy DnsCache { get; init; } = null!;
    internal HealthCheckPolicy HealthCheck { get; init; } = null!;
    /// <summary>The encoder fleet's CPU utilization, from the plan (CPU units over the instances' units).</summary>
    internal Ratio EncodingCpu { get; init; }

    /// <summary>Every fault of the night placed on it, in start order: the scenario's, the request's, and random ones drawn from the seed.</summary>
    internal ImmutableArray<ScheduledFault> Faults { get; init; }

    /// <summary>Every fault of the night, in start order: the scenario's, the request's, and random ones drawn from the seed.</summary>
    public IEnumerable<FaultSpec> FaultSpecs => Faults.Select(f => f.Spec);

    /// <summary>When each fault is in effect, for front ends that draw it: start and end from the start of the timeline (end +∞ when it lasts).</summary>
    public IEnumerable<(FaultSpec Spec, Duration Start, Duration End)> FaultWindows =>
        Faults.Select(f => (f.Spec, Duration.FromSeconds(f.Start), Duration.FromSeconds(f.End)));
    /// <summary>The runbook the night runs.</summary>
    public required ImmutableArray<RunbookRule> Rules { get; init; }
    /// <summary>Rule actions resolved to what they address, parallel to <see cref="Rules"/>' actions.</summary>
    internal ImmutableArray<ImmutableArray<ResolvedAction>> RuleActions { get; init; }

    /// <summary>
    /// Viewer groups: device profile × network class (group g = device g / classes, class g % classes), each with its
    /// share of the audience, the highest rung its players take (the device's bitrate and 90% of the class's typical
    /// throughput, whichever is lower; the lowest rung when neither reaches it), and its access throughput.
    /// </summary>
    internal ImmutableArray<Ratio> GroupShare { get; init; }
    internal ImmutableArray<int> GroupTopRung { get; init; }
    internal ImmutableArray<Bitrate> GroupAccess { get; init; }
    internal int GroupCount => GroupShare.Length;

    /// <summary>Per network class: the median and p95 access round trip, seconds; per region: the round trip its edges add.</summary>
    internal ImmutableArray<double> ClassRttMedian { get; init; }
    internal ImmutableArray<double> ClassRttP95 { get; init; }
    internal ImmutableArray<double> RegionRtt { get; init; }
    internal int ServerWorkers { get; init; }
    internal double ShieldRtt { get; init; }
    internal double OriginRtt { get; init; }
    /// <summary>Per cell: its PoPs (the CDN's, by the region's share of the audience) and the share of them behind a shield's miss.</summary>
    internal ImmutableArray<double> CellPops { get; init; }
    internal ImmutableArray<double> CellShieldRatio { get; init; }

    internal int CellCount => Cells.Length;
    internal int RegionCount => Regions.Length;
    internal int CdnCount => Cdns.Length;
    internal int NetworkCount => NetworkShare.Length;
    internal int DeviceCount => DeviceShare.Length;
}

/// <summary>A fault placed on the night: when it starts and ends, which cells it touches, when the GSLB notices.</summary>
/// <param name="Spec">The fault as written (or drawn).</param>
/// <param name="Start">Seconds into the match.</param>
/// <param name="End">Seconds into the match; +∞ when it lasts to the end.</param>
/// <param name="Cells">Per cell: whether the fault touches it.</param>
/// <param name="Region">The delivery region it is limited to, or -1.</param>
/// <param name="OriginRegion">origin-region-loss: the origin region lost; otherwise -1.</param>
/// <param name="DetectedAt">When health checks mark it (and the DNS answer changes).</param>
/// <param name="RecoveredAt">When health checks mark it healthy again.</param>
internal sealed record ScheduledFault(FaultSpec Spec, double Start, double End, ImmutableArray<bool> Cells, int Region, int OriginRegion, double DetectedAt, double RecoveredAt)
{
    public FaultKind Kind => Spec.Kind;
    public bool Active(double t) => t >= Start && t < End;
    public bool Known(double t) => t >= DetectedAt && t < RecoveredAt;
}

/// <summary>A runbook action with its names resolved: an origin region, a rung's bitrate, an autoscaler's target.</summary>
internal readonly record struct ResolvedAction(RunbookAction Action, int OriginRegion, double RungBitrate, ScalingTarget Target);
