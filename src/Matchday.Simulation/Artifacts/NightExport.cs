using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Matchday.Core.Artifacts;
using Matchday.Simulation.Events;
using C = Matchday.Core.Artifacts.MetricsContract;

namespace Matchday.Simulation.Artifacts;

/// <summary>
/// One exported series of the night: its sample name (<c>streaming_viewer_seconds_total</c>, a histogram's
/// <c>_bucket</c>), labels, and per tick either what the counter gains in the tick or the gauge's value.
/// </summary>
public sealed record ExportedSeries(MetricFamily Family, string Name, ImmutableArray<(string Key, string Value)> Labels, ImmutableArray<double> PerTick, bool Counter)
{
    /// <summary>The series as PromQL and OpenMetrics write it: <c>name{k="v",...}</c>.</summary>
    public string Selector => Labels.IsEmpty ? Name : $"{Name}{{{string.Join(",", Labels.Select(l => $"{l.Key}=\"{Escape(l.Value)}\""))}}}";

    private static string Escape(string v) => v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}

/// <summary>
/// The simulated night as the metrics contract's series (<see cref="MetricsContract"/>), sampled as Prometheus would
/// scrape them: every <see cref="ScrapeInterval"/> from the start of the match, counters cumulative from 0 at the start,
/// gauges at the tick that ends at the sample's time. Timestamps start at <see cref="Epoch"/>.
/// </summary>
public sealed class NightExport
{
    /// <summary>The instant the night's timeline starts in the exported samples: 2025-01-01T00:00:00Z (Unix 1735689600), fixed so every export of a night is the same and a query can name the incident's time.</summary>
    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The scrape interval: the seed's Prometheus <c>scrape_interval</c> and the rules' evaluation interval.</summary>
    public const int ScrapeInterval = 15;

    private NightExport(double dt, int ticks, ImmutableArray<ExportedSeries> series)
    {
        Dt = dt;
        Ticks = ticks;
        Series = series;
    }

    /// <summary>Seconds per tick.</summary>
    public double Dt { get; }

    public int Ticks { get; }

    public ImmutableArray<ExportedSeries> Series { get; }

    /// <summary>The sample times, seconds from the start: 0, 15 s, ... up to the end of the night.</summary>
    public int Samples => (int)Math.Floor(Ticks * Dt / ScrapeInterval + 1e-9) + 1;

    /// <summary>Ticks ending at or before <paramref name="t"/> seconds.</summary>
    public int TicksBy(double t) => Math.Clamp((int)Math.Floor(t / Dt + 1e-9), 0, Ticks);

    /// <summary>The value of a series after <paramref name="ticksBy"/> ticks: a counter's cumulative count (from <paramref name="prefix"/> when given), a gauge's value at the last of them.</summary>
    public static double ValueAt(ExportedSeries s, int ticksBy, double[]? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (!s.Counter) return s.PerTick[Math.Clamp(ticksBy - 1, 0, s.PerTick.Length - 1)];
        if (prefix is not null) return prefix[ticksBy];
        var sum = 0.0;
        for (var i = 0; i < ticksBy; i++) sum += s.PerTick[i];
        return sum;
    }

    /// <summary>Cumulative sums: element n is the counter after n ticks.</summary>
    public static double[] Prefix(ExportedSeries s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var p = new double[s.PerTick.Length + 1];
        for (var i = 0; i < s.PerTick.Length; i++) p[i + 1] = p[i] + s.PerTick[i];
        return p;
    }

    /// <summary>The night's series under the contract. The result must come from a night compiled with <see cref="NightRequest.Metrics"/>.</summary>
    public static NightExport From(EventResult result, NightModel model)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(model);
        var x = result.Series;
        var m = x.Metrics ?? throw new ArgumentException("the night was run without NightRequest.Metrics", nameof(result));
        var dt = model.Tick.Seconds;
        var n = x.Length;
        var list = new List<ExportedSeries>();
        static ImmutableArray<(string, string)> L(params (string, string)[] labels) => [.. labels];
        ImmutableArray<double> Per(Func<int, double> f) => [.. Enumerable.Range(0, n).Select(f)];
        void Gauge(MetricFamily f, ImmutableArray<(string, string)> labels, Func<int, double> v) => list.Add(new(f, f.Sample, labels, Per(v), false));
        // A counter never falls (a fall would read as a reset): gains below zero from rounding are zero.
        void Count(MetricFamily f, ImmutableArray<(string, string)> labels, Func<int, double> gain) => list.Add(new(f, f.Sample, labels, Per(i => Math.Max(0, gain(i))), true));
        void Histogram(MetricFamily f, ImmutableArray<double> bounds, Func<int, int, double> within, Func<int, double> count, Func<int, double> sum)
        {
            for (var b = 0; b < bounds.Length; b++)
            {
                var bound = b;
                list.Add(new(f, f.Name + "_bucket", L(("le", C.Le(bounds[b]))), Per(i => Math.Max(0, within(bound, i))), true));
            }
            list.Add(new(f, f.Name + "_bucket", L(("le", "+Inf")), Per(i => Math.Max(0, count(i))), true));
            list.Add(new(f, f.Name + "_count", [], Per(i => Math.Max(0, count(i))), true));
            list.Add(new(f, f.Name + "_sum", [], Per(i => Math.Max(0, sum(i))), true));
        }

