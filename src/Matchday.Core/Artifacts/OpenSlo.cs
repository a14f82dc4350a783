using System.Globalization;
using System.Text;
using Matchday.Core.Scenarios;

namespace Matchday.Core.Artifacts;

/// <summary>
/// The objectives as an OpenSLO v1 document (openslo.com, <c>apiVersion: openslo/v1</c>): the Service; for each ratio
/// objective an SLI (a ratio of counters: good and total, over the metrics contract), an SLO (rolling window, occurrences
/// budgeting, its target) and its alert conditions (one <c>burnrate</c> condition per row of the workbook's table, the
/// long window as <c>lookbackWindow</c>, the short one as <c>alertAfter</c>), grouped in a page and a ticket
/// AlertPolicy with their notification targets.
/// </summary>
public static class OpenSlo
{
    public static string Yaml(Scenario s, string header)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(header);
        var service = ArtifactText.KubernetesName(s.Name);
        var docs = new List<string>();
        docs.Add(Doc("Service", service, s.Name, $"    description: {Q(string.IsNullOrEmpty(s.Description) ? s.Name : s.Description)}\n"));
        docs.Add(Doc("AlertNotificationTarget", "page", "Page the on-call", "    description: \"Pages the on-call engineer.\"\n    target: pager\n"));
        docs.Add(Doc("AlertNotificationTarget", "ticket", "File a ticket", "    description: \"Files a ticket for working hours.\"\n    target: ticket\n"));
        foreach (var l in ServiceLevels.Of(s))
        {
            var name = $"{service}-{l.Id}";
            var window = ArtifactText.PromDuration(l.Window);
            docs.Add(Doc("SLI", name, l.Title,
                $"    description: {Q(l.Title + " (" + l.Field + ")")}\n" +
                "    ratioMetric:\n      counter: true\n" +
                $"      good:\n        metricSource:\n          type: Prometheus\n          spec:\n            query: {Q(GoodCounter(l))}\n" +
                $"      total:\n        metricSource:\n          type: Prometheus\n          spec:\n            query: {Q(TotalCounter(l))}\n"));
            var conditions = new StringBuilder();
            var pageRefs = new List<string>();
            var ticketRefs = new List<string>();
            foreach (var b in l.BurnRates)
            {
                var cname = $"{name}-burn-{ArtifactText.PromDuration(b.Long)}";
                var page = b.Severity == AlertSeverity.Critical;
                (page ? pageRefs : ticketRefs).Add(cname);
                docs.Add(Doc("AlertCondition", cname, $"{l.Id} burns {ArtifactText.Number(Math.Round(b.BurnRate, 6))}x over {ArtifactText.PromDuration(b.Long)}",
                    $"    description: {Q($"{b.BudgetConsumed.Value * 100:0.##}% of the {window} error budget burns in {ArtifactText.PromDuration(b.Long)} (Google SRE workbook, multiwindow burn rate)")}\n" +
                    $"    severity: {(page ? "page" : "ticket")}\n" +
                    "    condition:\n      kind: burnrate\n      op: gt\n" +
                    $"      threshold: {ArtifactText.Number(Math.Round(b.BurnRate, 6))}\n      lookbackWindow: {ArtifactText.PromDuration(b.Long)}\n      alertAfter: {ArtifactText.PromDuration(b.Short)}\n"));
            }
            string Policy(string kind, List<string> refs) =>
                $"    description: {Q($"{(kind == "page" ? "Pages" : "Tickets")} when {l.Id} burns its budget too fast")}\n    alertWhenBreaching: true\n    alertWhenResolved: false\n    conditions:\n" +
                string.Concat(refs.Select(r => $"      - conditionRef: {r}\n")) + $"    notificationTargets:\n      - targetRef: {kind}\n";
            docs.Add(Doc("AlertPolicy", $"{name}-page", $"{l.Id}: page", Policy("page", pageRefs)));
            docs.Add(Doc("AlertPolicy", $"{name}-ticket", $"{l.Id}: ticket", Policy("ticket", ticketRefs)));
            docs.Add(Doc("SLO", name, l.Title,
                $"    description: {Q($"{l.Title}: at least {l.Target * 100:0.###}% good over {window} ({l.Field})")}\n" +
                $"    service: {service}\n    indicatorRef: {name}\n" +
                $"    timeWindow:\n      - duration: {OpenSloDuration(l.Window)}\n        isRolling: true\n" +
                "    budgetingMethod: Occurrences\n" +
                $"    objectives:\n      - displayName: {Q(l.Id)}\n        target: {l.Target.ToString("R", CultureInfo.InvariantCulture)}\n" +
                $"    alertPolicies:\n      - {name}-page\n      - {name}-ticket\n"));
        }
        var w = new StringBuilder();
        foreach (var line in header.Split('\n')) w.AppendLine(line.Length == 0 ? "#" : "# " + line);
        w.Append(string.Join("---\n", docs));
        return w.ToString();
    }

    /// <summary>An OpenSLO duration: a number and one unit (m, h, d, w).</summary>
    private static string OpenSloDuration(Units.Duration d)
    {
        var minutes = Math.Round(d.Minutes);
        return minutes % 1440 == 0 ? $"{minutes / 1440}d" : minutes % 60 == 0 ? $"{minutes / 60}h" : $"{Math.Max(1, minutes)}m";
    }

    private static string Doc(string kind, string name, string display, string spec) =>
        $"apiVersion: openslo/v1\nkind: {kind}\nmetadata:\n  name: {name}\n  displayName: {Q(display)}\nspec:\n{spec}";

    private static string Q(string s) => Artifacts.Yaml.Quote(s);

    /// <summary>The good events as a counter (the tool takes its rate).</summary>
    private static string GoodCounter(ServiceLevel l) => l.Kind switch
    {
        SliKind.Availability or SliKind.Rebuffering => $"sum({MetricsContract.ViewerSeconds.Sample}{{state=\"playing\"}})",
        SliKind.Latency => $"sum({MetricsContract.Latency.Name}_bucket{{le=\"{MetricsContract.Le(l.Threshold)}\"}})",
        SliKind.Startup => $"sum({MetricsContract.Startup.Name}_bucket{{le=\"{MetricsContract.Le(l.Threshold)}\"}})",
    };

    private static string TotalCounter(ServiceLevel l) => l.Kind switch
    {
        SliKind.Availability => $"sum({MetricsContract.ViewerSeconds.Sample}{{state!=\"{MetricsContract.LeftState}\"}})",
        SliKind.Rebuffering => $"sum({MetricsContract.ViewerSeconds.Sample}{{state=~\"playing|stalled\"}})",
        SliKind.Latency => $"sum({MetricsContract.Latency.Name}_count)",
        SliKind.Startup => $"sum({MetricsContract.Startup.Name}_count) + sum({MetricsContract.StartupAbandonments.Sample})",
    };
}
