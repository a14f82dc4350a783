using System.Collections.Immutable;
using System.Globalization;
using Matchday.Core.Units;

namespace Matchday.Simulation.Runbooks;

/// <summary>A comparison of a metric with a threshold.</summary>
public enum Comparison
{
    /// <summary><c>&gt;</c></summary>
    Greater,

    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,

    /// <summary><c>&lt;</c></summary>
    Less,

    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,

    /// <summary><c>==</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,
}

/// <summary>
/// <c>metric OP threshold</c>, in the metric's base unit (seconds, per second, fraction). A metric that is absent
/// from a snapshot makes the condition false, as an absent series makes a PromQL comparison return nothing.
/// </summary>
public sealed record RuleCondition(string Metric, Comparison Op, double Threshold)
{
    /// <summary>Whether the condition holds for <paramref name="metrics"/>.</summary>
    public bool Holds(IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (!metrics.TryGetValue(Metric, out var v) || double.IsNaN(v)) return false;
        return Op switch
        {
            Comparison.Greater => v > Threshold,
            Comparison.GreaterOrEqual => v >= Threshold,
            Comparison.Less => v < Threshold,
            Comparison.LessOrEqual => v <= Threshold,
            Comparison.Equal => v == Threshold,
            _ => v != Threshold,
        };
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Metric} {Symbol(Op)} {Threshold}");

    /// <summary>The operator as written.</summary>
    public static string Symbol(Comparison op) => op switch
    {
        Comparison.Greater => ">",
        Comparison.GreaterOrEqual => ">=",
        Comparison.Less => "<",
        Comparison.LessOrEqual => "<=",
        Comparison.Equal => "==",
        _ => "!=",
    };
}

/// <summary>
/// A runbook rule: when <see cref="Condition"/> has held continuously for <see cref="For"/> (Prometheus <c>for:</c>),
/// the rule fires; its <see cref="Actions"/> take effect <see cref="ExecutionDelay"/> later (paging, a human or a
/// script running the commands, the change propagating).
/// </summary>
public sealed record RunbookRule(string Name, RuleCondition Condition, Duration For, Duration ExecutionDelay, ImmutableArray<RunbookAction> Actions);

/// <summary>The metric names the event simulator publishes for runbook conditions. Base units: seconds, per second, fraction.</summary>
public static class RunbookMetrics
{
    /// <summary>Viewer-facing p95 latency of segment requests, seconds.</summary>
    public const string LatencyP95 = "latency_p95_seconds";

    /// <summary>Viewers disconnecting (giving up) per second (the seed's <c>rate(streaming_viewer_disconnects_total[5m])</c>).</summary>
    public const string ViewerDropoutRate = "viewer_dropout_per_second";

    /// <summary>Number of origin regions currently failed.</summary>
    public const string RegionsFailed = "regions_failed";

    /// <summary>CDN cache hit ratio, fraction.</summary>
    public const string CacheHitRatio = "cdn_cache_hit_ratio";

    /// <summary>Encoding CPU usage, fraction.</summary>
    public const string EncodingCpu = "encoding_cpu_usage";
}
