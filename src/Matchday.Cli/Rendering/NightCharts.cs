using System.Collections.Immutable;
using Matchday.Simulation.Events;

namespace Matchday.Cli.Rendering;

/// <summary>One line of a chart, already in the chart's unit (millions, Tbps, ms, pods, %).</summary>
internal sealed record ChartLine(string Label, ImmutableArray<double> Values);

/// <summary>A chart of the night: its lines, its unit, and the objective's threshold line when it has one.</summary>
internal sealed record NightChart(string File, string Title, string Unit, ImmutableArray<ChartLine> Lines, double? Threshold, string? ThresholdLabel, bool WholeNumbers);

/// <summary>A span of the night a fault was in effect, in minutes from the start of the timeline.</summary>
internal sealed record ChartSpan(string Label, double From, double To);

/// <summary>Where a phase of the match begins, in minutes.</summary>
internal sealed record ChartMarker(string Label, double At);

/// <summary>
/// The night's charts as data, made once and drawn twice: as PNGs by <see cref="EventCharts"/> and as interactive charts
/// in the HTML report. Every chart names the scenario; faults are shaded spans, match phases marked, objectives drawn as
/// threshold lines; no axis goes below zero and pods are whole.
/// </summary>
internal sealed record NightCharts(string Scenario, string Stage, ImmutableArray<double> Minutes, ImmutableArray<NightChart> Charts,
    ImmutableArray<ChartSpan> Faults, ImmutableArray<ChartMarker> Phases)
{
    public static NightCharts Of(EventResult r, NightModel m)
    {
        var s = r.Series;
        static ImmutableArray<double> Scaled(IEnumerable<double> y, double unit) => [.. y.Select(v => double.IsFinite(v) ? v / unit : double.NaN)];
        var slos = m.Scenario.Slos;
        var stalledShare = s.Stalled.Zip(s.Playing, (st, p) => st + p > 0 ? st / (st + p) * 100 : 0);
        var capacity = m.Cells.Sum(c => c.Capacity.BitsPerSecond) / 1e12;
        var charts = ImmutableArray.Create(
            new NightChart("viewers", "viewers", "millions of viewers",
                [new("demand", Scaled(s.Demand, 1e6)), new("playing", Scaled(s.Playing, 1e6)), new("stalled", Scaled(s.Stalled, 1e6)),
                 new("joining", Scaled(s.Joining, 1e6)), new("abandoned", Scaled(s.Abandoned, 1e6))], null, null, false),
            new NightChart("egress", "edge egress delivered", "Tbps",
                [new("egress delivered", Scaled(s.Egress, 1e12))], capacity, $"edge capacity {Humanize(capacity)} Tbps", false),
            new NightChart("latency", "edge latency p95", "ms",
                [new("latency p95", Scaled(s.LatencyP95, 1e-3))], slos.LatencyP95.Seconds * 1e3, $"SLO p95 {slos.LatencyP95}", false),
            new NightChart("rebuffering", "stalled share of watching viewers", "% of playing + stalled",
                [new("stalled share", [.. stalledShare])], slos.RebufferingRatio.Value * 100, $"SLO rebuffering {slos.RebufferingRatio}", false),
            new NightChart("origin", "origin pods (HPA)", "pods",
                [new("replicas (spec)", Scaled(s.OriginReplicas, 1)), new("ready", Scaled(s.OriginReady, 1))], m.Scenario.Autoscaling.MaxReplicas, $"HPA maximum {m.Scenario.Autoscaling.MaxReplicas}", true),
            new NightChart("bitrate-mix", "bitrate mix of playing viewers", "% of playing viewers",
                [.. r.Rungs.Select((rung, q) => new ChartLine(rung, Scaled(s.RungShare[q], 0.01)))], null, null, false));
        var end = s.Time[^1] / 60;
        var faults = m.FaultWindows.Select(f => new ChartSpan(f.Spec.ToString(), f.Start.Seconds / 60, Math.Min(end, f.End.Seconds / 60))).ToImmutableArray();
        var phases = m.Match.Audience.Ramp.Select((p, i) => (p, i)).Where(x => x.i == 0 || x.p.Phase != m.Match.Audience.Ramp[x.i - 1].Phase)
            .Select(x => new ChartMarker(x.p.Phase, x.p.Minute)).ToImmutableArray();
        return new NightCharts(r.Scenario, r.Stage, [.. s.Time.Select(t => t / 60)], charts, faults, phases);
    }

    private static string Humanize(double x) => Core.Units.Humanize.Number(x, 3);
}
