using Matchday.Core.Scenarios;
using static Matchday.Core.Auditing.Rules.AuditText;

namespace Matchday.Core.Auditing.Rules;

/// <summary>The scenario's own alerts against its objectives and its runbook (the objectives group).</summary>
internal static class AlertRules
{
    public static readonly AuditRule[] All =
    [
        new("alert-thresholds", RuleGroup.Objectives,
            "Each alert's threshold against the objective of the metric it watches, against the runbook rules that act on the same metric, and against the plan's own steady value of that metric (the encoders' CPU utilization).",
            "An alert looser than its objective lets the objective break unseen; one stricter pages while it holds; an alert and a runbook rule on one metric at different thresholds page people with no procedure to follow, or start the procedure before anyone is told; an alert the planned fleet trips at its planned load fires all night.",
            Thresholds) { Needs = s => s.Alerts.IsDefaultOrEmpty ? "alerts" : null, Severities = "error looser than the objective, warning stricter than it, at odds with the runbook or tripped by the planned load" },
    ];

    private static IEnumerable<Finding> Thresholds(AuditContext c)
    {
        var s = c.Scenario;
        for (var i = 0; i < s.Alerts.Length; i++)
        {
            var alert = s.Alerts[i];
            var when = alert.When;
            var kind = RunbookMetrics.KindOf(when.Metric);
            string Text(double x) => RunbookMetrics.FormatThreshold(kind, x);
            var field = $"alerts[{i}].when";
            if (MetricObjective.For(when.Metric, s.Slos) is { } objective && objective.Guards(when.Op) && when.Threshold != objective.Threshold)
            {
                var looser = objective.BrokenAbove ? when.Threshold > objective.Threshold : when.Threshold < objective.Threshold;
                var metric = RunbookMetrics.Name(when.Metric);
                var between = objective.BrokenAbove
                    ? $"between {Text(objective.Threshold)} and {Text(when.Threshold)}"
                    : $"between {Text(when.Threshold)} and {Text(objective.Threshold)}";
                yield return F(looser ? Severity.Error : Severity.Warning,
                    looser ? "An alert is looser than its objective" : "An alert is stricter than its objective",
                    looser
                        ? $"{alert.Name} fires on {when}; the objective is {Text(objective.Threshold)} ({objective.Field}). With {metric} {between} the objective is broken and no alert fires."
                        : $"{alert.Name} fires on {when}; the objective is {Text(objective.Threshold)} ({objective.Field}). With {metric} {between} it pages while the objective holds.",
                    $"{Text(when.Threshold)} {(when.Threshold > objective.Threshold ? ">" : "<")} {Text(objective.Threshold)}",
                    new Figure($"{alert.Name} threshold", Text(when.Threshold), field),
                    new Figure("objective", Text(objective.Threshold), objective.Field));
            }
            // The encoders run the whole ladder all night: the plan's utilization is their steady CPU.
            if (when.Metric == RunbookMetric.EncodingCpu && c.Plan.Encoding is { Instances: > 0 } enc && when.Holds(enc.Utilization.Value))
            {
                yield return F(Severity.Warning, "An alert fires at the planned load",
                    $"{alert.Name} fires on {when}; the plan runs {enc.Instances:N0} encoder instances at {enc.Utilization} CPU ({enc.CpuUnits:0.##} CPU units x {enc.Pipelines} pipeline(s) on {enc.Instances:N0} x {enc.UnitsPerInstance:0.##}): it fires all night. Plan encoder headroom, or set the threshold above the planned load.",
                    $"{enc.CpuUnits:0.##} x {enc.Pipelines} / ({enc.Instances:N0} x {enc.UnitsPerInstance:0.##}) = {enc.Utilization}",
                    new Figure($"{alert.Name} threshold", Text(when.Threshold), field),
                    new Figure("planned encoder utilization", enc.Utilization.ToString(), "encoding"));
            }
            for (var j = 0; j < s.Runbook.Length; j++)
            {
                var rule = s.Runbook[j];
                if (rule.Condition.Metric != when.Metric || Direction(rule.Condition.Op) != Direction(when.Op) || Direction(when.Op) == 0) continue;
                if (rule.Condition.Threshold == when.Threshold) continue;
                // Which one reacts first as the metric worsens: the larger threshold for '>', the smaller for '<'.
                var alertFirst = Direction(when.Op) > 0 ? when.Threshold < rule.Condition.Threshold : when.Threshold > rule.Condition.Threshold;
                yield return F(Severity.Warning, "An alert and a runbook rule watch one metric at different thresholds",
                    alertFirst
                        ? $"{alert.Name} pages on {when}; the runbook's {rule.Name} acts only on {rule.Condition}: in between, the on-call is paged with no procedure to follow."
                        : $"The runbook's {rule.Name} acts on {rule.Condition}; {alert.Name} pages only on {when}: in between, the procedure runs before anyone is told.",
                    $"{Text(when.Threshold)} against {Text(rule.Condition.Threshold)}",
                    new Figure($"{alert.Name} threshold", Text(when.Threshold), field),
                    new Figure($"{rule.Name} threshold", Text(rule.Condition.Threshold), $"runbook[{j}].when"));
            }
        }
    }

    /// <summary>+1 for conditions that fire as the metric rises, −1 as it falls, 0 for equalities.</summary>
    private static int Direction(Comparison op) => op switch
    {
        Comparison.Greater or Comparison.GreaterOrEqual => 1,
        Comparison.Less or Comparison.LessOrEqual => -1,
        Comparison.Equal or Comparison.NotEqual => 0,
    };
}
