using Matchday.Core.Units;
using Matchday.Simulation.Players.Engine.Rules;

namespace Matchday.Simulation.Players.Engine;

/// <summary>
/// Everything about a session configuration that is fixed for a run, precomputed in SI units (s, bit/s) so the
/// hot loop does no unit conversion, no allocation and no virtual calls. Shared read-only by all sessions of a run.
/// </summary>
internal sealed class SessionSetup
{
    public readonly PlayerOptions Options;
    public readonly PlayerMode Mode;
    public readonly AbrAlgorithm Algorithm;
    public readonly double SegDur;
    public readonly int Rungs;            // rungs the ABR may use (ladder truncated at MaxRung)
    public readonly double[] Bps;         // ladder bitrates, bit/s
    public readonly double[] LogBps;      // ln(bit/s), for Sabre's utilities
    public readonly double[]? SizeBits;   // per-segment sizes, [segment * LadderRungs + rung]
    public readonly int LadderRungs;
    public readonly int SizeRows;
    public readonly int SegmentCount;
    public readonly double MaxBuffer, StartupBuffer, ResumeBuffer;
    public readonly int FirstRung;        // -1: from the initial estimate
    public readonly double InitialEstimate;
    public readonly int FixedRung;
    public readonly bool SabreFamily;     // algorithms that use Sabre's estimator and first-segment rule
    public readonly bool FirstRungApplies; // the first segment follows FirstRung (Sabre family, or FirstRung set) rather than the player's own rule

    // live
    public readonly int LiveSegmentsAtJoin;
    public readonly double TargetLatency;
    public readonly double LiveWindow;     // +inf: no sliding window (the playlist holds the whole event)
    public readonly bool CatchUp;
    public readonly double CatchUpDrift, CatchUpRate;

    // viewer abandonment
    public readonly bool ViewerAbandon;
    public readonly double StartupGrace, StartupRate, StallGrace, StallRate;
    public readonly double MaxSessionTime;

    // Sabre's throughput estimate (Ewma / SlidingWindow)
    public readonly ThroughputAverage Average;
    public readonly int Averages;                 // half-lives (Ewma) or window sizes (sliding)
    public readonly double[] EwK;                 // ln 2 / half-life: throughput EWMAs are weighted by download time
    public readonly double[] EwLatAlpha;          // 0.5^(segment / half-life): latency EWMAs are per sample
    public readonly int[] Windows;
    public readonly double Safety;
    // Two half-lives that are whole fractions of a common period L (3 s and 8 s: L = 24 s) share one exp:
    // 0.5^(t / h_i) = u^m_i with u = 0.5^(t / L) and m_i = L / h_i; zero when they are not.
    public readonly double EwCommonK;
    public readonly int EwPower0, EwPower1;

    // insufficient buffer rule
    public readonly bool Ibr;
    public readonly double IbrInit, IbrFloor;

    // BOLA-E (Sabre BolaEnh = dash.js BolaRule)
    public readonly double[] Utility;       // ln(b) shifted so the lowest is 1
    public readonly double Vp, Gp;
    public readonly double[] BolaA;         // Vp * (utility + gp): max_buffer_for_quality
    public readonly double[] BolaMinLevel;  // min_buffer_for_quality; also where rung q starts to win
    public readonly int[] BolaTieRung;      // what Sabre's own arithmetic picks at exactly BolaMinLevel[q]
    public readonly bool BolaMonotone;      // the argmax is a step function of the level (true for ln utilities)
    public readonly Thresholds BolaSteps;   // BolaMinLevel[1..]: where each rung starts to win
    public readonly Thresholds RungsAbove;  // Bps[1..]: the bitrates a scan for "the highest rung that fits" compares
    public readonly Thresholds PlainSteps;  // PlainStep[1..], to be scaled by Vp
    public readonly double BolaMinimumBuffer;
    public readonly bool BolaOsc;
    public readonly bool BolaTrivial;       // single-rung ladder: nothing to decide

    // plain BOLA (Sabre Bola): utilities ln(b / b0), gp from the options; thresholds scale with Vp
    public readonly double[] PlainA;        // utility + gp (times Vp: max level)
    public readonly double[] PlainStep;     // where rung q starts to win, divided by Vp
    public readonly double PlainVpBase;     // (max buffer - segment) / (utility[top] + gp)
    public readonly double PlainTop;        // utility[top] + gp
    public readonly double GammaP;
    public readonly bool BolaBasic;

    // dynamic (Sabre) and dynamicdash
    public readonly double DynLow, DynHigh, DynThreshold;

    // BBA-0
    public readonly double BbaReservoir, BbaCushion;

