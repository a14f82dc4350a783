using Matchday.Simulation.Events;
using ScottPlot;

namespace Matchday.Cli.Rendering;

/// <summary>PNG charts of the main series (ScottPlot): audience states, egress and latency, origin scaling.</summary>
internal static class EventCharts
{
    public static void Write(EventResult r, string dir)
    {
        var s = r.Series;
        var minutes = s.Time.Select(t => t / 60).ToArray();

        var audience = new Plot();
        Line(audience, minutes, s.Demand, "demand", 1e6);
        Line(audience, minutes, s.Playing, "playing", 1e6);
        Line(audience, minutes, s.Stalled, "stalled", 1e6);
        Line(audience, minutes, s.Joining, "joining", 1e6);
        Line(audience, minutes, s.Abandoned, "abandoned", 1e6);
        Finish(audience, $"{r.Scenario} {r.Stage}: viewers", "millions of viewers", Path.Combine(dir, "viewers.png"));

        var egress = new Plot();
        Line(egress, minutes, s.Egress, "egress delivered", 1e12);
        Finish(egress, "Edge egress", "Tbps", Path.Combine(dir, "egress.png"));

        var latency = new Plot();
        Line(latency, minutes, s.LatencyP95, "edge latency p95", 1e-3);
        Finish(latency, "Latency", "ms", Path.Combine(dir, "latency.png"));

        var origin = new Plot();
        Line(origin, minutes, s.OriginReplicas, "replicas (spec)", 1);
        Line(origin, minutes, s.OriginReady, "ready", 1);
        Finish(origin, "Origin pods (HPA)", "pods", Path.Combine(dir, "origin.png"));

        var mix = new Plot();
        for (var q = 0; q < r.Rungs.Length; q++) Line(mix, minutes, s.RungShare[q], r.Rungs[q], 0.01);
        Finish(mix, "Bitrate mix of playing viewers", "% of playing viewers", Path.Combine(dir, "bitrate-mix.png"));
    }

    private static void Line(Plot plot, double[] x, IEnumerable<double> y, string label, double unit)
    {
        var scaled = y.Select(v => double.IsFinite(v) ? v / unit : double.NaN).ToArray();
        var line = plot.Add.ScatterLine(x, scaled);
        line.LegendText = label;
    }

    private static void Finish(Plot plot, string title, string yLabel, string path)
    {
        plot.Title(title);
        plot.XLabel("minutes from the start of the timeline");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1000, 500);
    }
}
