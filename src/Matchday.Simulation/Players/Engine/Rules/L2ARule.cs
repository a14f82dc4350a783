using System.Runtime.CompilerServices;

namespace Matchday.Simulation.Players.Engine.Rules;

/// <summary>
/// dash.js's low-latency rule L2A-LL (Karagkioules et al., "Online learning for low-latency adaptive streaming",
/// MMSys 2020), as in Dash-Industry-Forum/dash.js at 1d4bf599 (src/streaming/rules/abr/L2ARule.js, the last version
/// before the v5 ABR refactor, whose rewrite at ccf3b95 divides the ladder in bit/s by a throughput in kbit/s in the Q
/// update and the stepwise-ascent test; we keep the published, unit-consistent form). Startup: the rung for the safe
/// (0.9 x) average throughput, until the buffer reaches the 1.5 s target; then each segment a projected
/// gradient step on a probability vector over the rungs driven by the last segment's throughput, with the Lagrange
/// multiplier Q tracking the buffer displacement, the rung nearest the expected bitrate, a one-step cautious ascent, and
/// Q re-armed when the rung's bitrate reaches the throughput. The throughput is dash.js's: bytes over the transfer time
/// (latency excluded, useDeadTimeLatency), in kbit/s, averaged over the last 3 segments (live; 4 for VOD) for startup.
/// Not modelled: dash.js's chunked-transfer (moof) throughput measurement, the window-size adjustment of
/// ThroughputHistory, and catch-up playback (configure <see cref="PlayerOptions.CatchUp"/> for that).
/// </summary>
internal static class L2ARule
{
    /// <summary>L2ARule.js: HORIZON = 4, VL = HORIZON^0.99, alpha = max(HORIZON, VL sqrt(HORIZON)), REACT = 2.</summary>
    public const double Horizon = 4, React = 2;

    /// <summary>L2ARule.js _initializeL2AParameters: B_target = 1.5 (s).</summary>
    public const double BufferTarget = 1.5;

    /// <summary>ThroughputHistory.js: AVERAGE_THROUGHPUT_SAMPLE_AMOUNT_LIVE = 3, _VOD = 4.</summary>
    public const int SamplesLive = 3, SamplesVod = 4;

    /// <summary>Settings.js abr.bandwidthSafetyFactor = 0.9.</summary>
    public const double SafetyFactor = 0.9;

    /// <summary>AbrController.js DEFAULT_VIDEO_BITRATE = 1000 (kbit/s): the initial bitrate before any throughput sample.</summary>
    public const double DefaultVideoBitrate = 1_000_000;

    /// <summary>Per-rung vectors, inline.</summary>
    [InlineArray(BitrateLadder.MaxRungs)]
    public struct Vector
    {
        private double _element0;
    }

    /// <summary>Last throughputs (kbit/s), inline.</summary>
    [InlineArray(SamplesVod)]
    public struct History
    {
        private double _element0;
    }

    /// <summary>One session's L2A state.</summary>
    public struct State
    {
        public bool Steady;
        public Vector W, PrevW;
        public double Q;
        public int LastQuality;
        public History Throughputs, Latencies;
        public int Count;
        public double LastThroughput; // kbit/s, of the last segment
    }

    /// <summary>Precomputed constants.</summary>
    public readonly struct Setup
    {
        public Setup(SessionSetup setup)
        {
            Vl = Math.Pow(Horizon, 0.99);
            Alpha = Math.Max(Math.Pow(Horizon, 1), Vl * Math.Sqrt(Horizon));
            Samples = setup.Mode == PlayerMode.Live ? SamplesLive : SamplesVod;
            Initial = setup.InitialEstimate > 0 ? setup.InitialEstimate : DefaultVideoBitrate;
            Kbps = new double[setup.Rungs];
            for (var i = 0; i < setup.Rungs; i++) Kbps[i] = setup.Bps[i] / 1000;
        }

        public readonly double Vl, Alpha, Initial;

        /// <summary>The rungs' bitrates in kbit/s, as dash.js's rule reads them.</summary>
        public readonly double[] Kbps;
        public readonly int Samples;
    }

    /// <summary>L2ARule.getMaxIndex.</summary>
    public static int Decide(ref SessionState s, SessionSetup setup)
    {
        ref var l = ref s.L2A;
        if (setup.Rungs == 1) return 0;
        if (l.Count == 0)
        {
            // No throughput yet: dash.js starts at its initial bitrate (getQualityForBitrate of 1000 kbit/s).
            l.LastQuality = ForBitrate(setup, setup.L2A.Initial, 0);
            return l.LastQuality;
        }
        if (!l.Steady)
        {
            var q = ForBitrate(setup, Average(in l, setup) * 1000 * SafetyFactor, AverageLatency(in l));
            l.LastQuality = q;
            if (s.Buffer >= BufferTarget)
            {
                l.Steady = true;
                l.Q = setup.L2A.Vl;
                for (var i = 0; i < setup.Rungs; i++) l.PrevW[i] = i == q ? 1 : 0;
            }
            return q;
        }
        return Steady(ref l, setup, setup.SegDur, 1.0);
    }

