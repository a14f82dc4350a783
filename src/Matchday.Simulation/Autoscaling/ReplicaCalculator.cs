using Matchday.Core.Units;

namespace Matchday.Simulation.Autoscaling;

/// <summary>A metric's replica proposal, or why there is none.</summary>
/// <param name="Replicas">Proposed replicas (valid when <see cref="Error"/> is null).</param>
/// <param name="Utilization">For utilization targets: the current utilization in percent of request (integer, as upstream).</param>
/// <param name="Usage">The current value in milli-units: raw per-pod average for resources, average usage for
/// Pods metrics, the total for Object/External Value targets, the per-pod average for AverageValue targets.</param>
/// <param name="Error">Why the metric is invalid this reconcile, in upstream's words.</param>
internal readonly record struct ReplicaProposal(int Replicas, long Utilization, long Usage, string? Error)
{
    /// <summary>Whether the metric produced a proposal.</summary>
    public bool Ok => Error is null;

    internal static ReplicaProposal Fail(string error) => new(0, 0, 0, error);
}

/// <summary>The tolerance band around a usage ratio of 1 inside which the controller keeps the replica count.</summary>
internal readonly record struct Tolerances(double ScaleDown, double ScaleUp)
{
    /// <summary>The same tolerance both ways.</summary>
    public static Tolerances Both(double tolerance) => new(tolerance, tolerance);

    /// <summary><c>(1 − down) ≤ ratio ≤ (1 + up)</c>; with equal values this is upstream's <c>|1 − ratio| ≤ tolerance</c>.</summary>
    public bool IsWithin(double usageRatio) => 1.0 - ScaleDown <= usageRatio && usageRatio <= 1.0 + ScaleUp;
}

/// <summary>
/// A port of the controller's <c>ReplicaCalculator</c> (<c>pkg/controller/podautoscaler/replica_calculator.go</c> and
/// <c>metrics/utilization.go</c>): per-metric desired replicas <c>ceil(ratio × pods)</c> with the tolerance,
/// the grouping of pods into ready / unready / missing / ignored, and the conservative treatment of unready and
/// missing pods (unready counted at 0% on scale-up; missing at 0% on scale-up and at 100% of request, or the target,
/// on scale-down; any change of direction caused by that treatment cancels the scaling). Integer milli-unit
/// arithmetic and truncation are kept so results match upstream's to the pod.
/// </summary>
internal sealed class ReplicaCalculator
{
    private readonly Tolerances _tolerances;
    private readonly Duration _cpuInitializationPeriod;
    private readonly Duration _delayOfInitialReadinessStatus;

    /// <summary>A calculator with the controller's tolerance and readiness periods.</summary>
    public ReplicaCalculator(Tolerances tolerances, Duration cpuInitializationPeriod, Duration delayOfInitialReadinessStatus)
    {
        _tolerances = tolerances;
        _cpuInitializationPeriod = cpuInitializationPeriod;
        _delayOfInitialReadinessStatus = delayOfInitialReadinessStatus;
    }

    /// <summary>A calculator with the given controller options.</summary>
    public ReplicaCalculator(HpaControllerOptions options)
        : this(Tolerances.Both(options.Tolerance), options.CpuInitializationPeriod, options.InitialReadinessDelay)
    {
    }

