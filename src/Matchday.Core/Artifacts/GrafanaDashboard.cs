using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matchday.Core.Scenarios;
using C = Matchday.Core.Artifacts.MetricsContract;

namespace Matchday.Core.Artifacts;

/// <summary>One query of a dashboard panel: its PromQL and the legend it draws.</summary>
public sealed record PanelQuery(string Expr, string Legend);

/// <summary>A dashboard panel: its title, Grafana visualization and unit, and its queries.</summary>
public sealed record DashboardPanel(string Title, string Type, string Unit, ImmutableArray<PanelQuery> Queries, string Description)
{
    /// <summary>A horizontal line drawn at this value (an objective), or null.</summary>
    public double? Threshold { get; init; }
}

/// <summary>
/// A Grafana dashboard over the metrics contract and the recorded rules (Grafana's classic JSON model, schemaVersion 41,
/// importable through Dashboards → New → Import or provisioned as a file): viewers by state; egress per CDN and per
/// region; latency p95 and p99 against their objectives; rebuffering; each objective's error budget left and burn
/// rates; the origin's pods; the cache hit ratio; and each alert's condition (1 while it holds). Every query is plain
/// PromQL with fixed windows, so it answers the same on Grafana and on Prometheus's own API.
/// </summary>
public static class GrafanaDashboard
{
    /// <summary>Grafana's dashboard schema version this JSON follows (Grafana 11.6 and 12).</summary>
    public const int SchemaVersion = 41;

