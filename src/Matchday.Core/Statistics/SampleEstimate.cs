namespace Matchday.Core.Statistics;

/// <summary>A figure measured on a sample, with the 95% confidence interval the sample's size allows.</summary>
/// <param name="Value">The point estimate.</param>
/// <param name="Low">Lower end of the 95% interval.</param>
/// <param name="High">Upper end of the 95% interval (+∞ when the sample cannot bound it, e.g. a quantile among sessions that never started).</param>
public readonly record struct Estimate(double Value, double Low, double High)
{
    /// <summary>Whether <paramref name="x"/> lies within the interval: the sample cannot tell which side of it the population is.</summary>
    public bool Straddles(double x) => Low <= x && x <= High;
}

/// <summary>
/// Estimates from a sample of sessions, with 95% intervals: a quantile by the distribution-free order-statistic interval,
/// and a ratio of sums (stall time over watch time, switches per minute) by the ratio estimator's linearized variance.
/// </summary>
public static class SampleEstimates
{
    /// <summary>The standard normal quantile of 97.5%: a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// The nearest-rank q-quantile of <paramref name="sorted"/> (ascending) and the order statistics that bound it with 95%
    /// confidence: ranks n·q ∓ z·√(n·q·(1 − q)) (the normal approximation to the binomial count of samples below the quantile;
    /// Conover, Practical Nonparametric Statistics, 3rd ed., §3.2). NaN for an empty sample.
    /// </summary>
    public static Estimate Quantile(ReadOnlySpan<double> sorted, double q)
    {
        var n = sorted.Length;
        if (n == 0) return new Estimate(double.NaN, double.NaN, double.NaN);
        var value = Percentiles.NearestRank(sorted, q);
        var spread = Z95 * Math.Sqrt(n * q * (1 - q));
        var low = (int)Math.Floor(n * q - spread); // 1-based ranks
        var high = (int)Math.Ceiling(n * q + spread);
        return new Estimate(value, low < 1 ? sorted[0] : sorted[low - 1], high > n ? double.PositiveInfinity : sorted[high - 1]);
    }

    /// <summary>
    /// The q-quantile of a population of which a known share <paramref name="never"/> is +∞ (counted, not sampled: joins
    /// that never started) and the rest is sampled by <paramref name="sorted"/>: P(X ≤ x) = (1 − never)·F(x), so it is
    /// the sample's q / (1 − never) quantile, with that quantile's interval; +∞ for certain once never > 1 − q.
    /// </summary>
    public static Estimate Quantile(ReadOnlySpan<double> sorted, double q, double never)
    {
        if (!(never > 0)) return Quantile(sorted, q);
        var within = q / (1 - never);
        if (!(within <= 1)) return new Estimate(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity);
        return Quantile(sorted, within);
    }

    /// <summary>
    /// The 95% upper bound of a proportion when none of <paramref name="n"/> trials succeeded: 1 − 0.05^(1/n), about 3/n
    /// (the "rule of three": Hanley &amp; Lippman-Hand, If nothing goes wrong, is everything all right?, JAMA 249(13), 1983).
    /// </summary>
    public static double NoneSeenUpper(double n) => n > 0 ? 1 - Math.Pow(0.05, 1 / n) : 1;

    /// <summary>
    /// R = Σy / Σx over sessions with their (y, x), and its 95% interval from the linearized variance
    /// Var(R) ≈ Σ(yᵢ − R·xᵢ)² / (n(n − 1)·x̄²) (Cochran, Sampling Techniques, 3rd ed., §6.3), clipped at zero.
    /// NaN when Σx is zero. When no session had any y, that variance is zero and says nothing: the upper end is then
    /// the rule of three for <paramref name="none"/>: a <see cref="ZeroEvents.Share"/> (y ≤ x in every session, as stall
    /// within watch time) is at most the share of sessions that could have had some unseen, <see cref="NoneSeenUpper"/>;
    /// <see cref="ZeroEvents.Count"/> (y counts events over exposure x, as switches over minutes) is at most −ln 0.05 / Σx
    /// (the Poisson bound of zero events). <see cref="ZeroEvents.Variance"/> keeps the variance's interval.
    /// </summary>
    public static Estimate Ratio(ReadOnlySpan<double> y, ReadOnlySpan<double> x, ZeroEvents none = ZeroEvents.Variance)
    {
        if (y.Length != x.Length) throw new ArgumentException("y and x must have one value per session", nameof(y));
        var n = y.Length;
        double sy = 0, sx = 0;
        for (var i = 0; i < n; i++) { sy += y[i]; sx += x[i]; }
        if (!(sx > 0)) return new Estimate(double.NaN, double.NaN, double.NaN);
        var r = sy / sx;
        if (sy == 0 && none != ZeroEvents.Variance)
            return new Estimate(0, 0, none == ZeroEvents.Share ? NoneSeenUpper(n) : -Math.Log(0.05) / sx);
        if (n < 2) return new Estimate(r, 0, double.PositiveInfinity);
        double ss = 0;
        for (var i = 0; i < n; i++)
        {
            var d = y[i] - r * x[i];
            ss += d * d;
        }
        var mean = sx / n;
        var se = Math.Sqrt(ss / ((double)n * (n - 1))) / mean;
        return new Estimate(r, Math.Max(0, r - Z95 * se), r + Z95 * se);
    }
}

/// <summary>What a ratio's interval says when no session had any of the numerator (see <see cref="SampleEstimates.Ratio"/>).</summary>
public enum ZeroEvents
{
    /// <summary>The linearized variance's interval as it is: [0, 0].</summary>
    Variance,

    /// <summary>A share (y ≤ x per session): the rule of three over sessions.</summary>
    Share,

    /// <summary>Events over an exposure: the Poisson bound of zero events.</summary>
    Count,
}
