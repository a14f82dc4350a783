using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Autoscaling;

namespace Matchday.Simulation.Events;

/// <summary>
/// The origin fleet as the scenario describes it: each pod is one origin server of <c>origins:</c>, answering up to
/// <c>requests_per_server</c> and pushing up to <c>capacity</c> (whichever binds for the mean request), spread over the
/// DR topology's regions in proportion to their <c>origins</c>. The HPA's metrics respond to a pod's load as a real
/// origin's would: CPU rises with requests to its request at full load; memory sits at half its request and rises
/// slowly; a custom per-pod metric (the seed's <c>concurrent_streams</c>) is taken to reach its target at the load where
/// the CPU target is reached, so the targets agree, as the seed's HPA was written to.
/// </summary>
internal static class OriginFleet
{
    private const double Gi = 1024d * 1024 * 1024;

    /// <summary>The seed Deployment's pod requests and limits: cpu 1000m (limit 2000m), memory 2Gi (limit 4Gi).</summary>
    private static readonly ImmutableDictionary<string, double> PodRequests = ImmutableDictionary<string, double>.Empty.Add("cpu", 1.0).Add("memory", 2 * Gi);

    /// <summary>Requests per second one origin pod answers: the scenario's per-server rate, or its bandwidth over the mean request.</summary>
    public static double PodCapacity(Scenario s)
    {
        var d = s.Delivery;
        // Origin requests are segments (one per segment duration per rung fetched) and playlists (one per refresh).
        var segmentShare = (1 / d.SegmentDuration.Seconds) / d.RequestsPerViewer.PerSecond;
        var meanRung = s.Ladder.Rungs.IsDefaultOrEmpty ? 0 : s.Ladder.Rungs.Average(r => r.Bitrate.BitsPerSecond);
        var bitsPerRequest = segmentShare * meanRung * d.SegmentDuration.Seconds;
        var byBandwidth = bitsPerRequest > 0 ? s.Origins.Capacity.BitsPerSecond / bitsPerRequest : double.PositiveInfinity;
        return Math.Max(1, Math.Min(s.Origins.RequestsPerServer.PerSecond, byBandwidth));
    }

    /// <summary>How a pod's metrics respond to requests per second, for the scenario's HPA metrics.</summary>
    public static PodLoadModel LoadModel(Scenario s, Duration metricWindow)
    {
        var capacity = PodCapacity(s);
        var cpuTarget = s.Autoscaling.Metrics.FirstOrDefault(x => x.Type == ScalingMetricType.Resource && x.TargetUtilization is not null)?.TargetUtilization?.Value ?? 0.7;
        var metrics = ImmutableArray.CreateBuilder<PodMetricModel>();
        metrics.Add(new PodMetricModel("cpu", Idle: 0.05, PerUnit: 0.95 / capacity, Limit: 2.0));
        metrics.Add(new PodMetricModel("memory", Idle: 0.5 * 2 * Gi, PerUnit: 0.3 * 2 * Gi / capacity, Limit: 4 * Gi));
        foreach (var m in s.Autoscaling.Metrics)
        {
            if (m.Name is "cpu" or "memory") continue;
            // A custom metric reaches its target where the CPU reaches its own.
            var target = m.TargetAverage ?? (m.TargetUtilization?.Value ?? 1);
            metrics.Add(new PodMetricModel(m.Name, Idle: 0, PerUnit: target / (cpuTarget * capacity)));
        }
        return new PodLoadModel(PodRequests, metrics.ToImmutable(), capacity, metricWindow);
    }

    /// <summary>Each origin region's share of the pods (by its configured origins; one region holding all when none is given).</summary>
    public static ImmutableArray<double> RegionShares(Scenario s)
    {
        var regions = s.Failover.Regions;
        var total = regions.Sum(r => (double)r.Origins);
        if (regions.IsDefaultOrEmpty) return [1.0];
        return total > 0 ? [.. regions.Select(r => r.Origins / total)] : [.. regions.Select(_ => 1.0 / regions.Length)];
    }
}

/// <summary>
/// What the HPA sees of the load: the kubelet computes each pod's usage over a window and the metrics pipeline
/// (metrics-server, or a Prometheus adapter for custom metrics) scrapes it every scrape interval, so a reconcile sees the
/// mean load over the window that ended at the last scrape, not the current tick's. Sources: metrics-server's FAQ
/// (kubelet resolution 15 s; the upstream manifests scrape with <c>--metric-resolution=15s</c>, as Kubernetes' own
/// tests do since kubernetes/kubernetes#117121).
/// </summary>
internal sealed class MetricsPipeline
{
    private readonly double[] _load;
    private readonly double _dt;
    private readonly double _window;
    private readonly double _scrape;
    private int _count;

    public MetricsPipeline(int ticks, Duration tick, Duration window, Duration scrape)
    {
        _load = new double[Math.Max(1, ticks + 1)];
        _dt = tick.Seconds;
        _window = window.Seconds;
        _scrape = scrape.Seconds;
    }

    /// <summary>Records this tick's load.</summary>
    public void Record(double load)
    {
        if (_count < _load.Length) _load[_count++] = load;
    }

    /// <summary>The load as the last scrape before <paramref name="now"/> reported it: the mean over the window before it.</summary>
    public double Seen(Duration now)
    {
        if (_count == 0) return 0;
        var scrapedAt = Math.Floor(now.Seconds / _scrape) * _scrape;
        var last = Math.Min(_count - 1, (int)Math.Round(scrapedAt / _dt) - 1);
        if (last < 0) return _load[0];
        var first = Math.Max(0, last - (int)Math.Round(_window / _dt) + 1);
        var sum = 0.0;
        for (var i = first; i <= last; i++) sum += _load[i];
        return sum / (last - first + 1);
    }
}
