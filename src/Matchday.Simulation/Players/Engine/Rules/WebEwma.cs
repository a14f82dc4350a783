namespace Matchday.Simulation.Players.Engine.Rules;

/// <summary>
/// The weighted EWMA of shaka-player's lib/abr/ewma.js, which hls.js's src/utils/ewma.ts ports ("heavily inspired from
/// shaka-player"): alpha = exp(ln 0.5 / half-life); a sample of weight w moves the estimate by 1 - alpha^w; the
/// estimate is divided by the zero factor 1 - alpha^(total weight). One average is sampled and read with one alpha.
/// The zero factor is kept as a running product (alpha^(W + w) = alpha^W x alpha^w) instead of a Math.Pow at each
/// read: the same value up to a few ulps (JavaScript's Math.pow is not correctly rounded either), one exp a sample.
/// </summary>
internal struct WebEwma
{
    public double Estimate, TotalWeight;

    /// <summary>ln alpha, taken at the first sample: alpha^w is computed as e^(w ln alpha), one exp instead of a pow.</summary>
    private double _lnAlpha;

    /// <summary>1 - alpha^(total weight): 0 in a fresh average, 1 once alpha^(total weight) is below half an ulp of 1.</summary>
    private double _zero;

    /// <summary>alpha for a half-life (in the weight's unit).</summary>
    public static double Alpha(double halfLife) => Math.Exp(Math.Log(0.5) / halfLife);

    /// <summary>alpha^<paramref name="weight"/> for this average's <paramref name="alpha"/>.</summary>
    public double Power(double alpha, double weight)
    {
        if (_lnAlpha == 0) _lnAlpha = Math.Log(alpha);
        return Math.Exp(weight * _lnAlpha);
    }

    /// <summary>ewma.sample(weight, value).</summary>
    public void Sample(double alpha, double weight, double value) => SampleWith(Power(alpha, weight), weight, value);

    /// <summary>ewma.sample(weight, value) with alpha^weight already known (<paramref name="adj"/>, from <see cref="Power"/> or a cached value).</summary>
    public void SampleWith(double adj, double weight, double value)
    {
        var next = value * (1 - adj) + adj * Estimate;
        if (double.IsNaN(next)) return; // shaka ignores NaN samples
        Estimate = next;
        TotalWeight += weight;
        _zero = 1 - (1 - _zero) * adj;
    }

    /// <summary>ewma.getEstimate(): the estimate divided by the zero factor (as it is while that factor is 0).</summary>
    public readonly double Get() => _zero == 1 ? Estimate : _zero != 0 ? Estimate / _zero : Estimate;
}
