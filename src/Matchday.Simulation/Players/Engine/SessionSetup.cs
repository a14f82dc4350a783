using Matchday.Core.Units;

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
    public readonly double[]? SizeBits;   // per-segment sizes, [segment * LadderRungs + rung]
    public readonly int LadderRungs;
    public readonly int SizeRows;
    public readonly int SegmentCount;
    public readonly double MaxBuffer, StartupBuffer, ResumeBuffer;
    public readonly int FirstRung;        // -1: from the initial estimate
    public readonly double InitialEstimate;
    public readonly int FixedRung;

    // live
    public readonly int LiveSegmentsAtJoin;
    public readonly double TargetLatency;
    public readonly bool CatchUp;
    public readonly double CatchUpDrift, CatchUpRate;

    // viewer abandonment
    public readonly bool ViewerAbandon;
    public readonly double StartupGrace, StartupRate, StallGrace, StallRate;
    public readonly double MaxSessionTime;

    // throughput estimate (Sabre Ewma / dash.js ThroughputHistory)
    public readonly double FastK, SlowK;          // ln 2 / half-life
    public readonly double LatAlphaFast, LatAlphaSlow; // 0.5^(segment / half-life): latency EWMA is per sample
    public readonly double Safety;

    // insufficient buffer rule
    public readonly bool Ibr;
    public readonly double IbrInit, IbrFloor;

    // BOLA (Sabre BolaEnh = dash.js BolaRule)
    public readonly double[] Utility;
    public readonly double Vp, Gp;
    public readonly double[] BolaA;         // Vp * (utility + gp): max buffer for quality
    public readonly double[] BolaMinLevel;  // min_buffer_for_quality
    public readonly double BolaMinimumBuffer;
    public readonly bool BolaOsc;
    public readonly bool BolaTrivial;       // single-rung ladder: nothing to decide

    // dynamic
    public readonly double DynLow, DynHigh;

    // in-flight abandonment
    public readonly bool Abandon;
    public readonly double AbandonMultiplier, AbandonGrace, CheckBits, CheckTime;

    public readonly double[] DeviceCumulative; // cumulative device weights, normalized; empty: no device cap
    public readonly int[] DeviceMaxRung;

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
        SegDur = ladder.SegmentDuration.Seconds;
        LadderRungs = ladder.Rungs.Length;
        Rungs = abr.MaxRung is { } cap ? Math.Min(cap + 1, LadderRungs) : LadderRungs;
        var devices = options.Devices.IsDefault ? [] : options.Devices;
        var deviceTotal = devices.Sum(d => d.Weight);
        DeviceCumulative = new double[devices.Length];
        DeviceMaxRung = new int[devices.Length];
        var acc = 0.0;
        for (var i = 0; i < devices.Length; i++)
        {
            acc += devices[i].Weight / deviceTotal;
            DeviceCumulative[i] = acc;
            DeviceMaxRung[i] = devices[i].MaxRung;
        }
        Bps = new double[LadderRungs];
        for (var i = 0; i < LadderRungs; i++) Bps[i] = ladder.Rungs[i].BitsPerSecond;
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

        var target = options.LiveTargetLatency?.Seconds ?? 3 * SegDur;
        TargetLatency = target;
        LiveSegmentsAtJoin = Math.Max(1, (int)Math.Round(target / SegDur));
        if (options.CatchUp is { } c) { CatchUp = true; CatchUpDrift = c.MaxDrift.Seconds; CatchUpRate = c.PlaybackRate; }

        if (options.ViewerAbandonment is { } va)
        {
            ViewerAbandon = true;
            StartupGrace = va.StartupGrace.Seconds; StartupRate = va.StartupRatePerSecond;
            StallGrace = va.StallGrace.Seconds; StallRate = va.StallRatePerSecond;
        }
        MaxSessionTime = options.MaxSessionTime?.Seconds ?? 4 * SegmentCount * SegDur + 600;

        FastK = Math.Log(2) / abr.FastHalfLife.Seconds;
        SlowK = Math.Log(2) / abr.SlowHalfLife.Seconds;
        // Sabre: latency_half_life = half_life / segment_time, counted in samples.
        LatAlphaFast = Math.Pow(0.5, SegDur / abr.FastHalfLife.Seconds);
        LatAlphaSlow = Math.Pow(0.5, SegDur / abr.SlowHalfLife.Seconds);
        Safety = abr.SafetyFactor;
        Ibr = abr.InsufficientBufferRule;
        IbrInit = abr.LowBufferSafetyInitial;
        IbrFloor = abr.LowBufferSafetyFloor;

        // BOLA: utilities ln(b) shifted so the lowest is 1 (BolaEnh); gamma*p and V from the buffer target
        // max(minimum + per-level x rungs, max buffer) as in dash.js BolaRule.calculateBolaParameters.
        Utility = new double[Rungs];
        for (var q = 0; q < Rungs; q++) Utility[q] = Math.Log(Bps[q]) + 1 - Math.Log(Bps[0]);
        BolaMinimumBuffer = abr.BolaMinimumBuffer.Seconds;
        BolaOsc = abr.BolaOscillationMode;
        BolaA = new double[Rungs];
        BolaMinLevel = new double[Rungs];
        BolaTrivial = Rungs == 1;
        if (!BolaTrivial)
        {
            var buffer = Math.Max(BolaMinimumBuffer + abr.BolaBufferPerLevel.Seconds * Rungs, MaxBuffer);
            Gp = (Utility[Rungs - 1] - 1) / (buffer / BolaMinimumBuffer - 1);
            Vp = BolaMinimumBuffer / Gp;
            for (var q = 0; q < Rungs; q++) BolaA[q] = Vp * (Utility[q] + Gp);
            for (var q = 0; q < Rungs; q++)
            {
                double level = 0;
                for (var k = 0; k < q; k++)
                {
                    if (Utility[k] < Utility[q])
                    {
                        var l = Vp * (Gp + (Bps[q] * Utility[k] - Bps[k] * Utility[q]) / (Bps[q] - Bps[k]));
                        level = Math.Max(level, l);
                    }
                }
                BolaMinLevel[q] = level;
            }
        }

        DynLow = abr.DynamicLowBuffer.Seconds;
        DynHigh = abr.DynamicHighBuffer.Seconds;

        Abandon = abr.Abandonment && abr.Algorithm != AbrAlgorithm.Fixed;
        AbandonMultiplier = abr.AbandonMultiplier;
        AbandonGrace = abr.AbandonGraceTime.Seconds;
        CheckBits = abr.AbandonCheckSize.Bits;
        CheckTime = abr.AbandonCheckInterval.Seconds;
    }

    /// <summary>Size of segment <paramref name="segment"/> at rung <paramref name="rung"/>, in bits.</summary>
    public double SegmentBits(int segment, int rung) =>
        SizeBits is null ? Bps[rung] * SegDur : SizeBits[(segment % SizeRows) * LadderRungs + rung];

    public Duration SegmentDuration => Duration.FromSeconds(SegDur);
}
