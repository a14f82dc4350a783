using System.Collections.Immutable;
using System.Globalization;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Artifacts;

/// <summary>One comparison of an alert: a recorded signal against a threshold in its base unit.</summary>
public sealed record AlertCondition(Signal Signal, Comparison Op, double Threshold)
{
    /// <summary>The PromQL comparison, e.g. <c>slo:sli_error:ratio_rate1h{slo="availability"} &gt; 0.0072</c>.</summary>
    public string Expr => $"{Signal.Selector} {RunbookMetrics.Symbol(Op)} {ArtifactText.Number(Threshold)}";
}

/// <summary>Where an alerting rule comes from.</summary>
public enum AlertOrigin
{
    /// <summary>A multiwindow burn-rate alert of an objective.</summary>
    BurnRate,

    /// <summary>One of the scenario's own alerts (<c>alerts:</c>), its threshold taken from the objective where one covers its metric.</summary>
    Scenario,

    /// <summary>The condition of a runbook rule, so the on-call knows its procedure applies.</summary>
    Runbook,

    /// <summary>A threshold objective (capacity, quality switches).</summary>
    Objective,
}

/// <summary>
/// A Prometheus alerting rule: the conditions (all must hold: PromQL <c>and</c>), how long they must hold, its labels and
/// annotations (fixed texts, so a test can name exactly what fires).
/// </summary>
public sealed record AlertingRule(string Name, AlertOrigin Origin, ImmutableArray<AlertCondition> When, Duration For,
    ImmutableSortedDictionary<string, string> Labels, ImmutableSortedDictionary<string, string> Annotations)
{
    /// <summary>The rule's expression.</summary>
    public string Expr => string.Join(" and ", When.Select(c => c.Expr));

    /// <summary>The labels of the alert when it fires: the series' labels (the objective's name) and the rule's.</summary>
    public ImmutableSortedDictionary<string, string> FiringLabels => When[0].Signal.Labels.SetItems(Labels);
}

/// <summary>A rule group: recording rules first, then the alerts that compare them (evaluated in that order each interval).</summary>
public sealed record PrometheusGroup(string Name, ImmutableArray<Signal> Records, ImmutableArray<AlertingRule> Alerts);

/// <summary>The rules <c>matchday artifacts</c> writes for a scenario, evaluated every <see cref="Interval"/>.</summary>
public sealed record PrometheusRules(ImmutableArray<PrometheusGroup> Groups, Duration Interval)
{
    public IEnumerable<Signal> Records => Groups.SelectMany(g => g.Records);

    public IEnumerable<AlertingRule> Alerts => Groups.SelectMany(g => g.Alerts);

    /// <summary>The rules file, as Prometheus reads it (<c>rule_files:</c>); every string double-quoted.</summary>
    public string ToYaml(string header)
    {
        var w = new System.Text.StringBuilder();
        foreach (var line in header.Split('\n')) w.AppendLine(line.Length == 0 ? "#" : "# " + line);
        w.AppendLine("groups:");
        foreach (var g in Groups)
        {
            w.Append("  - name: ").AppendLine(Yaml.Quote(g.Name));
            w.Append("    interval: ").AppendLine(ArtifactText.PromDuration(Interval));
            w.AppendLine("    rules:");
            foreach (var r in g.Records)
            {
                w.Append("      - record: ").AppendLine(r.Record);
                w.Append("        expr: ").AppendLine(Yaml.Quote(r.Expr));
                if (!r.Labels.IsEmpty) Yaml.Map(w, "        ", "labels", r.Labels);
            }
            foreach (var a in g.Alerts)
            {
                w.Append("      - alert: ").AppendLine(a.Name);
                w.Append("        expr: ").AppendLine(Yaml.Quote(a.Expr));
                if (a.For.Seconds > 0) w.Append("        for: ").AppendLine(ArtifactText.PromDuration(a.For));
                Yaml.Map(w, "        ", "labels", a.Labels);
                Yaml.Map(w, "        ", "annotations", a.Annotations);
            }
        }
        return w.ToString();
    }
}

/// <summary>
/// Builds the Prometheus rules of a scenario from its objectives, its alerts and its runbook, over the metrics contract:
/// for each ratio objective (<see cref="ServiceLevels"/>) its error ratio recorded over every window it needs, its budget
/// left, and the workbook's four burn-rate alerts (<see cref="BurnRateWindows"/>); the scenario's alerts written correctly
/// (latency from the histogram's bucket rates, the threshold its objective sets where one covers the metric); an alert per
/// runbook rule; threshold alerts for the capacity and quality-switch objectives.
/// </summary>
public static class AlertingRules
{
    /// <summary>How often the groups are evaluated: the seed's Prometheus <c>evaluation_interval</c>, as the simulated runbook is.</summary>
    public static readonly Duration EvaluationInterval = Duration.FromSeconds(15);

