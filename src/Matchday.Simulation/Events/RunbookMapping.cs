using System.Collections.Immutable;
using System.Globalization;
using Matchday.Core.Scenarios;
using Matchday.Simulation.Runbooks;

namespace Matchday.Simulation.Events;

/// <summary>Maps the scenario's runbook rules (validated by the reader) onto the runbook engine's rules.</summary>
public static class RunbookMapping
{
    /// <summary>The scenario's rules, or the seed document's when the scenario has none.</summary>
    public static ImmutableArray<RunbookRule> FromScenario(Scenario s) =>
        s.Runbook is { } rules ? [.. rules.Select(Rule)] : SeedRunbook.Rules;

    public static RunbookRule Rule(RuleSpec r) =>
        new(r.Name, new RuleCondition(Metric(r.Metric), Op(r.Op), r.Threshold), r.For, r.Delay, [.. r.Actions.Select(Action)]);

    private static string Metric(string m) => m switch
    {
        "latency_p95" => RunbookMetrics.LatencyP95,
        "viewer_dropout" => RunbookMetrics.ViewerDropoutRate,
        "regions_failed" => RunbookMetrics.RegionsFailed,
        "cache_hit_ratio" => RunbookMetrics.CacheHitRatio,
        "encoding_cpu" => RunbookMetrics.EncodingCpu,
        _ => throw new ArgumentException($"unknown runbook metric '{m}'"),
    };

    private static Comparison Op(string op) => op switch
    {
        ">" => Comparison.Greater,
        ">=" => Comparison.GreaterOrEqual,
        "<" => Comparison.Less,
        "<=" => Comparison.LessOrEqual,
        "==" => Comparison.Equal,
        _ => Comparison.NotEqual,
    };

    private static int Count(string s, ActionSpec a) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"'{a}': expected a positive whole number, not '{s}'");

    private static RunbookAction Action(ActionSpec a) => a.Kind switch
    {
        "scale-origins" => new ScaleOrigins(Count(a.Args[0], a), a.Args.Length > 1 ? a.Args[1] : null),
        "activate-secondary-cdn" => new ActivateSecondaryCdn(),
        "activate-all-cdns" => new ActivateAllCdns(),
        "cap-quality" => new CapQuality(a.Args[0]),
        "fail-over" => new FailOverRegion(a.Args[0], a.Args[1]),
        "promote-replica" => new PromoteReplica(a.Args[0]),
        "set-hpa-max" => new SetHpaMaxReplicas(a.Args[0], Count(a.Args[1], a)),
        _ => throw new ArgumentException($"unknown runbook action '{a.Kind}'"),
    };
}
