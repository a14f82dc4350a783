using System.Collections.Immutable;
using System.Globalization;
using Matchday.Core.Units;

namespace Matchday.Core.Scenarios;

/// <summary>What a runbook rule watches: the metrics the simulated night publishes.</summary>
public enum RunbookMetric
{
    /// <summary><c>latency_p95</c>: viewer-facing p95 latency of segment requests (a duration).</summary>
    LatencyP95,

    /// <summary><c>viewer_dropout</c>: viewers giving up per second (the seed's <c>rate(streaming_viewer_disconnects_total[5m])</c>).</summary>
    ViewerDropout,

    /// <summary><c>regions_failed</c>: origin regions known to be down and not yet failed over (a count).</summary>
    RegionsFailed,

    /// <summary><c>cache_hit_ratio</c>: the CDNs' cache hit ratio (a percentage).</summary>
    CacheHitRatio,

    /// <summary><c>encoding_cpu</c>: the encoder fleet's CPU utilization (a percentage).</summary>
    EncodingCpu,
}

/// <summary>The kind of quantity a threshold is written as, and the base unit it is held in.</summary>
public enum QuantityKind
{
    /// <summary>A duration (<c>500 ms</c>), held in seconds.</summary>
    Duration,

    /// <summary>A rate (<c>1000/s</c>), held per second.</summary>
    Rate,

    /// <summary>A whole count (<c>0</c>).</summary>
    Count,

    /// <summary>A percentage (<c>90%</c>), held as a fraction.</summary>
    Percent,
}

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
/// <c>metric OP threshold</c>, the threshold in the metric's base unit (seconds, per second, count, fraction). A metric
/// that is not published (NaN) makes the condition false, as an absent series makes a PromQL comparison return nothing.
/// </summary>
public sealed record RuleCondition(RunbookMetric Metric, Comparison Op, double Threshold)
{
    /// <summary>Whether the condition holds for the metric's value <paramref name="value"/>.</summary>
    public bool Holds(double value) => RunbookMetrics.Compare(Op, value, Threshold);

    /// <summary>The canonical text, e.g. <c>latency_p95 &gt; 500 ms</c>, which parses back to an equal value.</summary>
    public override string ToString() => $"{RunbookMetrics.Name(Metric)} {RunbookMetrics.Symbol(Op)} {RunbookMetrics.FormatThreshold(RunbookMetrics.KindOf(Metric), Threshold)}";
}

/// <summary>The vocabulary of runbook conditions: metric names, their threshold kinds, operators.</summary>
public static class RunbookMetrics
{
    /// <summary>Whether <c>value OP threshold</c> holds; a value that is not a number (NaN) makes no comparison true.</summary>
    public static bool Compare(Comparison op, double value, double threshold) => !double.IsNaN(value) && op switch
    {
        Comparison.Greater => value > threshold,
        Comparison.GreaterOrEqual => value >= threshold,
        Comparison.Less => value < threshold,
        Comparison.LessOrEqual => value <= threshold,
        Comparison.Equal => value == threshold,
        Comparison.NotEqual => value != threshold,
    };

    /// <summary>Every metric, in a stable order.</summary>
    public static ImmutableArray<RunbookMetric> All { get; } = [.. Enum.GetValues<RunbookMetric>()];

    /// <summary>The name rules write (<c>latency_p95</c>).</summary>
    public static string Name(RunbookMetric m) => m switch
    {
        RunbookMetric.LatencyP95 => "latency_p95",
        RunbookMetric.ViewerDropout => "viewer_dropout",
        RunbookMetric.RegionsFailed => "regions_failed",
        RunbookMetric.CacheHitRatio => "cache_hit_ratio",
        RunbookMetric.EncodingCpu => "encoding_cpu",
    };

    /// <summary>The name with its base unit, as exported metrics spell it (<c>latency_p95_seconds</c>); rules may write either.</summary>
    public static string LongName(RunbookMetric m) => m switch
    {
        RunbookMetric.LatencyP95 => "latency_p95_seconds",
        RunbookMetric.ViewerDropout => "viewer_dropout_per_second",
        RunbookMetric.RegionsFailed => "regions_failed",
        RunbookMetric.CacheHitRatio => "cdn_cache_hit_ratio",
        RunbookMetric.EncodingCpu => "encoding_cpu_usage",
    };

    /// <summary>The kind of threshold the metric takes.</summary>
    public static QuantityKind KindOf(RunbookMetric m) => m switch
    {
        RunbookMetric.LatencyP95 => QuantityKind.Duration,
        RunbookMetric.ViewerDropout => QuantityKind.Rate,
        RunbookMetric.RegionsFailed => QuantityKind.Count,
        RunbookMetric.CacheHitRatio => QuantityKind.Percent,
        RunbookMetric.EncodingCpu => QuantityKind.Percent,
    };

    /// <summary>The metric named <paramref name="name"/> (either spelling), or null.</summary>
    public static RunbookMetric? Find(string name)
    {
        foreach (var m in All)
        {
            if (string.Equals(Name(m), name, StringComparison.Ordinal) || string.Equals(LongName(m), name, StringComparison.Ordinal)) return m;
        }
        return null;
    }

