using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Simulation.Events;

/// <summary>The state of the whole event at one tick. Viewer counts are fractional (cohorts, not individuals).</summary>
public sealed record TickRecord
{
    /// <summary>Time since the start of the match-day timeline.</summary>
    public required Duration Time { get; init; }

    /// <summary>Viewers who want to watch now (the ramp × surges).</summary>
    public required double Demand { get; init; }

    /// <summary>Watching.</summary>
    public required double Playing { get; init; }

    /// <summary>Connected but stalled (rebuffering).</summary>
    public required double Stalled { get; init; }

    /// <summary>Between pressing play and the first frame.</summary>
    public required double Joining { get; init; }

    /// <summary>Whose join failed, waiting to retry.</summary>
    public required double Failed { get; init; }

    /// <summary>Who gave up (some will come back).</summary>
    public required double Abandoned { get; init; }

    /// <summary>Viewers giving up per second.</summary>
    public required double DropoutPerSecond { get; init; }

    /// <summary>Egress served by all edges.</summary>
    public required Bitrate Egress { get; init; }

    /// <summary>Egress served per region × CDN (see <see cref="EventResult.Edges"/> for the order).</summary>
    public required ImmutableArray<Bitrate> EdgeEgress { get; init; }

    /// <summary>Utilization per region × CDN (demand over capacity; above 1 when overloaded).</summary>
    public required ImmutableArray<double> EdgeUtilization { get; init; }

    /// <summary>The viewer-weighted 95th percentile of the edges' p95 latencies.</summary>
    public required Duration LatencyP95 { get; init; }

    /// <summary>Requests reaching the origin.</summary>
    public required Rate OriginRequests { get; init; }

    /// <summary>The fraction of origin requests the origin served.</summary>
    public required double OriginServed { get; init; }

    /// <summary>The origin HPA's replica count and the pods ready.</summary>
    public required (int Spec, int Ready) OriginReplicas { get; init; }

    /// <summary>Token validations wanted and rejected per second.</summary>
    public required (Rate Load, Rate Rejected) Auth { get; init; }

    /// <summary>The average bitrate delivered to playing viewers.</summary>
    public required Bitrate AverageBitrate { get; init; }

    /// <summary>The conservation identity: demand − (playing + stalled + joining + failed + abandoned); ~0.</summary>
    public double ConservationError => Demand - (Playing + Stalled + Joining + Failed + Abandoned);
}

/// <summary>One line of the incident timeline.</summary>
/// <param name="At">When.</param>
/// <param name="Kind">fault, recovery, detection, dns, alert, action, scale, slo.</param>
/// <param name="Text">What happened, for people.</param>
public sealed record IncidentEvent(Duration At, string Kind, string Text);

/// <summary>An SLO's verdict over the match.</summary>
/// <param name="Name">availability, latency-p95, rebuffering.</param>
/// <param name="Target">The objective, written as the scenario writes it.</param>
/// <param name="Observed">What the run achieved, likewise.</param>
/// <param name="Met">Whether it held.</param>
public sealed record SloVerdict(string Name, string Target, string Observed, bool Met);

/// <summary>The run's summary.</summary>
/// <param name="Availability">Served (playing) viewer-seconds over demanded viewer-seconds.</param>
/// <param name="BudgetConsumed">The error budget used: the equivalent full-outage time over (1 − target) × window.</param>
/// <param name="RebufferingRatio">Stalled over connected (playing + stalled) viewer-seconds.</param>
/// <param name="PeakDemand">The largest demand.</param>
/// <param name="Slos">Each SLO's verdict.</param>
/// <param name="WorstMoment">When the share of demand not playing was largest, and that share.</param>
/// <param name="Bottlenecks">Where capacity ran out: overloaded edges, auth, origin, with how much and when.</param>
public sealed record EventSummary(Ratio Availability, Ratio BudgetConsumed, Ratio RebufferingRatio, double PeakDemand,
    ImmutableArray<SloVerdict> Slos, (Duration At, Ratio NotPlaying) WorstMoment, ImmutableArray<string> Bottlenecks);

/// <summary>What a run produced: the time series, the incident timeline and the summary.</summary>
/// <param name="Edges">The region × CDN pairs, in the order of the per-edge series.</param>
/// <param name="Ticks">One record per tick.</param>
/// <param name="Incidents">The incident timeline, in time order.</param>
/// <param name="Summary">Availability, budget, SLO verdicts.</param>
public sealed record EventResult(ImmutableArray<(string Region, string Cdn)> Edges, ImmutableArray<TickRecord> Ticks,
    ImmutableArray<IncidentEvent> Incidents, EventSummary Summary);
