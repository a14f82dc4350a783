using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Simulation.Events;

/// <summary>Per-tick time series of one simulated match. Arrays are indexed by tick; cell arrays by [cell][tick].</summary>
public sealed class EventSeries
{
    internal EventSeries(int ticks, int cells, int rungs)
    {
        Time = new double[ticks];
        Demand = new double[ticks];
        Joining = new double[ticks];
        Playing = new double[ticks];
        Stalled = new double[ticks];
        Failed = new double[ticks];
        Abandoned = new double[ticks];
        FailedJoinsPerSecond = new double[ticks];
        DropoutPerSecond = new double[ticks];
        Egress = new double[ticks];
        LatencyP95 = new double[ticks];
        OriginRequests = new double[ticks];
        OriginReplicas = new double[ticks];
        OriginReady = new double[ticks];
        OriginServed = new double[ticks];
        AuthLoad = new double[ticks];
        AuthRejectedPerSecond = new double[ticks];
        HitRatio = new double[ticks];
        MeanBitrate = new double[ticks];
        CellEgress = [.. Enumerable.Range(0, cells).Select(_ => new double[ticks])];
        CellUtilization = [.. Enumerable.Range(0, cells).Select(_ => new double[ticks])];
        RungShare = [.. Enumerable.Range(0, rungs).Select(_ => new double[ticks])];
    }

    /// <summary>Seconds since the start of the timeline.</summary>
    public double[] Time { get; }
    /// <summary>Viewers who want to watch: joining + playing + stalled + failed + abandoned.</summary>
    public double[] Demand { get; }
    public double[] Joining { get; }
    public double[] Playing { get; }
    public double[] Stalled { get; }
    /// <summary>Viewers whose join was rejected and who will retry.</summary>
    public double[] Failed { get; }
    /// <summary>Viewers who gave up (some come back).</summary>
    public double[] Abandoned { get; }
    public double[] FailedJoinsPerSecond { get; }
    public double[] DropoutPerSecond { get; }
    /// <summary>Edge egress actually delivered, bit/s.</summary>
    public double[] Egress { get; }
    /// <summary>Viewer-weighted p95 request latency at the edge, seconds.</summary>
    public double[] LatencyP95 { get; }
    public double[] OriginRequests { get; }
    public double[] OriginReplicas { get; }
    public double[] OriginReady { get; }
    /// <summary>Fraction of origin requests served.</summary>
    public double[] OriginServed { get; }
    /// <summary>Token validations requested per second.</summary>
    public double[] AuthLoad { get; }
    public double[] AuthRejectedPerSecond { get; }
    /// <summary>1 − origin requests / edge requests.</summary>
    public double[] HitRatio { get; }
    /// <summary>Mean bitrate of playing viewers, bit/s.</summary>
    public double[] MeanBitrate { get; }
    public ImmutableArray<double[]> CellEgress { get; }
    /// <summary>Demanded / capacity per cell (above 1: overloaded; infinity: down).</summary>
    public ImmutableArray<double[]> CellUtilization { get; }
    /// <summary>Share of playing viewers on each rung.</summary>
    public ImmutableArray<double[]> RungShare { get; }
    public int Length => Time.Length;
}

/// <summary>Something that happened: a fault, a detection, an alert, a runbook action, a recovery.</summary>
public sealed record Incident(Duration At, string Kind, string Description);

/// <summary>An SLO measured over the simulated match, and whether it held.</summary>
public sealed record SloVerdict(string Objective, string Target, string Measured, bool Met, string Detail);

/// <summary>The outcome of one simulated match.</summary>
public sealed record EventResult
{
    public required string Scenario { get; init; }
    public required string Stage { get; init; }
    public required ulong Seed { get; init; }
    public required CapacitySource Capacity { get; init; }
    public required ImmutableArray<string> Cells { get; init; }
    public required ImmutableArray<string> Rungs { get; init; }
    public required EventSeries Series { get; init; }
    public required ImmutableArray<Incident> Timeline { get; init; }
    public required ImmutableArray<SloVerdict> Slos { get; init; }
    /// <summary>Served viewer-seconds / demanded viewer-seconds.</summary>
    public required Ratio Availability { get; init; }
    /// <summary>Downtime-equivalent of the unavailability over the match: (1 − availability) × match length.</summary>
    public required Duration Downtime { get; init; }
    /// <summary>That downtime as a share of the SLO window's error budget.</summary>
    public required Ratio BudgetUsed { get; init; }
    public required ViewerCount PeakAbandoned { get; init; }
    /// <summary>Where it went wrong: the worst cells by unserved viewer-seconds.</summary>
    public required ImmutableArray<string> Hotspots { get; init; }
}
