namespace Matchday.Core.Statistics;

/// <summary>
/// Percentiles as every part of Matchday takes them: the nearest-rank method (the smallest value with at least q of the
/// samples at or below it), never interpolated, so a reported p95 is a value that was observed.
/// </summary>
public static class Percentiles
{
    /// <summary>The 0-based index of the q-quantile in <paramref name="count"/> sorted samples: ⌈q·n⌉ − 1, clamped.</summary>
    public static int NearestRankIndex(int count, double q) => Math.Clamp((int)Math.Ceiling(q * count) - 1, 0, Math.Max(0, count - 1));

    /// <summary>The q-quantile of samples already sorted ascending; NaN when there are none.</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Count == 0 ? double.NaN : sorted[NearestRankIndex(sorted.Count, q)];
    }

    /// <summary>The q-quantile of samples already sorted ascending; NaN when there are none.</summary>
    public static double NearestRank(ReadOnlySpan<double> sorted, double q) =>
        sorted.IsEmpty ? double.NaN : sorted[NearestRankIndex(sorted.Length, q)];

    /// <summary>
    /// The weighted q-quantile of values sorted ascending with their weights: the smallest value with at least q of the
    /// total weight at or below it. With no weight at all, the smallest value (0 when there are none).
    /// </summary>
    public static double WeightedNearestRank(ReadOnlySpan<double> sortedValues, ReadOnlySpan<double> weights, double total, double q)
    {
        if (sortedValues.IsEmpty) return 0;
        if (total <= 0) return sortedValues[0];
        var acc = 0.0;
        for (var i = 0; i < sortedValues.Length; i++)
        {
            acc += weights[i];
            if (acc >= q * total * (1 - 1e-9)) return sortedValues[i];
        }
        return sortedValues[^1];
    }
}
