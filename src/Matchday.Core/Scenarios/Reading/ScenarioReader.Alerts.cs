using System.Collections.Immutable;
using Matchday.Core.Grammar;
using Matchday.Core.Units;

namespace Matchday.Core.Scenarios.Reading;

/// <summary>The <c>alerts:</c> section: the monitoring's alerts, each a condition in the runbook's grammar.</summary>
public static partial class ScenarioReader
{
    /// <summary>The most alerts a scenario may declare.</summary>
    public const int MaxAlerts = 50;

    private static ImmutableArray<ScenarioAlert> ReadAlerts(MapReader root)
    {
        var metrics = string.Join(", ", RunbookMetrics.All.Select(RunbookMetrics.Name));
        var alerts = root.List("alerts", required: false, description: "The monitoring's alerts (Prometheus alerting rules): a metric's condition held for a while, and the severity it pages at. None when absent; the audit compares them with the objectives and the runbook, and `matchday artifacts` writes them.", minItems: 0, maxItems: MaxAlerts).Select(x =>
        {
            var name = x.ReqName("name", "?", "The alert's name (Prometheus alert:): letters, digits and '_', starting with a letter.", AlertName, example: "HighViewerLatency");
            var when = x.LocatedScalar("when", true, $"Condition: METRIC OP THRESHOLD, e.g. latency_p95 > 200 ms (metrics: {metrics}).", "condition", "latency_p95 > 200 ms");
            var holdFor = x.Req("for", Kinds.Duration, Duration.Zero, "How long the condition must hold before the alert fires (for:).", bounds: Bounds.Between(0, MatchDay), example: "1 min");
            var severity = x.OneOf("severity", AlertSeverity.Critical, required: true, description: "info, warning or critical: the severity label it pages with.");
            x.End();
            RuleCondition? condition = null;
            if (when is { } w)
            {
                var parsed = RuleGrammar.ParseCondition(w.Text);
                x.SpecErrors(w, parsed.Errors);
                condition = parsed.Value;
            }
            return condition is null ? null : new ScenarioAlert(name, condition, holdFor, severity);
        }).OfType<ScenarioAlert>().ToImmutableArray();
        foreach (var dup in alerts.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            root.Error("alerts", $"alert '{dup.Key}' is listed {dup.Count()} times");
        return alerts;
    }

    /// <summary>A Prometheus alert name: a letter, then letters, digits and '_' (what rulefmt and Alertmanager take as is).</summary>
    private static string? AlertName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? null
            : "must start with a letter and hold only letters, digits and '_', e.g. HighViewerLatency";
}
