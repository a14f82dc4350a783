using System.Collections.Immutable;
using Matchday.Core.Artifacts;
using Matchday.Core.Scenarios;
using C = Matchday.Core.Artifacts.MetricsContract;

namespace Matchday.Simulation.Artifacts;

/// <summary>One stretch of time an alert fires, in seconds from the start of the night (<see cref="End"/> null: to the end).</summary>
public sealed record AlertEpisode(AlertingRule Rule, double Start, double? End);

/// <summary>
/// What the rules must do on the night, computed by Matchday from the night's own per-tick series, not by Prometheus:
/// every evaluation interval each recorded signal is taken over its window exactly (sums of what each one-second tick
/// added, over the ticks inside the window; gauges at the tick ending at the evaluation), each alert's conditions are
/// compared, and an alert fires once they have held for its <c>for:</c>, as Prometheus's rule manager does. The
/// latency p95 follows <c>histogram_quantile</c>'s definition (linear within the bucket where the rank falls) over the
/// window's bucket counts. promtool, given the same night sampled every 15 s, must agree within a minute.
/// </summary>
public sealed class AlertForecast
{
    private readonly NightExport _night;
    private readonly Dictionary<string, double[]> _prefix = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<double>> _gauges = new(StringComparer.Ordinal);
    private readonly Dictionary<AlertingRule, bool[]> _firing = [];

    private AlertForecast(NightExport night, PrometheusRules rules)
    {
        _night = night;
        Rules = rules;
        foreach (var s in night.Series)
        {
            if (s.Counter) _prefix[s.Selector] = NightExport.Prefix(s);
            else _gauges[s.Selector] = s.PerTick;
        }
        var step = rules.Interval.Seconds;
        var count = (int)Math.Floor(night.Ticks * night.Dt / step + 1e-9) + 1;
        Times = [.. Enumerable.Range(0, count).Select(k => k * step)];
    }

    public PrometheusRules Rules { get; }

    /// <summary>The evaluation times, seconds from the start: 0, the interval, ... to the end of the night.</summary>
    public ImmutableArray<double> Times { get; }

    /// <summary>Whether <paramref name="rule"/> fires at each evaluation time.</summary>
    public IReadOnlyList<bool> Firing(AlertingRule rule) => _firing[rule];

    /// <summary>Every stretch each alert fires, in rule order.</summary>
    public ImmutableArray<AlertEpisode> Episodes { get; private set; } = [];