    /// <summary>The operator as written.</summary>
    public static string Symbol(Comparison op) => op switch
    {
        Comparison.Greater => ">",
        Comparison.GreaterOrEqual => ">=",
        Comparison.Less => "<",
        Comparison.LessOrEqual => "<=",
        Comparison.Equal => "==",
        Comparison.NotEqual => "!=",
    };

    /// <summary>The operator written <paramref name="text"/>, or null.</summary>
    public static Comparison? ParseOperator(string text)
    {
        foreach (var op in Enum.GetValues<Comparison>())
        {
            if (Symbol(op) == text) return op;
        }
        return null;
    }

    /// <summary>An example threshold of a kind, for error messages.</summary>
    public static string Example(QuantityKind kind) => kind switch
    {
        QuantityKind.Duration => "500 ms",
        QuantityKind.Rate => "1000/s",
        QuantityKind.Count => "0",
        QuantityKind.Percent => "90%",
    };

    /// <summary>A threshold in base units written back with its unit: <c>500 ms</c>, <c>1000/s</c>, <c>0</c>, <c>90%</c>.</summary>
    public static string FormatThreshold(QuantityKind kind, double value)
    {
        var inv = CultureInfo.InvariantCulture;
        return kind switch
        {
            QuantityKind.Duration => Duration.FromSeconds(value).ToScenarioString(),
            QuantityKind.Rate => value.ToString("G15", inv) + "/s",
            QuantityKind.Count => value.ToString("G15", inv),
            QuantityKind.Percent => (value * 100).ToString("G15", inv) + "%",
        };
    }
}

/// <summary>The kinds of thing a runbook can do.</summary>
public enum ActionKind
{
    /// <summary><c>scale-origins N [REGION]</c>.</summary>
    ScaleOrigins,

    /// <summary><c>activate-secondary-cdn</c>.</summary>
    ActivateSecondaryCdn,

    /// <summary><c>activate-all-cdns</c>.</summary>
    ActivateAllCdns,

    /// <summary><c>cap-quality RUNG</c>.</summary>
    CapQuality,

    /// <summary><c>fail-over FROM [to] TO</c>.</summary>
    FailOver,

    /// <summary><c>promote-replica REGION</c>.</summary>
    PromoteReplica,

    /// <summary><c>set-hpa-max AUTOSCALER N</c>.</summary>
    SetHpaMax,
}

/// <summary>Something a runbook does to the system: plain data the event simulator applies when it takes effect.</summary>
public abstract record RunbookAction
{
    /// <summary>Which kind of action.</summary>
    public abstract ActionKind Kind { get; }

    /// <summary>
    /// How long the limit it sets lasts (<c>cap-quality 720p for 10 min</c>); when null, until its rule's condition has
    /// been clear for the rule's hold time.
    /// </summary>
    public Duration? Lasts { get; init; }

    /// <summary>A short human description for the incident timeline.</summary>
    public string Describe() => Lasts is { } d ? $"{What()} for {d}" : What();

    /// <summary>The canonical text, which parses back to an equal action.</summary>
    public string ToSpec() => Lasts is { } d ? $"{Spec()} for {d.ToScenarioString()}" : Spec();

    /// <summary>What it does, in words.</summary>
    protected abstract string What();

    /// <summary>The action as written, without its duration.</summary>
    protected abstract string Spec();

    /// <summary>Whether an action of this kind sets a limit that ends (and is reverted): quality caps, CDN activation, HPA bounds.</summary>
    public static bool Reverts(ActionKind kind) => kind switch
    {
        ActionKind.ScaleOrigins or ActionKind.ActivateSecondaryCdn or ActionKind.ActivateAllCdns or ActionKind.CapQuality or ActionKind.SetHpaMax => true,
        ActionKind.FailOver or ActionKind.PromoteReplica => false,
    };

    /// <summary>The action word of a kind (<c>scale-origins</c>).</summary>
    public static string Word(ActionKind kind) => kind switch
    {
        ActionKind.ScaleOrigins => "scale-origins",
        ActionKind.ActivateSecondaryCdn => "activate-secondary-cdn",
        ActionKind.ActivateAllCdns => "activate-all-cdns",
        ActionKind.CapQuality => "cap-quality",
        ActionKind.FailOver => "fail-over",
        ActionKind.PromoteReplica => "promote-replica",
        ActionKind.SetHpaMax => "set-hpa-max",
    };

