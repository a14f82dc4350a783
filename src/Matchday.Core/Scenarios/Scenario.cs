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
    /// <summary>How this audience behaves when the stream fails it; the simulator's sourced defaults where a field is absent.</summary>
    public ViewerSettings Viewers { get; init; } = new();
    /// <summary>Runbook rules (none when the scenario gives none), checked against the scenario's names.</summary>
    public ImmutableArray<RunbookRule> Runbook { get; init; } = [];
    /// <summary>The monitoring's alerts as the scenario declares them (none when it gives none), checked against its metrics' units.</summary>
    public ImmutableArray<ScenarioAlert> Alerts { get; init; } = [];
    /// <summary>Faults scheduled for every simulated match, checked against the scenario's names, with where they were written.</summary>
    public ImmutableArray<Located<FaultSpec>> Faults { get; init; } = [];
    /// <summary>Where each field was written, for findings that point at the file (not part of the scenario's value).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SourceMap Source { get; init; } = SourceMap.None;

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
    /// <summary>The first day of the tournament, when known: 95th-percentile CDN bills are then per calendar month.</summary>
    public DateOnly? Start { get; init; }
    public int TotalMatches => Stages.Sum(s => s.Matches);

    /// <summary>How long one match of <paramref name="stage"/> lasts: its phases, each a whole number of minutes (at least one).</summary>
    public Duration MatchLength(string stage) =>
        Duration.FromMinutes(Timeline.Where(p => p.AppliesTo(stage)).Sum(p => Math.Max(1, (int)Math.Round(p.Length.Minutes))));

    /// <summary>The longest match of any stage (a fault scheduled later can happen in none).</summary>
    public Duration LongestMatch => Stages.IsDefaultOrEmpty ? Duration.Zero : Stages.Max(s => MatchLength(s.Name));
}

/// <summary>A stage of the tournament (group, round of 16, ..., final) and its peak concurrent audience.</summary>
public sealed record Stage(string Name, int Matches, ViewerCount PeakViewers);

/// <summary>
/// One phase of the match-day timeline, with the audience as a share of the peak at its start and end
/// (linear in between). <see cref="Stages"/> empty means every stage has it; otherwise only those listed.
/// </summary>
public sealed record Phase(string Name, Duration Length, Ratio From, Ratio To, ImmutableArray<string> Stages)
{
    /// <summary>What happens in the phase: play (goals can fall), a break, before or after the match.</summary>
    public PhaseKind Kind { get; init; } = PhaseKind.Play;

    public bool AppliesTo(string stage) => Stages.IsDefaultOrEmpty || Stages.Any(s => string.Equals(s, stage, StringComparison.OrdinalIgnoreCase));
}

/// <summary>What a phase of the match day is.</summary>
public enum PhaseKind
{
    /// <summary>Before kick-off: the build-up.</summary>
    Pre,

    /// <summary>The ball is in play (halves, extra time, innings, a chase).</summary>
    Play,

    /// <summary>A break in play (half-time, an innings break).</summary>
    Break,

    /// <summary>After the final whistle.</summary>
    Post,
}

/// <summary>Who watches and how: device profiles and network-condition classes.</summary>
public sealed record Audience
{
    public required ImmutableArray<DeviceProfile> Devices { get; init; }
    public required ImmutableArray<NetworkClass> Networks { get; init; }
}

/// <summary>
/// How viewers react, where the scenario's operators know better than the published studies the simulator defaults to
/// (null: the default, see the simulator's ViewerBehaviour).
/// </summary>
public sealed record ViewerSettings
{
    /// <summary>Startup delay viewers tolerate before they start leaving.</summary>
    public Duration? StartupTolerance { get; init; }
    /// <summary>Share of the still-waiting viewers lost per second of startup beyond the tolerance.</summary>
    public Ratio? StartupAbandonment { get; init; }
    /// <summary>Mean time a stalled viewer waits before giving up.</summary>
    public Duration? StallPatience { get; init; }
    /// <summary>Share of rejected joins that retry, and their mean back-off.</summary>
    public Ratio? RetryShare { get; init; }
    public Duration? RetryDelay { get; init; }
    /// <summary>Share of those who gave up who come back, and how long they take on average.</summary>
    public Ratio? ReturnShare { get; init; }
    public Duration? ReturnDelay { get; init; }
    /// <summary>Segments a live player keeps buffered behind the live edge.</summary>
    public int? LiveBufferSegments { get; init; }
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

/// <summary>
/// Player kinds as files, the command line and reports write them: the products' own names (hls.js, dash.js), not
/// hyphenated enum words. The one spelling: the scenario reader maps them and the player engine names its players by them.
/// </summary>
public static class PlayerKindWords
{
    /// <summary>Every kind with its word, in the enum's order.</summary>
    public static ImmutableArray<(string Word, PlayerKind Kind)> All { get; } =
    [
        ("exoplayer", PlayerKind.ExoPlayer),
        ("hls.js", PlayerKind.HlsJs),
        ("shaka", PlayerKind.Shaka),
        ("dash.js", PlayerKind.DashJs),
        ("dash.js-ll", PlayerKind.DashJsLowLatency),
        ("avplayer", PlayerKind.AvPlayer),
    ];