    /// <summary><c>GetResourceReplicas</c>: a Resource metric with a utilization target (percent of request).</summary>
    public ReplicaProposal ResourceUtilization(int currentReplicas, int targetUtilization, string resource,
        IReadOnlyList<PodStatus> pods, IReadOnlyDictionary<string, PodMetricSample> podMetrics, Duration now)
    {
        if (podMetrics.Count == 0)
            return ReplicaProposal.Fail($"unable to get metrics for resource {resource}: no metrics returned from resource metrics API");
        if (pods.Count == 0) return ReplicaProposal.Fail("no pods returned by selector while calculating replica count");

        var metrics = podMetrics.ToDictionary(kv => kv.Key, kv => kv.Value.ValueMilli, StringComparer.Ordinal);
        var g = GroupPods(pods, podMetrics, resource == "cpu", now);
        foreach (var p in g.Ignored) metrics.Remove(p);
        foreach (var p in g.Unready) metrics.Remove(p);
        if (metrics.Count == 0) return ReplicaProposal.Fail("did not receive metrics for targeted pods (pods might be unready)");

        var requests = new Dictionary<string, long>(pods.Count, StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (!pod.Requests.TryGetValue(resource, out var request))
                return ReplicaProposal.Fail($"missing request for {resource} in Pod {pod.Name}");
            requests[pod.Name] = request;
        }

        if (UtilizationRatio(metrics, requests, targetUtilization) is not { } first)
            return ReplicaProposal.Fail("no metrics returned matched known pods");
        var (usageRatio, utilization, raw) = first;

        var scaleUpWithUnready = g.Unready.Count > 0 && usageRatio > 1.0;
        if (!scaleUpWithUnready && g.Missing.Count == 0)
        {
            if (_tolerances.IsWithin(usageRatio)) return new(currentReplicas, utilization, raw, null);
            return new((int)Math.Ceiling(usageRatio * g.ReadyPodCount), utilization, raw, null);
        }

        if (g.Missing.Count > 0)
        {
            if (usageRatio < 1.0)
            {
                // On a scale-down, missing pods count as using 100% of their request, or the target if that is higher.
                long fallback = Math.Max(100, targetUtilization);
                foreach (var p in g.Missing) metrics[p] = requests[p] * fallback / 100;
            }
            else if (usageRatio > 1.0)
            {
                foreach (var p in g.Missing) metrics[p] = 0; // on a scale-up, missing pods count as 0%
            }
        }

        if (scaleUpWithUnready)
        {
            foreach (var p in g.Unready) metrics[p] = 0; // on a scale-up, unready pods count as 0%
        }

        if (UtilizationRatio(metrics, requests, targetUtilization) is not { } second)
            return ReplicaProposal.Fail("no metrics returned matched known pods");
        var newUsageRatio = second.Ratio;

        if (_tolerances.IsWithin(newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0))
            return new(currentReplicas, utilization, raw, null); // too small a change, or the direction would flip

        var newReplicas = (int)Math.Ceiling(newUsageRatio * metrics.Count);
        if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas))
            return new(currentReplicas, utilization, raw, null);
        return new(newReplicas, utilization, raw, null);
    }

    /// <summary><c>GetRawResourceReplicas</c> / <c>GetMetricReplicas</c>: a per-pod average value target (Resource AverageValue or Pods metric).</summary>
    public ReplicaProposal PlainMetric(int currentReplicas, long targetUsageMilli, string resource, bool isCpu,
        IReadOnlyList<PodStatus> pods, IReadOnlyDictionary<string, PodMetricSample> podMetrics, Duration now)
    {
        _ = resource;
        if (pods.Count == 0) return ReplicaProposal.Fail("no pods returned by selector while calculating replica count");

        var metrics = podMetrics.ToDictionary(kv => kv.Key, kv => kv.Value.ValueMilli, StringComparer.Ordinal);
        var g = GroupPods(pods, podMetrics, isCpu, now);
        foreach (var p in g.Ignored) metrics.Remove(p);
        foreach (var p in g.Unready) metrics.Remove(p);
        if (metrics.Count == 0) return ReplicaProposal.Fail("did not receive metrics for targeted pods (pods might be unready)");

        var (usageRatio, usage) = MetricUsageRatio(metrics, targetUsageMilli);
        var scaleUpWithUnready = g.Unready.Count > 0 && usageRatio > 1.0;
        if (!scaleUpWithUnready && g.Missing.Count == 0)
        {
            if (_tolerances.IsWithin(usageRatio)) return new(currentReplicas, 0, usage, null);
            return new((int)Math.Ceiling(usageRatio * g.ReadyPodCount), 0, usage, null);
        }

        if (g.Missing.Count > 0)
        {
            if (usageRatio < 1.0)
            {
                foreach (var p in g.Missing) metrics[p] = targetUsageMilli; // scale-down: missing pods at exactly the target
            }
            else if (usageRatio > 1.0)
            {
                foreach (var p in g.Missing) metrics[p] = 0;
            }
        }

        if (scaleUpWithUnready)
        {
            foreach (var p in g.Unready) metrics[p] = 0;
        }

        var (newUsageRatio, _) = MetricUsageRatio(metrics, targetUsageMilli);
        if (_tolerances.IsWithin(newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0))
            return new(currentReplicas, 0, usage, null);

        var newReplicas = (int)Math.Ceiling(newUsageRatio * metrics.Count);
        if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas))
            return new(currentReplicas, 0, usage, null);
        return new(newReplicas, 0, usage, null);
    }

    /// <summary>
    /// <c>GetExternalMetricReplicas</c>' sum of the metric's values, saturating at <see cref="long.MaxValue"/> on positive
    /// overflow as upstream does (int64 addition would wrap it negative).
    /// </summary>
    public static long ExternalUsage(IReadOnlyList<long> values)
    {
        long usage = 0;
        foreach (var v in values)
        {
            if (v > 0 && usage > long.MaxValue - v) return long.MaxValue;
            usage += v;
        }
        return usage;
    }

    /// <summary>
    /// <c>GetExternalPerPodMetricReplicas</c>' sum: upstream adds and, when the total turns negative (only an int64
    /// overflow can do that), takes <see cref="long.MaxValue"/>.
    /// </summary>
    public static long ExternalPerPodUsage(IReadOnlyList<long> values)
    {
        long usage = 0;
        foreach (var v in values)
        {
            usage = unchecked(usage + v);
            if (usage < 0) return long.MaxValue;
        }
        return usage;
    }

    /// <summary><c>GetObjectMetricReplicas</c> / <c>GetExternalMetricReplicas</c>: a total value target, scaled by the ready pods.</summary>
    public ReplicaProposal TotalValue(int currentReplicas, long usageMilli, long targetMilli, IReadOnlyList<PodStatus> pods)
    {
        var usageRatio = (double)usageMilli / targetMilli;
        if (currentReplicas == 0) return new((int)Math.Ceiling(usageRatio), 0, usageMilli, null); // scale from zero
        if (_tolerances.IsWithin(usageRatio)) return new(currentReplicas, 0, usageMilli, null);
        if (pods.Count == 0) return ReplicaProposal.Fail("unable to calculate ready pods: no pods returned by selector while calculating replica count");
        var ready = pods.Count(p => p.Phase == PodPhase.Running && p.Ready == ReadyStatus.True);
        return new((int)Math.Ceiling(usageRatio * ready), 0, usageMilli, null);
    }

    /// <summary><c>GetObjectPerPodMetricReplicas</c> / <c>GetExternalPerPodMetricReplicas</c>: an average value target over the status replicas.</summary>
    public ReplicaProposal AverageOfTotal(int statusReplicas, long usageMilli, long targetAverageMilli)
    {
        var replicas = statusReplicas;
        var usageRatio = usageMilli / ((double)targetAverageMilli * replicas);
        if (!_tolerances.IsWithin(usageRatio))
        {
            // Upstream keeps the result within int32.
            var wanted = Math.Ceiling((double)usageMilli / targetAverageMilli);
            replicas = wanted > int.MaxValue ? int.MaxValue : (int)wanted;
        }
        var perPod = (double)usageMilli >= long.MaxValue ? long.MaxValue : (long)Math.Ceiling((double)usageMilli / statusReplicas);
        return new(replicas, 0, perPod, null);
    }

    /// <summary>The pods sorted as <c>groupPods</c> sorts them.</summary>
    internal readonly record struct Groups(int ReadyPodCount, HashSet<string> Unready, HashSet<string> Missing, HashSet<string> Ignored);

    /// <summary><c>groupPods</c>: which pods count, which are unready (CPU only, or Pending), which lack metrics, which are ignored.</summary>
    internal Groups GroupPods(IReadOnlyList<PodStatus> pods, IReadOnlyDictionary<string, PodMetricSample> metrics, bool isCpu, Duration now)
    {
        var unready = new HashSet<string>(StringComparer.Ordinal);
        var missing = new HashSet<string>(StringComparer.Ordinal);
        var ignored = new HashSet<string>(StringComparer.Ordinal);
        var ready = 0;
        foreach (var pod in pods)
        {
            if (pod.Deleting || pod.Phase == PodPhase.Failed)
            {
                ignored.Add(pod.Name);
                continue;
            }
            if (pod.Phase == PodPhase.Pending)
            {
                unready.Add(pod.Name);
                continue;
            }
            if (!metrics.TryGetValue(pod.Name, out var metric))
            {
                missing.Add(pod.Name);
                continue;
            }
            if (isCpu)
            {
                bool isUnready;
                if (pod.Ready == ReadyStatus.None || pod.StartTime is null)
                {
                    isUnready = true;
                }
                else if (pod.StartTime.Value + _cpuInitializationPeriod > now)
                {
                    // Within the CPU initialization period: ignore the sample if the pod is unready, or if one full metric
                    // window has not passed since its last readiness transition (the sample may include start-up CPU).
                    isUnready = pod.Ready == ReadyStatus.False || metric.Timestamp < pod.ReadyTransitionTime + metric.Window;
                }
                else
                {
                    // After it: ignore only pods that are unready and have never been ready.
                    isUnready = pod.Ready == ReadyStatus.False && pod.StartTime.Value + _delayOfInitialReadinessStatus > pod.ReadyTransitionTime;
                }
                if (isUnready)
                {
                    unready.Add(pod.Name);
                    continue;
                }
            }
            ready++;
        }
        return new Groups(ready, unready, missing, ignored);
    }

    /// <summary><c>GetResourceUtilizationRatio</c>: integer percent of request over pods that have both a metric and a request.</summary>
    internal static (double Ratio, long Utilization, long RawAverage)? UtilizationRatio(Dictionary<string, long> metrics, Dictionary<string, long> requests, int targetUtilization)
    {
        long metricsTotal = 0, requestsTotal = 0;
        var entries = 0;
        foreach (var (pod, value) in metrics)
        {
            if (!requests.TryGetValue(pod, out var request)) continue; // extraneous metric
            metricsTotal += value;
            requestsTotal += request;
            entries++;
        }
        if (requestsTotal == 0) return null;
        var utilization = metricsTotal * 100 / requestsTotal; // int32 truncation in upstream
        return ((double)utilization / targetUtilization, utilization, metricsTotal / entries);
    }

    /// <summary><c>GetMetricUsageRatio</c>: integer average over the pods with metrics.</summary>
    internal static (double Ratio, long Usage) MetricUsageRatio(Dictionary<string, long> metrics, long targetUsage)
    {
        long total = 0;
        foreach (var v in metrics.Values) total += v;
        var usage = total / metrics.Count;
        return ((double)usage / targetUsage, usage);
    }
}
