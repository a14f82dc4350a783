using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Matchday.Core.Statistics;
using Matchday.Core.Units;

namespace Matchday.Simulation.Events;

/// <summary>
/// Watches the night: owns the time series and the incident timeline, closes each tick's books (viewers are
/// conserved: joining + playing + stalled + failed + abandoned = demand, or the run stops), and at the end hands the
/// series, the timeline and the totals to <see cref="Verdicts"/>.
/// </summary>
internal sealed class NightRecorder
{
    private readonly NightModel _m;
    private readonly List<Incident> _timeline = [];
    private readonly double[] _time, _demand, _joining, _playing, _stalled, _failed, _abandoned, _left, _failedJoins, _dropout,
        _egress, _latency, _latency99, _ttfb, _segment, _originRequests, _originReplicas, _originReady, _originServed, _authLoad, _authRejected, _hitRatio, _meanBitrate;
    private readonly double[][] _cellEgress, _cellUtilization, _rungShare, _originRegion;
    private readonly NightMetricsRecorder? _metrics;

    public NightRecorder(NightModel m)
    {
        _m = m;
        var n = m.Ticks;
        double[] Series() => new double[n];
        (_time, _demand, _joining, _playing, _stalled, _failed, _abandoned) = (Series(), Series(), Series(), Series(), Series(), Series(), Series());
        (_failedJoins, _dropout, _egress, _latency, _originRequests, _originReplicas, _left) = (Series(), Series(), Series(), Series(), Series(), Series(), Series());
        (_latency99, _ttfb, _segment) = (Series(), Series(), Series());
        (_originReady, _originServed, _authLoad, _authRejected, _hitRatio, _meanBitrate) = (Series(), Series(), Series(), Series(), Series(), Series());
        _cellEgress = [.. Enumerable.Range(0, m.CellCount).Select(_ => Series())];
        _cellUtilization = [.. Enumerable.Range(0, m.CellCount).Select(_ => Series())];
        _rungShare = [.. Enumerable.Range(0, m.Rungs.Length).Select(_ => Series())];
        _originRegion = [.. Enumerable.Range(0, m.OriginRegionShare.Length).Select(_ => Series())];
        if (m.Request.Metrics is { } metrics) _metrics = new NightMetricsRecorder(metrics, n);
    }

    /// <summary>The extra series for the night's metrics, when the request asked for them.</summary>
    public NightMetricsRecorder? Metrics => _metrics;

    public void Incident(Duration at, IncidentKind kind, string description) => _timeline.Add(new Incident(at, kind, description));

    public void CellUtilization(int cell, int tick, double value) => _cellUtilization[cell][tick] = value;

    public void CellEgress(int cell, int tick, double value) => _cellEgress[cell][tick] = value;

    public double HitRatio(int tick) => _hitRatio[tick];

