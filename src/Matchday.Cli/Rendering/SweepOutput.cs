using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Matchday.Cli.Commands;
using Matchday.Simulation.Events;
using Matchday.Simulation.Sweeps;
using ScottPlot;

namespace Matchday.Cli.Rendering;

/// <summary>A sweep as data (JSON), as a wide CSV, as a table and as a chart.</summary>
internal sealed record SweepOutput(string? Stage, bool Simulated, ImmutableArray<SweepOutput.VaryDto> Vary, ImmutableArray<SweepOutput.FigureDto> Figures,
    ImmutableArray<SweepOutput.PointDto> Points, ImmutableArray<SweepOutput.GateDto> Gates)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A varied field and the values it took, as written.</summary>
    public sealed record VaryDto(string Path, ImmutableArray<string> Values);

    /// <summary>A figure shown: its name, the unit of its numbers, what it is.</summary>
    public sealed record FigureDto(string Name, string Unit, string Description);

    /// <summary>
    /// One point: the values as written (<c>values</c>), the same as numbers in base units where they are quantities
    /// (<c>numbers</c>, null otherwise), the figures (null where not finite), and the objectives broken there.
    /// </summary>
    public sealed record PointDto(ImmutableDictionary<string, string> Values, ImmutableDictionary<string, double?> Numbers,
        ImmutableDictionary<string, double?> Figures, ImmutableArray<SloObjective> Broken);

    /// <summary>A <c>--fail-on</c> condition and the points (indexes into <c>points</c>) where it failed.</summary>
    public sealed record GateDto(string Condition, ImmutableArray<int> FailedPoints);

    public static SweepOutput Of(SweepResult r, string? stage, bool simulated, ImmutableArray<SweepGate> gates) => new(
        stage, simulated,
        [.. r.Vary.Select(v => new VaryDto(v.Path, v.Values))],
        [.. r.Show.Select(f => new FigureDto(f.Name, f.Unit, f.Description))],
        [.. r.Points.Select(p => new PointDto(
            p.Values.ToImmutableDictionary(o => o.Path, o => o.Value),
            p.Values.ToImmutableDictionary(o => o.Path, o => AuditOutput.Quantity(o.Value).Value),
            r.Show.Select((f, i) => (f, i)).ToImmutableDictionary(x => x.f.Name, x => double.IsFinite(p.Figures[x.i]) ? p.Figures[x.i] : (double?)null),
            [.. p.Verdicts.Where(v => !v.Met).Select(v => v.Objective).Distinct()]))],
        [.. gates.Select(g =>
        {
            var k = r.Show.IndexOf(r.Show.First(f => f.Name == g.Figure.Name));
            return new GateDto(g.Text, [.. r.Points.Select((p, i) => (p, i)).Where(x => g.FailsAt(x.p.Figures[k])).Select(x => x.i)]);
        })]);

    /// <summary>The table: one row per point, the varied fields then the figures, humanized; the verdicts when simulated.</summary>
    public static Report Report(SweepResult r, Inputs inputs, bool simulated)
    {
        var columns = r.Vary.Select(v => v.Path).Concat(r.Show.Select(f => f.Name)).ToList();
        if (simulated) columns.Add("verdict");
        var b = new SectionBuilder($"{r.Points.Length} point(s){(simulated ? ", each a simulated night" : "")}", [.. columns]);
        foreach (var p in r.Points)
        {
            var cells = p.Values.Select(o => o.Value).Concat(r.Show.Select((f, i) => f.Format(p.Figures[i]))).ToList();
            if (simulated)
            {
                var broken = p.Verdicts.Where(v => !v.Met).Select(v => Commands.Gates.Name(v.Objective)).Distinct().ToArray();
                cells.Add(broken.Length == 0 ? "all met" : "BROKEN: " + string.Join(", ", broken));
            }
            b.Row([.. cells]);
        }
        b.Note("Figures: " + string.Join("; ", r.Show.Select(f => $"{f.Name} = {f.Description}")) + ".");
        return new Report($"Matchday sweep: {inputs.Describe()}", [b.Build()]).WithInputs(inputs);
    }

    /// <summary>Wide CSV: one row per point; the varied fields as written, then each figure as a number in its base unit (docs/json.md).</summary>
    public static string Csv(SweepResult r)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', r.Vary.Select(v => Quote(v.Path)).Concat(r.Show.Select(f => $"{f.Name} ({f.Unit})"))).Append('\n');
        foreach (var p in r.Points)
            sb.AppendJoin(',', p.Values.Select(o => Quote(o.Value)).Concat(p.Figures.Select(x => double.IsFinite(x) ? x.ToString("R", Inv) : ""))).Append('\n');
        return sb.ToString();

        static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }

    /// <summary>
    /// One small chart per figure against the first varied field (as a number where it is a quantity, else by position);
    /// with a second varied field, one line per value of it.
    /// </summary>
    public static void Chart(SweepResult r, string scenario, string path)
    {
        var first = r.Vary[0];
        var numbers = first.Values.Select(v => AuditOutput.Quantity(v).Value).ToArray();
        var numeric = numbers.All(n => n is not null);
        var multiplot = new Multiplot();
        multiplot.AddPlots(r.Show.Length);
        for (var k = 0; k < r.Show.Length; k++)
        {
            var f = r.Show[k];
            var plot = multiplot.GetPlot(k);
            var groups = r.Points.Select((p, i) => (p, i)).GroupBy(x => string.Join(", ", x.p.Values.Skip(1)));
            foreach (var g in groups)
            {
                var xs = g.Select(x => numeric ? numbers[first.Values.IndexOf(x.p.Values[0].Value)]!.Value : first.Values.IndexOf(x.p.Values[0].Value)).ToArray();
                var ys = g.Select(x => Scale(f, x.p.Figures[k])).ToArray();
                var line = plot.Add.ScatterLine(xs, ys);
                line.MarkerSize = 6;
                if (g.Key.Length > 0) line.LegendText = g.Key;
            }
            plot.Title($"{scenario}: {f.Name}");
            plot.YLabel($"{f.Name} ({Unit(f)})");
            plot.XLabel(first.Path);
            // Ticks at the values swept, labelled as they were written (1.4B, 30 s), when there are few enough to read.
            if (!numeric || first.Values.Length <= 16)
                plot.Axes.Bottom.SetTicks([.. first.Values.Select((_, i) => numeric ? numbers[i]!.Value : i)], [.. first.Values]);
            if (groups.Count() > 1) plot.ShowLegend(Alignment.UpperLeft);
            var lowest = r.Points.Select(p => Scale(f, p.Figures[k])).Where(double.IsFinite).DefaultIfEmpty(0).Min();
            if (lowest >= 0 && f.Kind is FigureKind.Count or FigureKind.Viewers or FigureKind.Money or FigureKind.Bitrate) plot.Axes.Rules.Add(new ScottPlot.AxisRules.LockedBottom(plot.Axes.Left, 0));
        }
        multiplot.SavePng(path, 900, Math.Max(300, 260 * r.Show.Length));
    }

    private static double Scale(SweepFigure f, double x) => f.Kind switch
    {
        FigureKind.Fraction => x * 100,
        FigureKind.Bitrate => x / 1e12,
        FigureKind.Money => x / 1e6,
        FigureKind.Count or FigureKind.Viewers or FigureKind.Duration or FigureKind.PerMinute => x,
    };

    private static string Unit(SweepFigure f) => f.Kind switch
    {
        FigureKind.Fraction => "%",
        FigureKind.Bitrate => "Tbps",
        FigureKind.Money => "$M",
        FigureKind.Count => "count",
        FigureKind.Viewers => "viewers",
        FigureKind.Duration => "s",
        FigureKind.PerMinute => "per minute",
    };
}
