using System.Collections.Immutable;
using Matchday.Core.Statistics;
using Matchday.Core.Units;

namespace Matchday.Simulation.Events;

/// <summary>Per-tick time series of one simulated match, read-only. Indexed by tick; cell series by [cell][tick].</summary>
public sealed class EventSeries
{
    internal EventSeries() { }

    /// <summary>Seconds since the start of the timeline.</summary>
    public required ImmutableArray<double> Time { get; init; }
    /// <summary>Viewers who want to watch: joining + playing + stalled + failed + abandoned.</summary>
    public required ImmutableArray<double> Demand { get; init; }
    public required ImmutableArray<double> Joining { get; init; }
    public required ImmutableArray<double> Playing { get; init; }
    public required ImmutableArray<double> Stalled { get; init; }
    /// <summary>Viewers whose join was rejected and who will retry.</summary>
    public required ImmutableArray<double> Failed { get; init; }
    /// <summary>Viewers who gave up: those who will come back and those who left (<see cref="Left"/>).</summary>
    public required ImmutableArray<double> Abandoned { get; init; }
    /// <summary>Of <see cref="Abandoned"/>, the viewers who left for good: no longer trying to watch, so outside availability.</summary>
    public required ImmutableArray<double> Left { get; init; }
    /// <summary>Joins rejected per second.</summary>
    public required ImmutableArray<double> FailedJoinsPerSecond { get; init; }
    /// <summary>Viewers giving up per second.</summary>
    public required ImmutableArray<double> DropoutPerSecond { get; init; }
    /// <summary>Edge egress actually delivered, bit/s.</summary>
    public required ImmutableArray<double> Egress { get; init; }
    /// <summary>p95 of segment requests' time to first byte over every viewer, seconds.</summary>
    public required ImmutableArray<double> LatencyP95 { get; init; }
    /// <summary>p99 of the same, seconds.</summary>
    public required ImmutableArray<double> LatencyP99 { get; init; }
    /// <summary>Mean time to first byte, seconds.</summary>
    public required ImmutableArray<double> TtfbMean { get; init; }
    /// <summary>Mean time to download a segment (first byte and transfer at the viewer's throughput), seconds.</summary>
    public required ImmutableArray<double> SegmentDownload { get; init; }
    /// <summary>Requests reaching the origin per second.</summary>
    public required ImmutableArray<double> OriginRequests { get; init; }
    public required ImmutableArray<double> OriginReplicas { get; init; }
    public required ImmutableArray<double> OriginReady { get; init; }
    /// <summary>Fraction of origin requests served.</summary>
    public required ImmutableArray<double> OriginServed { get; init; }
    /// <summary>Token validations requested per second.</summary>
    public required ImmutableArray<double> AuthLoad { get; init; }
    public required ImmutableArray<double> AuthRejectedPerSecond { get; init; }
    /// <summary>1 − origin requests / edge requests.</summary>
    public required ImmutableArray<double> HitRatio { get; init; }
    /// <summary>Mean bitrate of playing viewers, bit/s.</summary>
    public required ImmutableArray<double> MeanBitrate { get; init; }
    /// <summary>Egress per cell, bit/s.</summary>
    public required ImmutableArray<ImmutableArray<double>> CellEgress { get; init; }
    /// <summary>Demanded / capacity per cell (above 1: overloaded; infinity: down).</summary>
    public required ImmutableArray<ImmutableArray<double>> CellUtilization { get; init; }
    /// <summary>Share of playing viewers on each rung.</summary>
    public required ImmutableArray<ImmutableArray<double>> RungShare { get; init; }
    /// <summary>Requests per second sent to each origin region (the failover topology's order).</summary>
    public required ImmutableArray<ImmutableArray<double>> OriginRegionRequests { get; init; }
    /// <summary>The series recorded for the night's metrics, when the request asked for them (<see cref="NightRequest.Metrics"/>).</summary>
    public NightMetricSeries? Metrics { get; init; }
    public int Length => Time.Length;
}

/// <summary>The kinds of thing the incident timeline records.</summary>
public enum IncidentKind
{
    /// <summary>A fault starts.</summary>
    Fault,

    /// <summary>Health checks notice a failure.</summary>
    Detection,

    /// <summary>A runbook rule changes state.</summary>
    Alert,

    /// <summary>A runbook action takes effect.</summary>
    Action,

    /// <summary>Something recovers or fails over.</summary>
    Recovery,

    /// <summary>A limit a runbook action set ends.</summary>
    Revert,
}

/// <summary>Something that happened: a fault, a detection, an alert, a runbook action, a recovery.</summary>
public sealed record Incident(Duration At, IncidentKind Kind, string Description);

/// <summary>The objectives a night is judged against.</summary>
public enum SloObjective
{
    /// <summary>Playing over the viewer-seconds of those still trying to watch (all but those who left for good), a fraction.</summary>
    Availability,