    /// <summary>Closes tick <paramref name="i"/> at <paramref name="t"/> seconds: checks conservation, records every series.</summary>
    public void EndTick(NightState s, int i, double t)
    {
        var dt = s.Dt;
        double demandTotal = 0, failedTotal = 0, abandonedTotal = 0, leftTotal = 0;
        foreach (var x in s.Demand) demandTotal += x;
        for (var r = 0; r < s.Demand.Length; r++) failedTotal += s.Backoff.Total(r);
        foreach (var x in s.Returning) abandonedTotal += x;
        foreach (var x in s.Left) leftTotal += x;
        abandonedTotal += leftTotal;
        var accounted = s.JoiningTotal + s.PlayingTotal + s.StalledTotal + failedTotal + abandonedTotal;
        if (Math.Abs(accounted - demandTotal) > 1e-6 * Math.Max(1, demandTotal))
            throw new InvalidOperationException($"conservation broken at t={t}: {accounted} accounted for {demandTotal} demanded");
        s.ServedSeconds += s.PlayingTotal * dt;
        s.DemandSeconds += demandTotal * dt;
        s.LeftSeconds += leftTotal * dt;
        s.StalledSeconds += s.StalledTotal * dt;
        s.PeakAbandoned = Math.Max(s.PeakAbandoned, abandonedTotal);

        var timeout = _m.Request.RequestTimeout.Seconds;
        s.LatencyP95 = s.Latency.Quantile(0.95, timeout, s.LatencyP95);
        s.LatencyP99 = s.Latency.Quantile(0.99, timeout, s.LatencyP99);
        s.LatencyMean = s.Latency.Mean(timeout);
        _time[i] = t;
        _demand[i] = demandTotal;
        _joining[i] = s.JoiningTotal;
        _playing[i] = s.PlayingTotal;
        _stalled[i] = s.StalledTotal;
        _failed[i] = failedTotal;
        _abandoned[i] = abandonedTotal;
        _left[i] = leftTotal;
        _failedJoins[i] = s.Rejected / dt;
        _dropout[i] = s.Dropouts / dt;
        _egress[i] = s.Egress;
        _latency[i] = s.LatencyP95;
        _latency99[i] = s.LatencyP99;
        _ttfb[i] = s.LatencyMean;
        _segment[i] = s.SegmentWeight > 0 ? s.LatencyMean + s.SegmentSeconds / s.SegmentWeight : 0;
        _originRequests[i] = s.OriginRequests;
        _originReplicas[i] = s.Origins.SpecReplicas;
        _originReady[i] = s.Origins.ReadyReplicas(Duration.FromSeconds(t));
        _originServed[i] = s.OriginServed;
        _authLoad[i] = s.AuthLoad;
        _authRejected[i] = s.AuthLoad * (1 - s.AuthServed);
        _hitRatio[i] = s.EdgeRequests > 0 ? Math.Max(0, 1 - s.OriginRequests / s.EdgeRequests) : 1;
        _meanBitrate[i] = s.PlayingTotal > 0 ? s.PlayedBits / s.PlayingTotal : 0;
        var rungTotal = 0.0;
        foreach (var x in s.RungViewers) rungTotal += x;
        for (var q = 0; q < _rungShare.Length; q++) _rungShare[q][i] = rungTotal > 0 ? s.RungViewers[q] / rungTotal : 0;
        for (var r = 0; r < _originRegion.Length; r++) _originRegion[r][i] = s.OriginRegionLoad[r];
        _metrics?.EndTick(_m, s, i, t);
    }

    /// <summary>The series as read-only arrays and the timeline in time order (the fault entries first at equal times).</summary>
    public (EventSeries Series, ImmutableArray<Incident> Timeline) Finish()
    {
        static ImmutableArray<double> Ro(double[] a) => ImmutableCollectionsMarshal.AsImmutableArray(a);
        var series = new EventSeries
        {
            Time = Ro(_time), Demand = Ro(_demand), Joining = Ro(_joining), Playing = Ro(_playing), Stalled = Ro(_stalled),
            Failed = Ro(_failed), Abandoned = Ro(_abandoned), Left = Ro(_left), FailedJoinsPerSecond = Ro(_failedJoins), DropoutPerSecond = Ro(_dropout),
            Egress = Ro(_egress), LatencyP95 = Ro(_latency), LatencyP99 = Ro(_latency99), TtfbMean = Ro(_ttfb), SegmentDownload = Ro(_segment), OriginRequests = Ro(_originRequests), OriginReplicas = Ro(_originReplicas),
            OriginReady = Ro(_originReady), OriginServed = Ro(_originServed), AuthLoad = Ro(_authLoad), AuthRejectedPerSecond = Ro(_authRejected),
            HitRatio = Ro(_hitRatio), MeanBitrate = Ro(_meanBitrate),
            CellEgress = [.. _cellEgress.Select(Ro)], CellUtilization = [.. _cellUtilization.Select(Ro)], RungShare = [.. _rungShare.Select(Ro)],
            OriginRegionRequests = [.. _originRegion.Select(Ro)],
            Metrics = _metrics?.Finish(),
        };
        return (series, [.. _timeline.OrderBy(x => x.At.Seconds)]);
    }
}
