namespace Matchday.Simulation.Players.Engine.Rules;

/// <summary>
/// The weighted EWMA of shaka-player's lib/abr/ewma.js, which hls.js's src/utils/ewma.ts ports ("heavily inspired from
/// shaka-player"): alpha = exp(ln 0.5 / half-life); a sample of weight w moves the estimate by 1 - alpha^w; the
/// estimate is divided by the zero factor 1 - alpha^(total weight). One average is sampled and read with one alpha.
/// </summary>
internal struct WebEwma
{
    public double Estimate, TotalWeight;

    /// <summary>ln alpha, taken at the first sample: alpha^w is computed as e^(w ln alpha), one exp instead of a pow.</summary>
    private double _lnAlpha;

    /// <summary>60 ln 2 = -ln(2^-60): once total weight x -ln alpha passes it, alpha^(total weight) is below 2^-60.</summary>
    private const double Settled = 60 * 0.69314718055994531;

    /// <summary>alpha for a half-life (in the weight's unit).</summary>
    public static double Alpha(double halfLife) => Math.Exp(Math.Log(0.5) / halfLife);

    /// <summary>ewma.sample(weight, value).</summary>
    public void Sample(double alpha, double weight, double value)
    {
        if (_lnAlpha == 0) _lnAlpha = Math.Log(alpha);
        var adj = Math.Exp(weight * _lnAlpha);
        var next = value * (1 - adj) + adj * Estimate;
        if (double.IsNaN(next)) return; // shaka ignores NaN samples
        Estimate = next;
        TotalWeight += weight;
    }

    /// <summary>
    /// ewma.getEstimate(): the zero-corrected estimate. Once alpha^(total weight) is below 2^-60 the zero factor
    /// 1 - alpha^(total weight) rounds to exactly 1, so the estimate is returned as it is without the Math.Pow (the
    /// answer is bit for bit the same; a session's samples pass that weight after some 60 half-lives).
    /// </summary>
    public readonly double Get(double alpha)
    {
        if (TotalWeight * -_lnAlpha > Settled) return Estimate;
        var zero = 1 - Math.Pow(alpha, TotalWeight);
        return zero != 0 ? Estimate / zero : Estimate;
    }
}
