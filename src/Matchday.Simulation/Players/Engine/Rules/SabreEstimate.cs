using System.Runtime.CompilerServices;

namespace Matchday.Simulation.Players.Engine.Rules;

/// <summary>
/// Sabre's throughput history (src/sabre.py <c>Ewma</c> and <c>SlidingWindow</c>) and its
/// <c>Abr.quality_from_throughput</c>: what every Sabre-family rule reads.
/// </summary>
internal static class SabreEstimate
{
    /// <summary>Sabre <c>ThroughputHistory.push(time, tput, lat)</c>: one completed download.</summary>
    public static void Push(ref SessionState s, SessionSetup setup, double time, double tput, double lat)
    {
        if (setup.Average == ThroughputAverage.Ewma) PushEwma(ref s, setup, time, tput, lat);
        else PushWindow(ref s, setup, tput, lat);
        s.HasEstimate = true;
    }

    /// <summary>
    /// Sabre Ewma.push: throughput EWMAs weighted by download time, latency EWMAs per sample, each corrected for its
    /// zero start (the "zero factor" 1 - 0.5^(weight / half-life), kept as a running product); min throughput, max latency.
    /// </summary>
    private static void PushEwma(ref SessionState s, SessionSetup setup, double time, double tput, double lat)
    {
        if (setup.Averages == 2)
        {
            // The default (two half-lives), unrolled: the same arithmetic as the loop below, without its bounds checks.
            var k = setup.EwK;
            var la = setup.EwLatAlpha;
            double a0, a1;
            if (setup.EwPower0 > 0)
            {
                var u = Math.Exp(-time * setup.EwCommonK);
                a0 = Power(u, setup.EwPower0);
                a1 = Power(u, setup.EwPower1);
            }
            else
            {
                a0 = Math.Exp(-time * k[0]);
                a1 = Math.Exp(-time * k[1]);
            }
            var t0 = Ewma(ref s.EwThroughput[0], ref s.ZeroThroughput[0], a0, tput);
            var t1 = Ewma(ref s.EwThroughput[1], ref s.ZeroThroughput[1], a1, tput);
            var l0 = LatencyEwma(ref s.EwLatency[0], ref s.ZeroLatency[0], la[0], lat);
            var l1 = LatencyEwma(ref s.EwLatency[1], ref s.ZeroLatency[1], la[1], lat);
            s.Throughput = t1 < t0 ? t1 : t0;
            s.Latency = l1 > l0 ? l1 : l0;
            return;
        }
        double t = double.PositiveInfinity, l = double.NegativeInfinity;
        var n = setup.Averages;
        for (var i = 0; i < n; i++)
        {
            var ti = Ewma(ref s.EwThroughput[i], ref s.ZeroThroughput[i], Math.Exp(-time * setup.EwK[i]), tput);
            var li = LatencyEwma(ref s.EwLatency[i], ref s.ZeroLatency[i], setup.EwLatAlpha[i], lat);
            if (ti < t) t = ti;
            if (li > l) l = li;
        }
        s.Throughput = t;
        s.Latency = l;
    }

    /// <summary>x^n for a small whole n, by squaring.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Power(double x, int n)
    {
        var result = 1.0;
        while (true)
        {
            if ((n & 1) != 0) result *= x;
            n >>= 1;
            if (n == 0) return result;
            x *= x;
        }
    }

    /// <summary>
    /// One throughput EWMA step with weight alpha = 0.5^(time / half-life), and its estimate divided by the zero factor
    /// 1 - 0.5^(total time / half-life), kept as a running product (it starts at 0 in a fresh state).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Ewma(ref double average, ref double zero, double alpha, double value)
    {
        average = alpha * average + (1 - alpha) * value;
        var z = 1 - (1 - zero) * alpha;
        zero = z;
        // Once the zero factor has converged to exactly 1 (after ~53 half-lives) the division is the identity.
        return z == 1 ? average : z > 0 ? average / z : value;
    }

    /// <summary>One latency EWMA step (per sample, Sabre's latency_half_life in samples) and its zero-corrected estimate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LatencyEwma(ref double average, ref double zero, double alpha, double value)
    {
        average = alpha * average + (1 - alpha) * value;
        var z = 1 - (1 - zero) * alpha;
        zero = z;
        return z == 1 ? average : average / z;
    }

    /// <summary>Sabre SlidingWindow.push: for each window size, the mean of the last samples; min throughput, max latency.</summary>
    private static void PushWindow(ref SessionState s, SessionSetup setup, double tput, double lat)
    {
        const int store = AbrOptions.MaxWindow;
        // Ring of the last `store` samples; WinCount counts every sample ever pushed.
        var slot = s.WinCount % store;
        s.WinThroughput[slot] = tput;
        s.WinLatency[slot] = lat;
        s.WinCount++;
        var have = Math.Min(s.WinCount, store);
        double t = double.PositiveInfinity, l = double.NegativeInfinity;
        for (var i = 0; i < setup.Averages; i++)
        {
            var ws = Math.Min(setup.Windows[i], have);
            double st = 0, sl = 0;
            // Oldest first, as Python's sum over last_throughputs[-ws:].
            for (var k = ws; k >= 1; k--)
            {
                var j = (s.WinCount - k) % store;
                st += s.WinThroughput[j];
                sl += s.WinLatency[j];
            }
            var mt = st / ws;
            var ml = sl / ws;
            if (mt < t) t = mt;
            if (ml > l) l = ml;
        }
        s.Throughput = t;
        s.Latency = l;
    }

    /// <summary>
    /// Sabre Abr.quality_from_throughput: the highest rung q with <c>latency + T x b[q] / tput &lt;= T</c> (the
    /// segment arrives within one segment time). Found with a multiplication, then confirmed with Sabre's own test at
    /// the boundary so the answer is the one the division gives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int QualityFromThroughput(SessionSetup setup, double tput, double latency)
    {
        var p = setup.SegDur;
        var b = setup.Bps;
        var top = setup.Rungs - 1;
        var budget = (p - latency) * tput / p; // b[q] <= budget, up to rounding
        var q = setup.RungsAbove.AtMost(budget);
        // Confirm with Sabre's arithmetic where rounding could matter: step down while q fails, up while q + 1 passes.
        const double Margin = 1e-9;
        if (q > 0 && !(b[q] < budget * (1 - Margin))) while (q > 0 && !(latency + p * b[q] / tput <= p)) q--;
        if (q < top && !(b[q + 1] > budget * (1 + Margin))) while (q < top && latency + p * b[q + 1] / tput <= p) q++;
        return q;
    }
}
