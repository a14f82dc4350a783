using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Matchday.Simulation.Networks;

namespace Matchday.Simulation.Players.Engine;

/// <summary>Four doubles, one per lane of a <see cref="LaneEngine"/>.</summary>
[InlineArray(LaneEngine.Width)]
internal struct Lanes
{
    private double _element0;
}

/// <summary>Four ints, one per lane of a <see cref="LaneEngine"/>.</summary>
[InlineArray(LaneEngine.Width)]
internal struct LaneInts
{
    private int _element0;
}

/// <summary>
/// Four sessions of one setup advanced abreast, one 256-bit lane each, through the cycle a playing session repeats for
/// every segment: the request (and its wait for room or for the live edge), the ABR's decision, the request latency, the
/// download over the trace, and the segment's bookkeeping (metrics, the ABR's report, Sabre's throughput EWMA). The
/// arithmetic is <see cref="SessionEngine"/>'s, operation for operation, so each lane computes exactly what the scalar
/// engine does; the trace cursor (per lane: each has its own trace) is moved by the scalar engine's own functions.
/// </summary>
/// <remarks>
/// A lane's cycle is committed only if it took the path written here: anything else on the way (the end of the content,
/// a jump to the live edge, a stall, a patience or time limit, a BOLA delay, a tie or a rounding margin in a rung scan,
/// the first BOLA decision) makes the lane bail: its state stays as it was at the cycle start, and the caller runs that
/// cycle with the scalar engine (<see cref="SessionEngine.ToCycleStart"/>), which may hand the lane back afterwards.
/// Bailing is always correct; it only costs time. Only the population simulator uses it (no cap, no log, no limit).
/// </remarks>
internal sealed unsafe class LaneEngine
{
    public const int Width = 4;


    private readonly SessionSetup _setup;
    private readonly bool _live, _bola, _tput, _dynamic, _exo, _sabre;
    private readonly int _top;
    // Pinned copies of the setup's tables, for the gathers.
    private readonly double[] _bps, _logBps, _bolaA, _minLevel;
    private readonly double* _pBps, _pLogBps, _pBolaA, _pMinLevel;
    private readonly double[] _bolaSteps, _rungsAbove, _rungsAboveScaled, _tieTolerance;

    /// <summary>The lanes' sessions: the caller's scalar work on lane l is on <c>States[l]</c> (after <see cref="Store"/>).</summary>
    public readonly SessionState[] States = new SessionState[Width];

    private readonly NetworkTrace[] _traces = new NetworkTrace[Width];

    // The committed state of the lanes, one Lanes per field (the rest of each state stays in States).
    private Lanes _now, _buffer, _mediaPlayed, _playedTime, _segment, _segmentCount, _placeholder, _ibrBola, _ibrTput;
    private Lanes _throughput, _latency, _ew0, _ew1, _z0, _z1, _el0, _el1, _zl0, _zl1;
    private Lanes _sumBitrate, _utility, _bitrateChange, _logBitrateChange, _delivered, _latSum, _latMax, _latCount;
    private Lanes _patience, _livePhase, _mediaSkipped, _abrLast, _lastQuality, _isBola, _bolaSteady, _switches, _segments;
    private Lanes _ttn, _rungCap;
    // Left by the last committed cycle, for the state written back.
    private Lanes _bufferAtRequest, _waitStart, _waitEnd, _quality, _segBits, _dlStart, _ttfb;
    private LaneInts _period, _checkPeriod;
    private readonly bool[] _rampup = new bool[Width]; // Sabre's rampup time still to be found: the lane's play starts are noted
    // Where the cycle drained (start time, media played before, media played after) for the rampup's notes: the wait,
    // the two stretches of a latency across a period's end, the download.
    private Lanes _rWaitAt, _rWaitFrom, _rWaitTo, _rFirstAt, _rFirstFrom, _rFirstTo, _rSecondAt, _rSecondFrom, _rSecondTo, _rDlAt, _rDlFrom, _rDlTo;

    /// <summary>Whether the lane engine can run sessions of <paramref name="setup"/>.</summary>
    public static bool Applies(SessionSetup setup) =>
        Avx2.IsSupported && Vector256.IsHardwareAccelerated
        && setup.Algorithm is AbrAlgorithm.Throughput or AbrAlgorithm.BolaE or AbrAlgorithm.DynamicDash or AbrAlgorithm.ExoPlayer
        && setup.Mode is PlayerMode.Live or PlayerMode.Vod
        && !setup.CatchUp && !setup.Abandon && setup.SizeBits is null
        && (setup.Algorithm == AbrAlgorithm.ExoPlayer || (setup.SabreFamily && setup.Average == ThroughputAverage.Ewma && setup.Averages == 2))
        && (setup.Algorithm is AbrAlgorithm.Throughput or AbrAlgorithm.ExoPlayer || (!setup.BolaTrivial && setup.BolaMonotone));