    private static int Steady(ref State l, SessionSetup setup, double v, double rate)
    {
        var n = setup.Rungs;
        var vl = setup.L2A.Vl;
        var alpha = setup.L2A.Alpha;
        var tput = Math.Max(1, l.LastThroughput);
        var kbps = setup.L2A.Kbps;
        var sign = 1.0;
        for (var i = 0; i < n; i++)
        {
            // As written: once a rung exceeds the throughput the sign stays negative for the rungs above it.
            if (rate * kbps[i] > tput) sign = -1;
            l.W[i] = l.PrevW[i] + sign * (v / (2 * alpha)) * ((l.Q + vl) * (rate * kbps[i] / tput));
        }
        Project(ref l.W, n);
        double wb = 0, db = 0;
        for (var i = 0; i < n; i++)
        {
            var diff = l.W[i] - l.PrevW[i];
            l.PrevW[i] = l.W[i];
            wb += kbps[i] * l.PrevW[i];
            db += kbps[i] * diff;
        }
        l.Q = Math.Max(0, l.Q - v + v * rate * ((wb + db) / tput));
        // argmin |bitrate - w . bitrates|, the first on a tie (indexOf(Math.min(...))).
        var expected = 0.0;
        for (var i = 0; i < n; i++) expected += l.W[i] * kbps[i];
        var q = 0;
        var best = double.PositiveInfinity;
        for (var i = 0; i < n; i++)
        {
            var d = Math.Abs(kbps[i] - expected);
            if (d < best) { best = d; q = i; }
        }
        if (q > l.LastQuality && kbps[l.LastQuality + 1] <= tput) q = l.LastQuality + 1;
        if (kbps[q] >= tput) l.Q = React * Math.Max(vl, l.Q);
        l.LastQuality = q;
        return q;
    }

    /// <summary>euclideanProjection: the projection of w onto the probability simplex (sort descending, threshold).</summary>
    internal static void Project(ref Vector w, int m)
    {
        // The weights in decreasing order (an insertion sort: at most MaxRungs of them, and no NaN, so the order is
        // the one a sort and a reverse give).
        Span<double> s = stackalloc double[BitrateLadder.MaxRungs];
        for (var i = 0; i < m; i++)
        {
            var x = w[i];
            var j = i;
            while (j > 0 && s[j - 1] < x) { s[j] = s[j - 1]; j--; }
            s[j] = x;
        }
        double sum = 0, tmax = 0;
        var found = false;
        for (var i = 0; i < m - 1; i++)
        {
            sum += s[i];
            tmax = (sum - 1) / (i + 1);
            if (tmax >= s[i + 1]) { found = true; break; }
        }
        if (!found) tmax = (sum + s[m - 1] - 1) / m;
        for (var i = 0; i < m; i++) w[i] = Math.Max(w[i] - tmax, 0);
    }

    /// <summary>AbrController.getQualityForBitrate (v4): dead-time ratio latency / segment, then the highest rung within.</summary>
    private static int ForBitrate(SessionSetup setup, double bps, double latency)
    {
        if (latency > setup.SegDur) return 0;
        var bitrate = bps * (1 - latency / setup.SegDur);
        for (var i = setup.Rungs - 1; i >= 0; i--)
            if (bitrate >= setup.Bps[i]) return i;
        return 0;
    }

    private static double Average(in State l, SessionSetup setup)
    {
        var n = Math.Min(l.Count, setup.L2A.Samples);
        double sum = 0;
        for (var k = 1; k <= n; k++) sum += l.Throughputs[(l.Count - k) % SamplesVod];
        return sum / n;
    }

    /// <summary>ThroughputHistory.getAverageLatency: the mean of the last 4 request latencies (AVERAGE_LATENCY_SAMPLE_AMOUNT), s.</summary>
    private static double AverageLatency(in State l)
    {
        var n = Math.Min(l.Count, SamplesVod);
        double sum = 0;
        for (var k = 1; k <= n; k++) sum += l.Latencies[(l.Count - k) % SamplesVod];
        return n > 0 ? sum / n : 0;
    }

    /// <summary>ThroughputHistory.push: round(8 x bytes / transfer ms) kbit/s, latency excluded; and the request latency.</summary>
    public static void Completed(ref SessionState s, double bits, double transferSeconds, double latency)
    {
        ref var l = ref s.L2A;
        var ms = Math.Max(transferSeconds * 1000, 1); // "|| 1": never divide by zero
        var kbps = Math.Round(bits / ms);
        l.Throughputs[l.Count % SamplesVod] = kbps;
        l.Latencies[l.Count % SamplesVod] = latency;
        l.Count++;
        l.LastThroughput = kbps;
    }
}
