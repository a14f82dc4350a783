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
        double t = double.PositiveInfinity, l = double.NegativeInfinity;
        var n = setup.Averages;
        for (var i = 0; i < n; i++)
        {
            var a = Math.Exp(-time * setup.EwK[i]);
            s.EwThroughput[i] = a * s.EwThroughput[i] + (1 - a) * tput;
            var la = setup.EwLatAlpha[i];
            s.EwLatency[i] = la * s.EwLatency[i] + (1 - la) * lat;
            // ZeroThroughput/ZeroLatency hold 1 - 0.5^(weight / half-life); they start at 0 (default state).
            var zt = 1 - (1 - s.ZeroThroughput[i]) * a;
            var zl = 1 - (1 - s.ZeroLatency[i]) * la;
            s.ZeroThroughput[i] = zt;
            s.ZeroLatency[i] = zl;
            var ti = zt > 0 ? s.EwThroughput[i] / zt : tput;
            var li = s.EwLatency[i] / zl;
            if (ti < t) t = ti;
            if (li > l) l = li;
        }
        s.Throughput = t;
        s.Latency = l;
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
        var q = 0;
        while (q < top && b[q + 1] <= budget) q++;
        // Confirm with Sabre's arithmetic: step down while q fails, up while q + 1 passes.
        while (q > 0 && !(latency + p * b[q] / tput <= p)) q--;
        while (q < top && latency + p * b[q + 1] / tput <= p) q++;
        return q;
    }
}
