using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Core.Scenarios;

/// <summary>
/// A runbook rule as the scenario writes it: when <see cref="Metric"/> compares to <see cref="Threshold"/> for
/// <see cref="For"/> (like Prometheus <c>for:</c>), the actions take effect <see cref="Delay"/> later.
/// </summary>
public sealed record RuleSpec(string Name, string Metric, string Op, double Threshold, Duration For, Duration Delay, ImmutableArray<ActionSpec> Actions);

/// <summary>A runbook action: its kind (e.g. <c>scale-origins</c>) and arguments (e.g. <c>75</c>).</summary>
public sealed record ActionSpec(string Kind, ImmutableArray<string> Args)
{
    public override string ToString() => Args.IsEmpty ? Kind : Kind + " " + string.Join(' ', Args);
}

/// <summary>A fault spec written in the scenario, with where it stands so the simulator's parser can locate its errors.</summary>
public sealed record FaultText(string Text, int Line, int Column);

/// <summary>The words runbook rules may use: metrics (with the unit their threshold takes) and actions (with their arity).</summary>
public static class RunbookVocabulary
{
    /// <summary>Metric name → the kind of threshold: duration, rate, count or percentage.</summary>
    public static readonly ImmutableDictionary<string, string> Metrics = new Dictionary<string, string>
    {
        ["latency_p95"] = "duration",
        ["viewer_dropout"] = "rate",
        ["regions_failed"] = "count",
        ["cache_hit_ratio"] = "percentage",
        ["encoding_cpu"] = "percentage",
    }.ToImmutableDictionary();

    /// <summary>Action kind → (minimum, maximum) number of arguments and what they are.</summary>
    public static readonly ImmutableDictionary<string, (int Min, int Max, string Usage)> Actions = new Dictionary<string, (int, int, string)>
    {
        ["scale-origins"] = (1, 2, "scale-origins REPLICAS [REGION]"),
        ["activate-secondary-cdn"] = (0, 0, "activate-secondary-cdn"),
        ["activate-all-cdns"] = (0, 0, "activate-all-cdns"),
        ["cap-quality"] = (1, 1, "cap-quality RUNG"),
        ["fail-over"] = (2, 2, "fail-over FROM-REGION TO-REGION"),
        ["promote-replica"] = (1, 1, "promote-replica REGION"),
        ["set-hpa-max"] = (2, 2, "set-hpa-max HPA REPLICAS"),
    }.ToImmutableDictionary();
}
