using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Autoscaling;

namespace Matchday.Simulation.Events;

/// <summary>Maps the scenario's autoscaling section onto the HPA (autoscaling/v2) spec the controller simulation runs.</summary>
internal static class HpaMapping
{
    public static HpaSpec FromScenario(Matchday.Core.Scenarios.Autoscaling a) => new()
    {
        MinReplicas = a.MinReplicas,
        MaxReplicas = a.MaxReplicas,
        Metrics = [.. a.Metrics.Select(Metric)],
        Behavior = a.ScaleUp is null && a.ScaleDown is null ? null : new HpaBehavior(Rules(a.ScaleUp), Rules(a.ScaleDown)),
    };

    private static HpaMetric Metric(ScalingMetric m)
    {
        var target = m.TargetUtilization is { } u ? HpaTarget.Utilization((int)Math.Round(u.Percent)) : HpaTarget.AverageValue(m.TargetAverage ?? 1);
        return m.Type switch
        {
            ScalingMetricType.Resource => new HpaMetric(HpaMetricSource.Resource, m.Name, target),
            ScalingMetricType.Pods => new HpaMetric(HpaMetricSource.Pods, m.Name, target),
            ScalingMetricType.Object => HpaMetric.Object(m.Name, target),
            ScalingMetricType.External => HpaMetric.External(m.Name, target),
        };
    }

    private static HpaScalingRules? Rules(ScalingRules? r) => r is null ? null : new HpaScalingRules
    {
        StabilizationWindow = r.Stabilization,
        SelectPolicy = r.Select switch { ScalingSelect.Min => HpaSelectPolicy.Min, ScalingSelect.Disabled => HpaSelectPolicy.Disabled, ScalingSelect.Max => HpaSelectPolicy.Max },
        Policies = [.. r.Policies.Select(p => p.Type switch
        {
            ScalingPolicyType.Pods => HpaScalingPolicy.Pods((int)Math.Round(p.Value), p.Period),
            ScalingPolicyType.Percent => HpaScalingPolicy.Percent((int)Math.Round(p.Value), p.Period),
        })],
    };
}