    /// <summary>How an action of a kind is written.</summary>
    public static string Usage(ActionKind kind) => kind switch
    {
        ActionKind.ScaleOrigins => "scale-origins REPLICAS [ORIGIN-REGION], e.g. scale-origins 75 or scale-origins 40 eu-west",
        ActionKind.ActivateSecondaryCdn => "activate-secondary-cdn",
        ActionKind.ActivateAllCdns => "activate-all-cdns",
        ActionKind.CapQuality => "cap-quality RUNG, e.g. cap-quality 720p",
        ActionKind.FailOver => "fail-over FROM [to] TO, e.g. fail-over us-east eu-west",
        ActionKind.PromoteReplica => "promote-replica ORIGIN-REGION, e.g. promote-replica eu-west",
        ActionKind.SetHpaMax => "set-hpa-max AUTOSCALER REPLICAS, e.g. set-hpa-max streaming-hpa 300",
    };
}

/// <summary><c>kubectl scale deployment origin-servers --replicas=N</c> (in one origin region, or the primary when null).</summary>
public sealed record ScaleOrigins(int Replicas, string? Region = null) : RunbookAction
{
    public override ActionKind Kind => ActionKind.ScaleOrigins;
    protected override string What() => Region is null ? $"scale origins to {Replicas}" : $"scale {Region} origins to {Replicas}";
    protected override string Spec() => Region is null ? string.Create(CultureInfo.InvariantCulture, $"scale-origins {Replicas}") : string.Create(CultureInfo.InvariantCulture, $"scale-origins {Replicas} {Region}");
}

/// <summary>Route traffic to the secondary CDN path as well (Route 53 change to <c>failover-to-secondary.json</c>).</summary>
public sealed record ActivateSecondaryCdn : RunbookAction
{
    public override ActionKind Kind => ActionKind.ActivateSecondaryCdn;
    protected override string What() => "activate the secondary CDN";
    protected override string Spec() => "activate-secondary-cdn";
}

/// <summary>Activate every CDN provider (<c>cdn-controller/activate-all-providers</c>).</summary>
public sealed record ActivateAllCdns : RunbookAction
{
    public override ActionKind Kind => ActionKind.ActivateAllCdns;
    protected override string What() => "activate all CDN providers";
    protected override string Spec() => "activate-all-cdns";
}

/// <summary>Cap the ladder at a rung (<c>quality/enable-degradation {"max_quality": "720p"}</c>).</summary>
public sealed record CapQuality(string MaxRung) : RunbookAction
{
    public override ActionKind Kind => ActionKind.CapQuality;
    protected override string What() => $"cap quality at {MaxRung}";
    protected override string Spec() => $"cap-quality {MaxRung}";
}

/// <summary>Fail an origin region over to another (DNS change to <c>emergency-failover.json</c>, app config to the new primary).</summary>
public sealed record FailOverRegion(string From, string To) : RunbookAction
{
    public override ActionKind Kind => ActionKind.FailOver;
    protected override string What() => $"fail over {From} to {To}";
    protected override string Spec() => $"fail-over {From} to {To}";
}

/// <summary>Promote an origin region's read replica to primary (<c>rds promote-read-replica</c>).</summary>
public sealed record PromoteReplica(string Region) : RunbookAction
{
    public override ActionKind Kind => ActionKind.PromoteReplica;
    protected override string What() => $"promote the {Region} replica";
    protected override string Spec() => $"promote-replica {Region}";
}

/// <summary>Raise an autoscaler's ceiling (<c>kubectl patch hpa NAME -p '{"spec":{"maxReplicas":N}}'</c>).</summary>
public sealed record SetHpaMaxReplicas(string Hpa, int MaxReplicas) : RunbookAction
{
    public override ActionKind Kind => ActionKind.SetHpaMax;
    protected override string What() => $"raise {Hpa} maxReplicas to {MaxReplicas}";
    protected override string Spec() => string.Create(CultureInfo.InvariantCulture, $"set-hpa-max {Hpa} {MaxReplicas}");
}

/// <summary>
/// A runbook rule: when <see cref="Condition"/> has held continuously for <see cref="For"/> (Prometheus <c>for:</c>),
/// the rule fires; its <see cref="Actions"/> take effect <see cref="ExecutionDelay"/> later (paging, a human or a
/// script running the commands, the change propagating).
/// </summary>
public sealed record RunbookRule(string Name, RuleCondition Condition, Duration For, Duration ExecutionDelay, ImmutableArray<RunbookAction> Actions)
{
    /// <summary>Rules are equal when they say the same thing.</summary>
    public bool Equals(RunbookRule? other) =>
        other is not null && Name == other.Name && Condition == other.Condition && For == other.For && ExecutionDelay == other.ExecutionDelay && Actions.SequenceEqual(other.Actions);

    public override int GetHashCode() => HashCode.Combine(Name, Condition, For, ExecutionDelay, Actions.Length);

    /// <summary>The one-line form <c>NAME: CONDITION [for D] then ACTION, ... [after D]</c>, which parses back to an equal rule.</summary>
    public override string ToString()
    {
        var text = $"{Name}: {Condition}";
        if (For > Duration.Zero) text += $" for {For.ToScenarioString()}";
        text += " then " + string.Join(", ", Actions.Select(a => a.ToSpec()));
        if (ExecutionDelay > Duration.Zero) text += $" after {ExecutionDelay.ToScenarioString()}";
        return text;
    }
}
