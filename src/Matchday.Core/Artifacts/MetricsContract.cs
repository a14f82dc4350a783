using System.Collections.Immutable;
using System.Globalization;
using Matchday.Core.Scenarios;

namespace Matchday.Core.Artifacts;

/// <summary>A metric family's type, as the OpenMetrics text exposition names it.</summary>
public enum MetricType
{
    /// <summary>A monotonic count; its samples end in <c>_total</c>.</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>Observations in cumulative buckets (<c>_bucket{le=...}</c>, <c>_count</c>, <c>_sum</c>).</summary>
    Histogram,
}

/// <summary>
/// One metric family of the contract: its name (Prometheus conventions: base units in the name, <c>_total</c> for
/// counters), type, unit, help text and labels.
/// </summary>
/// <param name="Name">The family name, e.g. <c>streaming_viewer_seconds</c>.</param>
/// <param name="Type">Counter, gauge or histogram.</param>
/// <param name="Unit">The OpenMetrics unit, a suffix of the name (<c>seconds</c>, <c>bytes</c>, <c>ratio</c>), or empty for a count.</param>
/// <param name="Help">What it measures.</param>
/// <param name="Labels">Its label names.</param>
public sealed record MetricFamily(string Name, MetricType Type, string Unit, string Help, ImmutableArray<string> Labels)
{
    /// <summary>The sample name a query uses: <c>NAME_total</c> for a counter, the name otherwise.</summary>
    public string Sample => Type == MetricType.Counter ? Name + "_total" : Name;
}

/// <summary>
/// The metrics contract: what a live platform exports and what <c>matchday artifacts</c> writes for a simulated night,
/// so the rules, the dashboard and the night agree on names, labels and units. Names follow Prometheus's conventions
/// (prometheus.io/docs/practices/naming): one base unit per metric, written in the name (seconds, bytes, ratios as
/// fractions), counters ending in <c>_total</c>; the origin's pods use kube-state-metrics' own names so the dashboard
/// works on a real cluster. docs/artifacts.md lists them.
/// </summary>
public static class MetricsContract
{
    /// <summary>The viewer states of <see cref="Viewers"/> and <see cref="ViewerSeconds"/>: every viewer who wants to watch is in one.</summary>
    public static readonly ImmutableArray<string> States = ["joining", "playing", "stalled", "failed", "returning", "left"];

    /// <summary>The state of those who gave up and left for good: outside the availability SLI (they make no requests).</summary>
    public const string LeftState = "left";

    public static readonly MetricFamily Viewers = new("streaming_viewers", MetricType.Gauge, "",
        "Viewers who want to watch, by state: joining (waiting for their first frame), playing, stalled, failed (join rejected, will retry), returning (gave up, will try again), left (gave up for good).", ["state"]);

    public static readonly MetricFamily ViewerSeconds = new("streaming_viewer_seconds", MetricType.Counter, "seconds",
        "Viewer-seconds spent in each state; availability is the playing share of every state but left.", ["state"]);

    public static readonly MetricFamily Disconnects = new("streaming_viewer_disconnects", MetricType.Counter, "",
        "Watching viewers who gave up (stalled past their patience).", []);

    public static readonly MetricFamily JoinRejections = new("streaming_join_rejections", MetricType.Counter, "",
        "Joins the token service rejected (most retry).", []);

    public static readonly MetricFamily Startup = new("streaming_startup_seconds", MetricType.Histogram, "seconds",
        "Time from the first press of play to the first frame, of viewers who started (a join admitted on a retry includes its back-off).", []);

    public static readonly MetricFamily StartupAbandonments = new("streaming_startup_abandonments", MetricType.Counter, "",
        "Viewers who gave up before their first frame.", []);

    public static readonly MetricFamily Latency = new("streaming_latency_seconds", MetricType.Histogram, "seconds",
        "Time to first byte of segment and playlist requests at the edges, as viewers see it (requests that time out count at the client timeout).", []);

    public static readonly MetricFamily EdgeRequests = new("streaming_edge_requests", MetricType.Counter, "",
        "Segment and playlist requests the CDN edges receive.", []);

    public static readonly MetricFamily OriginRequests = new("streaming_origin_requests", MetricType.Counter, "",
        "Requests reaching the origin, by outcome (served or failed).", ["outcome"]);

    public static readonly MetricFamily Egress = new("streaming_egress_bytes", MetricType.Counter, "bytes",
        "Bytes the CDN edges deliver, per delivery region and CDN.", ["region", "cdn"]);

    public static readonly MetricFamily EdgeUtilization = new("streaming_edge_utilization_ratio", MetricType.Gauge, "ratio",
        "Demanded over capacity per delivery region and CDN (above 1: overloaded; +Inf: the edge is down).", ["region", "cdn"]);

