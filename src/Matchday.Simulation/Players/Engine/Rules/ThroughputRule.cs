namespace Matchday.Simulation.Players.Engine.Rules;

/// <summary>Sabre <c>ThroughputRule</c> (src/sabre.py), dash.js's throughput rule with its insufficient-buffer rule.</summary>
internal static class ThroughputRule
{
    /// <summary>Sabre ThroughputRule.get_quality_delay: safety-scaled estimate, then the insufficient-buffer rule.</summary>
    public static int Decide(ref SessionState s, SessionSetup setup)
    {
        var q = SabreEstimate.QualityFromThroughput(setup, s.Throughput * setup.Safety, s.Latency);
        if (setup.Ibr)
        {
            var safe = s.IbrTput * (s.Buffer - s.Latency) * s.Throughput;
            s.IbrTput = Math.Max(s.IbrTput * setup.IbrInit, setup.IbrFloor);
            // The first rung k < q whose next rung does not fit the safe size (b[k + 1] x T > safe) caps q at k.
            var fits = setup.RungsAbove.ScaledAtMost(setup.SegDur, safe);
            if (fits < q && !double.IsNaN(safe)) q = fits;
        }
        return q;
    }

    /// <summary>
    /// Sabre ThroughputRule.check_abandon: after the grace time, if the download will end later than 1.8 segment
    /// times, the rung the measured rate sustains, if lower and smaller than what is left.
    /// </summary>
    public static int CheckAbandon(in SessionState s, SessionSetup setup)
    {
        var time = s.Now - s.DlStart;
        var dlTime = time - s.Ttfb;
        // 1 ns tolerance: progress checks every 50 ms must reach Sabre's 500 ms grace (integer ms there) despite rounding.
        if (time < setup.AbandonGrace - 1e-9 || dlTime <= 0 || s.DoneBits <= 0) return -1;
        var tput = s.DoneBits / dlTime;
        var left = s.SegBits - s.DoneBits;
        if (time + left / tput <= setup.AbandonMultiplier * setup.SegDur) return -1;
        var q = SabreEstimate.QualityFromThroughput(setup, tput * setup.Safety, s.Latency);
        var estimate = s.SegBits * setup.Bps[q] / setup.Bps[s.Quality];
        return q >= s.Quality || estimate >= left ? -1 : q;
    }

    /// <summary>
    /// No check of <paramref name="span"/> can abandon (see <see cref="CheckAbandon"/>): all before the grace time; or
    /// the projected end (elapsed + bits left / measured rate) is within the limit even at the last check's elapsed
    /// time, the first check's bits left and the lowest rate; or the rung the lowest rate sustains (the rung rises
    /// with the rate) is not lower, or its size is not below the bits left at the first check.
    /// </summary>
    public static bool Quiet(in SessionState s, SessionSetup setup, in CheckSpan span)
    {
        if (span.TimeN < setup.AbandonGrace - 1e-9) return true;
        if (!span.HasRate) return false;
        var left = s.SegBits - span.Done1;
        if (span.TimeN + left / span.RateMin <= setup.AbandonMultiplier * setup.SegDur * (1 - CheckSpan.Margin)) return true;
        var q = SabreEstimate.QualityFromThroughput(setup, span.RateMin * setup.Safety, s.Latency);
        if (q >= s.Quality) return true;
        return s.SegBits * setup.Bps[q] / setup.Bps[s.Quality] >= left * (1 + CheckSpan.Margin);
    }
}
