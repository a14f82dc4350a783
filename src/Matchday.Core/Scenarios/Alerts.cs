using Matchday.Core.Units;

namespace Matchday.Core.Scenarios;

/// <summary>
/// An alert the scenario's monitoring declares (the planning document's <c>worldcup_alerts.yml</c>): a condition on one
/// of the night's metrics, held for a while before it fires, with the severity it pages at. The audit compares its
/// threshold with the objectives and the runbook; <c>matchday artifacts</c> writes it as a Prometheus alerting rule.
/// </summary>
/// <param name="Name">The alert's name (Prometheus <c>alert:</c>), e.g. <c>HighViewerLatency</c>.</param>
/// <param name="When">The condition, in the runbook's grammar: <c>latency_p95 &gt; 200 ms</c>.</param>
/// <param name="For">How long the condition must hold before the alert fires (Prometheus <c>for:</c>).</param>
/// <param name="Severity">Its <c>severity</c> label.</param>
public sealed record ScenarioAlert(string Name, RuleCondition When, Duration For, AlertSeverity Severity);

/// <summary>The <c>severity</c> label of an alert, as Prometheus alerting rules conventionally write it.</summary>
public enum AlertSeverity
{
    /// <summary>For the record: nobody is notified.</summary>
    Info,

    /// <summary>Someone looks during working hours (a ticket).</summary>
    Warning,

    /// <summary>Someone is paged now.</summary>
    Critical,
}

/// <summary>The objective one of the night's metrics is held to, the field it is written in, and which way it breaks.</summary>
/// <param name="Threshold">The objective in the metric's base unit (seconds, a fraction).</param>
/// <param name="BrokenAbove">True when values above the threshold break it (latency), false when values below do (a hit ratio).</param>
/// <param name="Field">The scenario field, e.g. <c>slos.latency_p95</c>.</param>
public sealed record MetricObjective(double Threshold, bool BrokenAbove, string Field)
{
    /// <summary>The objective of <paramref name="metric"/> in <paramref name="slos"/>, or null when no objective covers it.</summary>
    public static MetricObjective? For(RunbookMetric metric, Slos slos)
    {
        ArgumentNullException.ThrowIfNull(slos);
        return metric switch
        {
            RunbookMetric.LatencyP95 => slos.LatencyP95.Seconds > 0 ? new(slos.LatencyP95.Seconds, true, "slos.latency_p95") : null,
            RunbookMetric.CacheHitRatio => slos.CapacityHitRatio.Value > 0 ? new(slos.CapacityHitRatio.Value, false, "slos.capacity.cache_hit_ratio") : null,
            RunbookMetric.ViewerDropout or RunbookMetric.RegionsFailed or RunbookMetric.EncodingCpu => null,
        };
    }

    /// <summary>Whether <paramref name="op"/> fires on the side where the objective breaks (<c>&gt;</c> for latency, <c>&lt;</c> for a hit ratio).</summary>
    public bool Guards(Comparison op) => op switch
    {
        Comparison.Greater or Comparison.GreaterOrEqual => BrokenAbove,
        Comparison.Less or Comparison.LessOrEqual => !BrokenAbove,
        Comparison.Equal or Comparison.NotEqual => false,
    };
}
