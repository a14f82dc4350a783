namespace Matchday.Simulation.Players.Engine.Rules;

/// <summary>Sabre <c>BolaEnh</c> (src/sabre.py), dash.js's BolaRule: BOLA with a placeholder buffer and the insufficient-buffer rule.</summary>
internal static class BolaEnhRule
{
    /// <summary>Sabre BolaEnh.get_quality_delay: startup from throughput, then BOLA-U/O on buffer + placeholder.</summary>
    public static int Decide(ref SessionState s, SessionSetup setup, out double delay)
    {
        delay = 0;
        if (setup.BolaTrivial) return 0;
        if (!s.BolaSteady)
        {
            if (!s.HasEstimate) return s.AbrLast;
            s.BolaSteady = true;
            s.IbrBola = setup.IbrInit;
            var q0 = SabreEstimate.QualityFromThroughput(setup, s.Throughput, s.Latency);
            s.Placeholder = Math.Max(0, setup.BolaMinLevel[q0] - s.Buffer);
            return q0;
        }
        var level = s.Buffer;
        var a = setup.BolaA;
        var q = QualityFromLevel(setup, level + s.Placeholder);
        var qt = SabreEstimate.QualityFromThroughput(setup, s.Throughput, s.Latency);
        if (q > s.AbrLast && q > qt)
        {
            q = Math.Max(s.AbrLast, qt);
            if (!setup.BolaOsc) q++;
        }
        var d = level + s.Placeholder - a[q];
        if (d > 0)
        {
            if (d <= s.Placeholder) { s.Placeholder -= d; d = 0; }
            else { d -= s.Placeholder; s.Placeholder = 0; }
        }
        else d = 0;
        if (q == setup.Rungs - 1) d = 0;

        if (setup.Ibr)
        {
            var safe = s.IbrBola * (level - s.Latency) * s.Throughput;
            s.IbrBola = Math.Max(s.IbrBola * setup.IbrInit, setup.IbrFloor);
            // The first rung k < q whose next rung does not fit the safe size (b[k + 1] x T > safe) caps q at k.
            var fits = setup.RungsAbove.ScaledAtMost(setup.SegDur, safe);
            if (fits < q && !double.IsNaN(safe))
            {
                q = fits;
                d = 0;
                var maxPlaceholder = Math.Max(0, setup.BolaMinLevel[q] - level);
                s.Placeholder = Math.Min(maxPlaceholder, s.Placeholder);
            }
        }
        delay = d;
        return q;
    }

    /// <summary>
    /// Sabre BolaEnh.quality_from_buffer: argmax over rungs of (Vp (u + gp) - level) / b, the lowest on a tie. With
    /// ln utilities the argmax is a step function of the level that steps up at each <c>min_buffer_for_quality</c>,
    /// so it is a count of thresholds passed. Exactly on a threshold the two rungs tie and Sabre's rounding decides:
    /// we take its answer from the setup's tie table (see <see cref="SessionSetup"/>).
    /// </summary>
    public static int QualityFromLevel(SessionSetup setup, double level)
    {
        var min = setup.BolaMinLevel;
        var n = setup.Rungs;
        if (!setup.BolaMonotone) return ByScores(setup, level);
        var q = setup.BolaSteps.Below(level);
        // A level within a few ulps of a threshold is a tie in Sabre's arithmetic too.
        if (q + 1 < n && IsTie(level, min[q + 1])) return setup.BolaTieRung[q + 1];
        if (q > 0 && IsTie(level, min[q])) return setup.BolaTieRung[q];
        return q;

        static bool IsTie(double level, double threshold) => Math.Abs(level - threshold) <= 1e-9 * threshold;
    }

    private static int ByScores(SessionSetup setup, double level)
    {
        var q = 0;
        var best = (setup.BolaA[0] - level) / setup.Bps[0];
        for (var k = 1; k < setup.Rungs; k++)
        {
            var score = (setup.BolaA[k] - level) / setup.Bps[k];
            if (score > best) { best = score; q = k; }
        }
        return q;
    }

