namespace Matchday.Simulation.Events;

/// <summary>
/// Startup times weighted by viewers, in log-spaced bins (50 per decade from 10 ms to 1000 s, about 4.7% wide)
/// plus one bin for viewers who never started. Quantiles are read at a bin's upper edge: never optimistic.
/// </summary>
internal sealed class StartupHistogram
{
    private const double Min = 0.01;
    private const int PerDecade = 50;
    private const int Bins = 5 * PerDecade;
    private readonly double[] _weight = new double[Bins + 2]; // [0]: below Min; [Bins + 1]: never

    public double Total { get; private set; }

    public void Add(double seconds, double weight)
    {
        if (!(weight > 0)) return;
        int bin;
        if (double.IsPositiveInfinity(seconds) || double.IsNaN(seconds)) bin = Bins + 1;
        else if (seconds < Min) bin = 0;
        else bin = Math.Min(Bins, 1 + (int)Math.Floor(Math.Log10(seconds / Min) * PerDecade));
        _weight[bin] += weight;
        Total += weight;
    }

    /// <summary>
    /// The smallest bin edge with at least <paramref name="q"/> of the weight at or below it; +∞ if that is the
    /// never-started bin; NaN when no join ended (nothing to measure, not a startup of 0 s).
    /// </summary>
    public double Quantile(double q)
    {
        if (Total <= 0) return double.NaN;
        var acc = 0.0;
        for (var bin = 0; bin < _weight.Length; bin++)
        {
            acc += _weight[bin];
            if (acc >= q * Total * (1 - 1e-9))
            {
                if (bin == Bins + 1) return double.PositiveInfinity;
                return Min * Math.Pow(10, (double)bin / PerDecade);
            }
        }
        return double.PositiveInfinity;
    }
}
