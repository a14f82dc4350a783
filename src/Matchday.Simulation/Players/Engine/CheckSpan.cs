using System.Runtime.CompilerServices;
using Matchday.Simulation.Players.Engine.Rules;

namespace Matchday.Simulation.Players.Engine;

/// <summary>
/// A run of progress checks inside one stretch of constant throughput (one trace period, before the segment is in and
/// before the step's limit): the state at the first check and at the last, each a linear function of the time from
/// now. Between them every quantity an abandonment rule reads moves monotonically: the bits received grow, the bits
/// left and the buffer shrink, and the measured rate (bits received over time since the first byte, a ratio of two
/// linear functions) moves one way. So a rule can bound its test over the whole run from the two ends, and when the
/// bound says no check of the run can abandon, the run is crossed in one step instead of one step per check (see
/// <see cref="SessionEngine"/>'s download loop, live and VOD modes only).
/// </summary>
internal readonly struct CheckSpan
{
    /// <summary>The span of checks at <paramref name="first"/> and <paramref name="last"/> seconds from now at <paramref name="bps"/> bit/s.</summary>
    public CheckSpan(in SessionState s, double bps, double first, double last)
    {
        Done1 = s.DoneBits + bps * first;
        Time1 = s.Now - s.DlStart + first;
        TimeN = s.Now - s.DlStart + last;
        // No catch-up here (the span is only used without it): playback drains one second of media per second.
        BufferN = s.Playing ? Math.Max(0, s.Buffer - last) : s.Buffer;
        NowN = s.Now + last;
        // The measured rate since the first byte moves one way over the span: its least value is at one end (NaN when
        // no byte time has passed yet at an end).
        var stream1 = Time1 - s.Ttfb;
        var streamN = TimeN - s.Ttfb;
        var r1 = stream1 > 0 ? Done1 / stream1 : double.NaN;
        var rN = streamN > 0 ? (s.DoneBits + bps * last) / streamN : double.NaN;
        RateMin = Math.Min(r1, rN);
    }

    /// <summary>Bits received at the first check (the fewest of the span).</summary>
    public double Done1 { get; }

    /// <summary>Seconds since the request, at the first and the last check.</summary>
    public double Time1 { get; }

    /// <inheritdoc cref="Time1"/>
    public double TimeN { get; }

    /// <summary>Seconds of media buffered at the last check (the least of the span).</summary>
    public double BufferN { get; }

    /// <summary>Session time of the last check.</summary>
    public double NowN { get; }

    /// <summary>The least measured rate (bit/s since the first byte) over the span; NaN if undefined at an end.</summary>
    public double RateMin { get; }

    /// <summary>The rates are defined and positive at both ends.</summary>
    public bool HasRate => RateMin > 0;

    /// <summary>Relative margin the bounds keep from a tie, far above the rounding of the rules' own arithmetic.</summary>
    public const double Margin = 1e-9;

    /// <summary>
    /// No check of the span can abandon, by the rule of <paramref name="setup"/> (false when that cannot be shown:
    /// the checks are then made one by one), by the rule <see cref="SessionEngine.AbandonRule"/> names.
    /// </summary>
    public static bool Quiet(in SessionState s, SessionSetup setup, in CheckSpan span) => SessionEngine.AbandonRule(in s, setup) switch
    {
        AbrAlgorithm.HlsJs => HlsJsRule.Quiet(in s, setup, in span),
        AbrAlgorithm.Bola => BolaRule.Quiet(in s, setup, in span),
        AbrAlgorithm.BolaE => BolaEnhRule.Quiet(in s, setup, in span),
        _ => ThroughputRule.Quiet(in s, setup, in span),
    };

    /// <summary>
    /// The BOLA abandonment test "some lower rung k scores better than the bits left" can hold nowhere in a span:
    /// rung k (a fresh download of <c>size[k]</c> bits, utility term <c>a[k]</c>) beats the bits left (<c>sz</c> bits,
    /// term <c>a[q]</c>) at a level β when <c>(a[k] - β) sz &gt; (a[q] - β) size[k]</c> with <c>size[k] &lt; sz</c>.
    /// The difference of the two sides falls as β rises (its slope is <c>size[k] - sz &lt; 0</c>) and, where
    /// <c>a[k] &gt; β</c>, rises with <c>sz</c>: so it is largest at the span's lowest level and largest size left.
    /// </summary>
    /// <param name="setup">The session's setup (the ladder's bitrates).</param>
    /// <param name="a">The rungs' terms, increasing with the rung (BOLA's <c>Vp (u + γp)</c>, scaled or not by Vp).</param>
    /// <param name="scale">Multiplies each <paramref name="a"/> (plain BOLA's Vp; 1 for BOLA-E).</param>
    /// <param name="q">The rung downloading.</param>
    /// <param name="levelMin">The lowest level over the span.</param>
    /// <param name="sizeLeftMax">The largest bits left over the span.</param>
    /// <param name="segBits">The segment's size at rung <paramref name="q"/>; rung k's is <c>segBits b[k] / b[q]</c>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool NoBetterLowerRung(SessionSetup setup, double[] a, double scale, int q, double levelMin, double sizeLeftMax, double segBits)
    {
        if (!(sizeLeftMax > 0)) return true;
        if (!(scale > 0)) return false; // the terms would not increase with the rung
        var aq = scale * a[q] - levelMin;
        // The bits left score at most zero everywhere (the level only falls to levelMin): no lower rung (a smaller term) beats them.
        if (aq <= 0) return true;
        // Rung k's size is segBits b[k] / b[q]: compared times b[q], without dividing (the margins cover the rounding).
        var leftScaled = sizeLeftMax * setup.Bps[q];
        for (var k = 0; k < q; k++)
        {
            var sizeScaled = segBits * setup.Bps[k];
            if (!(sizeScaled < leftScaled * (1 + Margin))) return true; // this and every higher rung is never below the bits left
            var ak = scale * a[k] - levelMin;
            if (ak <= 0) continue;              // scores at most zero: never above the bits left's (positive where tested)
            if (!(ak * leftScaled < aq * sizeScaled * (1 - Margin))) return false;
        }
        return true;
    }
}