    public LaneEngine(SessionSetup setup)
    {
        if (!Applies(setup)) throw new ArgumentException("the lane engine does not run this setup", nameof(setup));
        _setup = setup;
        _live = setup.Mode == PlayerMode.Live;
        _dynamic = setup.Algorithm == AbrAlgorithm.DynamicDash;
        _bola = setup.Algorithm is AbrAlgorithm.BolaE or AbrAlgorithm.DynamicDash;
        _tput = setup.Algorithm is AbrAlgorithm.Throughput or AbrAlgorithm.DynamicDash;
        _exo = setup.Algorithm == AbrAlgorithm.ExoPlayer;
        _sabre = setup.SabreFamily;
        _top = setup.Rungs - 1;
        _bps = Pinned(setup.Bps, out _pBps);
        _logBps = Pinned(setup.LogBps, out _pLogBps);
        _bolaA = Pinned(setup.BolaA, out _pBolaA);
        _minLevel = Pinned(setup.BolaMinLevel, out _pMinLevel);
        _bolaSteps = setup.BolaSteps.ToArray();
        _rungsAbove = setup.RungsAbove.ToArray();
        // Thresholds.ScaledAtMost's products (the same multiplications), and BolaEnhRule's tie tolerance per threshold.
        _rungsAboveScaled = [.. _rungsAbove.Select(b => b * setup.SegDur)];
        _tieTolerance = [.. _bolaSteps.Select(t => 1e-9 * t)];
    }

    /// <summary>A copy of <paramref name="source"/> on the pinned heap (kept alive by the field that holds it), and its address.</summary>
    private static double[] Pinned(double[] source, out double* pointer)
    {
        var a = GC.AllocateArray<double>(Math.Max(1, source.Length), pinned: true);
        source.CopyTo(a, 0);
        pointer = (double*)Unsafe.AsPointer(ref a[0]);
        return a;
    }

    /// <summary>Whether lane state <paramref name="s"/>, at a cycle start, may run in the lanes.</summary>
    public bool Eligible(in SessionState s) =>
        s.Outcome == SessionOutcome.Running && s.Phase == Phase.Request && s.Started && s.Playing
        && s.Segments > 0 && (s.HasEstimate || !_sabre) && !s.CatchingUp && s.LastQuality >= 0
        && (_setup.Algorithm != AbrAlgorithm.BolaE || s.BolaSteady) && (!_exo || s.Exo.Selected);

    /// <summary>Takes <c>States[l]</c> (eligible, at a cycle start, on <paramref name="trace"/>) into lane <paramref name="l"/>.</summary>
    public void Load(int l, NetworkTrace trace)
    {
        ref readonly var s = ref States[l];
        _traces[l] = trace;
        _rampup[l] = !s.RampupDone;
        _patience[l] = s.StallPatience - s.StallTime;
        _segmentCount[l] = s.SegmentCount;
        _livePhase[l] = s.LivePhase;
        _mediaSkipped[l] = s.MediaSkipped;
        _bolaSteady[l] = s.BolaSteady ? 1 : 0;
        _rungCap[l] = Math.Min(s.RungCap, _top);
        Sync(l, toState: false);
    }

    /// <summary>Writes lane <paramref name="l"/> back to <c>States[l]</c>: the state the scalar engine would have there.</summary>
    public void Store(int l)
    {
        Sync(l, toState: true);
        ref var s = ref States[l];
        // What the last cycle's steps left behind that follows from the rest (the next cycle overwrites each before reading it).
        s.StallAtRequest = s.StallTime;
        s.DoneBits = s.SegBits;
        s.PieceStart = s.DlStart;
        s.LatencyUnits = 0;
        s.ChkBits = _setup.CheckBits;
        s.ChkTime = _setup.CheckTime - s.Ttfb;
        s.Undrained = 0;
        s.Phase = Phase.Request;
    }

    /// <summary>The one map between a state's fields and the lanes', either way (whole numbers are exact in a double).</summary>
    private void Sync(int l, bool toState)
    {
        ref var s = ref States[l];
        D(ref s.Now, ref _now[l]);
        D(ref s.Buffer, ref _buffer[l]);
        D(ref s.MediaPlayed, ref _mediaPlayed[l]);
        D(ref s.PlayedTime, ref _playedTime[l]);
        I(ref s.Segment, ref _segment[l]);
        D(ref s.Placeholder, ref _placeholder[l]);
        D(ref s.IbrBola, ref _ibrBola[l]);
        D(ref s.IbrTput, ref _ibrTput[l]);
        D(ref s.Throughput, ref _throughput[l]);
        D(ref s.Latency, ref _latency[l]);
        D(ref s.EwThroughput[0], ref _ew0[l]);
        D(ref s.EwThroughput[1], ref _ew1[l]);
        D(ref s.ZeroThroughput[0], ref _z0[l]);
        D(ref s.ZeroThroughput[1], ref _z1[l]);
        D(ref s.EwLatency[0], ref _el0[l]);
        D(ref s.EwLatency[1], ref _el1[l]);
        D(ref s.ZeroLatency[0], ref _zl0[l]);
        D(ref s.ZeroLatency[1], ref _zl1[l]);
        D(ref s.SumBitrate, ref _sumBitrate[l]);
        D(ref s.Utility, ref _utility[l]);
        D(ref s.BitrateChange, ref _bitrateChange[l]);
        D(ref s.LogBitrateChange, ref _logBitrateChange[l]);
        D(ref s.DeliveredBits, ref _delivered[l]);
        D(ref s.LatSum, ref _latSum[l]);
        D(ref s.LatMax, ref _latMax[l]);
        I(ref s.LatCount, ref _latCount[l]);
        I(ref s.AbrLast, ref _abrLast[l]);
        I(ref s.LastQuality, ref _lastQuality[l]);
        if (toState) s.IsBola = _isBola[l] != 0;
        else _isBola[l] = s.IsBola ? 1 : 0;
        I(ref s.Switches, ref _switches[l]);
        I(ref s.Segments, ref _segments[l]);
        D(ref s.TimeToNext, ref _ttn[l]);
        if (toState) s.Period = _period[l];
        else _period[l] = s.Period;
        D(ref s.BufferAtRequest, ref _bufferAtRequest[l]);
        D(ref s.WaitStart, ref _waitStart[l]);
        D(ref s.WaitEnd, ref _waitEnd[l]);
        if (toState) s.CheckPeriod = _checkPeriod[l];
        else _checkPeriod[l] = s.CheckPeriod;
        I(ref s.Quality, ref _quality[l]);
        D(ref s.SegBits, ref _segBits[l]);
        D(ref s.DlStart, ref _dlStart[l]);
        D(ref s.Ttfb, ref _ttfb[l]);

        void D(ref double field, ref double lane)
        {
            if (toState) field = lane;
            else lane = field;
        }

        void I(ref int field, ref double lane)
        {
            if (toState) field = (int)lane;
            else lane = field;
        }
    }

