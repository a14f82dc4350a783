namespace Matchday.Simulation.Players.Engine.Rules;

/// <summary>
/// BBA-0, Huang, Johari, McKeown, Trunnell, Watson, "A Buffer-Based Approach to Rate Adaptation: Evidence from a Large
/// Video Streaming Service", SIGCOMM 2014, section 4 and Algorithm 1: the rate map f(B) rises linearly from the lowest
/// rate at the reservoir r to the highest at r + cushion; the rate changes only when f(B) crosses the next rate up
/// (then the highest rate below f(B)) or the next rate down (then the lowest rate above f(B)). Sabre lists <c>bba</c>
/// but its <c>Bba.get_quality_delay</c> raises NotImplementedError; this is the paper's algorithm.
/// </summary>
internal static class BbaRule
{
    /// <summary>Algorithm 1 of the paper, with <paramref name="previous"/> the rate of the last segment.</summary>
    public static int Decide(in SessionState s, SessionSetup setup, int previous)
    {
        var top = setup.Rungs - 1;
        var b = setup.Bps;
        var buffer = s.Buffer;
        var r = setup.BbaReservoir;
        var cu = setup.BbaCushion;
        if (buffer <= r) return 0;
        if (buffer >= r + cu) return top;
        var f = b[0] + (b[top] - b[0]) * (buffer - r) / cu;
        var prev = Math.Clamp(previous, 0, top);
        var plus = prev == top ? b[top] : b[prev + 1];
        var minus = prev == 0 ? b[0] : b[prev - 1];
        if (f >= plus)
        {
            // max{R_i : R_i < f(B)}
            var q = 0;
            while (q < top && b[q + 1] < f) q++;
            return q;
        }
        if (f <= minus)
        {
            // min{R_i : R_i > f(B)}
            var q = top;
            while (q > 0 && b[q - 1] > f) q--;
            return q;
        }
        return prev;
    }
}
