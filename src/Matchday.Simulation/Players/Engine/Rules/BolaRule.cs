namespace Matchday.Simulation.Players.Engine.Rules;

/// <summary>
/// Sabre <c>Bola</c> (src/sabre.py): plain BOLA (Spiteri, Urgaonkar, Sitaraman, INFOCOM 2016) with utilities
/// ln(b / b0), gamma*p from <c>-gp</c> (default 5) and, unless basic, a buffer target that shrinks near the start and
/// the end of the content: <c>min(max buffer, max(min(i, N - i) / 2, 3) x T)</c> for segment i of N.
/// </summary>
internal static class BolaRule
{
    /// <summary>Sabre Bola.get_quality_delay.</summary>
    public static int Decide(ref SessionState s, SessionSetup setup, out double delay)
    {
        delay = 0;
        var p = setup.SegDur;
        double vp;
        if (!setup.BolaBasic)
        {
            // t = min(segment_index - last_seek_index, len(segments) - segment_index); max(t / 2, 3) segments.
            double t = Math.Min(s.Segment, setup.SegmentCount - s.Segment);
            t = Math.Max(t / 2, 3) * p;
            var bufferSize = Math.Min(setup.MaxBuffer, t);
            vp = (bufferSize - p) / setup.PlainTop;
        }
        else vp = setup.PlainVpBase;
        s.BolaVp = vp;

        var level = s.Buffer;
        var q = QualityFromBuffer(setup, vp, level);
        if (q > s.BolaLast)
        {
            var qt = SabreEstimate.QualityFromThroughput(setup, s.Throughput, s.Latency);
            if (q <= qt) { }
            else if (s.BolaLast > qt) q = s.BolaLast;
            else if (!setup.BolaOsc) q = qt + 1;
            else
            {
                q = qt;
                delay = Math.Max(0, level - vp * setup.PlainA[q]);
                if (q == setup.Rungs - 1) delay = 0;
            }
        }
        s.BolaLast = q;
        return q;
    }

    /// <summary>
    /// Sabre Bola.quality_from_buffer: argmax of (Vp (u + gp) - level) / b, lowest on a tie. A step function of the
    /// level with steps at Vp x <see cref="SessionSetup.PlainStep"/>, so a count of thresholds passed.
    /// </summary>
    private static int QualityFromBuffer(SessionSetup setup, double vp, double level)
    {
        return setup.PlainSteps.ScaledBelow(vp, level);
    }

    /// <summary>Sabre Bola.check_abandon: abandon for the lower rung whose fresh download scores better than the bits left.</summary>
    public static int CheckAbandon(ref SessionState s, SessionSetup setup)
    {
        if (setup.BolaBasic) return -1;
        var remain = s.SegBits - s.DoneBits;
        if (s.DoneBits <= 0 || remain <= 0) return -1;
        var vp = s.BolaVp;
        var level = Math.Max(0, s.Buffer);
        var q = s.Quality;
        var score = (vp * setup.PlainA[q] - level) / remain;
        if (score < 0) return -1;
        var to = -1;
        var bq = setup.Bps[q];
        for (var k = 0; k < q; k++)
        {
            var otherSize = s.SegBits * setup.Bps[k] / bq;
            // Sizes grow with the rung: once one is not below the bits left, no higher one is.
            if (!(otherSize < remain)) break;
            // other > score screened by multiplication with a margin of many ulps (see BolaEnhRule.CheckAbandon).
            var ak = vp * setup.PlainA[k] - level;
            if (ak <= 0 || ak < score * otherSize * (1 - 1e-12)) continue;
            var other = ak / otherSize;
            if (other > score) { score = other; to = k; }
        }
        if (to >= 0) s.BolaLast = to;
        return to;
    }

    /// <summary>No check of <paramref name="span"/> can abandon (see <see cref="CheckAbandon"/>): the level is lowest at the last check, the bits left largest at the first.</summary>
    public static bool Quiet(in SessionState s, SessionSetup setup, in CheckSpan span)
    {
        if (setup.BolaBasic) return true;
        if (!(span.Done1 > 0)) return false;
        return CheckSpan.NoBetterLowerRung(setup, setup.PlainA, s.BolaVp, s.Quality, Math.Max(0, span.BufferN), s.SegBits - span.Done1, s.SegBits);
    }
}
