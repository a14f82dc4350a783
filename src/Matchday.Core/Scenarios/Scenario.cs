using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Core.Scenarios;

/// <summary>Everything Matchday knows about one event: the input of the plan, the audit and the simulators.</summary>
public sealed record Scenario
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required Tournament Tournament { get; init; }
    public required Audience Audience { get; init; }
    public required ImmutableArray<Region> Regions { get; init; }
    public required Ladder Ladder { get; init; }
    public required Delivery Delivery { get; init; }
    public required Origins Origins { get; init; }
    public required Encoding Encoding { get; init; }
    public required PlatformServices Services { get; init; }
    public required Storage Storage { get; init; }
    public required Prices Prices { get; init; }
    public required Slos Slos { get; init; }
    public required Failover Failover { get; init; }
    public required Autoscaling Autoscaling { get; init; }
    public required ReportedFigures Reported { get; init; }
    /// <summary>Runbook rules; null when the scenario gives none (the simulator then uses the seed's).</summary>
    public ImmutableArray<RuleSpec>? Runbook { get; init; }
    /// <summary>Faults scheduled for the simulated match, as fault specs.</summary>
    public ImmutableArray<FaultText> Faults { get; init; } = [];

    /// <summary>The stage with this name (case-insensitive), or null.</summary>
    public Stage? FindStage(string name) =>
        Tournament.Stages.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The tournament: how long, which stages, how many matches each and how large their audience.</summary>
public sealed record Tournament
{
    public required Duration Length { get; init; }
    public required ImmutableArray<Stage> Stages { get; init; }
    public required ImmutableArray<Phase> Timeline { get; init; }
    /// <summary>Hours a match occupies the encoders and storage, pre- and post-show included.</summary>
    public required Duration MatchBroadcast { get; init; }
    public int TotalMatches => Stages.Sum(s => s.Matches);
}

/// <summary>A stage of the tournament (group, round of 16, ..., final) and its peak concurrent audience.</summary>
public sealed record Stage(string Name, int Matches, ViewerCount PeakViewers);

