using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Matchday.Simulation.Events;

/// <summary>
/// What a front end asks the night to record beyond its usual series, for exporting it as metrics: the bucket bounds of
/// the request-latency and startup histograms (seconds, ascending, finite). Recording costs a distribution-function
/// evaluation per bound per tick, so nights that export nothing record none of it.
/// </summary>
public sealed record NightMetricsRequest(ImmutableArray<double> LatencyBounds, ImmutableArray<double> StartupBounds);

/// <summary>
/// The night's extra series for its metrics (<see cref="NightMetricsRequest"/>), per tick: the latency distribution at
/// each bound, the edge requests, the joins that started (by startup bound) or gave up, the watching viewers who gave
/// up, the quality switches and the origin regions failed.
/// </summary>
public sealed class NightMetricSeries
{
    internal NightMetricSeries() { }

    /// <summary>The latency histogram's bounds, seconds.</summary>
    public required ImmutableArray<double> LatencyBounds { get; init; }
    /// <summary>Per bound, per tick: the share of edge requests answered within it (requests that time out count at the timeout).</summary>
    public required ImmutableArray<ImmutableArray<double>> LatencyWithin { get; init; }
    /// <summary>Segment and playlist requests the edges receive per second.</summary>
    public required ImmutableArray<double> EdgeRequests { get; init; }
    /// <summary>The startup histogram's bounds, seconds.</summary>
    public required ImmutableArray<double> StartupBounds { get; init; }
    /// <summary>Per bound, per tick: viewers whose first frame came within it this tick.</summary>
    public required ImmutableArray<ImmutableArray<double>> StartedWithin { get; init; }
    /// <summary>Viewers whose first frame came this tick, and the sum of their startup times (viewer-seconds).</summary>
    public required ImmutableArray<double> Started { get; init; }
    public required ImmutableArray<double> StartupSeconds { get; init; }
    /// <summary>Viewers who gave up before their first frame this tick.</summary>
    public required ImmutableArray<double> StartAbandoned { get; init; }
    /// <summary>Watching viewers who gave up this tick (the seed's disconnects: stalled viewers whose patience ran out).</summary>
    public required ImmutableArray<double> Disconnects { get; init; }
    /// <summary>Rung changes this tick (viewer-switches).</summary>
    public required ImmutableArray<double> Switches { get; init; }
    /// <summary>Origin regions known to be lost and not yet failed over.</summary>
    public required ImmutableArray<double> RegionsFailed { get; init; }
}

/// <summary>Collects <see cref="NightMetricSeries"/> as the night runs; allocated once, filled in place.</summary>
internal sealed class NightMetricsRecorder
{
    private readonly double[] _latencyBounds, _startupBounds, _edgeRequests, _started, _startupSeconds, _abandoned, _disconnects, _switches, _regionsFailed;
    private readonly double[][] _latencyWithin, _startedWithin;
    private double _lastSwitches;

    public NightMetricsRecorder(NightMetricsRequest request, int ticks)
    {
        _latencyBounds = [.. request.LatencyBounds];
        _startupBounds = [.. request.StartupBounds];
        double[] Series() => new double[ticks];
        (_edgeRequests, _started, _startupSeconds, _abandoned, _disconnects, _switches, _regionsFailed) = (Series(), Series(), Series(), Series(), Series(), Series(), Series());
        _latencyWithin = [.. _latencyBounds.Select(_ => Series())];
        _startedWithin = [.. _startupBounds.Select(_ => Series())];
    }

    /// <summary>Joins that ended this tick: <paramref name="started"/> viewers after <paramref name="wait"/> seconds, <paramref name="gaveUp"/> before.</summary>
    public void Joins(int tick, double wait, double started, double gaveUp)
    {
        if (started > 0 && double.IsFinite(wait))
        {
            _started[tick] += started;
            _startupSeconds[tick] += started * wait;
            for (var b = 0; b < _startupBounds.Length; b++) if (wait <= _startupBounds[b]) _startedWithin[b][tick] += started;
        }
        else if (started > 0) _abandoned[tick] += started;
        if (gaveUp > 0) _abandoned[tick] += gaveUp;
    }

    /// <summary>Closes tick <paramref name="i"/>: the latency distribution at the bounds, requests, disconnects, switches, regions failed.</summary>
    public void EndTick(NightModel m, NightState s, int i, double t)
    {
        var timeout = m.Request.RequestTimeout.Seconds;
        for (var b = 0; b < _latencyBounds.Length; b++)
            _latencyWithin[b][i] = _latencyBounds[b] >= timeout ? 1 : s.Latency.Cdf(_latencyBounds[b]);
        _edgeRequests[i] = s.EdgeRequests;
        _disconnects[i] = s.Disconnects;
        _switches[i] = s.Switches - _lastSwitches;
        _lastSwitches = s.Switches;
        _regionsFailed[i] = RunbookStep.RegionsFailed(m, s, t);
    }

    public NightMetricSeries Finish()
    {
        static ImmutableArray<double> Ro(double[] a) => ImmutableCollectionsMarshal.AsImmutableArray(a);
        return new NightMetricSeries
        {
            LatencyBounds = Ro(_latencyBounds), LatencyWithin = [.. _latencyWithin.Select(Ro)], EdgeRequests = Ro(_edgeRequests),
            StartupBounds = Ro(_startupBounds), StartedWithin = [.. _startedWithin.Select(Ro)], Started = Ro(_started),
            StartupSeconds = Ro(_startupSeconds), StartAbandoned = Ro(_abandoned), Disconnects = Ro(_disconnects),
            Switches = Ro(_switches), RegionsFailed = Ro(_regionsFailed),
        };
    }
}