    public static readonly MetricFamily RungViewers = new("streaming_rung_viewers", MetricType.Gauge, "",
        "Playing viewers on each rung of the ladder.", ["rung"]);

    public static readonly MetricFamily QualitySwitches = new("streaming_quality_switches", MetricType.Counter, "",
        "Rung changes of playing viewers.", []);

    public static readonly MetricFamily AuthValidations = new("streaming_auth_validations", MetricType.Counter, "",
        "Token validations asked of the auth service, by outcome (served or rejected).", ["outcome"]);

    public static readonly MetricFamily EncoderCpu = new("streaming_encoder_cpu_utilization_ratio", MetricType.Gauge, "ratio",
        "The encoder fleet's CPU utilization.", []);

    public static readonly MetricFamily OriginRegionsFailed = new("streaming_origin_regions_failed", MetricType.Gauge, "",
        "Origin regions known to be lost and not yet failed over.", []);

    public static readonly MetricFamily DeploymentReplicas = new("kube_deployment_spec_replicas", MetricType.Gauge, "",
        "Desired pods of a Deployment (kube-state-metrics).", ["namespace", "deployment"]);

    public static readonly MetricFamily DeploymentReady = new("kube_deployment_status_replicas_ready", MetricType.Gauge, "",
        "Ready pods of a Deployment (kube-state-metrics).", ["namespace", "deployment"]);

    public static readonly MetricFamily HpaMin = new("kube_horizontalpodautoscaler_spec_min_replicas", MetricType.Gauge, "",
        "Lower bound of an HPA (kube-state-metrics).", ["namespace", "horizontalpodautoscaler"]);

    public static readonly MetricFamily HpaMax = new("kube_horizontalpodautoscaler_spec_max_replicas", MetricType.Gauge, "",
        "Upper bound of an HPA (kube-state-metrics).", ["namespace", "horizontalpodautoscaler"]);

    /// <summary>Every family, in the order the exposition writes them.</summary>
    public static readonly ImmutableArray<MetricFamily> All =
    [
        Viewers, ViewerSeconds, Disconnects, JoinRejections, Startup, StartupAbandonments, Latency, EdgeRequests, OriginRequests,
        Egress, EdgeUtilization, RungViewers, QualitySwitches, AuthValidations, EncoderCpu, OriginRegionsFailed,
        DeploymentReplicas, DeploymentReady, HpaMin, HpaMax,
    ];

    /// <summary>The origin Deployment's name in the manifests and in kube-state-metrics' labels.</summary>
    public const string OriginDeployment = "origin";

    /// <summary>The Kubernetes namespace of a scenario's manifests: its name.</summary>
    public static string Namespace(Scenario s) => ArtifactText.KubernetesName(s.Name);

    /// <summary>
    /// Bounds of the latency histogram, seconds: Prometheus's default buckets (the client libraries' DefBuckets, 5 ms to
    /// 10 s) and every latency threshold the scenario writes (its objectives, its alerts', its runbook's) and the client
    /// timeout, so each threshold is a bucket's upper bound and a comparison with it is exact.
    /// </summary>
    public static ImmutableArray<double> LatencyBounds(Scenario s, double timeout)
    {
        ArgumentNullException.ThrowIfNull(s);
        var bounds = new List<double> { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, timeout, s.Slos.LatencyP95.Seconds, s.Slos.LatencyP99.Seconds };
        bounds.AddRange(s.Alerts.Where(a => a.When.Metric == RunbookMetric.LatencyP95).Select(a => a.When.Threshold));
        bounds.AddRange(s.Runbook.Where(r => r.Condition.Metric == RunbookMetric.LatencyP95).Select(r => r.Condition.Threshold));
        return Sorted(bounds);
    }

    /// <summary>Bounds of the startup histogram, seconds: 250 ms to 60 s and the startup objective.</summary>
    public static ImmutableArray<double> StartupBounds(Scenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Sorted([0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60, s.Slos.StartupP95.Seconds]);
    }

    private static ImmutableArray<double> Sorted(IEnumerable<double> bounds) =>
        [.. bounds.Where(b => double.IsFinite(b) && b > 0).Select(b => Math.Round(b, 9)).Distinct().Order()];

    /// <summary>A bucket bound as the <c>le</c> label writes it: shortest round-trip text (<c>0.15</c>, <c>2</c>, <c>+Inf</c>).</summary>
    public static string Le(double bound) => double.IsPositiveInfinity(bound) ? "+Inf" : bound.ToString("R", CultureInfo.InvariantCulture);
}