    /// <summary>The word of <paramref name="kind"/>: <c>hls.js</c> for <see cref="PlayerKind.HlsJs"/>.</summary>
    public static string Of(PlayerKind kind)
    {
        foreach (var (word, k) in All) if (k == kind) return word;
        throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown player kind");
    }
}

/// <summary>A network-condition class: its throughput range, share of viewers, and the ladder rungs the ABR offers it.</summary>
public sealed record NetworkClass(string Name, Bitrate MinThroughput, Bitrate? MaxThroughput, Ratio Share, string DefaultRung, ImmutableArray<string> Rungs)
{
    /// <summary>Median round trip from such a viewer to the nearest edge; the simulator's default when null.</summary>
    public Duration? Rtt { get; init; }
    /// <summary>95th-percentile round trip; three times the median when null.</summary>
    public Duration? RttP95 { get; init; }
    /// <summary>
    /// How much a viewer's throughput varies over a session: its coefficient of variation (standard deviation / mean);
    /// the simulator's assumed default when null.
    /// </summary>
    public double? Variability { get; init; }
    /// <summary>How long a swing of a viewer's throughput lasts (its autocorrelation time); the simulator's default when null.</summary>
    public Duration? CorrelationTime { get; init; }
}

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
    /// <summary>Round trip the region's edges add to its viewers' access round trip (distance to the PoPs).</summary>
    public Duration? Rtt { get; init; }
    /// <summary>People living in the region, when given: no audience can exceed it.</summary>
    public ViewerCount? Population { get; init; }
    /// <summary>The service's subscribers in the region, when given: no audience of a subscription service exceeds it.</summary>
    public ViewerCount? Subscribers { get; init; }
}

/// <summary>A video codec a ladder is encoded in, as the file writes it: <c>h264</c>, <c>hevc</c>, <c>av1</c>.</summary>
public enum Codec
{
    /// <summary>H.264 / AVC.</summary>
    H264,

    /// <summary>H.265 / HEVC.</summary>
    Hevc,

    /// <summary>AV1.</summary>
    Av1,
}

/// <summary>The bitrate ladder every input stream is encoded to.</summary>
public sealed record Ladder(Codec Codec, ImmutableArray<Rung> Rungs)
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
    /// <summary>Requests one edge server works on at once (its cores); the simulator's default when null.</summary>
    public int? ServerWorkers { get; init; }
    /// <summary>Round trip from an edge to its shield, and from a shield to the origin; the simulator's defaults when null.</summary>
    public Duration? ShieldRtt { get; init; }
    public Duration? OriginRtt { get; init; }
    /// <summary>How far behind the live edge the live playlist still lists segments (its sliding window); null: the whole event.</summary>
    public Duration? LiveWindow { get; init; }
    public required ImmutableArray<Cdn> Cdns { get; init; }

    /// <summary>Requests a watching viewer makes: one segment per segment duration, one playlist per refresh.</summary>
    public Rate RequestsPerViewer => Rate.FromPerSecond(1 / SegmentDuration.Seconds + 1 / PlaylistRefresh.Seconds);
}

/// <summary>A CDN's role in the GSLB.</summary>
public enum CdnTier
{
    /// <summary>Carries the traffic.</summary>
    Primary,

    /// <summary>Carries a share and takes more when activated.</summary>
    Secondary,

    /// <summary>Carries what it is given when the others fail.</summary>
    Backup,
}

/// <summary>The encoder fleet the plan costs.</summary>
public enum EncoderKind
{
    /// <summary>CPU instances.</summary>
    Cpu,

    /// <summary>GPU instances.</summary>
    Gpu,
}

/// <summary>A CDN provider: its role, traffic share, PoPs and shields, cache behaviour and optional own pricing.</summary>
public sealed record Cdn
{
    public required string Name { get; init; }
    public required CdnTier Tier { get; init; }
    public required Ratio Traffic { get; init; }
    public required int Pops { get; init; }
    /// <summary>Mid-tier caches that fetch from the origin on behalf of the PoPs; 0 means every PoP fetches.</summary>
    public required int Shields { get; init; }
    public Ratio? CacheHitRatio { get; init; }
    public CdnPricing? Pricing { get; init; }
    /// <summary>Capacity the CDN has committed in each delivery region (by region name), when the contract says.</summary>
    public ImmutableDictionary<string, Bitrate> Committed { get; init; } = ImmutableDictionary<string, Bitrate>.Empty;
    public int Fetchers => Shields > 0 ? Shields : Pops;
}