    private static Vector256<double> V(ref Lanes x) => Vector256.LoadUnsafe(ref x[0]);

    private static Vector256<double> B(double x) => Vector256.Create(x);

    /// <summary>Commits the lanes of <paramref name="ok"/>: theirs from <paramref name="value"/>, the others' kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Commit(ref Lanes x, Vector256<double> ok, Vector256<double> value, bool all)
    {
        if (all) value.StoreUnsafe(ref x[0]);
        else Vector256.ConditionalSelect(ok, value, Vector256.LoadUnsafe(ref x[0])).StoreUnsafe(ref x[0]);
    }

    /// <summary>a[i] for each lane's i (a whole number in [0, top]; clamped, so a lane about to bail reads in bounds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<double> Gather(double* a, Vector256<double> index)
    {
        var i = Avx.ConvertToVector128Int32WithTruncation(index);
        i = Vector128.Min(Vector128.Max(i, Vector128<int>.Zero), Vector128.Create(_top));
        return Avx2.GatherVector256(a, i, 8);
    }

    /// <summary>How many of <paramref name="t"/> are strictly below (or, <paramref name="inclusive"/>, at or below) each lane's x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> CountBelow(double[] t, Vector256<double> x, bool inclusive, double scale, bool scaled)
    {
        var n = Vector256<double>.Zero;
        var one = Vector256<double>.One;
        foreach (var v in t)
        {
            var th = B(scaled ? v * scale : v);
            n += (inclusive ? Vector256.LessThanOrEqual(th, x) : Vector256.LessThan(th, x)) & one;
        }
        return n;
    }

    /// <summary>
    /// Sabre quality_from_throughput (<see cref="Rules.SabreEstimate.QualityFromThroughput"/>) in each lane; lanes whose
    /// budget lies within the rounding margin of a rung (where the scalar rule confirms with a division) are marked in
    /// <paramref name="ok"/> to bail.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<double> QualityFromThroughput(Vector256<double> tput, Vector256<double> latency, ref Vector256<double> ok)
    {
        const double Margin = 1e-9;
        var p = B(_setup.SegDur);
        var budget = (p - latency) * tput / p;
        var q = CountBelow(_rungsAbove, budget, inclusive: true, 1, scaled: false);
        var zero = Vector256<double>.Zero;
        var top = B(_top);
        var bq = Gather(_pBps, q);
        var bq1 = Gather(_pBps, q + Vector256<double>.One);
        var low = Vector256.GreaterThan(q, zero) & ~Vector256.LessThan(bq, budget * B(1 - Margin));
        var high = Vector256.LessThan(q, top) & ~Vector256.GreaterThan(bq1, budget * B(1 + Margin));
        ok &= ~(low | high);
        return q;
    }

    /// <summary>
    /// The step limit of <see cref="SessionEngine"/>'s loop for a playing viewer (its PatienceBound under the session's
    /// maximum time; the maximum time without viewer abandonment).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<double> Limit(Vector256<double> now, Vector256<double> buffer, Vector256<double> patience)
    {
        var max = B(_setup.MaxSessionTime); // Math.Min(until = +inf, max)
        if (!_setup.ViewerAbandon) return max;
        var earliest = now + buffer + patience;
        return Vector256.ConditionalSelect(Vector256.GreaterThan(earliest, now) & Vector256.LessThan(earliest, max), earliest, max);
    }