    public static ImmutableArray<DashboardPanel> Panels(Scenario s, PrometheusRules rules)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(rules);
        var levels = ServiceLevels.Of(s);
        var latency = levels.Where(l => l.Kind == SliKind.Latency).ToList();
        var ns = C.Namespace(s);
        var hpa = ArtifactText.KubernetesName(s.Autoscaling.Name);
        var dep = $"namespace=\"{ns}\",deployment=\"{C.OriginDeployment}\"";
        var hpaSel = $"namespace=\"{ns}\",horizontalpodautoscaler=\"{hpa}\"";
        var egress = new Signal(SignalKind.EgressBits, Signal.MetricWindow);
        var w = ArtifactText.PromDuration(Signal.MetricWindow);
        var rebuffering = levels.FirstOrDefault(l => l.Kind == SliKind.Rebuffering);
        var panels = new List<DashboardPanel>
        {
            new("Viewers", "timeseries", "short", [new($"sum by (state) ({C.Viewers.Sample})", "{{state}}"), new(new Signal(SignalKind.Viewers, Core.Units.Duration.Zero).Record, "all")],
                "Viewers who want to watch, by state.") { Threshold = s.Slos.CapacityViewers.Value },
            new("Egress per CDN", "timeseries", "bps", [new($"sum by (cdn) (rate({C.Egress.Sample}[{w}])) * 8", "{{cdn}}"), new(egress.Record, "all")],
                "Bits per second the edges deliver, per CDN; the line is the capacity objective.") { Threshold = s.Slos.CapacityBandwidth.BitsPerSecond },
            new("Egress per region", "timeseries", "bps", [new($"sum by (region) (rate({C.Egress.Sample}[{w}])) * 8", "{{region}}")],
                "Bits per second the edges deliver, per delivery region."),
            new("Latency", "timeseries", "s",
                [new(new Signal(SignalKind.LatencyP95, Signal.MetricWindow).Record, "p95"), new($"histogram_quantile(0.99, sum by (le) (rate({C.Latency.Name}_bucket[{w}])))", "p99")],
                "Time to first byte of edge requests over 5 minutes; the line is the p95 objective.") { Threshold = s.Slos.LatencyP95.Seconds },
            new("Requests within the latency objectives", "timeseries", "percentunit",
                [.. latency.Select(l => new PanelQuery($"1 - {new Signal(SignalKind.ErrorRatio, Signal.MetricWindow, l).Selector}", $"within {ArtifactText.Number(l.Threshold)} s ({l.Id})"))],
                "Share of requests answered within each latency objective's bound over 5 minutes (the p95 holds while it is at least 95%)."),
        };
        if (rebuffering is not null)
            panels.Add(new("Rebuffering", "timeseries", "percentunit", [new(new Signal(SignalKind.ErrorRatio, Signal.MetricWindow, rebuffering).Selector, "stalled share")],
                "Stalled over playing and stalled viewer-seconds, over 5 minutes; the line is the objective.") { Threshold = rebuffering.Budget });
        panels.Add(new("Error budget remaining", "timeseries", "percentunit",
            [.. levels.Select(l => new PanelQuery(new Signal(SignalKind.BudgetRemaining, l.Window, l).Selector, l.Id))],
            "1 - error ratio over the objective's window / (1 - target), for each objective: what the events in the window leave of the budget."));
        var page = levels.Select(l => (l, b: l.BurnRates[0])).ToList();
        panels.Add(new("Burn rates (page windows)", "timeseries", "short",
            [.. page.SelectMany(x => new[] { x.b.Long, x.b.Short }.Select(win => new PanelQuery($"{new Signal(SignalKind.ErrorRatio, win, x.l).Selector} / {ArtifactText.Number(x.l.Budget)}", $"{x.l.Id} {ArtifactText.PromDuration(win)}")))],
            "Error ratio over the fastest page's long and short windows, in multiples of the budget's rate; the line is its burn rate.") { Threshold = page.Count > 0 ? page[0].b.BurnRate : null });
        panels.Add(new("Origin pods", "timeseries", "short",
            [new($"{C.DeploymentReplicas.Sample}{{{dep}}}", "desired"), new($"{C.DeploymentReady.Sample}{{{dep}}}", "ready"),
             new($"{C.HpaMin.Sample}{{{hpaSel}}}", "HPA min"), new($"{C.HpaMax.Sample}{{{hpaSel}}}", "HPA max")],
            "The origin Deployment's pods against its HPA's bounds."));
        panels.Add(new("Origin requests and cache hit ratio", "timeseries", "percentunit",
            [new(Signal.Of(RunbookMetric.CacheHitRatio).Record, "cache hit ratio"), new($"sum(rate({C.OriginRequests.Sample}{{outcome=\"served\"}}[{w}])) / sum(rate({C.OriginRequests.Sample}[{w}]))", "origin requests served")],
            "CDN cache hit ratio (1 - origin / edge requests) and the share of origin requests served, over 5 minutes.") { Threshold = s.Slos.CapacityHitRatio.Value });
        panels.Add(new("Alert conditions", "state-timeline", "short",
            [.. rules.Alerts.Select(a => new PanelQuery(BoolExpr(a), Legend(a)))],
            "Each alerting rule's condition, 1 while it holds (before its for:); computed from the recorded rules, so it shows on a backfilled night too, where Prometheus has no ALERTS series."));
        return [.. panels];
    }

    /// <summary>An alert's condition as 1 or 0: each comparison with <c>bool</c>, multiplied.</summary>
    public static string BoolExpr(AlertingRule a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return string.Join(" * ", a.When.Select(c => $"({c.Signal.Selector} {RunbookMetrics.Symbol(c.Op)} bool {ArtifactText.Number(c.Threshold)})"));
    }

    private static string Legend(AlertingRule a) =>
        a.Origin == AlertOrigin.BurnRate ? $"{a.Name} {a.Labels["long_window"]}/{a.Labels["short_window"]}" : a.Name;

    /// <summary>The dashboard's JSON, its time range the night's (<paramref name="from"/> to <paramref name="to"/>).</summary>
    public static string Json(Scenario s, PrometheusRules rules, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(s);
        var panels = new JsonArray();
        var id = 1;
        var i = 0;
        foreach (var p in Panels(s, rules))
        {
            var wide = p.Type == "state-timeline";
            var targets = new JsonArray();
            var refId = 0;
            foreach (var q in p.Queries)
                targets.Add(new JsonObject
                {
                    ["refId"] = RefId(refId++), ["expr"] = q.Expr, ["legendFormat"] = q.Legend, ["range"] = true,
                    ["datasource"] = new JsonObject { ["type"] = "prometheus", ["uid"] = "${datasource}" },
                });
            var defaults = new JsonObject { ["unit"] = p.Unit };
            if (p.Threshold is { } t)
            {
                defaults["custom"] = new JsonObject { ["thresholdsStyle"] = new JsonObject { ["mode"] = "line+area" } };
                defaults["thresholds"] = new JsonObject
                {
                    ["mode"] = "absolute",
                    ["steps"] = new JsonArray(new JsonObject { ["color"] = "transparent", ["value"] = null }, new JsonObject { ["color"] = "red", ["value"] = t }),
                };
            }
            else if (wide)
            {
                defaults["thresholds"] = new JsonObject
                {
                    ["mode"] = "absolute",
                    ["steps"] = new JsonArray(new JsonObject { ["color"] = "green", ["value"] = null }, new JsonObject { ["color"] = "red", ["value"] = 1 }),
                };
            }
            panels.Add(new JsonObject
            {
                ["id"] = id++,
                ["type"] = p.Type,
                ["title"] = p.Title,
                ["description"] = p.Description,
                ["datasource"] = new JsonObject { ["type"] = "prometheus", ["uid"] = "${datasource}" },
                ["gridPos"] = wide ? new JsonObject { ["h"] = 14, ["w"] = 24, ["x"] = 0, ["y"] = 8 * ((i + 1) / 2) } : new JsonObject { ["h"] = 8, ["w"] = 12, ["x"] = 12 * (i % 2), ["y"] = 8 * (i / 2) },
                ["targets"] = targets,
                ["fieldConfig"] = new JsonObject { ["defaults"] = defaults, ["overrides"] = new JsonArray() },
                ["options"] = new JsonObject { ["legend"] = new JsonObject { ["displayMode"] = "list", ["placement"] = "bottom", ["showLegend"] = true } },
            });
            i++;
        }
        var dashboard = new JsonObject
        {
            ["uid"] = ArtifactText.KubernetesName("matchday-" + s.Name)[..Math.Min(40, ArtifactText.KubernetesName("matchday-" + s.Name).Length)],
            ["title"] = $"Matchday: {s.Name}",
            ["description"] = $"Generated by matchday artifacts from {s.Name}: the metrics contract of docs/artifacts.md and the recording rules of rules.yml.",
            ["tags"] = new JsonArray("matchday", "streaming", "slo"),
            ["timezone"] = "utc",
            ["editable"] = true,
            ["graphTooltip"] = 1,
            ["schemaVersion"] = SchemaVersion,
            ["version"] = 1,
            ["refresh"] = "",
            ["time"] = new JsonObject { ["from"] = from.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), ["to"] = to.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture) },
            ["templating"] = new JsonObject
            {
                ["list"] = new JsonArray(new JsonObject { ["name"] = "datasource", ["label"] = "Prometheus", ["type"] = "datasource", ["query"] = "prometheus", ["current"] = new JsonObject() }),
            },
            ["annotations"] = new JsonObject { ["list"] = new JsonArray() },
            ["links"] = new JsonArray(),
            ["panels"] = panels,
        };
        return dashboard.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static string RefId(int i) => i < 26 ? ((char)('A' + i)).ToString() : $"A{i}";
}