    public static AlertForecast Run(PrometheusRules rules, NightExport night)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(night);
        var f = new AlertForecast(night, rules);
        var episodes = ImmutableArray.CreateBuilder<AlertEpisode>();
        foreach (var rule in rules.Alerts)
        {
            var firing = new bool[f.Times.Length];
            double? activeAt = null;
            for (var k = 0; k < f.Times.Length; k++)
            {
                var t = f.Times[k];
                var holds = rule.When.All(c => RunbookMetrics.Compare(c.Op, f.Value(c.Signal, t), c.Threshold));
                activeAt = holds ? activeAt ?? t : null;
                firing[k] = activeAt is { } a && t - a >= rule.For.Seconds - 1e-9;
            }
            f._firing[rule] = firing;
            for (var k = 0; k < firing.Length; k++)
            {
                if (!firing[k] || (k > 0 && firing[k - 1])) continue;
                var end = k;
                while (end < firing.Length && firing[end]) end++;
                episodes.Add(new AlertEpisode(rule, f.Times[k], end < firing.Length ? f.Times[end] : null));
            }
        }
        f.Episodes = episodes.ToImmutable();
        return f;
    }

    /// <summary>A recorded signal's value at <paramref name="t"/> seconds, from the night's ticks (NaN where Prometheus would have no value).</summary>
    public double Value(Signal signal, double t)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var w = signal.Window.Seconds;
        return signal.Kind switch
        {
            SignalKind.ErrorRatio => 1 - Ratio(Good(signal.Level!, t, w), Total(signal.Level!, t, w)),
            SignalKind.BudgetRemaining => 1 - (1 - Ratio(Good(signal.Level!, t, w), Total(signal.Level!, t, w))) / signal.Level!.Budget,
            SignalKind.LatencyP95 => Quantile(0.95, t, w),
            SignalKind.DisconnectRate => Sum(C.Disconnects.Sample, t, w) / w,
            SignalKind.CacheHitRatio => 1 - Ratio(Sum(Selector(C.OriginRequests.Sample, "outcome", "served"), t, w) + Sum(Selector(C.OriginRequests.Sample, "outcome", "failed"), t, w), Sum(C.EdgeRequests.Sample, t, w)),
            SignalKind.EncoderCpu => Gauge(C.EncoderCpu.Sample, t),
            SignalKind.RegionsFailed => Gauge(C.OriginRegionsFailed.Sample, t),
            SignalKind.Viewers => C.States.Sum(state => Gauge(Selector(C.Viewers.Sample, "state", state), t)),
            SignalKind.EgressBits => 8 * _prefix.Keys.Where(k => k.StartsWith(C.Egress.Sample + "{", StringComparison.Ordinal)).Sum(k => Sum(k, t, w)) / w,
            SignalKind.SwitchRate => 60 * Ratio(Sum(C.QualitySwitches.Sample, t, w), Sum(Selector(C.ViewerSeconds.Sample, "state", "playing"), t, w)),
        };
    }

    private static string Selector(string name, string key, string value) => $"{name}{{{key}=\"{value}\"}}";

    private static double Ratio(double a, double b) => b > 0 ? a / b : double.NaN;

    /// <summary>What a counter gained over the window (t − w, t].</summary>
    private double Sum(string selector, double t, double w)
    {
        var p = _prefix[selector];
        return p[_night.TicksBy(t)] - p[_night.TicksBy(t - w)];
    }

    private double Gauge(string selector, double t) => NightExport.ValueAt(new ExportedSeries(C.Viewers, "", [], _gauges[selector], false), _night.TicksBy(t));

    private double Good(ServiceLevel l, double t, double w) => l.Kind switch
    {
        SliKind.Availability or SliKind.Rebuffering => Sum(Selector(C.ViewerSeconds.Sample, "state", "playing"), t, w),
        SliKind.Latency => Sum(Selector(C.Latency.Name + "_bucket", "le", C.Le(l.Threshold)), t, w),
        SliKind.Startup => Sum(Selector(C.Startup.Name + "_bucket", "le", C.Le(l.Threshold)), t, w),
    };

    private double Total(ServiceLevel l, double t, double w) => l.Kind switch
    {
        SliKind.Availability => C.States.Where(state => state != C.LeftState).Sum(state => Sum(Selector(C.ViewerSeconds.Sample, "state", state), t, w)),
        SliKind.Rebuffering => Sum(Selector(C.ViewerSeconds.Sample, "state", "playing"), t, w) + Sum(Selector(C.ViewerSeconds.Sample, "state", "stalled"), t, w),
        SliKind.Latency => Sum(C.Latency.Name + "_count", t, w),
        SliKind.Startup => Sum(C.Startup.Name + "_count", t, w) + Sum(C.StartupAbandonments.Sample, t, w),
    };

    /// <summary>
    /// <c>histogram_quantile(q, ...)</c> over the window's bucket counts: the rank q × count falls in the first bucket
    /// whose cumulative count reaches it; the value is interpolated linearly within that bucket (from 0 for the first);
    /// a rank in the +Inf bucket gives the highest finite bound; no requests give NaN.
    /// </summary>
    private double Quantile(double q, double t, double w)
    {
        var buckets = _night.Series.Where(s => s.Family == C.Latency && s.Name.EndsWith("_bucket", StringComparison.Ordinal))
            .Select(s => (Le: s.Labels[0].Value == "+Inf" ? double.PositiveInfinity : double.Parse(s.Labels[0].Value, System.Globalization.CultureInfo.InvariantCulture), Count: Sum(s.Selector, t, w)))
            .OrderBy(b => b.Le).ToList();
        var total = buckets[^1].Count;
        if (!(total > 0)) return double.NaN;
        var rank = q * total;
        for (var b = 0; b < buckets.Count; b++)
        {
            if (buckets[b].Count < rank) continue;
            if (double.IsPositiveInfinity(buckets[b].Le)) return buckets[b - 1].Le;
            var (lower, below) = b == 0 ? (0.0, 0.0) : (buckets[b - 1].Le, buckets[b - 1].Count);
            var inBucket = buckets[b].Count - below;
            return inBucket > 0 ? lower + (buckets[b].Le - lower) * (rank - below) / inBucket : buckets[b].Le;
        }
        return buckets[^2].Le;
    }
}
