namespace Matchday.Simulation.Players.Engine.Rules;

/// <summary>
/// The weighted EWMA of shaka-player's lib/abr/ewma.js, which hls.js's src/utils/ewma.ts ports ("heavily inspired from
/// shaka-player"): alpha = exp(ln 0.5 / half-life); a sample of weight w moves the estimate by 1 - alpha^w; the
/// estimate is divided by the zero factor 1 - alpha^(total weight).
/// </summary>
internal struct WebEwma
{
    public double Estimate, TotalWeight;

    /// <summary>alpha for a half-life (in the weight's unit).</summary>
    public static double Alpha(double halfLife) => Math.Exp(Math.Log(0.5) / halfLife);

    /// <summary>ewma.sample(weight, value).</summary>
    public void Sample(double alpha, double weight, double value)
    {
        var adj = Math.Pow(alpha, weight);
        var next = value * (1 - adj) + adj * Estimate;
        if (double.IsNaN(next)) return; // shaka ignores NaN samples
        Estimate = next;
        TotalWeight += weight;
    }

    /// <summary>ewma.getEstimate(): the zero-corrected estimate.</summary>
    public readonly double Get(double alpha)
    {
        var zero = 1 - Math.Pow(alpha, TotalWeight);
        return zero != 0 ? Estimate / zero : Estimate;
    }
}
