using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Simulation.Autoscaling;

/// <summary>
/// How one pod's metric responds to load: <c>value = idle + perUnit × (load units on the pod)</c>, capped at the
/// limit (a CPU limit throttles; the metric cannot exceed it). Values in the metric's own unit (cores, bytes, streams).
/// </summary>
/// <param name="Metric">The metric name as the HPA spec names it (<c>cpu</c>, <c>memory</c>, <c>concurrent_streams</c>).</param>
/// <param name="Idle">The value with no load.</param>
/// <param name="PerUnit">The value added per unit of load (per stream, per request/s).</param>
/// <param name="Limit">The container limit, or null.</param>
internal sealed record PodMetricModel(string Metric, double Idle, double PerUnit, double? Limit = null)
{
    /// <summary>The value on a pod carrying <paramref name="units"/> of load.</summary>
    public double ValueAt(double units)
    {
        var v = Idle + PerUnit * units;
        return Limit is { } l ? Math.Min(v, l) : v;
    }
}

/// <summary>What each pod requests and how its metrics respond to load.</summary>
/// <param name="Requests">Resource requests per pod in the resource's unit (cpu: cores; memory: bytes).</param>
/// <param name="Metrics">The metric models, one per HPA metric name.</param>
/// <param name="UnitsPerPodCapacity">The load one ready pod can serve; beyond it requests fail or queue.</param>
/// <param name="MetricWindow">The sample window metrics report (metrics-server <c>--metric-resolution</c>, default 15 s).</param>
internal sealed record PodLoadModel(ImmutableDictionary<string, double> Requests, ImmutableArray<PodMetricModel> Metrics, double UnitsPerPodCapacity, Duration MetricWindow)
{
    /// <summary>Requests as milli-quantities.</summary>
    public ImmutableDictionary<string, long> RequestsMilli { get; } =
        Requests.ToImmutableDictionary(kv => kv.Key, kv => (long)Math.Round(kv.Value * 1000), StringComparer.Ordinal);
}

/// <summary>
/// A Deployment scaled by an HPA: the pods (<see cref="PodFleet"/>), their metrics under a load
/// (<see cref="PodLoadModel"/>), and the controller reconciling every sync period. Drive it with
/// <see cref="Advance"/> each simulation tick; load goes to ready pods only, spread evenly.
/// </summary>
internal sealed class AutoscaledDeployment
{
    private readonly PodFleet _fleet;
    private readonly Dictionary<string, Dictionary<string, PodMetricSample>> _samples = new(StringComparer.Ordinal);
    private Duration _nextSync;

    /// <summary>A deployment of <paramref name="initialReplicas"/> ready pods whose first reconcile is at <paramref name="start"/>.</summary>
    public AutoscaledDeployment(HpaSpec spec, PodLoadModel load, PodLifecycle lifecycle, int initialReplicas, Duration start, HpaControllerOptions? options = null)
    {
        Autoscaler = new HorizontalPodAutoscaler(spec, options);
        Load = load;
        _fleet = new PodFleet(initialReplicas, lifecycle, load.RequestsMilli, start);
        _nextSync = start;
    }

    /// <summary>The HPA.</summary>
    public HorizontalPodAutoscaler Autoscaler { get; }

    /// <summary>The pods' load model.</summary>
    public PodLoadModel Load { get; }

    /// <summary>The replica count last set.</summary>
    public int SpecReplicas => _fleet.SpecReplicas;

    /// <summary>The pods that exist.</summary>
    public int Pods => _fleet.Count;

    /// <summary>The pods ready at <paramref name="now"/>.</summary>
    public int ReadyReplicas(Duration now) => _fleet.ReadyCount(now);

    /// <summary>The load the ready pods can serve at <paramref name="now"/>.</summary>
    public double Capacity(Duration now) => _fleet.ReadyCount(now) * Load.UnitsPerPodCapacity;

    /// <summary>The last decision the controller made.</summary>
    public HpaDecision? LastDecision { get; private set; }

    /// <summary>
    /// Moves to <paramref name="now"/> under <paramref name="loadUnits"/> of demand; runs the controller when a sync is
    /// due and returns its decision (null between syncs). The scale takes effect immediately; the pods take their lifecycle.
    /// </summary>
    public HpaDecision? Advance(Duration now, double loadUnits)
    {
        if (now < _nextSync) return null;
        while (_nextSync <= now) _nextSync += Autoscaler.Options.SyncPeriod;
        var statuses = _fleet.Statuses(now);
        var source = new LoadMetricsSource(Load, statuses, loadUnits, now, _samples);
        var decision = Autoscaler.Reconcile(now, new ScaleTarget(_fleet.SpecReplicas, _fleet.Count, statuses), source);
        if (decision.Rescaled) _fleet.Scale(decision.DesiredReplicas, now);
        LastDecision = decision;
        return decision;
    }

    /// <summary>An operator's <c>kubectl scale --replicas</c>: sets the count now; the HPA may change it at its next sync.</summary>
    public void ScaleTo(int replicas, Duration now) => _fleet.Scale(replicas, now);

    /// <summary>Loses every pod (a node pool or zone failure); the ReplicaSet recreates them with the full start-up delay.</summary>
    public void LoseAllPods(Duration now) => _fleet.LoseAll(now);

    /// <summary>The metrics-server and custom-metrics adapter view of the fleet under a load.</summary>
    /// <remarks>The sample maps are reused from one reconcile to the next (the controller reads them within the reconcile only).</remarks>
    private sealed class LoadMetricsSource(PodLoadModel model, ImmutableArray<PodStatus> pods, double loadUnits, Duration now,
        Dictionary<string, Dictionary<string, PodMetricSample>> buffers) : IHpaMetricsSource
    {
        public IReadOnlyDictionary<string, PodMetricSample>? PodMetrics(HpaMetric metric)
        {
            var m = model.Metrics.FirstOrDefault(x => x.Metric == metric.Name);
            if (m is null) return null;
            var ready = 0;
            foreach (var p in pods) if (p.Ready == ReadyStatus.True) ready++;
            var perReady = ready == 0 ? 0 : loadUnits / ready;
            if (!buffers.TryGetValue(metric.Name, out var samples)) buffers[metric.Name] = samples = new Dictionary<string, PodMetricSample>(pods.Length, StringComparer.Ordinal);
            samples.Clear();
            foreach (var p in pods)
            {
                if (p.Phase != PodPhase.Running) continue; // pending pods report nothing
                var units = p.Ready == ReadyStatus.True ? perReady : 0;
                samples[p.Name] = new PodMetricSample((long)Math.Round(m.ValueAt(units) * 1000), now, model.MetricWindow);
            }
            return samples;
        }

        public long? ObjectValueMilli(HpaMetric metric) => model.Metrics.FirstOrDefault(x => x.Metric == metric.Name) is { } m
            ? (long)Math.Round(m.ValueAt(loadUnits) * 1000)
            : null;

        public IReadOnlyList<long>? ExternalValuesMilli(HpaMetric metric) => ObjectValueMilli(metric) is { } v ? [v] : null;
    }
}
