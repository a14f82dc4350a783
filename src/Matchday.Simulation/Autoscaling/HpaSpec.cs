using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Simulation.Autoscaling;

/// <summary>
/// A HorizontalPodAutoscaler (autoscaling/v2) spec: replica bounds, metrics and optional scaling behavior.
/// Field for field the Kubernetes API object (<c>k8s.io/api/autoscaling/v2</c> <c>HorizontalPodAutoscalerSpec</c>).
/// </summary>
internal sealed record HpaSpec
{
    /// <summary>Lower bound; the API defaults it to 1 (<c>SetDefaults_HorizontalPodAutoscaler</c>).</summary>
    public int MinReplicas { get; init; } = 1;

    /// <summary>Upper bound; required.</summary>
    public required int MaxReplicas { get; init; }

    /// <summary>The metrics; the desired count is the maximum over them.</summary>
    public required ImmutableArray<HpaMetric> Metrics { get; init; }

    /// <summary>
    /// Scaling behavior. <c>null</c> takes the controller's legacy path (scale-up limit max(2×current, 4) per sync,
    /// scale-down stabilized over <see cref="HpaControllerOptions.DownscaleStabilizationWindow"/>), exactly as
    /// <c>horizontal.go</c> does when <c>Spec.Behavior == nil</c>.
    /// </summary>
    public HpaBehavior? Behavior { get; init; }
}

/// <summary>What a metric's target is: a utilization of the request, a per-pod average value, or a total value.</summary>
internal enum HpaTargetType
{
    /// <summary><c>Utilization</c>: percent of the pods' resource request (Resource metrics only).</summary>
    Utilization,

    /// <summary><c>AverageValue</c>: a value per pod.</summary>
    AverageValue,

    /// <summary><c>Value</c>: a total value (Object and External metrics).</summary>
    Value,
}

/// <summary>A metric target. Values are plain numbers in the metric's unit (cores, bytes, streams), not milli-units.</summary>
internal readonly record struct HpaTarget(HpaTargetType Type, double Amount)
{
    /// <summary><c>averageUtilization: percent</c>.</summary>
    public static HpaTarget Utilization(int percent) => new(HpaTargetType.Utilization, percent);

    /// <summary><c>averageValue: amount</c>.</summary>
    public static HpaTarget AverageValue(double amount) => new(HpaTargetType.AverageValue, amount);

    /// <summary><c>value: amount</c>.</summary>
    public static HpaTarget Value(double amount) => new(HpaTargetType.Value, amount);

    /// <summary>The amount as a Kubernetes milli-quantity (<c>Quantity.MilliValue()</c>, rounded up like the API).</summary>
    internal long Milli => (long)Math.Ceiling(Amount * 1000 - 1e-9);
}

/// <summary>The source of an HPA metric (autoscaling/v2 <c>MetricSourceType</c>).</summary>
internal enum HpaMetricSource
{
    /// <summary>A resource of the pods (cpu, memory) from the resource metrics API.</summary>
    Resource,

    /// <summary>A per-pod custom metric, averaged over the pods.</summary>
    Pods,

    /// <summary>A metric of one Kubernetes object (an Ingress's requests/s).</summary>
    Object,

    /// <summary>A metric from outside the cluster (a queue's length).</summary>
    External,
}

/// <summary>One entry of <c>spec.metrics</c>.</summary>
internal sealed record HpaMetric(HpaMetricSource Source, string Name, HpaTarget Target)
{
    /// <summary><c>type: Resource</c> with a utilization target, e.g. cpu at 70%.</summary>
    public static HpaMetric ResourceUtilization(string resource, int percent) => new(HpaMetricSource.Resource, resource, HpaTarget.Utilization(percent));

    /// <summary><c>type: Resource</c> with an average value target (cores or bytes per pod).</summary>
    public static HpaMetric ResourceAverageValue(string resource, double perPod) => new(HpaMetricSource.Resource, resource, HpaTarget.AverageValue(perPod));

    /// <summary><c>type: Pods</c> with an average value target, e.g. concurrent_streams at 1000.</summary>
    public static HpaMetric PodsAverageValue(string name, double perPod) => new(HpaMetricSource.Pods, name, HpaTarget.AverageValue(perPod));

    /// <summary><c>type: Object</c>.</summary>
    public static HpaMetric Object(string name, HpaTarget target) => new(HpaMetricSource.Object, name, target);

    /// <summary><c>type: External</c>.</summary>
    public static HpaMetric External(string name, HpaTarget target) => new(HpaMetricSource.External, name, target);

    /// <summary>Whether the controller's CPU-specific readiness rules apply (<c>resource == v1.ResourceCPU</c>).</summary>
    internal bool IsCpu => Source == HpaMetricSource.Resource && Name == "cpu";
}

/// <summary><c>spec.behavior</c>: scaling rules per direction.</summary>
internal sealed record HpaBehavior(HpaScalingRules? ScaleUp = null, HpaScalingRules? ScaleDown = null);

/// <summary>How several policies of one direction combine (<c>selectPolicy</c>).</summary>
internal enum HpaSelectPolicy
{
    /// <summary>The policy allowing the biggest change (the default).</summary>
    Max,

    /// <summary>The policy allowing the smallest change.</summary>
    Min,

    /// <summary>No scaling in this direction.</summary>
    Disabled,
}