        // The abandoned split as the contract's states: those who will come back and those who left for good.
        var returning = ImmutableArray.CreateRange(x.Abandoned.Zip(x.Left, (a, l) => Math.Max(0, a - l)));
        var states = new[] { x.Joining, x.Playing, x.Stalled, x.Failed, returning, x.Left };
        for (var k = 0; k < states.Length; k++)
        {
            var s = states[k];
            Gauge(C.Viewers, L(("state", C.States[k])), i => s[i]);
        }
        for (var k = 0; k < states.Length; k++)
        {
            var s = states[k];
            Count(C.ViewerSeconds, L(("state", C.States[k])), i => s[i] * dt);
        }
        Count(C.Disconnects, [], i => m.Disconnects[i]);
        Count(C.JoinRejections, [], i => x.FailedJoinsPerSecond[i] * dt);
        Histogram(C.Startup, m.StartupBounds, (b, i) => m.StartedWithin[b][i], i => m.Started[i], i => m.StartupSeconds[i]);
        Count(C.StartupAbandonments, [], i => m.StartAbandoned[i]);
        Histogram(C.Latency, m.LatencyBounds, (b, i) => m.EdgeRequests[i] * dt * m.LatencyWithin[b][i], i => m.EdgeRequests[i] * dt, i => m.EdgeRequests[i] * dt * x.TtfbMean[i]);
        Count(C.EdgeRequests, [], i => m.EdgeRequests[i] * dt);
        Count(C.OriginRequests, L(("outcome", "served")), i => x.OriginRequests[i] * x.OriginServed[i] * dt);
        Count(C.OriginRequests, L(("outcome", "failed")), i => x.OriginRequests[i] * (1 - x.OriginServed[i]) * dt);
        for (var k = 0; k < model.Cells.Length; k++)
        {
            var (cell, egress) = (model.Cells[k], x.CellEgress[k]);
            Count(C.Egress, L(("region", model.Regions[cell.Region]), ("cdn", model.Cdns[cell.Cdn])), i => egress[i] * dt / 8);
        }
        for (var k = 0; k < model.Cells.Length; k++)
        {
            var (cell, u) = (model.Cells[k], x.CellUtilization[k]);
            Gauge(C.EdgeUtilization, L(("region", model.Regions[cell.Region]), ("cdn", model.Cdns[cell.Cdn])), i => u[i]);
        }
        for (var q = 0; q < model.RungNames.Length; q++)
        {
            var share = x.RungShare[q];
            Gauge(C.RungViewers, L(("rung", model.RungNames[q])), i => x.Playing[i] * share[i]);
        }
        Count(C.QualitySwitches, [], i => m.Switches[i]);
        Count(C.AuthValidations, L(("outcome", "served")), i => (x.AuthLoad[i] - x.AuthRejectedPerSecond[i]) * dt);
        Count(C.AuthValidations, L(("outcome", "rejected")), i => x.AuthRejectedPerSecond[i] * dt);
        var cpu = model.EncodingCpu.Value;
        Gauge(C.EncoderCpu, [], _ => cpu);
        Gauge(C.OriginRegionsFailed, [], i => m.RegionsFailed[i]);
        var ns = C.Namespace(model.Scenario);
        var deployment = L(("namespace", ns), ("deployment", C.OriginDeployment));
        Gauge(C.DeploymentReplicas, deployment, i => x.OriginReplicas[i]);
        Gauge(C.DeploymentReady, deployment, i => x.OriginReady[i]);
        var hpa = L(("namespace", ns), ("horizontalpodautoscaler", ArtifactText.KubernetesName(model.Scenario.Autoscaling.Name)));
        var (min, max) = (model.OriginHpa.MinReplicas, model.OriginHpa.MaxReplicas);
        Gauge(C.HpaMin, hpa, _ => min);
        Gauge(C.HpaMax, hpa, _ => max);
        return new NightExport(dt, n, [.. list]);
    }

    /// <summary>
    /// The OpenMetrics text exposition of the night, every sample timestamped (what <c>promtool tsdb
    /// create-blocks-from openmetrics</c> reads): each family's HELP, TYPE and UNIT, then its series one after another
    /// in time order, values to 10 significant digits, and <c># EOF</c>.
    /// </summary>
    public void WriteOpenMetrics(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var inv = CultureInfo.InvariantCulture;
        var epoch = Epoch.ToUnixTimeSeconds();
        var samples = Samples;
        var line = new StringBuilder(128);
        foreach (var family in Series.GroupBy(s => s.Family))
        {
            var f = family.Key;
            w.Write("# HELP "); w.Write(f.Name); w.Write(' '); w.WriteLine(f.Help.Replace("\\", "\\\\", StringComparison.Ordinal));
            w.Write("# TYPE "); w.Write(f.Name); w.Write(' '); w.WriteLine(f.Type.ToString().ToLowerInvariant());
            if (f.Unit.Length > 0) { w.Write("# UNIT "); w.Write(f.Name); w.Write(' '); w.WriteLine(f.Unit); }
            foreach (var s in family)
            {
                var prefix = s.Counter ? Prefix(s) : null;
                var selector = s.Selector;
                for (var j = 0; j < samples; j++)
                {
                    var v = ValueAt(s, TicksBy(j * ScrapeInterval), prefix);
                    line.Clear().Append(selector).Append(' ').Append(Value(v)).Append(' ').Append((epoch + (long)j * ScrapeInterval).ToString(inv));
                    w.WriteLine(line);
                }
            }
        }
        w.WriteLine("# EOF");
    }

    /// <summary>A sample value: 10 significant digits (a five-minute rate of a night-long counter keeps eight), <c>+Inf</c>, never negative zero.</summary>
    public static string Value(double v)
    {
        if (double.IsPositiveInfinity(v)) return "+Inf";
        if (double.IsNegativeInfinity(v)) return "-Inf";
        if (double.IsNaN(v)) return "NaN";
        if (Math.Abs(v) < 1e-300) return "0";
        return double.Parse(v.ToString("G10", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
    }
}