/// <summary>How a CDN bills: per GB in tiers, or the 95th percentile of the rate per Mbps-month.</summary>
public sealed record CdnPricing
{
    public ImmutableArray<PriceTier> Tiers { get; init; } = [];
    public BitratePrice? Percentile95 { get; init; }
    /// <summary>The billing period over which the 95th percentile is taken and committed (a month).</summary>
    public Duration CommitPeriod { get; init; } = Duration.FromDays(30);
    /// <summary>Whether the file gave the period; when it did not and the tournament's start is known, periods are calendar months.</summary>
    public bool CommitPeriodGiven { get; init; }
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
    /// <summary>Which encoder fleet the plan costs.</summary>
    public required EncoderKind Encoder { get; init; }
    /// <summary>The name of the encoder fleet's autoscaler, if it has one a runbook may raise (e.g. <c>encoding-hpa</c>).</summary>
    public string? Autoscaler { get; init; }
    public required ImmutableArray<CodecSaving> Codecs { get; init; }
    /// <summary>Encoding pipelines per input: 1 when nothing is said, 2 for 1+1 redundancy (a hot standby of each).</summary>
    public int Pipelines { get; init; } = 1;
}

/// <summary>A codec and the bitrate it saves against the ladder's codec at equal quality.</summary>
public sealed record CodecSaving(Codec Codec, Ratio Saving);

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
    /// <summary>An edge server reserved for the tournament, when known: prices the headroom N−1 needs.</summary>
    public HourlyPrice? EdgeServer { get; init; }
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
    /// <summary>The recovery-time objective: from a failure until traffic flows again, when given.</summary>
    public Duration? RecoveryTime { get; init; }
    /// <summary>The glass-to-glass latency objective: from the camera to the viewer's screen, when given.</summary>
    public Duration? GlassToGlass { get; init; }
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
public sealed record OriginRegion(string Name, OriginRole Role, int Origins, StandbyMode Standby, Duration Activation, Duration ReplicationLag)
{
    /// <summary>The egress its origins can serve, when given; otherwise its origins × the origin fleet's per-server capacity.</summary>
    public Bitrate? Capacity { get; init; }
}

/// <summary>An origin region's place in the failover order.</summary>
public enum OriginRole
{
    /// <summary>Serves the traffic.</summary>
    Primary,

    /// <summary>Takes over first.</summary>
    Secondary,

    /// <summary>Takes over last.</summary>
    Tertiary,
}

/// <summary>How ready a standby region is.</summary>
public enum StandbyMode
{
    /// <summary>Running and serving.</summary>
    Active,

    /// <summary>Running at reduced size; takes traffic after its activation.</summary>
    Warm,

    /// <summary>Not running; must be started.</summary>
    Cold,
}

/// <summary>The origin autoscaler's policy, as a Kubernetes HPA (autoscaling/v2) writes it.</summary>
public sealed record Autoscaling
{
    /// <summary>The HPA's name, as runbook actions address it (e.g. <c>streaming-hpa</c>).</summary>
    public string Name { get; init; } = "origin-hpa";
    public required int MinReplicas { get; init; }
    public required int MaxReplicas { get; init; }
    public required ImmutableArray<ScalingMetric> Metrics { get; init; }
    public ScalingRules? ScaleUp { get; init; }
    public ScalingRules? ScaleDown { get; init; }
}

/// <summary>A metric the HPA scales on: a utilization target (resource) or an average value per pod.</summary>
public sealed record ScalingMetric(ScalingMetricType Type, string Name, Ratio? TargetUtilization, double? TargetAverage);

/// <summary>The source of an HPA metric (autoscaling/v2 <c>MetricSourceType</c>).</summary>
public enum ScalingMetricType
{
    /// <summary>A container resource (cpu, memory).</summary>
    Resource,

    /// <summary>A per-pod custom metric.</summary>
    Pods,

    /// <summary>A metric of one Kubernetes object.</summary>
    Object,

    /// <summary>A metric from outside the cluster.</summary>
    External,
}

/// <summary>HPA behavior for one direction: stabilization window, policies and how to pick among them.</summary>
public sealed record ScalingRules(Duration Stabilization, ImmutableArray<ScalingPolicy> Policies, ScalingSelect Select);

/// <summary>How an HPA picks among its policies (<c>selectPolicy</c>).</summary>
public enum ScalingSelect
{
    /// <summary>The policy allowing the largest change.</summary>
    Max,

    /// <summary>The policy allowing the smallest change.</summary>
    Min,

    /// <summary>No scaling in this direction.</summary>
    Disabled,
}

/// <summary>An HPA scaling policy: at most <see cref="Value"/> pods or percent per <see cref="Period"/>.</summary>
public sealed record ScalingPolicy(ScalingPolicyType Type, double Value, Duration Period);

/// <summary>What an HPA policy's value counts.</summary>
public enum ScalingPolicyType
{
    /// <summary>A percentage of the current replicas.</summary>
    Percent,

    /// <summary>A number of pods.</summary>
    Pods,
}

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
    /// <summary>Share of watch time spent rebuffering, as measured.</summary>
    public Ratio? RebufferingRatio { get; init; }
    /// <summary>p95 time to first frame, as measured.</summary>
    public Duration? StartupP95 { get; init; }
    /// <summary>Availability over the event, as measured.</summary>
    public Ratio? Availability { get; init; }
    /// <summary>The highest egress delivered, as measured.</summary>
    public Bitrate? PeakEgress { get; init; }
    /// <summary>The fastest rate at which viewers joined, as measured.</summary>
    public Rate? PeakJoinRate { get; init; }
}