    /// <summary>Sabre BolaEnh.report_delay: time spent waiting feeds the placeholder buffer.</summary>
    public static void ReportDelay(ref SessionState s, double delay) => s.Placeholder += delay;

    /// <summary>Sabre BolaEnh.report_download: keep the placeholder between the levels that justify the rung just fetched.</summary>
    public static void ReportDownload(ref SessionState s, SessionSetup setup, int q, double totalTime, int abandonTo)
    {
        s.AbrLast = q;
        if (setup.BolaTrivial) return;
        var level = s.Buffer;
        if (abandonTo < 0)
        {
            var levelWas = level + totalTime;
            var maxPlaceholder = Math.Max(0, setup.BolaA[q] - levelWas);
            if (s.Placeholder > maxPlaceholder) s.Placeholder = maxPlaceholder;
            if (level > 0)
            {
                var minPlaceholder = setup.BolaMinLevel[q] - levelWas;
                if (s.Placeholder < minPlaceholder) s.Placeholder = minPlaceholder;
            }
        }
        else
        {
            // Abandonment: lower the placeholder to a conservative level.
            var want = abandonTo > 0 ? setup.BolaMinLevel[abandonTo] : setup.BolaMinimumBuffer;
            var maxPlaceholder = Math.Max(0, want - level);
            if (s.Placeholder > maxPlaceholder) s.Placeholder = maxPlaceholder;
        }
    }

    /// <summary>Sabre BolaEnh.check_abandon: compare the score of the bits left with a fresh download at a lower rung.</summary>
    public static int CheckAbandon(in SessionState s, SessionSetup setup)
    {
        if (setup.BolaTrivial) return -1;
        var remain = s.SegBits - s.DoneBits;
        if (s.DoneBits <= 0 || remain <= 0) return -1;
        var time = s.Now - s.DlStart;
        // An abandonment costs a new request latency: estimate the state after it.
        var bl = Math.Max(0, s.Buffer + s.Placeholder - s.Ttfb);
        var tp = s.DoneBits / (time - s.Ttfb);
        var sz = remain - s.Ttfb * tp;
        if (sz <= 0) return -1;
        var q = s.Quality;
        var a = setup.BolaA;
        var aq = a[q] - bl;
        // A lower rung has a[k] <= a[q] and a smaller size: at a score of zero or below, none can beat the bits left
        // (correctly rounded arithmetic is monotone, so this holds for the loop's own comparisons too).
        if (aq <= 0) return -1;
        var score = aq / sz;
        var to = -1;
        var bq = setup.Bps[q];
        for (var k = 0; k < q; k++)
        {
            var otherSize = s.SegBits * setup.Bps[k] / bq;
            // Sizes grow with the rung: once one is not below the bits left, no higher one is.
            if (!(otherSize < sz)) break;
            var ak = a[k] - bl;
            // other > score is ak / otherSize > score: screened by multiplication with a margin of many ulps, so the
            // division (and Sabre's comparison, exactly) is made only when it may hold.
            if (ak <= 0 || ak < score * otherSize * (1 - 1e-12)) continue;
            var other = ak / otherSize;
            if (other > score) { score = other; to = k; }
        }
        return to;
    }

    /// <summary>
    /// No check of <paramref name="span"/> can abandon (see <see cref="CheckAbandon"/>): the level β = buffer +
    /// placeholder - TTFB is lowest at the last check, and the bits left net of a new request's worth of the measured
    /// rate are at most the bits left at the first check less the TTFB times the span's lowest rate.
    /// </summary>
    public static bool Quiet(in SessionState s, SessionSetup setup, in CheckSpan span)
    {
        if (setup.BolaTrivial) return true;
        if (!span.HasRate) return false;
        var levelMin = Math.Max(0, span.BufferN + s.Placeholder - s.Ttfb);
        var sizeLeftMax = s.SegBits - span.Done1 - s.Ttfb * span.RateMin;
        return CheckSpan.NoBetterLowerRung(setup, setup.BolaA, 1, s.Quality, levelMin, sizeLeftMax, s.SegBits);
    }
}
