using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Artifacts;

/// <summary>What a service-level indicator counts as good and as total.</summary>
public enum SliKind
{
    /// <summary>Playing viewer-seconds over those of every viewer trying to watch, not those who left (the simulator's availability).</summary>
    Availability,

    /// <summary>Edge requests answered within the threshold over every request.</summary>
    Latency,

    /// <summary>Joins whose first frame came within the threshold over every join that ended (started or gave up).</summary>
    Startup,

    /// <summary>Playing viewer-seconds over playing and stalled viewer-seconds.</summary>
    Rebuffering,
}

/// <summary>
/// An objective of the scenario as a ratio SLI (good events over total events) with its target share of good events:
/// the form the burn-rate alerts, the OpenSLO document and the dashboard share. A percentile objective (p95 ≤ 150 ms)
/// is the ratio "requests within 150 ms" with target 95%: the p95 is at most 150 ms exactly when at least 95% are.
/// </summary>
/// <param name="Id">Stable name: <c>availability</c>, <c>latency-p95</c>, <c>latency-p99</c>, <c>startup-p95</c>, <c>rebuffering</c>.</param>
/// <param name="Kind">What it counts.</param>
/// <param name="Title">For people.</param>
/// <param name="Target">The share of good events the objective asks for (0.9995).</param>
/// <param name="Window">The error budget's window.</param>
/// <param name="Threshold">For latency and startup: the bound a good event is within, seconds; 0 otherwise.</param>
/// <param name="Field">The scenario field the objective comes from.</param>
public sealed record ServiceLevel(string Id, SliKind Kind, string Title, double Target, Duration Window, double Threshold, string Field)
{
    /// <summary>The error budget as a ratio of events: 1 − target.</summary>
    public double Budget => ArtifactText.Significant(1 - Target, 12);

    /// <summary>PromQL: good events per second over <paramref name="w"/>.</summary>
    public string Good(Duration w) => Kind switch
    {
        SliKind.Availability or SliKind.Rebuffering => $"sum(rate({MetricsContract.ViewerSeconds.Sample}{{state=\"playing\"}}[{ArtifactText.PromDuration(w)}]))",
        SliKind.Latency => $"sum(rate({MetricsContract.Latency.Name}_bucket{{le=\"{MetricsContract.Le(Threshold)}\"}}[{ArtifactText.PromDuration(w)}]))",
        SliKind.Startup => $"sum(rate({MetricsContract.Startup.Name}_bucket{{le=\"{MetricsContract.Le(Threshold)}\"}}[{ArtifactText.PromDuration(w)}]))",
    };

    /// <summary>PromQL: total events per second over <paramref name="w"/>.</summary>
    public string Total(Duration w)
    {
        var d = ArtifactText.PromDuration(w);
        return Kind switch
        {
            SliKind.Availability => $"sum(rate({MetricsContract.ViewerSeconds.Sample}{{state!=\"{MetricsContract.LeftState}\"}}[{d}]))",
            SliKind.Rebuffering => $"sum(rate({MetricsContract.ViewerSeconds.Sample}{{state=~\"playing|stalled\"}}[{d}]))",
            SliKind.Latency => $"sum(rate({MetricsContract.Latency.Name}_count[{d}]))",
            SliKind.Startup => $"(sum(rate({MetricsContract.Startup.Name}_count[{d}])) + sum(rate({MetricsContract.StartupAbandonments.Sample}[{d}])))",
        };
    }

    /// <summary>PromQL: the error ratio (bad over total events) over <paramref name="w"/>.</summary>
    public string ErrorRatio(Duration w) => $"1 - {Good(w)} / {Total(w)}";

    /// <summary>The multiwindow burn-rate alerts for this objective's window.</summary>
    public ImmutableArray<BurnRateWindow> BurnRates => BurnRateWindows.For(Window);

    /// <summary>Every window an error ratio is recorded over: the alerts' long and short windows, the objective's own, and five minutes (the dashboard's).</summary>
    public ImmutableArray<Duration> Windows =>
        [.. BurnRates.SelectMany(b => new[] { b.Long, b.Short }).Append(Window).Append(Signal.MetricWindow).DistinctBy(d => Math.Round(d.Seconds)).OrderBy(d => d.Seconds)];
}

/// <summary>The scenario's objectives as ratio SLIs.</summary>
public static class ServiceLevels
{
    /// <summary>
    /// Availability, latency p95 and p99, startup p95 and rebuffering (each objective the simulator judges as a ratio of
    /// events), over the scenario's error-budget window. Quality switches (a rate, not a ratio) and the capacity
    /// objectives are alerted on as thresholds (<see cref="AlertingRules"/>).
    /// </summary>
    public static ImmutableArray<ServiceLevel> Of(Scenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var o = s.Slos;
        var w = o.Window;
        var list = new List<ServiceLevel>
        {
            new("availability", SliKind.Availability, "Availability: playing over trying viewer-seconds", o.Availability.Value, w, 0, "slos.availability"),
            new("latency-p95", SliKind.Latency, $"Latency p95: requests answered within {o.LatencyP95}", 0.95, w, o.LatencyP95.Seconds, "slos.latency_p95"),
            new("latency-p99", SliKind.Latency, $"Latency p99: requests answered within {o.LatencyP99}", 0.99, w, o.LatencyP99.Seconds, "slos.latency_p99"),
            new("startup-p95", SliKind.Startup, $"Startup p95: joins whose first frame comes within {o.StartupP95}", 0.95, w, o.StartupP95.Seconds, "slos.startup_p95"),
            new("rebuffering", SliKind.Rebuffering, $"Rebuffering: playing over playing and stalled viewer-seconds (at most {Humanize.Percent(o.RebufferingRatio.Value)} stalled)", 1 - o.RebufferingRatio.Value, w, 0, "slos.rebuffering_ratio"),
        };
        return [.. list.Where(l => l.Target is > 0 and < 1)];
    }
}
