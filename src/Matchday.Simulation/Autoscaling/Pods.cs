using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Simulation.Autoscaling;

/// <summary>A pod's lifecycle phase (<c>v1.PodPhase</c>).</summary>
internal enum PodPhase
{
    /// <summary>Accepted but not running: scheduling, pulling the image.</summary>
    Pending,

    /// <summary>Bound to a node, containers started.</summary>
    Running,

    /// <summary>All containers exited successfully.</summary>
    Succeeded,

    /// <summary>Terminated in failure; the HPA ignores it.</summary>
    Failed,
}

/// <summary>The status of a pod's <c>Ready</c> condition.</summary>
internal enum ReadyStatus
{
    /// <summary>The pod has no Ready condition yet.</summary>
    None,

    /// <summary><c>Ready=True</c>.</summary>
    True,

    /// <summary><c>Ready=False</c>.</summary>
    False,
}

/// <summary>
/// What the HPA controller reads about one pod from the pod lister. Times are simulation time.
/// </summary>
/// <param name="Name">Pod name; metrics are matched to pods by name.</param>
/// <param name="Phase">Lifecycle phase.</param>
/// <param name="Ready">The Ready condition's status.</param>
/// <param name="StartTime"><c>status.startTime</c>; null when not yet set.</param>
/// <param name="ReadyTransitionTime">The Ready condition's <c>lastTransitionTime</c>.</param>
/// <param name="Deleting">Has a deletion timestamp (terminating); the HPA ignores it.</param>
/// <param name="Requests">Resource requests summed over the pod's containers, in milli-units (cpu: millicores; memory: milli-bytes).</param>
internal sealed record PodStatus(
    string Name,
    PodPhase Phase,
    ReadyStatus Ready,
    Duration? StartTime,
    Duration ReadyTransitionTime,
    bool Deleting,
    ImmutableDictionary<string, long> Requests)
{
    /// <summary>A running, ready pod started long ago, with the given requests.</summary>
    public static PodStatus RunningReady(string name, ImmutableDictionary<string, long> requests, Duration startTime) =>
        new(name, PodPhase.Running, ReadyStatus.True, startTime, startTime, false, requests);
}

/// <summary>One pod's sample of a metric, as the metrics APIs report it (milli-units, with its window).</summary>
/// <param name="ValueMilli">The value in milli-units (<c>Quantity.MilliValue()</c>).</param>
/// <param name="Timestamp">When the sample was taken.</param>
/// <param name="Window">The window the sample averages over (metrics-server: its scrape resolution).</param>
internal readonly record struct PodMetricSample(long ValueMilli, Duration Timestamp, Duration Window);

/// <summary>
/// The metric values the controller reads at one reconcile. A null answer means the metrics API failed for
/// that metric (the controller then treats the metric as invalid, as upstream does on an API error).
/// </summary>
internal interface IHpaMetricsSource
{
    /// <summary>Per-pod samples of a Resource or Pods metric, keyed by pod name (may include pods not in the pod list).</summary>
    IReadOnlyDictionary<string, PodMetricSample>? PodMetrics(HpaMetric metric);

    /// <summary>An Object metric's value, in milli-units.</summary>
    long? ObjectValueMilli(HpaMetric metric);

    /// <summary>An External metric's values (summed by the controller), in milli-units.</summary>
    IReadOnlyList<long>? ExternalValuesMilli(HpaMetric metric);
}

/// <summary>A fixed set of metric values, keyed by metric name.</summary>
internal sealed class FixedMetricsSource : IHpaMetricsSource
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, PodMetricSample>> _pod = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _object = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<long>> _external = new(StringComparer.Ordinal);

    /// <summary>Sets a Resource or Pods metric's per-pod samples.</summary>
    public FixedMetricsSource WithPodMetrics(string metric, IReadOnlyDictionary<string, PodMetricSample> samples)
    {
        _pod[metric] = samples;
        return this;
    }

    /// <summary>Sets an Object metric's value.</summary>
    public FixedMetricsSource WithObject(string metric, long valueMilli)
    {
        _object[metric] = valueMilli;
        return this;
    }

    /// <summary>Sets an External metric's values.</summary>
    public FixedMetricsSource WithExternal(string metric, IReadOnlyList<long> valuesMilli)
    {
        _external[metric] = valuesMilli;
        return this;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, PodMetricSample>? PodMetrics(HpaMetric metric) => _pod.GetValueOrDefault(metric.Name);

    /// <inheritdoc/>
    public long? ObjectValueMilli(HpaMetric metric) => _object.TryGetValue(metric.Name, out var v) ? v : null;

    /// <inheritdoc/>
    public IReadOnlyList<long>? ExternalValuesMilli(HpaMetric metric) => _external.GetValueOrDefault(metric.Name);
}