/// <summary>
/// One phase of the match-day timeline, with the audience as a share of the peak at its start and end
/// (linear in between). <see cref="Stages"/> empty means every stage has it; otherwise only those listed.
/// </summary>
public sealed record Phase(string Name, Duration Length, Ratio From, Ratio To, ImmutableArray<string> Stages)
{
    public bool AppliesTo(string stage) => Stages.IsDefaultOrEmpty || Stages.Any(s => string.Equals(s, stage, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Who watches and how: device profiles and network-condition classes.</summary>
public sealed record Audience
{
    public required ImmutableArray<DeviceProfile> Devices { get; init; }
    public required ImmutableArray<NetworkClass> Networks { get; init; }
}

/// <summary>A device/bitrate profile: the bitrate such viewers pull and their share of the audience.</summary>
public sealed record DeviceProfile(string Name, Bitrate Bitrate, Ratio Share)
{
    /// <summary>The player software these viewers run; null when the scenario does not say.</summary>
    public PlayerKind? Player { get; init; }
}

/// <summary>The player software a device profile runs (scenario field <c>player</c>).</summary>
public enum PlayerKind
{
    /// <summary><c>exoplayer</c>: Android, Android TV, Fire TV (ExoPlayer / androidx media3).</summary>
    ExoPlayer,

    /// <summary><c>hls.js</c>: web browsers without native HLS.</summary>
    HlsJs,

    /// <summary><c>shaka</c>: Shaka Player, web and smart TVs.</summary>
    Shaka,

    /// <summary><c>dash.js</c>: the DASH-IF reference player.</summary>
    DashJs,

    /// <summary><c>dash.js-ll</c>: dash.js in low-latency mode (its L2A-LL rule).</summary>
    DashJsLowLatency,

    /// <summary><c>avplayer</c>: Apple devices (iOS, tvOS, Safari).</summary>
    AvPlayer,
}

/// <summary>A network-condition class: its throughput range, share of viewers, and the ladder rungs the ABR offers it.</summary>
public sealed record NetworkClass(string Name, Bitrate MinThroughput, Bitrate? MaxThroughput, Ratio Share, string DefaultRung, ImmutableArray<string> Rungs);

/// <summary>A delivery region: its audience (absolute or share) and its CDN edge capacity.</summary>
public sealed record Region
{
    public required string Name { get; init; }
    /// <summary>A short code fault specs may use (e.g. <c>eu</c>).</summary>
    public string? Code { get; init; }
    /// <summary>Declared peak audience of the region, if given as a count.</summary>
    public ViewerCount? Viewers { get; init; }
    /// <summary>Declared share of the audience, if given as a percentage.</summary>
    public Ratio? Share { get; init; }
    public required int EdgeServers { get; init; }
    public required Bitrate Capacity { get; init; }
}

/// <summary>The bitrate ladder every input stream is encoded to.</summary>
public sealed record Ladder(string Codec, ImmutableArray<Rung> Rungs)
{
    public Rung? Find(string name) => Rungs.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One rung of the ladder: its name (e.g. 720p), bitrate and encode cost in CPU units per input stream.</summary>
public sealed record Rung(string Name, Bitrate Bitrate, double EncodeCost);

/// <summary>How segments reach viewers: segmenting, per-server capacity, headroom and the CDNs.</summary>
public sealed record Delivery
{
    public required Duration SegmentDuration { get; init; }
    public required Duration PlaylistRefresh { get; init; }
    public required Bitrate ServerCapacity { get; init; }
    public required Ratio TargetUtilization { get; init; }
    public required Ratio HeadroomBuffer { get; init; }
    /// <summary>Segment and playlist requests one edge server answers per second.</summary>
    public Rate ServerRequests { get; init; } = Rate.FromPerSecond(50_000);
    public required ImmutableArray<Cdn> Cdns { get; init; }
}

/// <summary>A CDN provider: its role, traffic share, PoPs and shields, cache behaviour and optional own pricing.</summary>
public sealed record Cdn
{
    public required string Name { get; init; }
    public required string Tier { get; init; }
    public required Ratio Traffic { get; init; }
    public required int Pops { get; init; }
    /// <summary>Mid-tier caches that fetch from the origin on behalf of the PoPs; 0 means every PoP fetches.</summary>
    public required int Shields { get; init; }
    public Ratio? CacheHitRatio { get; init; }
    public CdnPricing? Pricing { get; init; }
    public int Fetchers => Shields > 0 ? Shields : Pops;
}

/// <summary>How a CDN bills: per GB in tiers, or the 95th percentile of the rate per Mbps-month.</summary>
public sealed record CdnPricing
{
    public ImmutableArray<PriceTier> Tiers { get; init; } = [];
    public BitratePrice? Percentile95 { get; init; }
    /// <summary>The billing period over which the 95th percentile is taken and committed (a month).</summary>
    public Duration CommitPeriod { get; init; } = Duration.FromDays(30);
}

/// <summary>A per-GB price that applies to traffic up to <see cref="UpTo"/> (null for the last tier).</summary>
public sealed record PriceTier(DataSize? UpTo, DataPrice Price);

/// <summary>The origin fleet.</summary>
public sealed record Origins(int Count, Bitrate Capacity, Ratio AssumedHitRatio, Rate RequestsPerServer);

/// <summary>Live encoding: inputs, instance sizes and the GPU alternative, codec savings.</summary>
public sealed record Encoding
{
    public required int InputStreams { get; init; }
    public required int VcpusPerInstance { get; init; }
    /// <summary>CPU units (as the ladder's encode costs count them) a GPU instance replaces.</summary>
    public required double GpuCpuUnitsPerInstance { get; init; }
    /// <summary>Which encoder fleet the plan costs: <c>cpu</c> or <c>gpu</c>.</summary>
    public required string Encoder { get; init; }
    public required ImmutableArray<CodecSaving> Codecs { get; init; }
}

/// <summary>A codec and the bitrate it saves against the ladder's codec at equal quality.</summary>
public sealed record CodecSaving(string Codec, Ratio Saving);

/// <summary>The platform services around the stream and the per-viewer load they carry.</summary>
public sealed record PlatformServices
{
    public required int AuthValidationsPerJoin { get; init; }
    public required Duration TokenRefresh { get; init; }
    public required Rate AuthCapacity { get; init; }
    public required DataSize SessionSize { get; init; }
    public required int SessionReplicas { get; init; }
    public required Duration BeaconInterval { get; init; }
    public required DataSize BeaconSize { get; init; }
    public required Bitrate PartitionThroughput { get; init; }
    public required DataSize LogLineSize { get; init; }
    public required Ratio LogSampling { get; init; }
    public required int SeriesPerServer { get; init; }
    public required int SeriesPerRegionCdn { get; init; }
}

/// <summary>Recording retention.</summary>
public sealed record Storage(Duration StandardRetention, Duration ArchiveRetention);

/// <summary>Unit prices.</summary>
public sealed record Prices
{
    public required ImmutableArray<PriceTier> CdnTiers { get; init; }
    public required HourlyPrice GpuInstance { get; init; }
    public required HourlyPrice CpuInstance { get; init; }
    public required StoragePrice Standard { get; init; }
    public required StoragePrice Archive { get; init; }
    public required DataPrice OriginTransfer { get; init; }
    public required HourlyPrice LoadBalancer { get; init; }
    public required int LoadBalancers { get; init; }
    public required DataPrice LogIngest { get; init; }
    public required Money MetricSeriesMonth { get; init; }
}

/// <summary>Service-level objectives.</summary>
public sealed record Slos
{
    public required Ratio Availability { get; init; }
    public required Duration Window { get; init; }
    public required Duration LatencyP95 { get; init; }
    public required Duration LatencyP99 { get; init; }
    public required Duration StartupP95 { get; init; }
    public required Ratio RebufferingRatio { get; init; }
    public required Rate SwitchesPerMinute { get; init; }
    public required ViewerCount CapacityViewers { get; init; }
    public required Bitrate CapacityBandwidth { get; init; }
    public required Ratio CapacityHitRatio { get; init; }
    /// <summary>Availabilities at which to show the error-budget burn.</summary>
    public ImmutableArray<Ratio> BurnAt { get; init; } = [];
}

/// <summary>The failover topology: GSLB health checks, DNS, and the origin regions.</summary>
public sealed record Failover
{
    public required Duration HealthCheckInterval { get; init; }
    public required int FailureThreshold { get; init; }
    public required Duration DnsTtl { get; init; }
    public required Duration BackupOriginActivation { get; init; }
    public required ImmutableArray<OriginRegion> Regions { get; init; }
}

/// <summary>An origin region in the DR topology.</summary>
public sealed record OriginRegion(string Name, string Role, int Origins, string Standby, Duration Activation, Duration ReplicationLag);

/// <summary>The origin autoscaler's policy, as a Kubernetes HPA (autoscaling/v2) writes it.</summary>
public sealed record Autoscaling
{
    public required int MinReplicas { get; init; }
    public required int MaxReplicas { get; init; }
    public required ImmutableArray<ScalingMetric> Metrics { get; init; }
    public ScalingRules? ScaleUp { get; init; }
    public ScalingRules? ScaleDown { get; init; }
}

/// <summary>A metric the HPA scales on: a utilization target (resource) or an average value per pod.</summary>
public sealed record ScalingMetric(string Type, string Name, Ratio? TargetUtilization, double? TargetAverage);

/// <summary>HPA behavior for one direction: stabilization window, policies and how to pick among them.</summary>
public sealed record ScalingRules(Duration Stabilization, ImmutableArray<ScalingPolicy> Policies, string Select);

/// <summary>An HPA scaling policy: at most <see cref="Value"/> pods or percent per <see cref="Period"/>.</summary>
public sealed record ScalingPolicy(string Type, double Value, Duration Period);

/// <summary>What the event's operators reported afterwards: the figures the audit checks against the model.</summary>
public sealed record ReportedFigures
{
    public ViewerCount? PeakViewers { get; init; }
    public DataSize? DataTransferred { get; init; }
    public Duration? TransferWindow { get; init; }
    public Bitrate? AverageBitrate { get; init; }
    public Ratio? CacheHitRatio { get; init; }
    public Duration? LatencyP95 { get; init; }
    public Money? TotalCost { get; init; }
    public int? EncodingInstances { get; init; }
    public DataSize? StoredContent { get; init; }
    /// <summary>The cost split as the operators drew it (category → share).</summary>
    public ImmutableDictionary<string, Ratio> CostShares { get; init; } = ImmutableDictionary<string, Ratio>.Empty;
}