    // in-flight abandonment and progress checks
    public readonly bool Abandon;
    public readonly double AbandonMultiplier, AbandonGrace, CheckBits, CheckTime;
    public readonly bool QuietRuns;       // runs of checks that cannot abandon are crossed in one step (not in reference mode)

    // rampup (Sabre): the rung the network sustains, or a fixed threshold
    public readonly int RampupThreshold;   // -1: the sustainable rung of the trace period
    public readonly bool TrackRampup;
    public readonly int RampupRingSize;    // segments the rampup ring holds (the inline 32, or more for long buffers)

    // real players
    public readonly ExoPlayerRule.Setup Exo;
    public readonly HlsJsRule.Setup Hls;
    public readonly ShakaRule.Setup Shaka;
    public readonly L2ARule.Setup L2A;
    public readonly AvPlayerRule.Setup Av;

    public SessionSetup(PlayerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("invalid player options: " + string.Join("; ", errors), nameof(options));
        Options = options;
        var ladder = options.Ladder;
        var abr = options.Abr;
        Mode = options.Mode;
        Algorithm = abr.Algorithm;
        SabreFamily = abr.UsesSabreEstimator;
        SegDur = ladder.SegmentDuration.Seconds;
        LadderRungs = ladder.Rungs.Length;
        Rungs = abr.MaxRung is { } cap ? Math.Min(cap + 1, LadderRungs) : LadderRungs;
        Bps = new double[LadderRungs];
        LogBps = new double[LadderRungs];
        for (var i = 0; i < LadderRungs; i++)
        {
            Bps[i] = ladder.Rungs[i].BitsPerSecond;
            LogBps[i] = Math.Log(Bps[i]);
        }
        if (!ladder.SegmentSizes.IsDefaultOrEmpty)
        {
            SizeRows = ladder.SegmentSizes.Length;
            SizeBits = new double[SizeRows * LadderRungs];
            for (var s = 0; s < SizeRows; s++)
                for (var q = 0; q < LadderRungs; q++)
                    SizeBits[s * LadderRungs + q] = ladder.SegmentSizes[s][q].Bits;
        }
        SegmentCount = Math.Max(1, (int)Math.Ceiling(options.ContentLength.Seconds / SegDur - 1e-9));
        MaxBuffer = options.MaxBuffer.Seconds;
        // "Start as soon as a segment arrives" is a threshold just above zero.
        StartupBuffer = Math.Max(options.StartupBuffer.Seconds, 1e-9);
        ResumeBuffer = Math.Max(options.ResumeBuffer.Seconds, 1e-9);
        InitialEstimate = options.InitialThroughputEstimate?.BitsPerSecond ?? 0;
        FirstRung = options.FirstRung is { } fr ? Math.Min(fr, Rungs - 1) : InitialEstimate > 0 ? -1 : 0;
        FixedRung = Math.Min(abr.FixedRung, Rungs - 1);
        FirstRungApplies = SabreFamily || options.FirstRung is not null;

        var target = options.LiveTargetLatency?.Seconds ?? 3 * SegDur;
        TargetLatency = target;
        LiveSegmentsAtJoin = Math.Max(1, (int)Math.Round(target / SegDur));
        LiveWindow = options.LiveWindow?.Seconds ?? double.PositiveInfinity;
        if (options.CatchUp is { } c) { CatchUp = true; CatchUpDrift = c.MaxDrift.Seconds; CatchUpRate = c.PlaybackRate; }

        if (options.ViewerAbandonment is { } va)
        {
            ViewerAbandon = true;
            StartupGrace = va.StartupGrace.Seconds; StartupRate = va.StartupRatePerSecond;
            StallGrace = va.StallGrace.Seconds; StallRate = va.StallRatePerSecond;
        }
        MaxSessionTime = options.MaxSessionTime?.Seconds ?? 4 * SegmentCount * SegDur + 600;

        Average = abr.Average;
        Averages = abr.Average == ThroughputAverage.Ewma ? abr.HalfLives.Length : abr.WindowSizes.Length;
        EwK = [.. abr.HalfLives.Select(h => Math.Log(2) / h.Seconds)];
        // Sabre: latency_half_life = half_life / segment_time, counted in samples.
        EwLatAlpha = [.. abr.HalfLives.Select(h => Math.Pow(0.5, SegDur / h.Seconds))];
        Windows = [.. abr.WindowSizes];
        if (abr.HalfLives.Length == 2)
        {
            var h0 = abr.HalfLives[0].Seconds;
            var h1 = abr.HalfLives[1].Seconds;
            for (var j = 1; j <= 16 && EwPower0 == 0; j++)
            {
                var l = h1 * j; // L: a whole multiple of h1 ...
                var m0 = l / h0; // ... and of h0
                if (Math.Abs(m0 - Math.Round(m0)) < 1e-12 * m0 && Math.Round(m0) is >= 1 and <= 16)
                {
                    EwCommonK = Math.Log(2) / l;
                    EwPower0 = (int)Math.Round(m0);
                    EwPower1 = j;
                }
            }
        }
        Safety = abr.SafetyFactor;
        Ibr = abr.InsufficientBufferRule;
        IbrInit = abr.LowBufferSafetyInitial;
        IbrFloor = abr.LowBufferSafetyFloor;

        // BOLA-E: utilities ln(b) shifted so the lowest is 1 (BolaEnh). With the insufficient-buffer rule (Sabre's
        // default), gamma*p and V come from the buffer target max(minimum + per-level x rungs, max buffer) as in dash.js
        // BolaRule.calculateBolaParameters; with -noibr Sabre takes plain BOLA's: gp - 1 and (buffer - segment) / (u + gp).
        Utility = new double[Rungs];
        for (var q = 0; q < Rungs; q++) Utility[q] = LogBps[q] + 1 - LogBps[0];
        BolaMinimumBuffer = abr.BolaMinimumBuffer.Seconds;
        BolaOsc = abr.BolaOscillationMode;
        BolaA = new double[Rungs];
        BolaMinLevel = new double[Rungs];
        BolaTieRung = new int[Rungs];
        BolaTrivial = Rungs == 1;
        GammaP = abr.GammaP;
        BolaBasic = abr.BolaBasic;
        if (!BolaTrivial)
        {
            if (Ibr)
            {
                var buffer = Math.Max(BolaMinimumBuffer + abr.BolaBufferPerLevel.Seconds * Rungs, MaxBuffer);
                Gp = (Utility[Rungs - 1] - 1) / (buffer / BolaMinimumBuffer - 1);
                Vp = BolaMinimumBuffer / Gp;
            }
            else
            {
                Gp = GammaP - 1;
                Vp = (MaxBuffer - SegDur) / (Utility[Rungs - 1] + Gp);
            }
            for (var q = 0; q < Rungs; q++) BolaA[q] = Vp * (Utility[q] + Gp);
            for (var q = 0; q < Rungs; q++) BolaMinLevel[q] = MinBufferForQuality(q, Utility, Vp, Gp, Bps);
            BolaMonotone = true;
            for (var q = 2; q < Rungs; q++) if (!(BolaMinLevel[q] > BolaMinLevel[q - 1])) BolaMonotone = false;
            BolaTieRung = SabreTies(ladder, MaxBuffer, abr, Rungs);
        }

        // Plain BOLA (Sabre Bola): utilities ln(b / b0), V from the (possibly shrunk) buffer target at each decision.
        PlainA = new double[Rungs];
        PlainStep = new double[Rungs];
        for (var q = 0; q < Rungs; q++) PlainA[q] = LogBps[q] - LogBps[0] + GammaP;
        for (var q = 1; q < Rungs; q++)
        {
            double level = 0;
            var uq = LogBps[q] - LogBps[0];
            for (var k = 0; k < q; k++)
            {
                var uk = LogBps[k] - LogBps[0];
                level = Math.Max(level, GammaP + (Bps[q] * uk - Bps[k] * uq) / (Bps[q] - Bps[k]));
            }
            PlainStep[q] = level;
        }
        PlainTop = PlainA[Rungs - 1];
        PlainVpBase = (MaxBuffer - SegDur) / PlainTop;

        BolaSteps = new Thresholds(BolaMinLevel.AsSpan(Math.Min(1, Rungs)));
        RungsAbove = new Thresholds(Bps.AsSpan(1, Rungs - 1));
        PlainSteps = new Thresholds(PlainStep.AsSpan(Math.Min(1, Rungs)));

        DynLow = abr.DynamicLowBuffer.Seconds;
        DynHigh = abr.DynamicHighBuffer.Seconds;
        DynThreshold = abr.DynamicThreshold.Seconds;

        // BBA-0's map spans the buffer the player can hold: the maximum buffer, or the latency to live.
        var holdable = Mode == PlayerMode.Live ? Math.Min(MaxBuffer, TargetLatency) : MaxBuffer;
        BbaReservoir = abr.BbaReservoir * holdable;
        BbaCushion = abr.BbaCushion * holdable;

        Exo = new ExoPlayerRule.Setup(this);
        Hls = new HlsJsRule.Setup(this);
        Shaka = new ShakaRule.Setup(this);
        L2A = new L2ARule.Setup(this);
        Av = new AvPlayerRule.Setup(this);

        AbandonMultiplier = abr.AbandonMultiplier;
        AbandonGrace = abr.AbandonGraceTime.Seconds;
        if (Algorithm == AbrAlgorithm.HlsJs)
        {
            // hls.js checks its emergency switch-down on a timer, always (abr-controller.ts onFragLoading: setInterval 100 ms).
            Abandon = true;
            CheckBits = 0;
            CheckTime = HlsJsRule.AbandonCheckInterval;
        }
        else
        {
            Abandon = abr.Abandonment && SabreFamily && Algorithm is not AbrAlgorithm.Fixed and not AbrAlgorithm.Bba
                      && !(Algorithm == AbrAlgorithm.Bola && BolaBasic);
            CheckBits = abr.AbandonCheckSize.Bits;
            CheckTime = abr.AbandonCheckInterval.Seconds;
        }

        QuietRuns = Abandon && Mode != PlayerMode.Reference && !CatchUp && Algorithm != AbrAlgorithm.Shaka && !options.EveryCheck;
        RampupThreshold = options.RampupThreshold is { } rt ? Math.Min(rt, LadderRungs - 1) : -1;
        // Segments await their play start while buffered: at most the buffer's worth, one partly played and one arriving.
        RampupRingSize = Math.Max(SessionState.RampupRing, (int)Math.Min(1 << 20, Math.Floor(MaxBuffer / SegDur)) + 3);
        TrackRampup = MaxBuffer / SegDur + 2 < RampupRingSize;
    }

