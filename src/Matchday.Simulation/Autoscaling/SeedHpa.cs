using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Simulation.Autoscaling;

/// <summary>The seed document's <c>streaming-hpa</c> (autoscaling/v2) and an origin pod model to drive it.</summary>
internal static class SeedHpa
{
    /// <summary>
    /// The seed's HPA: min 50, max 200; cpu 70%, memory 80%, <c>concurrent_streams</c> 1000 per pod;
    /// scale-up 50% per 60 s after a 60 s window; scale-down 10% per 60 s after a 300 s window.
    /// </summary>
    public static HpaSpec Spec { get; } = new()
    {
        MinReplicas = 50,
        MaxReplicas = 200,
        Metrics =
        [
            HpaMetric.ResourceUtilization("cpu", 70),
            HpaMetric.ResourceUtilization("memory", 80),
            HpaMetric.PodsAverageValue("concurrent_streams", 1000),
        ],
        Behavior = new HpaBehavior(
            ScaleUp: new HpaScalingRules
            {
                StabilizationWindow = Duration.FromSeconds(60),
                Policies = [HpaScalingPolicy.Percent(50, Duration.FromSeconds(60))],
            },
            ScaleDown: new HpaScalingRules
            {
                StabilizationWindow = Duration.FromSeconds(300),
                Policies = [HpaScalingPolicy.Percent(10, Duration.FromSeconds(60))],
            }),
    };

    private const double Gi = 1024d * 1024 * 1024;
    private const double Mi = 1024d * 1024;

    /// <summary>
    /// An origin pod with the seed Deployment's requests (cpu 1000m, memory 2Gi) and limits (2000m, 4Gi). The load
    /// unit is one concurrent stream. Calibrated, an assumption: 1000 streams use 70% CPU (50m idle + 0.65m per
    /// stream) and 74% memory (512Mi + 1Mi per stream), so the seed's three targets agree at 1000 streams per pod;
    /// a pod serves up to 2000 streams (its CPU limit at 2.9k streams is not the binding constraint).
    /// </summary>
    public static PodLoadModel OriginPod { get; } = new(
        ImmutableDictionary<string, double>.Empty.Add("cpu", 1.0).Add("memory", 2 * Gi),
        [
            new PodMetricModel("cpu", Idle: 0.05, PerUnit: 0.00065, Limit: 2.0),
            new PodMetricModel("memory", Idle: 512 * Mi, PerUnit: 1 * Mi, Limit: 4 * Gi),
            new PodMetricModel("concurrent_streams", Idle: 0, PerUnit: 1),
        ],
        UnitsPerPodCapacity: 2000,
        MetricWindow: Duration.FromSeconds(15));
}