    /// <summary>p95 of segment requests' time to first byte, worst 5-minute window (seconds).</summary>
    LatencyP95,

    /// <summary>p99 of the same, worst 5-minute window (seconds).</summary>
    LatencyP99,

    /// <summary>p95 time from join to first frame (seconds; +∞ when more than 5% never started).</summary>
    StartupP95,

    /// <summary>Stalled over playing + stalled time (a fraction).</summary>
    Rebuffering,

    /// <summary>Rung changes per playing viewer-minute (per minute).</summary>
    QualitySwitches,
}

/// <summary>What a verdict was measured on.</summary>
public enum VerdictSource
{
    /// <summary>The whole audience, as the fluid model carries it.</summary>
    Fleet,

    /// <summary>The sampled player sessions.</summary>
    Players,
}

/// <summary>The unit of an objective's target and measurement.</summary>
public enum SloUnit
{
    /// <summary>A fraction (0.9995 for 99.95%).</summary>
    Fraction,

    /// <summary>Seconds.</summary>
    Seconds,

    /// <summary>Per minute.</summary>
    PerMinute,
}

/// <summary>An objective measured over the simulated match, and whether it held. Target and measurement in <see cref="Unit"/>.</summary>
public sealed record SloVerdict(SloObjective Objective, VerdictSource Source, double Target, double Measured, bool Met)
{
    /// <summary>The sample's 95% interval around <see cref="Measured"/>, for a verdict measured on sampled players; null for the fleet's.</summary>
    public Estimate? Interval { get; init; }

    /// <summary>Whether the target lies within the sample's interval: more sessions would be needed to be sure of the verdict.</summary>
    public bool Uncertain => Interval is { } i && i.Straddles(Target);

    public SloUnit Unit => Objective switch
    {
        SloObjective.Availability or SloObjective.Rebuffering => SloUnit.Fraction,
        SloObjective.LatencyP95 or SloObjective.LatencyP99 or SloObjective.StartupP95 => SloUnit.Seconds,
        SloObjective.QualitySwitches => SloUnit.PerMinute,
    };
}

/// <summary>An edge where viewers were failed: its unserved viewer-seconds (stalled or waiting to start) and peak load.</summary>
/// <param name="Cell">"europe/akamai".</param>
/// <param name="UnservedViewerSeconds">Viewer-seconds stalled or waiting to start.</param>
/// <param name="PeakUtilization">Peak demanded / capacity; +∞ when the edge was down.</param>
public sealed record Hotspot(string Cell, double UnservedViewerSeconds, double PeakUtilization);

/// <summary>The outcome of one simulated match.</summary>
public sealed record EventResult
{
    public required string Scenario { get; init; }
    public required string Stage { get; init; }
    public required ulong Seed { get; init; }
    public required CapacitySource Capacity { get; init; }
    public required ImmutableArray<string> Cells { get; init; }
    public required ImmutableArray<string> Rungs { get; init; }
    /// <summary>The origin regions, in failover order.</summary>
    public required ImmutableArray<string> OriginRegions { get; init; }
    public required EventSeries Series { get; init; }
    public required ImmutableArray<Incident> Timeline { get; init; }
    public required ImmutableArray<SloVerdict> Slos { get; init; }
    /// <summary>Playing viewer-seconds / the viewer-seconds of those still trying to watch.</summary>
    public required Ratio Availability { get; init; }
    /// <summary>Downtime-equivalent of the unavailability over the match: (1 − availability) × match length.</summary>
    public required Duration Downtime { get; init; }
    /// <summary>The SLO window's error budget: window × (1 − availability target).</summary>
    public required Duration ErrorBudget { get; init; }
    /// <summary>The downtime as a share of the error budget.</summary>
    public required Ratio BudgetUsed { get; init; }
    public required ViewerCount PeakAbandoned { get; init; }
    /// <summary>Of <see cref="PeakAbandoned"/>'s kind, the most viewers who had left for good at once (the peak of <see cref="EventSeries.Left"/>).</summary>
    public required ViewerCount PeakLeft { get; init; }
    /// <summary>
    /// Viewers the token service turned away who gave up instead of retrying, over the match: they pressed play and never
    /// saw a frame. <see cref="TurnedAwayShare"/> is their share of every join that ended (admitted or turned away).
    /// </summary>
    public required ViewerCount TurnedAway { get; init; }
    public required Ratio TurnedAwayShare { get; init; }
    /// <summary>Where the worst 5-minute latency window starts (p95, and p99).</summary>
    public required Duration WorstLatencyWindow { get; init; }
    public required Duration WorstLatencyP99Window { get; init; }
    /// <summary>What the sampled players experienced, when there were any.</summary>
    public PlayerExperience? Players { get; init; }
    /// <summary>Where it went wrong: the worst cells by unserved viewer-seconds (at most three, each over 0.1% of the served).</summary>
    public required ImmutableArray<Hotspot> Hotspots { get; init; }
}
