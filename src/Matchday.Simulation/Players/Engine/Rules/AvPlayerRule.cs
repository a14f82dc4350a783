namespace Matchday.Simulation.Players.Engine.Rules;

/// <summary>
/// An approximation of AVPlayer's adaptation (Apple's player is closed source, so nothing here is Apple's code or
/// constants; every number is an assumption, documented in docs/players.md). It follows what Apple documents for HLS
/// clients: measure the throughput of the segments it loads and move between variants to keep playing without stalls,
/// preferring to rise cautiously. Modelled as: the estimate is the harmonic mean of the last 5 segment throughputs
/// (request latency included); down at once to the highest rung within 0.8 of it when the current rung exceeds it; up one
/// rung at a time, only when that rung fits in 0.8 of it and the buffer holds at least 10 s (live: half the latency to
/// live, if less).
/// </summary>
internal static class AvPlayerRule
{
    /// <summary>Assumption: samples in the harmonic mean.</summary>
    public const int Samples = 5;

    /// <summary>Assumption: share of the estimate a rung may use.</summary>
    public const double Fraction = 0.8;

    /// <summary>Assumption: buffer needed to step up (s).</summary>
    public const double UpBuffer = 10;

    /// <summary>One session's history.</summary>
    public struct State
    {
        public double S0, S1, S2, S3, S4;
        public int Count;
    }

    /// <summary>Nothing to precompute.</summary>
    public readonly struct Setup
    {
        public Setup(SessionSetup setup) => Initial = setup.InitialEstimate;

        public readonly double Initial;
    }

    /// <summary>The next rung from the estimate and the buffer.</summary>
    public static int Decide(ref SessionState s, SessionSetup setup)
    {
        ref var a = ref s.Av;
        var current = s.LastQuality;
        if (a.Count == 0 || current < 0) return setup.FirstRung >= 0 ? setup.FirstRung : 0;
        var budget = Fraction * Estimate(in a);
        if (setup.Bps[current] > budget)
        {
            var q = current;
            while (q > 0 && setup.Bps[q] > budget) q--;
            return q;
        }
        var need = UpBuffer;
        if (setup.Mode == PlayerMode.Live) need = Math.Min(need, SessionEngine.LiveLatency(in s, setup) / 2);
        if (current + 1 < setup.Rungs && setup.Bps[current + 1] <= budget && s.Buffer >= need) return current + 1;
        return current;
    }

    /// <summary>A segment arrived: bits over its whole time, request latency included.</summary>
    public static void Completed(ref SessionState s, double bits, double totalSeconds)
    {
        if (!(totalSeconds > 0)) return;
        ref var a = ref s.Av;
        var t = bits / totalSeconds;
        a.S4 = a.S3; a.S3 = a.S2; a.S2 = a.S1; a.S1 = a.S0; a.S0 = t;
        if (a.Count < Samples) a.Count++;
    }

    private static double Estimate(in State a)
    {
        double inv = 1 / a.S0;
        if (a.Count > 1) inv += 1 / a.S1;
        if (a.Count > 2) inv += 1 / a.S2;
        if (a.Count > 3) inv += 1 / a.S3;
        if (a.Count > 4) inv += 1 / a.S4;
        return a.Count / inv;
    }
}