    /// <summary>How long a threshold objective must be exceeded before its alert fires (assumed: five minutes, the latency objective's window).</summary>
    public static readonly Duration ObjectiveHold = Duration.FromMinutes(5);

    /// <summary>The window quality switches are averaged over for their alert (assumed: an hour; the objective is over the match).</summary>
    public static readonly Duration SwitchWindow = Duration.FromHours(1);

    public static PrometheusRules For(Scenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var groups = new List<PrometheusGroup>();
        foreach (var level in ServiceLevels.Of(s)) groups.Add(ObjectiveGroup(level));

        var records = new List<Signal>();
        var alerts = new List<AlertingRule>();
        void Record(Signal signal)
        {
            if (!records.Contains(signal)) records.Add(signal);
        }
        foreach (var m in RunbookMetrics.All) Record(Signal.Of(m));
        Record(new Signal(SignalKind.Viewers, Duration.Zero));
        Record(new Signal(SignalKind.EgressBits, Signal.MetricWindow));
        Record(new Signal(SignalKind.SwitchRate, SwitchWindow));

        foreach (var a in s.Alerts) alerts.Add(ScenarioAlert(s, a));
        foreach (var r in s.Runbook) alerts.Add(RunbookAlert(r));
        alerts.AddRange(ObjectiveAlerts(s));
        foreach (var dup in alerts.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            throw new InvalidOperationException($"two alerts are named {dup.Key}");
        groups.Add(new PrometheusGroup("streaming", [.. records], [.. alerts]));
        return new PrometheusRules([.. groups], EvaluationInterval);
    }

    private static ImmutableSortedDictionary<string, string> Dict(params (string Key, string Value)[] pairs) =>
        pairs.ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static PrometheusGroup ObjectiveGroup(ServiceLevel level)
    {
        var records = level.Windows.Select(w => new Signal(SignalKind.ErrorRatio, w, level)).Append(new Signal(SignalKind.BudgetRemaining, level.Window, level)).ToImmutableArray();
        var name = ArtifactText.Pascal(level.Id) + "BudgetBurn";
        var alerts = level.BurnRates.Select(b =>
        {
            var threshold = b.Threshold(level.Target);
            var (l, sh) = (ArtifactText.PromDuration(b.Long), ArtifactText.PromDuration(b.Short));
            var burn = ArtifactText.Number(Math.Round(b.BurnRate, 6));
            return new AlertingRule(name, AlertOrigin.BurnRate,
                [new(new Signal(SignalKind.ErrorRatio, b.Long, level), Comparison.Greater, threshold), new(new Signal(SignalKind.ErrorRatio, b.Short, level), Comparison.Greater, threshold)],
                Duration.Zero,
                Dict(("severity", Severity(b.Severity)), ("long_window", l), ("short_window", sh), ("burn_rate", burn)),
                Dict(("summary", $"{level.Id} burns its error budget {burn}x too fast ({l} and {sh} windows)"),
                    ("description", $"{level.Title}. Over both the last {l} and {sh} the error ratio is above {burn} x {Percent(level.Budget)} = {Percent(threshold)}: {Percent(b.BudgetConsumed.Value)} of the {ArtifactText.PromDuration(level.Window)} error budget burns in {l}. Objective: {Percent(level.Target)} ({level.Field})."),
                    ("objective", level.Field)));
        }).ToImmutableArray();
        return new PrometheusGroup($"slo-{level.Id}", records, alerts);
    }

    private static string Severity(AlertSeverity s) => Text.Words.Of(s);

    private static string Percent(double fraction) => Humanize.Percent(fraction);

    private static AlertingRule ScenarioAlert(Scenario s, ScenarioAlert a)
    {
        var when = a.When;
        var kind = RunbookMetrics.KindOf(when.Metric);
        var objective = MetricObjective.For(when.Metric, s.Slos);
        var threshold = objective is not null && objective.Guards(when.Op) ? objective.Threshold : when.Threshold;
        var written = RunbookMetrics.FormatThreshold(kind, when.Threshold);
        var used = RunbookMetrics.FormatThreshold(kind, threshold);
        var condition = new RuleCondition(when.Metric, when.Op, threshold);
        var note = threshold != when.Threshold
            ? $" The scenario writes {when}; the rule uses its objective, {used} ({objective!.Field}), so the objective cannot break without it (matchday audit: alert-thresholds)."
            : "";
        return new AlertingRule(a.Name, AlertOrigin.Scenario, [new(Signal.Of(when.Metric), when.Op, threshold)], a.For,
            Dict(("severity", Severity(a.Severity))),
            Dict(("summary", $"{condition} for {ArtifactText.PromDuration(a.For)}"),
                ("description", $"{Describe(when.Metric)}: {RunbookMetrics.Symbol(when.Op)} {used}.{note}")));
    }

    private static AlertingRule RunbookAlert(RunbookRule r)
    {
        var actions = string.Join(", ", r.Actions.Select(x => x.ToSpec()));
        return new AlertingRule("Runbook" + ArtifactText.Pascal(r.Name), AlertOrigin.Runbook, [new(Signal.Of(r.Condition.Metric), r.Condition.Op, r.Condition.Threshold)], r.For,
            Dict(("severity", "critical"), ("runbook", r.Name)),
            Dict(("summary", $"The runbook's {r.Name} procedure applies: {r.Condition} for {ArtifactText.PromDuration(r.For)}"),
                ("description", $"{Describe(r.Condition.Metric)}. The runbook's actions: {actions} (effective after {ArtifactText.PromDuration(r.ExecutionDelay)})."),
                ("runbook_rule", r.ToString())));
    }

    private static IEnumerable<AlertingRule> ObjectiveAlerts(Scenario s)
    {
        var o = s.Slos;
        if (o.CapacityViewers.Value > 0)
            yield return Threshold("ViewersAboveCapacityObjective", new Signal(SignalKind.Viewers, Duration.Zero), Comparison.Greater, o.CapacityViewers.Value, $"viewers > {o.CapacityViewers}",
                $"More viewers than the capacity objective's {o.CapacityViewers} (slos.capacity.viewers).");
        if (o.CapacityBandwidth.BitsPerSecond > 0)
            yield return Threshold("EgressAboveCapacityObjective", new Signal(SignalKind.EgressBits, Signal.MetricWindow), Comparison.Greater, o.CapacityBandwidth.BitsPerSecond, $"egress > {o.CapacityBandwidth}",
                $"Edge egress above the capacity objective's {o.CapacityBandwidth} (slos.capacity.bandwidth), over 5 minutes.");
        // The scenario's own hit-ratio alert already takes the objective's threshold.
        if (o.CapacityHitRatio.Value > 0 && !s.Alerts.Any(a => a.When.Metric == RunbookMetric.CacheHitRatio && MetricObjective.For(a.When.Metric, o)!.Guards(a.When.Op)))
            yield return Threshold("CacheHitRatioBelowObjective", Signal.Of(RunbookMetric.CacheHitRatio), Comparison.Less, o.CapacityHitRatio.Value, $"cache hit ratio < {Percent(o.CapacityHitRatio.Value)}",
                $"CDN cache hit ratio below the objective's {Percent(o.CapacityHitRatio.Value)} (slos.capacity.cache_hit_ratio), over 5 minutes.");
        if (o.SwitchesPerMinute.PerMinute > 0)
            yield return Threshold("QualitySwitchesAboveObjective", new Signal(SignalKind.SwitchRate, SwitchWindow), Comparison.Greater, o.SwitchesPerMinute.PerMinute, $"quality switches > {o.SwitchesPerMinute.PerMinute.ToString("G4", CultureInfo.InvariantCulture)}/min per viewer",
                $"More than {o.SwitchesPerMinute.PerMinute.ToString("G4", CultureInfo.InvariantCulture)} rung changes per playing viewer-minute (slos.switches_per_minute), over the last hour.");
    }

    private static AlertingRule Threshold(string name, Signal signal, Comparison op, double threshold, string human, string description) =>
        new(name, AlertOrigin.Objective, [new(signal, op, threshold)], ObjectiveHold,
            Dict(("severity", "warning")),
            Dict(("summary", $"{human} for {ArtifactText.PromDuration(ObjectiveHold)}"), ("description", $"{description} ({signal.Record} {RunbookMetrics.Symbol(op)} {ArtifactText.Number(threshold)})")));

    private static string Describe(RunbookMetric m) => m switch
    {
        RunbookMetric.LatencyP95 => "p95 time to first byte of edge requests over 5 minutes (histogram_quantile over the bucket rates)",
        RunbookMetric.ViewerDropout => "Watching viewers giving up per second over 5 minutes",
        RunbookMetric.RegionsFailed => "Origin regions lost and not failed over",
        RunbookMetric.CacheHitRatio => "CDN cache hit ratio over 5 minutes (1 - origin requests / edge requests)",
        RunbookMetric.EncodingCpu => "Encoder fleet CPU utilization",
    };
}

