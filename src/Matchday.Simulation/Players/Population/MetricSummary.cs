using System.Collections.Immutable;

namespace Matchday.Simulation.Players.Population;

/// <summary>One histogram bin: values in [Lower, Upper) (the last bin includes its upper edge).</summary>
public readonly record struct HistogramBin(double Lower, double Upper, int Count);

/// <summary>
/// The distribution of one metric over a set of sessions: mean, nearest-rank percentiles (p50/p90/p95/p99), extremes
/// and an equal-width histogram. Values are in the metric's SI unit (<see cref="Unit"/>). Sessions where the metric
/// does not apply (NaN, e.g. startup time of a viewer who never started) are left out and counted in <see cref="Missing"/>.
/// </summary>
public sealed record MetricSummary
{
    /// <summary>Metric name, e.g. <c>startup_time</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Unit of the values: <c>s</c>, <c>bit/s</c>, <c>ratio</c>, <c>count</c>, <c>1/min</c>, <c>B</c>, <c>score</c> (Sabre's utility units).</summary>
    public required string Unit { get; init; }

    /// <summary>Sessions with a value.</summary>
    public required int Count { get; init; }

    /// <summary>Sessions without a value.</summary>
    public required int Missing { get; init; }

    public required double Mean { get; init; }
    public required double Min { get; init; }
    public required double P50 { get; init; }
    public required double P90 { get; init; }
    public required double P95 { get; init; }
    public required double P99 { get; init; }
    public required double Max { get; init; }

    /// <summary>Equal-width bins from <see cref="Min"/> to <see cref="Max"/>.</summary>
    public required ImmutableArray<HistogramBin> Histogram { get; init; }

    /// <summary>Summarises the values (the array is sorted in place).</summary>
    internal static MetricSummary Of(string name, string unit, double[] values, int bins)
    {
        var n = 0;
        for (var i = 0; i < values.Length; i++)
            if (!double.IsNaN(values[i])) values[n++] = values[i];
        var missing = values.Length - n;
        Array.Sort(values, 0, n);
        var v = values;
        if (n == 0)
            return new MetricSummary { Name = name, Unit = unit, Count = 0, Missing = missing, Mean = double.NaN, Min = double.NaN, P50 = double.NaN, P90 = double.NaN, P95 = double.NaN, P99 = double.NaN, Max = double.NaN, Histogram = [] };
        double sum = 0;
        for (var i = 0; i < n; i++) sum += v[i]; // sorted order: deterministic
        double Rank(double p) => v[Math.Clamp((int)Math.Ceiling(p * n) - 1, 0, n - 1)];
        var min = v[0];
        var max = v[n - 1];
        var hist = ImmutableArray.CreateBuilder<HistogramBin>(bins);
        var counts = new int[bins];
        var width = (max - min) / bins;
        for (var i = 0; i < n; i++)
        {
            var x = v[i];
            var b = width > 0 ? (int)((x - min) / width) : 0;
            counts[Math.Min(b, bins - 1)]++;
        }
        for (var b = 0; b < bins; b++) hist.Add(new HistogramBin(min + b * width, b == bins - 1 ? max : min + (b + 1) * width, counts[b]));
        return new MetricSummary
        {
            Name = name,
            Unit = unit,
            Count = n,
            Missing = missing,
            Mean = sum / n,
            Min = min,
            P50 = Rank(0.50),
            P90 = Rank(0.90),
            P95 = Rank(0.95),
            P99 = Rank(0.99),
            Max = max,
            Histogram = hist.MoveToImmutable(),
        };
    }
}