/// <summary>A policy's unit: pods or percent of the replica count at the start of the period.</summary>
internal enum HpaPolicyType
{
    /// <summary>Absolute number of pods per period.</summary>
    Pods,

    /// <summary>Percent of the replicas at the period's start.</summary>
    Percent,
}

/// <summary>One <c>HPAScalingPolicy</c>: at most <paramref name="Value"/> pods or percent per <paramref name="Period"/>.</summary>
internal sealed record HpaScalingPolicy(HpaPolicyType Type, int Value, Duration Period)
{
    /// <summary><c>type: Pods</c>.</summary>
    public static HpaScalingPolicy Pods(int pods, Duration period) => new(HpaPolicyType.Pods, pods, period);

    /// <summary><c>type: Percent</c>.</summary>
    public static HpaScalingPolicy Percent(int percent, Duration period) => new(HpaPolicyType.Percent, percent, period);
}

/// <summary>
/// <c>HPAScalingRules</c> for one direction. Unset fields take the API defaults
/// (<c>pkg/apis/autoscaling/v2/defaults.go</c>, <see cref="HpaDefaults"/>).
/// </summary>
internal sealed record HpaScalingRules
{
    /// <summary><c>stabilizationWindowSeconds</c>.</summary>
    public Duration? StabilizationWindow { get; init; }

    /// <summary><c>selectPolicy</c>.</summary>
    public HpaSelectPolicy? SelectPolicy { get; init; }

    /// <summary><c>policies</c>; null takes the default for the direction.</summary>
    public ImmutableArray<HpaScalingPolicy>? Policies { get; init; }

    /// <summary><c>tolerance</c> (per-direction, HPAConfigurableTolerance, Kubernetes 1.33+); null uses the controller's.</summary>
    public double? Tolerance { get; init; }
}

/// <summary>The controller's flags (kube-controller-manager <c>--horizontal-pod-autoscaler-*</c>).</summary>
internal sealed record HpaControllerOptions
{
    /// <summary><c>--horizontal-pod-autoscaler-sync-period</c>, default 15 s (<c>config/v1alpha1/defaults.go</c>).</summary>
    public Duration SyncPeriod { get; init; } = Duration.FromSeconds(15);

    /// <summary><c>--horizontal-pod-autoscaler-tolerance</c>, default 0.1: no scaling while |ratio − 1| ≤ 0.1.</summary>
    public double Tolerance { get; init; } = 0.1;

    /// <summary><c>--horizontal-pod-autoscaler-downscale-stabilization</c>, default 5 min.</summary>
    public Duration DownscaleStabilizationWindow { get; init; } = Duration.FromMinutes(5);

    /// <summary><c>--horizontal-pod-autoscaler-cpu-initialization-period</c>, default 5 min.</summary>
    public Duration CpuInitializationPeriod { get; init; } = Duration.FromMinutes(5);

    /// <summary><c>--horizontal-pod-autoscaler-initial-readiness-delay</c>, default 30 s.</summary>
    public Duration InitialReadinessDelay { get; init; } = Duration.FromSeconds(30);

    /// <summary>The controller's defaults.</summary>
    public static HpaControllerOptions Default { get; } = new();
}

/// <summary>The API server's defaults for <c>behavior</c> (<c>pkg/apis/autoscaling/v2/defaults.go</c>).</summary>
internal static class HpaDefaults
{
    /// <summary>
    /// Scale-up default: no stabilization, <c>selectPolicy: Max</c> of 4 pods per 15 s and 100% per 15 s
    /// (<c>scaleUpLimitMinimumPods = 4</c>, <c>scaleUpLimitPercent = 100</c>, <c>scaleUpPeriod = 15</c>).
    /// </summary>
    public static HpaScalingRules ScaleUp { get; } = new()
    {
        StabilizationWindow = Duration.Zero,
        SelectPolicy = HpaSelectPolicy.Max,
        Policies = [HpaScalingPolicy.Pods(4, Duration.FromSeconds(15)), HpaScalingPolicy.Percent(100, Duration.FromSeconds(15))],
    };

    /// <summary>
    /// Scale-down default: 100% per 15 s, <c>selectPolicy: Max</c>; the stabilization window is left unset so the
    /// controller's <c>--horizontal-pod-autoscaler-downscale-stabilization</c> (5 min) applies.
    /// </summary>
    public static HpaScalingRules ScaleDown { get; } = new()
    {
        StabilizationWindow = null,
        SelectPolicy = HpaSelectPolicy.Max,
        Policies = [HpaScalingPolicy.Percent(100, Duration.FromSeconds(15))],
    };

    /// <summary><c>GenerateHPAScaleUpRules</c>: the given rules with unset fields taken from the defaults.</summary>
    public static HpaScalingRules CompleteScaleUp(HpaScalingRules? rules) => Complete(rules, ScaleUp);

    /// <summary><c>GenerateHPAScaleDownRules</c>.</summary>
    public static HpaScalingRules CompleteScaleDown(HpaScalingRules? rules) => Complete(rules, ScaleDown);

    private static HpaScalingRules Complete(HpaScalingRules? from, HpaScalingRules to) => from is null ? to : new HpaScalingRules
    {
        StabilizationWindow = from.StabilizationWindow ?? to.StabilizationWindow,
        SelectPolicy = from.SelectPolicy ?? to.SelectPolicy,
        Policies = from.Policies ?? to.Policies,
        Tolerance = from.Tolerance ?? to.Tolerance,
    };
}
