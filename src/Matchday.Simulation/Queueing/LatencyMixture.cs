namespace Matchday.Simulation.Queueing;

/// <summary>
/// The time to first byte of a segment request as the audience experiences it, over the whole mixture of viewers:
/// each viewer group pays its access round trip, drawn from its network class's log-normal distribution (median and
/// p95), plus a shift for its edge (the region's distance, the server's queueing, the link's queue, a cache miss's
/// round trips). Requests that cannot be answered count at the client timeout. Quantiles are found by bisection over
/// the mixture's distribution function, in log time, warm-started from the last answer.
/// </summary>
internal sealed class LatencyMixture
{
    private const double Z95 = 1.6448536269514722;
    private readonly double[] _mu;
    private readonly double[] _sigma;
    private readonly double[] _meanFactor;
    private readonly int[] _class;
    private readonly double[] _shift;
    private readonly double[] _weight;
    private int _count;

    /// <param name="medians">Per network class: the median access round trip, seconds.</param>
    /// <param name="p95s">Per network class: the 95th-percentile round trip, seconds (at least the median).</param>
    /// <param name="capacity">The most components one tick can have.</param>
    public LatencyMixture(IReadOnlyList<double> medians, IReadOnlyList<double> p95s, int capacity)
    {
        var n = medians.Count;
        _mu = new double[n];
        _sigma = new double[n];
        _meanFactor = new double[n];
        for (var j = 0; j < n; j++)
        {
            _mu[j] = Math.Log(medians[j]);
            _sigma[j] = Math.Max(1e-6, Math.Log(Math.Max(p95s[j], medians[j]) / medians[j]) / Z95);
            _meanFactor[j] = Math.Exp(_sigma[j] * _sigma[j] / 2);
        }
        _class = new int[capacity];
        _shift = new double[capacity];
        _weight = new double[capacity];
    }

    /// <summary>The total weight added this tick.</summary>
    public double Weight { get; private set; }

    public void Clear()
    {
        _count = 0;
        Weight = 0;
    }

    /// <summary>
    /// Adds viewers of network class <paramref name="cls"/> whose requests take their round trip plus
    /// <paramref name="shift"/> seconds (+∞: never answered, counted at the timeout).
    /// </summary>
    public void Add(int cls, double shift, double weight)
    {
        if (!(weight > 0)) return;
        Weight += weight;
        // Requests of a class whose shifts agree to 50 µs are one component: the quantiles move by less than that.
        for (var i = 0; i < _count; i++)
        {
            if (_class[i] != cls || !(Math.Abs(_shift[i] - shift) <= MergeTolerance || double.IsPositiveInfinity(shift) && double.IsPositiveInfinity(_shift[i]))) continue;
            _shift[i] = (_shift[i] * _weight[i] + (double.IsPositiveInfinity(shift) ? shift : shift * weight)) / (_weight[i] + weight);
            if (double.IsPositiveInfinity(shift)) _shift[i] = double.PositiveInfinity;
            _weight[i] += weight;
            return;
        }
        if (_count == _class.Length) return;
        _class[_count] = cls;
        _shift[_count] = shift;
        _weight[_count] = weight;
        _count++;
    }

    /// <summary>How close two shifts must be to merge, seconds.</summary>
    private const double MergeTolerance = 50e-6;

    /// <summary>The share of requests answered within <paramref name="x"/> seconds.</summary>
    public double Cdf(double x)
    {
        if (Weight <= 0) return 1;
        var sum = 0.0;
        for (var i = 0; i < _count; i++)
        {
            var y = x - _shift[i];
            if (y <= 0) continue;
            var c = _class[i];
            sum += _weight[i] * Phi((Math.Log(y) - _mu[c]) / _sigma[c]);
        }
        return sum / Weight;
    }

    /// <summary>The q-quantile of the time to first byte, capped at <paramref name="timeout"/>.</summary>
    public double Quantile(double q, double timeout, double hint)
    {
        if (Weight <= 0) return 0;
        if (Cdf(timeout) < q) return timeout;
        // Illinois regula falsi on u = ln x, bracketed around the hint when it brackets, else over [0.1 ms, timeout].
        double lo = Math.Log(1e-4), hi = Math.Log(timeout);
        if (hint > 1e-4 && hint < timeout)
        {
            var a = Math.Log(hint) - 0.05;
            var b = Math.Log(hint) + 0.05;
            if (Cdf(Math.Exp(a)) < q && Cdf(Math.Exp(b)) >= q) (lo, hi) = (a, b);
        }
        var flo = Cdf(Math.Exp(lo)) - q;
        var fhi = Cdf(Math.Exp(hi)) - q;
        if (flo >= 0) return Math.Exp(lo);
        var side = 0;
        for (var i = 0; i < 60 && hi - lo > 1e-3; i++)
        {
            var u = (lo * fhi - hi * flo) / (fhi - flo);
            if (!(u > lo && u < hi)) u = 0.5 * (lo + hi);
            var f = Cdf(Math.Exp(u)) - q;
            if (f < 0)
            {
                lo = u;
                flo = f;
                if (side == -1) fhi /= 2;
                side = -1;
            }
            else
            {
                hi = u;
                fhi = f;
                if (side == 1) flo /= 2;
                side = 1;
            }
        }
        return Math.Exp(hi);
    }

    /// <summary>The mean time to first byte, each request capped at <paramref name="timeout"/> (approximately, for the uncapped part).</summary>
    public double Mean(double timeout)
    {
        if (Weight <= 0) return 0;
        var sum = 0.0;
        for (var i = 0; i < _count; i++)
        {
            var c = _class[i];
            sum += _weight[i] * Math.Min(timeout, _shift[i] + Math.Exp(_mu[c]) * _meanFactor[c]);
        }
        return sum / Weight;
    }

    /// <summary>The standard normal distribution function (Abramowitz &amp; Stegun 7.1.26 through erfc; error below 1.5e-7).</summary>
    internal static double Phi(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.3275911 * x);
        var erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.Exp(-x * x);
        return z >= 0 ? 1 - erfc / 2 : erfc / 2;
    }
}