    /// <summary>
    /// One cycle in every lane. Returns the lanes that bailed (bit l for lane l): their state is as before, at their
    /// cycle start; the others have made their cycle and are at the next one.
    /// </summary>
    public int Cycle()
    {
        var setup = _setup;
        var ok = Vector256<double>.AllBitsSet;
        var one = Vector256<double>.One;
        var zero = Vector256<double>.Zero;
        var segDur = B(setup.SegDur);

        var now = V(ref _now);
        var buffer = V(ref _buffer);
        var segment = V(ref _segment);
        var patience = V(ref _patience);
        var livePhase = V(ref _livePhase);

        // Request: the content not over, no jump to the live edge; the wait for room (Sabre's full_delay) or publication.
        ok &= Vector256.LessThan(segment, V(ref _segmentCount));
        var wait = buffer + segDur - B(setup.MaxBuffer);
        if (_live)
        {
            var published = (segment - B(setup.LiveSegmentsAtJoin) + one) * segDur - livePhase;
            ok &= ~Vector256.GreaterThan(now - published, B(setup.LiveWindow));
            var untilPublished = published - now;
            wait = Vector256.ConditionalSelect(Vector256.GreaterThan(untilPublished, wait), untilPublished, wait);
        }
        var hasWait = Vector256.GreaterThan(wait, zero);
        var waitStart = now;
        var waitEnd = now + wait;

        // The wait: within the limit (else the scalar loop stops mid-wait), playing it out without a stall.
        var limit = Limit(now, buffer, patience);
        ok &= ~hasWait | (Vector256.LessThan(now, limit) & Vector256.LessThanOrEqual(waitEnd, limit));
        var waited = waitEnd - now;
        var elapse = hasWait & Vector256.GreaterThan(waitEnd, now);
        var playedTime = V(ref _playedTime);
        var mediaPlayed = V(ref _mediaPlayed);
        var rampup = _rampup[0] | _rampup[1] | _rampup[2] | _rampup[3];
        Drain(elapse, waited, now, ref ok, ref buffer, ref playedTime, ref mediaPlayed, rampup, ref _rWaitAt, ref _rWaitFrom, ref _rWaitTo);
        now = Vector256.ConditionalSelect(elapse, waitEnd, now);
        var reported = waitEnd - waitStart; // ReportDelay: BOLA-E's placeholder grows by the time waited
        var placeholder = V(ref _placeholder);
        if (_bola) placeholder = Vector256.ConditionalSelect(hasWait, placeholder + reported, placeholder);

        // The trace cursor over the wait, lane by lane.
        Lanes ttnL = default, waitedL = default;
        LaneInts periodL = default;
        V(ref _ttn).StoreUnsafe(ref ttnL[0]);
        waited.StoreUnsafe(ref waitedL[0]);
        var elapseBits = elapse.ExtractMostSignificantBits();
        for (var l = 0; l < Width; l++)
        {
            var p = _period[l];
            if ((elapseBits & (1u << l)) != 0) SessionEngine.MoveCursor(ref p, ref ttnL[l], waitedL[l], _traces[l], skip: true);
            periodL[l] = p;
        }

        // The decision.
        var throughput = V(ref _throughput);
        var latency = V(ref _latency);
        var isBola = V(ref _isBola);
        Vector256<double> bolaLanes, tputLanes;
        if (_dynamic)
        {
            // DYNAMIC-DASH: hysteresis on the buffer level.
            var was = Vector256.GreaterThan(isBola, zero);
            var now_ = (was & ~Vector256.LessThan(buffer, B(setup.DynLow))) | (~was & Vector256.GreaterThan(buffer, B(setup.DynHigh)));
            isBola = now_ & one;
            bolaLanes = now_;
            tputLanes = ~now_;
        }
        else
        {
            bolaLanes = _bola ? Vector256<double>.AllBitsSet : zero;
            tputLanes = _tput ? Vector256<double>.AllBitsSet : zero;
        }
        var q = zero;
        var ibrBola = V(ref _ibrBola);
        var ibrTput = V(ref _ibrTput);
        if (_bola && (bolaLanes & ok).ExtractMostSignificantBits() != 0)
        {
            ok &= ~bolaLanes | Vector256.GreaterThan(V(ref _bolaSteady), zero);
            var level = buffer;
            var x = level + placeholder;
            var qb = CountBelow(_bolaSteps, x, inclusive: false, 1, scaled: false);
            // A level within a few ulps of a threshold is a tie that Sabre's arithmetic decides: left to the scalar engine.
            var tie = zero;
            for (var k = 0; k < _bolaSteps.Length; k++)
                tie |= Vector256.LessThanOrEqual(Vector256.Abs(x - B(_bolaSteps[k])), B(_tieTolerance[k]));
            ok &= ~(bolaLanes & tie);
            var qt = QualityFromThroughput(throughput, latency, ref ok);
            var abrLast = V(ref _abrLast);
            var up = Vector256.GreaterThan(qb, abrLast) & Vector256.GreaterThan(qb, qt);
            var capped = Vector256.ConditionalSelect(Vector256.GreaterThan(abrLast, qt), abrLast, qt);
            if (!setup.BolaOsc) capped += one;
            qb = Vector256.ConditionalSelect(up, capped, qb);
            var d = x - Gather(_pBolaA, qb);
            var positive = Vector256.GreaterThan(d, zero);
            var within = Vector256.LessThanOrEqual(d, placeholder);
            var newPlaceholder = Vector256.ConditionalSelect(positive & within, placeholder - d, Vector256.ConditionalSelect(positive, zero, placeholder));
            d = Vector256.ConditionalSelect(positive & ~within, d - placeholder, zero);
            d = Vector256.ConditionalSelect(Vector256.Equals(qb, B(setup.Rungs - 1)), zero, d);
            var newIbr = ibrBola;
            if (setup.Ibr)
            {
                var safe = ibrBola * (level - latency) * throughput;
                newIbr = Vector256.Max(ibrBola * B(setup.IbrInit), B(setup.IbrFloor));
                var fits = CountBelow(_rungsAboveScaled, safe, inclusive: true, 1, scaled: false);
                var apply = Vector256.LessThan(fits, qb) & Vector256.Equals(safe, safe);
                qb = Vector256.ConditionalSelect(apply, fits, qb);
                d = Vector256.ConditionalSelect(apply, zero, d);
                var maxPlaceholder = Vector256.Max(zero, Gather(_pMinLevel, qb) - level);
                newPlaceholder = Vector256.ConditionalSelect(apply, Vector256.Min(maxPlaceholder, newPlaceholder), newPlaceholder);
            }
            // A delay before the download (BOLA's wait above its level): left to the scalar engine.
            ok &= ~(bolaLanes & Vector256.GreaterThan(d, zero));
            placeholder = Vector256.ConditionalSelect(bolaLanes, newPlaceholder, placeholder);
            ibrBola = Vector256.ConditionalSelect(bolaLanes, newIbr, ibrBola);
            q = Vector256.ConditionalSelect(bolaLanes, qb, q);
        }
        if (_tput && (tputLanes & ok).ExtractMostSignificantBits() != 0)
        {
            var qt = QualityFromThroughput(throughput * B(setup.Safety), latency, ref ok);
            var newIbr = ibrTput;
            if (setup.Ibr)
            {
                var safe = ibrTput * (buffer - latency) * throughput;
                newIbr = Vector256.Max(ibrTput * B(setup.IbrInit), B(setup.IbrFloor));
                var fits = CountBelow(_rungsAboveScaled, safe, inclusive: true, 1, scaled: false);
                qt = Vector256.ConditionalSelect(Vector256.LessThan(fits, qt) & Vector256.Equals(safe, safe), fits, qt);
            }
            ibrTput = Vector256.ConditionalSelect(tputLanes, newIbr, ibrTput);
            q = Vector256.ConditionalSelect(tputLanes, qt, q);
        }
        var exoSelected = zero;
        if (_exo)
        {
            // ExoPlayer's AdaptiveTrackSelection: the ideal rung for its meter's estimate (lane by lane: its arithmetic is
            // in long and float), held unless the buffer allows the switch.
            Unsafe.SkipInit(out Lanes idealL);
            for (var l = 0; l < Width; l++)
            {
                ref readonly var e = ref States[l].Exo;
                var estimate = e.BitrateEstimate > 0 ? e.BitrateEstimate : setup.Exo.Initial;
                idealL[l] = Rules.ExoPlayerRule.IdealIndex(setup, (long)(estimate * Rules.ExoPlayerRule.BandwidthFraction));
            }
            var ideal = V(ref idealL);
            var previous = V(ref _lastQuality);
            var minIncrease = B(Rules.ExoPlayerRule.MinDurationForQualityIncrease);
            if (_live)
            {
                var available = B(setup.LiveSegmentsAtJoin * setup.SegDur) + livePhase + now - mediaPlayed - V(ref _mediaSkipped) - segDur;
                minIncrease = Vector256.Min(Vector256.Max(zero, available) * B(Rules.ExoPlayerRule.BufferedFractionToLiveEdgeForQualityIncrease), minIncrease);
            }
            var hold = (Vector256.GreaterThan(ideal, previous) & Vector256.LessThan(buffer, minIncrease))
                       | (Vector256.LessThan(ideal, previous) & Vector256.GreaterThanOrEqual(buffer, B(Rules.ExoPlayerRule.MaxDurationForQualityDecrease)));
            q = Vector256.ConditionalSelect(hold, previous, ideal);
            exoSelected = q; // the selection's own index, before the device's cap
        }
        var rungCap = V(ref _rungCap);
        q = Vector256.ConditionalSelect(Vector256.GreaterThan(q, rungCap), rungCap, q);

        // StartRequest, then the request latency within the period in force and the limit.
        var segBits = Gather(_pBps, q) * segDur;
        var bufferAtStart = buffer;
        var dlStart = now;
        limit = Limit(now, buffer, patience);
        ok &= Vector256.LessThan(now, limit);
        // The latency of the period in force; one that runs past the period's end (Sabre do_latency_delay rescales it to
        // the next period's latency) is played out as the scalar loop does, in two stretches; more are left to it.
        Lanes latL = default, segBitsL = default, elapsedL = default, firstL = default, secondL = default;
        var crossBits = 0u;
        for (var l = 0; l < Width; l++)
        {
            var trace = _traces[l];
            var lat1 = double.IsNaN(trace.ConstantLatency) ? trace.LatencySeconds[periodL[l]] : trace.ConstantLatency;
            latL[l] = lat1;
            if (lat1 <= ttnL[l]) continue;
            // SessionEngine.Latency's loop: the rest of this period, then the units left at the next period's latency.
            var t = ttnL[l];
            var units = 1 - t / trace.LatencySeconds[periodL[l]];
            var p = periodL[l] + 1;
            if (p == trace.PeriodSeconds.Length) p = 0;
            var next = trace.PeriodSeconds[p];
            var need = units * trace.LatencySeconds[p];
            if (!(need <= next)) { secondL[l] = double.NaN; crossBits |= 1u << l; continue; } // a third stretch: bail
            crossBits |= 1u << l;
            firstL[l] = t;
            secondL[l] = need;
            periodL[l] = p;
            ttnL[l] = next;
        }
        var lat = V(ref latL);
        var ttn = V(ref ttnL);
        var undrained = lat;
        if (crossBits == 0)
        {
            if (rampup)
            {
                B(double.NaN).StoreUnsafe(ref _rFirstAt[0]);
                B(double.NaN).StoreUnsafe(ref _rSecondAt[0]);
            }
            ok &= Vector256.LessThanOrEqual(now + lat, limit);
            now += lat;
            ttn -= lat;
        }
        else
        {
            var cross = Vector256.Create((crossBits & 1) != 0 ? -1L : 0, (crossBits & 2) != 0 ? -1L : 0, (crossBits & 4) != 0 ? -1L : 0, (crossBits & 8) != 0 ? -1L : 0).AsDouble();
            var first = V(ref firstL);
            var second = V(ref secondL);
            ok &= Vector256.ConditionalSelect(cross, Vector256.LessThanOrEqual(first, limit - now), Vector256.LessThanOrEqual(now + lat, limit));
            // Each stretch drained at once, as the scalar loop drains it (nothing for no time).
            Drain(cross & Vector256.GreaterThan(first, zero), first, now, ref ok, ref buffer, ref playedTime, ref mediaPlayed, rampup, ref _rFirstAt, ref _rFirstFrom, ref _rFirstTo);
            var now1 = Vector256.ConditionalSelect(cross, now + first, now);
            ok &= ~cross | Vector256.LessThanOrEqual(second, limit - now1);
            Drain(cross & Vector256.GreaterThan(second, zero), second, now1, ref ok, ref buffer, ref playedTime, ref mediaPlayed, rampup, ref _rSecondAt, ref _rSecondFrom, ref _rSecondTo);
            now = Vector256.ConditionalSelect(cross, now1 + second, now + lat);
            ttn = Vector256.ConditionalSelect(cross, ttn - second, ttn - lat);
            undrained = Vector256.ConditionalSelect(cross, zero, lat);
        }
        var ttfb = now - dlStart;

        // The download: the lookahead over each lane's trace, which must end within the limit.
        segBits.StoreUnsafe(ref segBitsL[0]);
        ttn.StoreUnsafe(ref ttnL[0]);
        var okBits = ok.ExtractMostSignificantBits();
        for (var l = 0; l < Width; l++)
        {
            if ((okBits & (1u << l)) == 0) { elapsedL[l] = 0; continue; }
            elapsedL[l] = SessionEngine.Lookahead(segBitsL[l], periodL[l], ttnL[l], _traces[l], out var p, out var t);
            periodL[l] = p;
            ttnL[l] = t;
        }
        var elapsed = V(ref elapsedL);
        ok &= Vector256.LessThanOrEqual(now + elapsed, limit);
        var start = now;
        now = start + elapsed;
        var drainFrom = start - undrained;
        var delivered = V(ref _delivered) + segBits; // SegBits - DoneBits, none of it in before
        var drain = now - drainFrom;
        Drain(Vector256.GreaterThan(drain, zero), drain, drainFrom, ref ok, ref buffer, ref playedTime, ref mediaPlayed, rampup, ref _rDlAt, ref _rDlFrom, ref _rDlTo);

        // Complete: the segment's bookkeeping.
        var total = now - dlStart;
        var dl = total - ttfb;
        buffer += segDur;
        var bps = Gather(_pBps, q);
        var logBps = Gather(_pLogBps, q);
        var sumBitrate = V(ref _sumBitrate) + bps;
        var utility = V(ref _utility) + (logBps - B(setup.LogBps[0]));
        var lastQuality = V(ref _lastQuality);
        var switched = Vector256.GreaterThanOrEqual(lastQuality, zero) & ~Vector256.Equals(q, lastQuality);
        var switches = V(ref _switches) + (switched & one);
        var bitrateChange = Vector256.ConditionalSelect(switched, V(ref _bitrateChange) + Vector256.Abs(bps - Gather(_pBps, lastQuality)), V(ref _bitrateChange));
        var logBitrateChange = Vector256.ConditionalSelect(switched, V(ref _logBitrateChange) + Vector256.Abs(logBps - Gather(_pLogBps, lastQuality)), V(ref _logBitrateChange));
        if (_bola)
        {
            // BOLA-E's report_download: the placeholder between the levels that justify the rung just fetched.
            var levelWas = buffer + total;
            var maxPlaceholder = Vector256.Max(zero, Gather(_pBolaA, q) - levelWas);
            placeholder = Vector256.ConditionalSelect(Vector256.GreaterThan(placeholder, maxPlaceholder), maxPlaceholder, placeholder);
            var minPlaceholder = Gather(_pMinLevel, q) - levelWas;
            placeholder = Vector256.ConditionalSelect(Vector256.GreaterThan(buffer, zero) & Vector256.LessThan(placeholder, minPlaceholder), minPlaceholder, placeholder);
        }

        // Sabre's EWMA of the download (its time, rate and latency): one exp per lane.
        if (_sabre) ok &= Vector256.GreaterThan(dl, zero);
        Lanes dlL = default;
        dl.StoreUnsafe(ref dlL[0]);
        Vector256<double> ew0 = default, ew1 = default, z0 = default, z1 = default, el0 = default, el1 = default, zl0 = default, zl1 = default;
        if (_sabre)
        {
            var tput = segBits / dl;
            Vector256<double> a0, a1;
            Lanes uL = default;
            if (setup.EwPower0 > 0)
            {
                for (var l = 0; l < Width; l++) uL[l] = Math.Exp(-dlL[l] * setup.EwCommonK);
                var u = V(ref uL);
                a0 = Power(u, setup.EwPower0);
                a1 = Power(u, setup.EwPower1);
            }
            else
            {
                for (var l = 0; l < Width; l++) uL[l] = Math.Exp(-dlL[l] * setup.EwK[0]);
                a0 = V(ref uL);
                for (var l = 0; l < Width; l++) uL[l] = Math.Exp(-dlL[l] * setup.EwK[1]);
                a1 = V(ref uL);
            }
            ew0 = a0 * V(ref _ew0) + (one - a0) * tput;
            z0 = one - (one - V(ref _z0)) * a0;
            var t0 = Vector256.ConditionalSelect(Vector256.Equals(z0, one), ew0, Vector256.ConditionalSelect(Vector256.GreaterThan(z0, zero), ew0 / z0, tput));
            ew1 = a1 * V(ref _ew1) + (one - a1) * tput;
            z1 = one - (one - V(ref _z1)) * a1;
            var t1 = Vector256.ConditionalSelect(Vector256.Equals(z1, one), ew1, Vector256.ConditionalSelect(Vector256.GreaterThan(z1, zero), ew1 / z1, tput));
            var la0 = B(setup.EwLatAlpha[0]);
            var la1 = B(setup.EwLatAlpha[1]);
            el0 = la0 * V(ref _el0) + B(1 - setup.EwLatAlpha[0]) * ttfb;
            zl0 = one - (one - V(ref _zl0)) * la0;
            var l0 = Vector256.ConditionalSelect(Vector256.Equals(zl0, one), el0, el0 / zl0);
            el1 = la1 * V(ref _el1) + B(1 - setup.EwLatAlpha[1]) * ttfb;
            zl1 = one - (one - V(ref _zl1)) * la1;
            var l1 = Vector256.ConditionalSelect(Vector256.Equals(zl1, one), el1, el1 / zl1);
            throughput = Vector256.ConditionalSelect(Vector256.LessThan(t1, t0), t1, t0);
            latency = Vector256.ConditionalSelect(Vector256.GreaterThan(l1, l0), l1, l0);
        }

        // The latency to live of the segment just in.
        var latSum = V(ref _latSum);
        var latMax = V(ref _latMax);
        var latCount = V(ref _latCount);
        if (_live)
        {
            var live = B(setup.LiveSegmentsAtJoin * setup.SegDur) + livePhase + now - mediaPlayed - V(ref _mediaSkipped);
            latSum += live;
            latCount += one;
            latMax = Vector256.ConditionalSelect(Vector256.GreaterThan(live, latMax), live, latMax);
        }

        // Commit the lanes that took this path (usually all four).
        var all = ok.ExtractMostSignificantBits() == (1u << Width) - 1;
        Commit(ref _now, ok, now, all);
        Commit(ref _buffer, ok, buffer, all);
        Commit(ref _mediaPlayed, ok, mediaPlayed, all);
        Commit(ref _playedTime, ok, playedTime, all);
        Commit(ref _segment, ok, segment + one, all);
        Commit(ref _placeholder, ok, placeholder, all);
        Commit(ref _ibrBola, ok, ibrBola, all);
        Commit(ref _ibrTput, ok, ibrTput, all);
        if (_sabre)
        {
            Commit(ref _throughput, ok, throughput, all);
            Commit(ref _latency, ok, latency, all);
            Commit(ref _ew0, ok, ew0, all);
            Commit(ref _ew1, ok, ew1, all);
            Commit(ref _z0, ok, z0, all);
            Commit(ref _z1, ok, z1, all);
            Commit(ref _el0, ok, el0, all);
            Commit(ref _el1, ok, el1, all);
            Commit(ref _zl0, ok, zl0, all);
            Commit(ref _zl1, ok, zl1, all);
        }
        Commit(ref _sumBitrate, ok, sumBitrate, all);
        Commit(ref _utility, ok, utility, all);
        Commit(ref _bitrateChange, ok, bitrateChange, all);
        Commit(ref _logBitrateChange, ok, logBitrateChange, all);
        Commit(ref _delivered, ok, delivered, all);
        Commit(ref _latSum, ok, latSum, all);
        Commit(ref _latMax, ok, latMax, all);
        Commit(ref _latCount, ok, latCount, all);
        Commit(ref _abrLast, ok, _bola ? q : V(ref _abrLast), all);
        Commit(ref _lastQuality, ok, q, all);
        Commit(ref _isBola, ok, isBola, all);
        Commit(ref _switches, ok, switches, all);
        Commit(ref _segments, ok, V(ref _segments) + one, all);
        Commit(ref _ttn, ok, V(ref ttnL), all);
        Commit(ref _bufferAtRequest, ok, bufferAtStart, all);
        Commit(ref _waitStart, ok, Vector256.ConditionalSelect(hasWait, waitStart, V(ref _waitStart)), all);
        Commit(ref _waitEnd, ok, Vector256.ConditionalSelect(hasWait, waitEnd, V(ref _waitEnd)), all);
        Commit(ref _quality, ok, q, all);
        Commit(ref _segBits, ok, segBits, all);
        Commit(ref _dlStart, ok, dlStart, all);
        Commit(ref _ttfb, ok, ttfb, all);
        var committed = (int)ok.ExtractMostSignificantBits();
        var hasWaitBits = hasWait.ExtractMostSignificantBits();
        Lanes qL = default, selectedL = default;
        q.StoreUnsafe(ref qL[0]);
        exoSelected.StoreUnsafe(ref selectedL[0]);
        for (var l = 0; l < Width; l++)
        {
            if ((committed & (1 << l)) == 0) continue;
            var requestPeriod = _period[l];
            if ((hasWaitBits & (1u << l)) != 0) _checkPeriod[l] = requestPeriod;
            _period[l] = periodL[l];
            ref var state = ref States[l];
            state.RungSegments[(int)qL[l]]++;
            if (_rampup[l]) _rampup[l] = Rampup(ref state, l, (hasWaitBits & (1u << l)) != 0, requestPeriod, (int)qL[l]);
            if (_exo)
            {
                state.Exo.SelectedIndex = (int)selectedL[l];
                Rules.ExoPlayerRule.Completed(ref state, segBitsL[l], dlL[l]);
            }
        }
        return ~committed & ((1 << Width) - 1);
    }

