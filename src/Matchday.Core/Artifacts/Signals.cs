using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Artifacts;

/// <summary>What a recorded signal measures over the contract's metrics.</summary>
public enum SignalKind
{
    /// <summary>An objective's error ratio over a window.</summary>
    ErrorRatio,

    /// <summary>An objective's error budget left over its window: 1 − error ratio / (1 − target).</summary>
    BudgetRemaining,

    /// <summary>The p95 of request latency over a window, from the histogram (<c>histogram_quantile</c> of bucket rates).</summary>
    LatencyP95,

    /// <summary>Watching viewers who give up, per second over a window.</summary>
    DisconnectRate,

    /// <summary>1 − origin requests / edge requests over a window.</summary>
    CacheHitRatio,

    /// <summary>The encoder fleet's CPU utilization.</summary>
    EncoderCpu,

    /// <summary>Origin regions lost and not failed over.</summary>
    RegionsFailed,

    /// <summary>Viewers who want to watch, every state.</summary>
    Viewers,

    /// <summary>Edge egress, bits per second over a window.</summary>
    EgressBits,

    /// <summary>Rung changes per playing viewer-minute over a window.</summary>
    SwitchRate,
}

/// <summary>
/// A value the rules record and the alerts compare: one expression over the contract's raw metrics (so recording rules
/// never depend on each other and can be backfilled in one pass), stored under a recording-rule name following
/// Prometheus's <c>level:metric:operations</c> convention.
/// </summary>
/// <param name="Kind">What it measures.</param>
/// <param name="Window">The rate window (zero for a gauge).</param>
/// <param name="Level">The objective, for error ratios and budgets.</param>
public sealed record Signal(SignalKind Kind, Duration Window, ServiceLevel? Level = null)
{
    private string W => ArtifactText.PromDuration(Window);

    /// <summary>The recording rule's name.</summary>
    public string Record => Kind switch
    {
        SignalKind.ErrorRatio => $"slo:sli_error:ratio_rate{W}",
        SignalKind.BudgetRemaining => "slo:error_budget_remaining:ratio",
        SignalKind.LatencyP95 => $"streaming:latency_seconds:p95_rate{W}",
        SignalKind.DisconnectRate => $"streaming:viewer_disconnects:rate{W}",
        SignalKind.CacheHitRatio => $"streaming:cdn_cache_hit:ratio_rate{W}",
        SignalKind.EncoderCpu => "streaming:encoder_cpu_utilization:max",
        SignalKind.RegionsFailed => "streaming:origin_regions_failed:max",
        SignalKind.Viewers => "streaming:viewers:sum",
        SignalKind.EgressBits => $"streaming:egress_bits:rate{W}",
        SignalKind.SwitchRate => $"streaming:quality_switches_per_viewer_minute:rate{W}",
    };

    /// <summary>The recording rule's labels (the objective's name for SLO signals).</summary>
    public ImmutableSortedDictionary<string, string> Labels =>
        Level is null ? ImmutableSortedDictionary<string, string>.Empty : ImmutableSortedDictionary<string, string>.Empty.Add("slo", Level.Id);

    /// <summary>The PromQL selector of the recorded series.</summary>
    public string Selector => Labels.IsEmpty ? Record : $"{Record}{{{string.Join(",", Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}}";

    /// <summary>The expression over the raw metrics.</summary>
    public string Expr => Kind switch
    {
        SignalKind.ErrorRatio => Level!.ErrorRatio(Window),
        SignalKind.BudgetRemaining => $"1 - ({Level!.ErrorRatio(Level.Window)}) / {ArtifactText.Number(Level.Budget)}",
        SignalKind.LatencyP95 => $"histogram_quantile(0.95, sum by (le) (rate({MetricsContract.Latency.Name}_bucket[{W}])))",
        SignalKind.DisconnectRate => $"sum(rate({MetricsContract.Disconnects.Sample}[{W}]))",
        SignalKind.CacheHitRatio => $"1 - sum(rate({MetricsContract.OriginRequests.Sample}[{W}])) / sum(rate({MetricsContract.EdgeRequests.Sample}[{W}]))",
        SignalKind.EncoderCpu => $"max({MetricsContract.EncoderCpu.Sample})",
        SignalKind.RegionsFailed => $"max({MetricsContract.OriginRegionsFailed.Sample})",
        SignalKind.Viewers => $"sum({MetricsContract.Viewers.Sample})",
        SignalKind.EgressBits => $"sum(rate({MetricsContract.Egress.Sample}[{W}])) * 8",
        SignalKind.SwitchRate => $"60 * sum(rate({MetricsContract.QualitySwitches.Sample}[{W}])) / sum(rate({MetricsContract.ViewerSeconds.Sample}{{state=\"playing\"}}[{W}]))",
    };

    /// <summary>The window alerts on the night's runbook metrics use: the seed's <c>rate(...[5m])</c> and its latency SLO's five-minute measurement window.</summary>
    public static readonly Duration MetricWindow = Duration.FromMinutes(5);

    /// <summary>The signal a runbook metric (and an alert written in the runbook's grammar) stands for.</summary>
    public static Signal Of(RunbookMetric metric) => metric switch
    {
        RunbookMetric.LatencyP95 => new(SignalKind.LatencyP95, MetricWindow),
        RunbookMetric.ViewerDropout => new(SignalKind.DisconnectRate, MetricWindow),
        RunbookMetric.RegionsFailed => new(SignalKind.RegionsFailed, Duration.Zero),
        RunbookMetric.CacheHitRatio => new(SignalKind.CacheHitRatio, MetricWindow),
        RunbookMetric.EncodingCpu => new(SignalKind.EncoderCpu, Duration.Zero),
    };
}