    /// <summary>Sabre BolaEnh.min_buffer_for_quality: the level above which rung q beats every lower rung.</summary>
    private static double MinBufferForQuality(int quality, double[] utility, double vp, double gp, double[] bps)
    {
        double level = 0;
        for (var q = 0; q < quality; q++)
        {
            if (utility[q] < utility[quality])
            {
                var l = vp * (gp + (bps[quality] * utility[q] - bps[q] * utility[quality]) / (bps[quality] - bps[q]));
                level = Math.Max(level, l);
            }
        }
        return level;
    }

    /// <summary>
    /// BOLA-E's decision at exactly <c>min_buffer_for_quality(q)</c>, computed the way Sabre computes it (ms, kbit/s,
    /// its operation order). After an abandonment Sabre caps the placeholder so that buffer + placeholder is exactly that
    /// level: two rungs tie, and Sabre's own rounding decides. Our units round differently, so at a tie we take
    /// Sabre's answer from this table instead of our arithmetic.
    /// </summary>
    private static int[] SabreTies(BitrateLadder ladder, double maxBuffer, AbrOptions abr, int rungs)
    {
        var kbps = new double[rungs];
        for (var q = 0; q < rungs; q++) kbps[q] = ladder.Rungs[q].BitsPerSecond / 1000;
        var segMs = ladder.SegmentDuration.Seconds * 1000;
        var offset = 1 - Math.Log(kbps[0]); // utilities[0] = 1
        var u = new double[rungs];
        for (var q = 0; q < rungs; q++) u[q] = Math.Log(kbps[q]) + offset;
        double gp, vp;
        if (abr.InsufficientBufferRule)
        {
            var minimum = abr.BolaMinimumBuffer.Seconds * 1000;
            var buffer = minimum;
            buffer += abr.BolaBufferPerLevel.Seconds * 1000 * rungs;
            buffer = Math.Max(buffer, maxBuffer * 1000);
            gp = (u[rungs - 1] - 1) / (buffer / minimum - 1);
            vp = minimum / gp;
        }
        else
        {
            gp = abr.GammaP - 1;
            vp = (maxBuffer * 1000 - segMs) / (u[rungs - 1] + gp);
        }
        var ties = new int[rungs];
        for (var q = 0; q < rungs; q++)
        {
            var level = MinBufferForQuality(q, u, vp, gp, kbps);
            var best = 0;
            double? score = null;
            for (var k = 0; k < rungs; k++)
            {
                var sk = (vp * (u[k] + gp) - level) / kbps[k];
                if (score is null || sk > score) { best = k; score = sk; }
            }
            ties[q] = best;
        }
        return ties;
    }

    /// <summary>Size of segment <paramref name="segment"/> at rung <paramref name="rung"/>, in bits.</summary>
    public double SegmentBits(int segment, int rung) =>
        SizeBits is null ? Bps[rung] * SegDur : SizeBits[(segment % SizeRows) * LadderRungs + rung];

    public Duration SegmentDuration => Duration.FromSeconds(SegDur);
}
