using ScottPlot;

namespace Matchday.Cli.Rendering;

/// <summary>
/// PNG charts of the night (ScottPlot), from <see cref="NightCharts"/>: the scenario and stage in every title, faults
/// shaded, match phases marked, objectives as threshold lines, no axis below zero, whole pods.
/// </summary>
internal static class EventCharts
{
    public static void Write(NightCharts charts, string dir)
    {
        foreach (var chart in charts.Charts)
        {
            var plot = new Plot();
            var x = charts.Minutes.ToArray();
            var top = 0.0;
            foreach (var line in chart.Lines)
            {
                var y = line.Values.ToArray();
                var scatter = plot.Add.ScatterLine(x, y);
                scatter.LegendText = line.Label;
                top = Math.Max(top, y.Where(double.IsFinite).DefaultIfEmpty(0).Max());
            }
            if (chart.Threshold is { } threshold)
            {
                var h = plot.Add.HorizontalLine(threshold, 1.5f, Colors.Red, LinePattern.Dashed);
                h.LegendText = chart.ThresholdLabel ?? "threshold";
                top = Math.Max(top, threshold);
            }
            foreach (var f in charts.Faults)
            {
                var span = plot.Add.HorizontalSpan(f.From, f.To, Colors.OrangeRed.WithAlpha(0.18));
                span.LegendText = "fault: " + f.Label;
            }
            foreach (var p in charts.Phases.Skip(1))
            {
                var v = plot.Add.VerticalLine(p.At, 1, Colors.Gray, LinePattern.Dotted);
                v.Text = p.Label;
                v.LabelOppositeAxis = true;
                v.LabelFontSize = 10;
            }
            plot.Title($"{charts.Scenario}, {charts.Stage}: {chart.Title}");
            plot.XLabel("minutes from the start of the timeline");
            plot.YLabel(chart.Unit);
            plot.Axes.SetLimitsY(0, top > 0 ? top * 1.08 : 1);
            plot.Axes.SetLimitsX(0, x.Length > 0 ? x[^1] : 1);
            if (chart.WholeNumbers) plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            plot.ShowLegend(Alignment.UpperLeft);
            plot.SavePng(Path.Combine(dir, chart.File + ".png"), 1100, 520);
        }
    }
}