    /// <summary>
    /// SessionEngine.Drain of <paramref name="dt"/> seconds from session time <paramref name="at"/> in the lanes of
    /// <paramref name="drains"/>, for a playing viewer at rate 1: the buffer, playing time and media played move on; a
    /// lane that would run dry (a stall) bails. With a rampup pending, Drain's NoteStarts arguments (its start, the
    /// media played before and after; NaN: no drain) are kept for <see cref="Rampup"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Drain(Vector256<double> drains, Vector256<double> dt, Vector256<double> at, ref Vector256<double> ok,
        ref Vector256<double> buffer, ref Vector256<double> playedTime, ref Vector256<double> mediaPlayed,
        bool rampup, ref Lanes noteAt, ref Lanes noteFrom, ref Lanes noteTo)
    {
        if (rampup)
        {
            Vector256.ConditionalSelect(drains, at, B(double.NaN)).StoreUnsafe(ref noteAt[0]);
            mediaPlayed.StoreUnsafe(ref noteFrom[0]);
            (mediaPlayed + dt).StoreUnsafe(ref noteTo[0]);
        }
        ok &= ~drains | Vector256.LessThan(dt, buffer);
        buffer = Vector256.ConditionalSelect(drains, buffer - dt, buffer);
        playedTime = Vector256.ConditionalSelect(drains, playedTime + dt, playedTime);
        mediaPlayed = Vector256.ConditionalSelect(drains, mediaPlayed + dt, mediaPlayed);
    }

    /// <summary>
    /// Sabre's rampup bookkeeping of lane <paramref name="l"/>'s committed cycle, in the scalar engine's order: the play
    /// starts noted by each drain, the checks at the wait's end and before the segment is added, and the segment's rung.
    /// Returns whether the rampup time is still to be found.
    /// </summary>
    private bool Rampup(ref SessionState s, int l, bool waited, int requestPeriod, int q)
    {
        var setup = _setup;
        var trace = _traces[l];
        var segments = (int)_segments[l] - 1; // the segment count before this one (Store writes the rest)
        s.Segments = segments;
        if (!double.IsNaN(_rWaitAt[l]) && waited) SessionEngine.NoteStarts(ref s, setup, _rWaitAt[l], _rWaitFrom[l], _rWaitTo[l], 1);
        if (waited) SessionEngine.RampupCheck(ref s, setup, trace, requestPeriod, double.PositiveInfinity);
        if (!s.RampupDone && !double.IsNaN(_rFirstAt[l])) SessionEngine.NoteStarts(ref s, setup, _rFirstAt[l], _rFirstFrom[l], _rFirstTo[l], 1);
        if (!s.RampupDone && !double.IsNaN(_rSecondAt[l])) SessionEngine.NoteStarts(ref s, setup, _rSecondAt[l], _rSecondFrom[l], _rSecondTo[l], 1);
        if (!s.RampupDone && !double.IsNaN(_rDlAt[l])) SessionEngine.NoteStarts(ref s, setup, _rDlAt[l], _rDlFrom[l], _rDlTo[l], 1);
        SessionEngine.RampupCheck(ref s, setup, trace, _period[l], double.PositiveInfinity);
        s.Segments = segments + 1;
        if (!s.RampupDone) SessionEngine.NoteRung(ref s, q);
        return !s.RampupDone;
    }

    /// <summary>x^n for a small whole n, by squaring, in each lane (the scalar EWMA's own sequence of products).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Power(Vector256<double> x, int n)
    {
        var result = Vector256<double>.One;
        while (true)
        {
            if ((n & 1) != 0) result *= x;
            n >>= 1;
            if (n == 0) return result;
            x *= x;
        }
    }
}
