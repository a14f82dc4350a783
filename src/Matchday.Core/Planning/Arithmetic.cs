namespace Matchday.Core.Planning;

/// <summary>Small numeric helpers the planning formulas share.</summary>
public static class Arithmetic
{
    /// <summary>
    /// The whole number of units that cover <paramref name="x"/>: ceil, but tolerant of floating-point noise
    /// (5.922e15 / 40e9 is 148,050 and must not become 148,051).
    /// </summary>
    public static long CeilCount(double x)
    {
        if (double.IsNaN(x) || x <= 0) return 0;
        var rounded = Math.Round(x);
        return Math.Abs(x - rounded) <= 1e-9 * Math.Max(1, Math.Abs(x)) ? (long)rounded : (long)Math.Ceiling(x);
    }

    /// <summary>Shares scaled to sum to one; all-zero input gives equal shares.</summary>
    public static double[] Normalize(IReadOnlyList<double> shares)
    {
        var sum = shares.Sum();
        if (sum <= 0) return shares.Select(_ => 1.0 / shares.Count).ToArray();
        return shares.Select(s => s / sum).ToArray();
    }

    /// <summary>Whether a sum of shares is one, within half a percentage point.</summary>
    public static bool SumsToOne(double sum) => Math.Abs(sum - 1) <= 0.005;
}
