using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players.Engine.Rules;

namespace Matchday.Simulation.Players.Engine;

/// <summary>
/// The player session model: advances a <see cref="SessionState"/> in place up to a given session time, event by event
/// (request, wait, latency, download, playback), over a looping piecewise-constant trace whose throughput is capped by
/// <c>cap</c>. Static, allocation-free, no virtual calls: the hot loop of every player simulation.
/// The timing follows Sabre (UMass-LIDS/sabre, src/sabre.py) step for step, in seconds and bit/s instead of ms and
/// kbit/s; the ABR rules are in <c>Rules/</c>, each step named after the function it follows.
/// </summary>
internal static class SessionEngine
{
    /// <summary>Salt for the per-session random stream (distinct from the population's class/trace choice).</summary>
    private const ulong SessionSalt = 0x5E55_1011;

    /// <summary>
    /// Starts session <paramref name="index"/> of a run seeded <paramref name="seed"/> on a device that plays up to
    /// <paramref name="rungCap"/>: at a random point of the trace, at its start, or <paramref name="startAt"/> seconds
    /// into it (a trace laid on a night's clock, joined at that time).
    /// </summary>
    public static void Init(ref SessionState s, SessionSetup setup, NetworkTrace trace, ulong seed, long index, bool randomStart, int rungCap = int.MaxValue, int segmentCount = 0, double startAt = double.NaN)
    {
        s = default;
        s.Outcome = SessionOutcome.Running;
        s.Phase = Phase.Request;
        s.SegmentCount = segmentCount > 0 ? segmentCount : setup.SegmentCount;
        s.LastQuality = -1;
        s.RungCap = rungCap;
        s.RampupDone = !setup.TrackRampup;
        // A buffer of more segments than the inline ring holds (long buffers of short segments): a ring of its own.
        if (setup.TrackRampup && setup.RampupRingSize > SessionState.RampupRing) s.RampupWide = new RampupRingArrays(setup.RampupRingSize);
        s.IbrTput = setup.IbrInit; // Sabre ThroughputRule.__init__: ibr_safety = low_buffer_safety_factor_init
        s.IbrBola = setup.IbrInit;

        // Always draw the same numbers in the same order, whatever the options, so a viewer's stream is stable.
        var rng = PlayerRandom.For(seed, index, SessionSalt);
        var uStart = rng.NextDouble();
        var uPhase = rng.NextDouble();
        var uStartup = rng.NextDouble();
        var uStall = rng.NextDouble();

        var periods = trace.PeriodSeconds;
        if (randomStart || double.IsFinite(startAt))
        {
            var (p, into) = trace.PeriodAt(double.IsFinite(startAt) ? startAt % trace.Length.Seconds : uStart * trace.Length.Seconds);
            s.Period = p;
            s.TimeToNext = Math.Max(periods[p] - into, 1e-12);
            s.LivePhase = uPhase * setup.SegDur;
        }
        else
        {
            s.Period = 0;
            s.TimeToNext = periods[0];
        }

        // A rate of zero: nobody leaves (a scenario's 0% startup abandonment), whatever the draw.
        s.StartupPatience = setup.ViewerAbandon && setup.StartupRate > 0 ? setup.StartupGrace + uStartup / setup.StartupRate : double.PositiveInfinity;
        s.StallPatience = setup.ViewerAbandon && setup.StallRate > 0 ? setup.StallGrace + uStall / setup.StallRate : double.PositiveInfinity;

        if (!trace.CanDeliver) Finish(ref s, setup, trace, double.PositiveInfinity, SessionOutcome.NoThroughput);
    }

    /// <summary>
    /// Runs the session until session time <paramref name="until"/> or its end, with throughput capped at
    /// <paramref name="cap"/> bit/s; <paramref name="log"/>, when given, receives every download and wait.
    /// </summary>
    public static void Advance(ref SessionState s, SessionSetup setup, NetworkTrace trace, double until, double cap, SessionLog? log = null) =>
        Run<Whole>(ref s, setup, trace, until, cap, log, resume: false);

    /// <summary>
    /// Runs the session (no cap, no limit) to its next cycle start: a download step has just ended with the next request
    /// to make (<see cref="Phase.Request"/>), which <see cref="Advance"/> makes at once in the same pass. Returns true
    /// there, false once the session is over. <paramref name="resume"/>: the state is at a cycle start (this method
    /// returned true on it), and the run goes on from that request as <see cref="Advance"/> would have. The session runs
    /// exactly as by <see cref="Advance"/>: <see cref="LaneEngine"/> takes over between cycle starts.
    /// </summary>
    internal static bool ToCycleStart(ref SessionState s, SessionSetup setup, NetworkTrace trace, bool resume) =>
        Run<ToCycle>(ref s, setup, trace, double.PositiveInfinity, double.PositiveInfinity, null, resume);

    private struct Whole;
    private struct ToCycle;

    private static bool Run<TMode>(ref SessionState s, SessionSetup setup, NetworkTrace trace, double until, double cap, SessionLog? log, bool resume)
    {
        while (s.Outcome == SessionOutcome.Running)
        {
            var limit = until;
            var checkedOn = false;
            // Resuming at a cycle start: the request is made at once, as in the download's pass (no checks between),
            // and its wait follows in the same pass when the checks would pass.
            if (typeof(TMode) == typeof(ToCycle) && resume)
            {
                resume = false;
                limit = Math.Min(until, setup.MaxSessionTime); // as the pass's checks left it
                Request(ref s, setup, log);
                if (!(s.Phase == Phase.Wait && GoOn(in s, setup, until, ref limit))) continue;
                checkedOn = true;
            }
            if (!checkedOn && setup.ViewerAbandon)
            {
                if (!s.Started)
                {
                    if (s.Now >= s.StartupPatience) { Finish(ref s, setup, trace, cap, SessionOutcome.Abandoned); break; }
                    if (s.StartupPatience < limit) limit = s.StartupPatience;
                }
                else if (!s.Playing && s.Phase != Phase.Drain)
                {
                    // Compare the deadline, not the time left: a tiny remainder can vanish when added to the clock.
                    var deadline = s.Now + (s.StallPatience - s.StallTime);
                    if (deadline <= s.Now) { Finish(ref s, setup, trace, cap, SessionOutcome.Abandoned); break; }
                    if (deadline < limit) limit = deadline;
                }
                else if (s.Phase != Phase.Drain)
                {
                    limit = PatienceBound(in s, setup, limit);
                }
            }
            if (!checkedOn)
            {
                if (s.Now >= setup.MaxSessionTime) { Finish(ref s, setup, trace, cap, SessionOutcome.TimedOut); break; }
                if (setup.MaxSessionTime < limit) limit = setup.MaxSessionTime;
                if (s.Now >= until) break;
            }

            switch (s.Phase)
            {
                case Phase.Request:
                    Request(ref s, setup, log);
                    break;

                case Phase.Wait:
                case Phase.AbrDelay:
                {
                    var target = Math.Min(s.WaitEnd, limit);
                    if (target > s.Now) Elapse(ref s, setup, trace, target);
                    if (s.Now >= s.WaitEnd)
                    {
                        var waited = s.WaitEnd - s.WaitStart;
                        log?.Add(new SegmentLogEntry(s.Phase == Phase.Wait ? SegmentLogKind.Wait : SegmentLogKind.Delay, s.Segment, -1,
                            s.WaitStart, s.WaitEnd, 0, 0, 0, s.BufferAtRequest, s.Buffer, s.Buffer, s.StallTime - s.StallAtRequest, -1));
                        // Sabre depletes the buffer before moving the network: the rampup check sees the period the wait began in.
                        RampupCheck(ref s, setup, trace, s.CheckPeriod, cap);
                        if (s.Phase == Phase.Wait)
                        {
                            ReportDelay(ref s, setup, waited);
                            Decide(ref s, setup);
                        }
                        else
                        {
                            StartRequest(ref s, setup);
                        }
                        if (s.Phase == Phase.Latency && GoOn(in s, setup, until, ref limit)) goto case Phase.Latency;
                    }
                    break;
                }

                case Phase.Latency:
                    Latency(ref s, setup, trace, limit);
                    // The first byte is in: go on with the download in the same step (nothing else can happen between).
                    if (s.Phase == Phase.Download) goto case Phase.Download;
                    break;

                case Phase.Download:
                    Download(ref s, setup, trace, limit, cap, log);
                    // The segment is in: the next request needs no time to be decided, so make it now.
                    if (s.Phase == Phase.Request)
                    {
                        if (typeof(TMode) == typeof(ToCycle)) return true;
                        Request(ref s, setup, log);
                        if (s.Phase == Phase.Wait && GoOn(in s, setup, until, ref limit)) goto case Phase.Wait;
                    }
                    break;

                case Phase.Drain:
                {
                    // All content is here: play it out (start or resume even below the startup/resume threshold).
                    if (!s.Started) { s.Started = true; s.StartupTime = s.Now; }
                    s.Playing = true;
                    var end = s.Now + s.Buffer;
                    var dt = end <= limit ? s.Buffer : limit - s.Now;
                    if (!s.RampupDone) NoteStarts(ref s, setup, s.Now, s.MediaPlayed, s.MediaPlayed + dt, 1);
                    s.PlayedTime += dt;
                    s.MediaPlayed += dt;
                    if (end <= limit)
                    {
                        s.Buffer = 0;
                        s.Now = end;
                        Finish(ref s, setup, trace, cap, SessionOutcome.Completed);
                    }
                    else
                    {
                        s.Buffer -= dt;
                        s.Now = limit;
                    }
                    break;
                }

                default:
                    return false;
            }
        }
        return false;
    }

    /// <summary>
    /// The next step may run in this pass of <see cref="Advance"/>'s loop, with <paramref name="limit"/> brought up to
    /// the one the loop would compute now: no startup or stall patience can have come into force (the viewer is
    /// playing), so the limit is <paramref name="until"/>, the session's maximum time and <see cref="PatienceBound"/>
    /// of the state now (the buffer just grown or the clock moved at its pace: never before the old bound); and the
    /// clock is still before it (so the session neither timed out nor reached <c>until</c>). The loop's checks would
    /// all pass, so skipping them changes nothing but the time they take.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool GoOn(in SessionState s, SessionSetup setup, double until, ref double limit)
    {
        if (setup.ViewerAbandon)
        {
            if (!(s.Started && s.Playing)) return false;
            limit = PatienceBound(in s, setup, Math.Min(until, setup.MaxSessionTime));
        }
        return s.Now < limit;
    }

    /// <summary>
    /// <paramref name="limit"/>, or earlier for a playing viewer who could stall and use up their stall patience before
    /// it: the buffer can run dry within a step (mid-download, mid-wait), so the step ends no later than the first time
    /// that could happen, the buffer played out at the fastest rate and then the patience left. Without it a viewer who
    /// stalled mid-download stayed past their patience, and whether they left depended on how the caller cut time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double PatienceBound(in SessionState s, SessionSetup setup, double limit)
    {
        var earliest = s.Now + (setup.CatchUp ? s.Buffer / Math.Max(1, setup.CatchUpRate) : s.Buffer) + (s.StallPatience - s.StallTime);
        return earliest > s.Now && earliest < limit ? earliest : limit;
    }

    private static void Request(ref SessionState s, SessionSetup setup, SessionLog? log)
    {
        if (s.Segment >= s.SegmentCount) { s.Phase = Phase.Drain; return; }
        if (setup.Mode == PlayerMode.Live && s.Now - Published(in s, setup) > setup.LiveWindow)
        {
            var from = s.Segment;
            SkipToLive(ref s, setup);
            if (s.Segment > from)
                log?.Add(new SegmentLogEntry(SegmentLogKind.Skip, from, -1, s.Now, s.Now, 0, 0, 0, s.Buffer, s.Buffer, s.Buffer, 0, -1));
            if (s.Segment >= s.SegmentCount) { s.Phase = Phase.Drain; return; }
        }
        s.BufferAtRequest = s.Buffer;
        s.StallAtRequest = s.StallTime;
        // Sabre: full_delay = buffer level + segment time - buffer size.
        var wait = s.Buffer + setup.SegDur - setup.MaxBuffer;
        if (setup.Mode == PlayerMode.Live)
        {
            var published = Published(in s, setup);
            if (published - s.Now > wait) wait = published - s.Now;
        }
        if (wait > 0)
        {
            s.Phase = Phase.Wait;
            s.WaitStart = s.Now;
            s.WaitEnd = s.Now + wait;
            s.CheckPeriod = s.Period;
        }
        else
        {
            Decide(ref s, setup);
        }
    }

    /// <summary>When the next segment is complete (published): once the live edge has passed its end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Published(in SessionState s, SessionSetup setup) =>
        (s.Segment - setup.LiveSegmentsAtJoin + 1) * setup.SegDur - s.LivePhase;

    /// <summary>
    /// The next segment has left the playlist's window (published more than <see cref="SessionSetup.LiveWindow"/> ago):
    /// load from the segment a viewer joining now would take, at the target latency behind the live edge, as hls.js
    /// does when the buffer's end lies before the sliding window (<c>getNextFragment</c> takes the initial live
    /// fragment). What is buffered still plays, and playback then crosses the gap (hls.js's gap controller): the media
    /// jumped over counts as skipped from the request on, so the latency to live drops by it then.
    /// </summary>
    private static void SkipToLive(ref SessionState s, SessionSetup setup)
    {
        // A fresh join takes segment 0 at LivePhase: the same segment offset from the live edge at any time.
        var target = (int)Math.Floor((s.Now + s.LivePhase) / setup.SegDur);
        if (target <= s.Segment) return;
        if (target > s.SegmentCount) target = s.SegmentCount;
        s.LiveSkips++;
        s.MediaSkipped += (target - s.Segment) * setup.SegDur;
        s.Segment = target;
        // Rampup (Sabre's) pairs downloads with play starts one for one, which a jump breaks: it stops being tracked.
        if (!s.RampupDone) { s.RampupTime = double.NaN; s.RampupDone = true; }
    }

    private static void Decide(ref SessionState s, SessionSetup setup)
    {
        int q;
        double delay = 0;
        var first = IsFirstRequest(in s);
        if (setup.Algorithm == AbrAlgorithm.Fixed) q = setup.FixedRung;
        else if (first && setup.FirstRungApplies)
            q = setup.FirstRung >= 0 ? setup.FirstRung : SabreEstimate.QualityFromThroughput(setup, setup.InitialEstimate * setup.Safety, 0);
        else
        {
            switch (setup.Algorithm)
            {
                case AbrAlgorithm.Throughput:
                    q = ThroughputRule.Decide(ref s, setup);
                    break;
                case AbrAlgorithm.Bola:
                    q = BolaRule.Decide(ref s, setup, out delay);
                    break;
                case AbrAlgorithm.BolaE:
                    q = BolaEnhRule.Decide(ref s, setup, out delay);
                    break;
                case AbrAlgorithm.Dynamic:
                {
                    // Sabre Dynamic: both rules decide every time (both keep state); BOLA only above 10 s of buffer.
                    var level = s.Buffer;
                    var bq = BolaRule.Decide(ref s, setup, out var bd);
                    var tq = ThroughputRule.Decide(ref s, setup);
                    if (s.IsBola) { if (level < setup.DynThreshold && bq < tq) s.IsBola = false; }
                    else if (level > setup.DynThreshold && bq >= tq) s.IsBola = true;
                    if (s.IsBola) { q = bq; delay = bd; }
                    else q = tq;
                    break;
                }
                case AbrAlgorithm.DynamicDash:
                    // Sabre DynamicDash / dash.js DYNAMIC: hysteresis on buffer level.
                    if (s.IsBola && s.Buffer < setup.DynLow) s.IsBola = false;
                    else if (!s.IsBola && s.Buffer > setup.DynHigh) s.IsBola = true;
                    q = s.IsBola ? BolaEnhRule.Decide(ref s, setup, out delay) : ThroughputRule.Decide(ref s, setup);
                    break;
                case AbrAlgorithm.Bba:
                    q = BbaRule.Decide(in s, setup, s.LastQuality >= 0 ? s.LastQuality : 0);
                    break;
                case AbrAlgorithm.ExoPlayer:
                    q = ExoPlayerRule.Decide(ref s, setup);
                    break;
                case AbrAlgorithm.HlsJs:
                    q = HlsJsRule.Decide(ref s, setup);
                    break;
                case AbrAlgorithm.Shaka:
                    q = ShakaRule.Decide(ref s, setup);
                    break;
                case AbrAlgorithm.L2A:
                    q = L2ARule.Decide(ref s, setup);
                    break;
                default:
                    q = AvPlayerRule.Decide(ref s, setup);
                    break;
            }
        }
        if (q > s.RungCap) q = s.RungCap; // the device's screen: the ABR never goes above it
        s.Quality = q;
        if (delay > 0)
        {
            s.Phase = Phase.AbrDelay;
            s.WaitStart = s.Now;
            s.WaitEnd = s.Now + delay;
            s.CheckPeriod = s.Period;
        }
        else
        {
            StartRequest(ref s, setup);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsFirstRequest(in SessionState s) => s.Segments == 0 && s.Abandons == 0;

    private static void StartRequest(ref SessionState s, SessionSetup setup)
    {
        s.SegBits = setup.SegmentBits(s.Segment, s.Quality);
        s.DoneBits = 0;
        s.DlStart = s.Now;
        s.BufferAtRequest = s.Buffer;
        s.StallAtRequest = s.StallTime;
        s.Ttfb = 0;
        s.LatencyUnits = 1;
        s.ChkBits = setup.CheckBits;
        s.ChkTime = setup.Algorithm == AbrAlgorithm.HlsJs ? HlsJsRule.FirstCheck(in s, setup) : setup.CheckTime;
        s.Phase = Phase.Latency;
    }

    /// <summary>Request latency: Sabre do_latency_delay(1): the latency of the period in force, rescaled across period boundaries.</summary>
    private static void Latency(ref SessionState s, SessionSetup setup, NetworkTrace trace, double limit)
    {
        var periods = trace.PeriodSeconds;
        var lats = trace.LatencySeconds;
        // The usual case: a whole request latency inside the current period, before the limit.
        if (s.LatencyUnits == 1)
        {
            // One latency for the whole trace (synthetic traces): no table to read.
            var lat = double.IsNaN(trace.ConstantLatency) ? lats[s.Period] : trace.ConstantLatency;
            if (lat <= s.TimeToNext && s.Now + lat <= limit)
            {
                // When the fast download follows, it drains the latency with the transfer, in one go.
                if (FastPath(in s, setup)) s.Undrained = lat;
                else Drain(ref s, setup, lat);
                s.Now += lat;
                s.TimeToNext -= lat;
                s.LatencyUnits = 0;
            }
        }
        while (s.LatencyUnits > 0)
        {
            var lat = lats[s.Period];
            var need = s.LatencyUnits * lat;
            var room = limit - s.Now;
            if (need <= s.TimeToNext)
            {
                if (need <= room)
                {
                    Drain(ref s, setup, need);
                    s.Now += need;
                    s.TimeToNext -= need;
                    s.LatencyUnits = 0;
                }
                else
                {
                    Partial(ref s, setup, room, lat);
                    return;
                }
            }
            else
            {
                var t = s.TimeToNext;
                if (t <= room)
                {
                    Drain(ref s, setup, t);
                    s.Now += t;
                    s.LatencyUnits -= t / lat;
                    NextPeriod(ref s, periods);
                }
                else
                {
                    Partial(ref s, setup, room, lat);
                    return;
                }
            }
        }
        s.Ttfb = s.Now - s.DlStart;
        s.ChkTime -= s.Ttfb; // Sabre: min_time_to_progress -= latency
        s.PieceStart = s.DlStart; // Shaka's first progress report includes the request latency
        s.Phase = Phase.Download;

        static void Partial(ref SessionState s, SessionSetup setup, double room, double lat)
        {
            if (room <= 0) return;
            Drain(ref s, setup, room);
            s.Now += room;
            s.TimeToNext -= room;
            s.LatencyUnits -= room / lat;
        }
    }

    /// <summary>Integrates the (capped) trace throughput until the segment is in, a progress check is due, or the limit.</summary>
    private static void Download(ref SessionState s, SessionSetup setup, NetworkTrace trace, double limit, double cap, SessionLog? log)
    {
        var periods = trace.PeriodSeconds;
        var bps = trace.Bps;
        // Sabre never checks the first segment (downloaded before its main loop); hls.js runs its timer on every fragment.
        var check = setup.Abandon && (setup.Algorithm == AbrAlgorithm.HlsJs || !IsFirstRequest(in s));
        var shaka = setup.Algorithm == AbrAlgorithm.Shaka;
        // Runs of checks that cannot abandon are crossed in one step (CheckSpan); reference mode makes each, as Sabre.
        var bulk = check && setup.QuietRuns;
        if (FastPath(in s, setup))
        {
            var done = (double.IsPositiveInfinity(cap) && setup.Mode != PlayerMode.Reference && LookaheadDownload(ref s, setup, trace, limit))
                       || FastDownload(ref s, setup, periods, bps, limit, cap);
            if (done) Complete(ref s, setup, trace, cap, log);
            return;
        }
        if (setup.Algorithm == AbrAlgorithm.HlsJs && !setup.CatchUp && double.IsPositiveInfinity(cap) && setup.Mode != PlayerMode.Reference && log is null && s.ChkBits <= 0)
        {
            // hls.js's timer makes its first check only after half a segment (FirstCheck): a fragment that is in before
            // then needs no step per period, and takes the lookahead's one pass (finishing first wins a tie, as below).
            var elapsed = Lookahead(in s, trace, out var p, out var ttn);
            if (elapsed <= s.ChkTime && s.Now + elapsed <= limit)
            {
                CommitLookahead(ref s, setup, elapsed, p, ttn);
                Complete(ref s, setup, trace, cap, log);
                return;
            }
        }
        while (true)
        {
            var remaining = s.SegBits - s.DoneBits;
            if (remaining <= 0) { Complete(ref s, setup, trace, cap, log); return; }
            var room = limit - s.Now;
            if (room <= 0) return;
            var bw = bps[s.Period];
            if (bw > cap) bw = cap;
            var ttn = s.TimeToNext;
            double dt;
            var quietTo = -1.0; // the last check of a quiet run crossed in this step, from now (-1: none)
            int evt; // 0 stopped at the limit, 1 finished, 2 progress check, 3 period boundary, 4 a run of checks that cannot abandon
            if (bw > 0 && !check)
            {
                // Sabre do_download: the segment ends in this period if its bits fit in what the period has left.
                if (remaining <= ttn * bw) { dt = remaining / bw; evt = 1; }
                else { dt = ttn; evt = 3; }
            }
            else if (bw > 0)
            {
                var tFinish = remaining / bw;
                var tCheck = Math.Max(0, Math.Max(s.ChkTime, s.ChkBits / bw));
                // Same precedence as Sabre do_minimal_download: finish, then progress check, then period end.
                if (tFinish <= tCheck && tFinish <= ttn) { dt = tFinish; evt = 1; }
                else if (tCheck <= ttn)
                {
                    dt = tCheck;
                    evt = 2;
                    if (bulk && tCheck <= room)
                    {
                        quietTo = QuietChecks(in s, setup, bw, tCheck, tFinish, Math.Min(ttn, room), out var all);
                        if (all)
                        {
                            // No check before the segment is in, the period ends or the limit can abandon: go straight there.
                            if (tFinish <= ttn) { dt = tFinish; evt = 1; }
                            else { dt = ttn; evt = 3; }
                            if (dt > room) { dt = room; evt = 0; }
                            // The last check passed, for the counters of the checks after the step (a finished segment needs none).
                            if (evt != 1)
                            {
                                var step = CheckStep(setup, bw);
                                quietTo = Math.Min(dt, tCheck + Math.Floor((dt - tCheck) / step) * step);
                            }
                        }
                        else if (quietTo >= 0) { dt = quietTo; evt = 4; }
                    }
                }
                else { dt = ttn; evt = 3; }
            }
            else if (check && s.ChkBits <= 0 && s.ChkTime <= ttn)
            {
                // Sabre: with the progress size already reached, a dead period still ends the progress interval on time.
                dt = Math.Max(0, s.ChkTime);
                evt = 2;
            }
            else
            {
                dt = ttn;
                evt = 3;
            }
            if (dt > room) { dt = room; evt = 0; }
            var bits = evt == 1 ? remaining : dt * bw;
            s.DoneBits = evt == 1 ? s.SegBits : s.DoneBits + bits;
            s.DeliveredBits += bits;
            s.ChkBits -= bits;
            s.ChkTime -= dt;
            Drain(ref s, setup, dt);
            s.Now += dt;
            if (evt == 3) NextPeriod(ref s, periods);
            else s.TimeToNext -= dt;
            if (shaka && bits > 0)
            {
                ShakaRule.Progress(ref s, setup, s.PieceStart, s.Now - s.PieceStart, bits);
                s.PieceStart = s.Now;
            }
            if (quietTo >= 0)
            {
                // The run's last check was made (and kept the download): the next interval runs from it.
                s.QuietRuns++;
                var since = dt - quietTo;
                s.ChkBits = setup.CheckBits - since * bw;
                s.ChkTime = setup.CheckTime - since;
            }
            else if (evt == 2)
            {
                s.ChkBits = setup.CheckBits;
                s.ChkTime = setup.CheckTime;
                if (CheckAbandon(ref s, setup, trace, cap, log)) return;
                // hls.js cleared its timer for this fragment: every later check would return at once, so make none.
                if (setup.Algorithm == AbrAlgorithm.HlsJs && s.Hls.ChecksOff) s.ChkTime = double.PositiveInfinity;
            }
        }
    }

    /// <summary>
    /// The longest run of progress checks from the next one (<paramref name="first"/> seconds from now) that provably
    /// cannot abandon: checks come every max(check interval, check size / rate) at a constant rate, each before the
    /// segment is in (finishing wins a tie) and at or before <paramref name="end"/> (the period's end or the limit).
    /// Tries the whole stretch to the segment's end or <paramref name="end"/> (then <paramref name="all"/> is set and
    /// the caller steps straight there), then the whole run of checks, then a quarter of it (a check about to abandon
    /// fails all three, and is made on its own). Returns the time from now of the run's last check, or -1 when no run
    /// can be shown quiet.
    /// </summary>
    private static double QuietChecks(in SessionState s, SessionSetup setup, double bw, double first, double finish, double end, out bool all)
    {
        all = false;
        // First the whole stretch to where the step ends anyway (the segment in, the period's end or the end): its
        // bounds cover every check in it, wherever they fall, so the checks need not be counted.
        if (CheckSpan.Quiet(in s, setup, new CheckSpan(in s, bw, first, Math.Min(finish, end))))
        {
            all = true;
            return first;
        }
        var step = CheckStep(setup, bw);
        if (!(step > 0)) return -1;
        // Checks after the first: those before the segment is in and at or before the end.
        var n = Math.Min(Math.Floor((end - first) / step), Math.Ceiling((finish - first) / step) - 1);
        if (!(n >= 0)) return -1;
        for (var tries = 0; tries < 2; tries++)
        {
            var last = first + n * step;
            if (last < finish && last <= end && CheckSpan.Quiet(in s, setup, new CheckSpan(in s, bw, first, last))) return last;
            if (n < 4) break;
            n = Math.Floor(n / 4);
        }
        return -1;
    }

    /// <summary>
    /// The download loop without progress checks, per-stretch reports or catch-up: the trace cursor in registers, the
    /// bits left counted down as Sabre's do_download does, and the playback drained once for the whole transfer
    /// (draining is additive: a stall that starts midway is the same stall). Returns true when the segment is in; false
    /// when the limit came first (the state is then at the limit, mid-download).
    /// </summary>
    private static bool FastDownload(ref SessionState s, SessionSetup setup, double[] periods, double[] bps, double limit, double cap)
    {
        var remaining = s.SegBits - s.DoneBits;
        var start = s.Now;
        var drainFrom = start - s.Undrained;
        s.Undrained = 0;
        var now = start;
        var p = s.Period;
        var ttn = s.TimeToNext;
        var done = false;
        while (remaining > 0)
        {
            var bw = bps[p];
            if (bw > cap) bw = cap;
            var fits = remaining <= ttn * bw;
            var dt = fits ? remaining / bw : ttn;
            if (now + dt > limit)
            {
                // Stop at the limit, in this period.
                var part = limit - now;
                if (part > 0)
                {
                    var bits = part * bw;
                    remaining -= bits;
                    ttn -= part;
                    now = limit;
                }
                break;
            }
            now += dt;
            if (fits)
            {
                ttn -= dt;
                remaining = 0;
                done = true;
                break;
            }
            remaining -= ttn * bw;
            if (++p == periods.Length) p = 0;
            ttn = periods[p];
        }
        if (remaining <= 0) done = true;
        var received = done ? s.SegBits - s.DoneBits : s.SegBits - s.DoneBits - remaining;
        s.DeliveredBits += received;
        s.DoneBits = done ? s.SegBits : s.DoneBits + received;
        s.Period = p;
        s.TimeToNext = ttn;
        Drain(ref s, setup, now - drainFrom, drainFrom);
        s.Now = now;
        return done;
    }

    /// <summary>
    /// <see cref="FastDownload"/> for a download without a cap (populations run so): after the current period, the
    /// period where the segment completes is found by scanning the trace's cumulative bits four at a time, so a
    /// download over many short periods costs a few compares instead of a step per period. If it would end after
    /// <paramref name="limit"/>, nothing changes and false is returned (the caller steps period by period to the limit).
    /// Live and VOD only: reference mode keeps Sabre's period-by-period arithmetic.
    /// </summary>
    private static bool LookaheadDownload(ref SessionState s, SessionSetup setup, NetworkTrace trace, double limit)
    {
        var elapsed = Lookahead(in s, trace, out var p, out var ttn);
        if (s.Now + elapsed > limit) return false;
        CommitLookahead(ref s, setup, elapsed, p, ttn);
        return true;
    }

    /// <summary>
    /// How long the rest of the segment takes over the uncapped trace from now, and the trace cursor (period, time to
    /// its end) when it is in; the state is not touched.
    /// </summary>
    private static double Lookahead(in SessionState s, NetworkTrace trace, out int period, out double timeToNext) =>
        Lookahead(s.SegBits - s.DoneBits, s.Period, s.TimeToNext, trace, out period, out timeToNext);

    /// <summary><see cref="Lookahead(in SessionState, NetworkTrace, out int, out double)"/> of <paramref name="remaining"/> bits from the cursor (p, ttn).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Lookahead(double remaining, int p, double ttn, NetworkTrace trace, out int period, out double timeToNext)
    {
        var bps = trace.Bps;
        var bw = bps[p];
        double elapsed;
        if (remaining <= ttn * bw)
        {
            elapsed = remaining / bw;
            ttn -= elapsed;
        }
        else
        {
            var n = bps.Length;
            var need = remaining - ttn * bw; // bits still to come after the current period
            elapsed = ttn;
            var j = p + 1;                    // the next period, as an index into the doubled arrays
            if (need > trace.LoopBits)
            {
                // Whole loops first (a long download over a short trace): leave at most one loop to scan.
                var loops = Math.Ceiling(need / trace.LoopBits) - 1;
                need -= loops * trace.LoopBits;
                elapsed += loops * trace.Length.Seconds;
                // Rounding over very many loops can leave the rest just outside (0, one loop]: the scan below must stay
                // within the two loops the arrays hold, so bring it back.
                if (need > trace.LoopBits) need = trace.LoopBits;
                if (!(need > 0))
                {
                    // In exactly at the end of a whole number of loops: at the start of the period after the current one.
                    period = j == bps.Length ? 0 : j;
                    timeToNext = trace.PeriodSeconds[period];
                    return elapsed;
                }
            }
            var cum = trace.CumBits;
            var target = cum[j] + need;
            var m = j;
            if (Vector256.IsHardwareAccelerated)
            {
                var vt = Vector256.Create(target);
                while (true)
                {
                    var mask = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref cum[0], (nuint)(m + 1)), vt).ExtractMostSignificantBits();
                    if (mask != 0) { m += System.Numerics.BitOperations.TrailingZeroCount(mask); break; }
                    m += 4;
                }
            }
            else
            {
                while (cum[m + 1] < target) m++;
            }
            // Uniform periods whose multiples are exact: the same difference as the table's, without reading it.
            var uniform = trace.UniformPeriod;
            elapsed += trace.ExactUniform ? (m - j) * uniform : trace.CumTime[m] - trace.CumTime[j];
            var pm = m >= n ? m - n : m; // m < 2n: at most one loop is left to scan (an integer division here costs more than the scan)
            var last = (target - cum[m]) / bps[pm];
            elapsed += last;
            p = pm;
            ttn = (uniform > 0 ? uniform : trace.PeriodSeconds[pm]) - last;
        }
        period = p;
        timeToNext = ttn;
        return elapsed;
    }

    /// <summary>The segment is in after <paramref name="elapsed"/> seconds, the trace cursor at (period, time to its end).</summary>
    private static void CommitLookahead(ref SessionState s, SessionSetup setup, double elapsed, int period, double timeToNext)
    {
        var start = s.Now;
        var now = start + elapsed;
        var drainFrom = start - s.Undrained;
        s.Undrained = 0;
        s.DeliveredBits += s.SegBits - s.DoneBits;
        s.DoneBits = s.SegBits;
        s.Period = period;
        s.TimeToNext = timeToNext;
        Drain(ref s, setup, now - drainFrom, drainFrom);
        s.Now = now;
    }

    /// <summary>Downloads of this session need no progress checks, per-stretch reports or catch-up: the fast path applies.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool FastPath(in SessionState s, SessionSetup setup) =>
        !setup.CatchUp && setup.Algorithm != AbrAlgorithm.Shaka && !(setup.Abandon && (setup.Algorithm == AbrAlgorithm.HlsJs || !IsFirstRequest(in s)));

    private static void Complete(ref SessionState s, SessionSetup setup, NetworkTrace trace, double cap, SessionLog? log)
    {
        var q = s.Quality;
        var total = s.Now - s.DlStart;
        var dl = total - s.Ttfb;
        var bufferAfterDownload = s.Buffer;
        // Sabre depletes the buffer for the download before adding the segment: check rampup for what started meanwhile.
        RampupCheck(ref s, setup, trace, s.Period, cap);
        s.Buffer += setup.SegDur;

        s.Segments++;
        s.SumBitrate += setup.Bps[q];
        s.Utility += setup.LogBps[q] - setup.LogBps[0];
        s.RungSegments[q]++;
        if (s.LastQuality >= 0 && q != s.LastQuality)
        {
            s.Switches++;
            s.BitrateChange += Math.Abs(setup.Bps[q] - setup.Bps[s.LastQuality]);
            s.LogBitrateChange += Math.Abs(setup.LogBps[q] - setup.LogBps[s.LastQuality]);
        }
        s.LastQuality = q;
        if (!s.RampupDone) NoteRung(ref s, q);

        if (!s.Started)
        {
            if (s.Buffer >= setup.StartupBuffer - 1e-9)
            {
                s.Started = s.Playing = true;
                s.StartupTime = s.Now;
            }
        }
        else if (!s.Playing && s.Buffer >= setup.ResumeBuffer - 1e-9)
        {
            s.Playing = true;
            s.StallCounted = false;
        }

        switch (setup.Algorithm)
        {
            case AbrAlgorithm.BolaE:
            case AbrAlgorithm.DynamicDash:
                BolaEnhRule.ReportDownload(ref s, setup, q, total, -1);
                break;
            case AbrAlgorithm.ExoPlayer:
                ExoPlayerRule.Completed(ref s, s.SegBits, dl);
                break;
            case AbrAlgorithm.HlsJs:
                HlsJsRule.Completed(ref s, setup, q, s.SegBits, total, s.Ttfb);
                break;
            case AbrAlgorithm.L2A:
                L2ARule.Completed(ref s, s.SegBits, dl, s.Ttfb);
                break;
            case AbrAlgorithm.AvPlayer:
                AvPlayerRule.Completed(ref s, s.SegBits, total);
                break;
        }
        if (setup.SabreFamily && dl > 0) SabreEstimate.Push(ref s, setup, dl, s.SegBits / dl, s.Ttfb);

        if (setup.Mode == PlayerMode.Live && s.Started)
        {
            var l = LiveLatency(in s, setup);
            s.LatSum += l;
            s.LatCount++;
            if (l > s.LatMax) s.LatMax = l;
        }
        log?.Add(new SegmentLogEntry(SegmentLogKind.Download, s.Segment, q, s.DlStart, s.Now, s.SegBits, s.SegBits, s.Ttfb,
            s.BufferAtRequest, bufferAfterDownload, s.Buffer, s.StallTime - s.StallAtRequest, -1));
        s.Segment++;
        s.Phase = Phase.Request;
    }

    /// <summary>
    /// Whose abandonment rule checks this download: hls.js's, plain BOLA's, BOLA-E's (also DYNAMIC-DASH's while on BOLA),
    /// or else the throughput rule's (Sabre Dynamic.check_abandon reads "if False and self.is_bola": always the
    /// throughput rule's). The one dispatch of <see cref="CheckAbandon"/> and <see cref="CheckSpan.Quiet"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static AbrAlgorithm AbandonRule(in SessionState s, SessionSetup setup) => setup.Algorithm switch
    {
        AbrAlgorithm.HlsJs or AbrAlgorithm.Bola or AbrAlgorithm.BolaE => setup.Algorithm,
        AbrAlgorithm.DynamicDash when s.IsBola => AbrAlgorithm.BolaE,
        _ => AbrAlgorithm.Throughput,
    };

    /// <summary>Seconds between progress checks at <paramref name="bw"/> bit/s: the check interval, or the time the check size takes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double CheckStep(SessionSetup setup, double bw) => Math.Max(setup.CheckTime, setup.CheckBits / bw);

    private static bool CheckAbandon(ref SessionState s, SessionSetup setup, NetworkTrace trace, double cap, SessionLog? log)
    {
        var to = AbandonRule(in s, setup) switch
        {
            AbrAlgorithm.HlsJs => HlsJsRule.CheckAbandon(ref s, setup),
            AbrAlgorithm.Bola => BolaRule.CheckAbandon(ref s, setup),
            AbrAlgorithm.BolaE => BolaEnhRule.CheckAbandon(in s, setup),
            _ => ThroughputRule.CheckAbandon(in s, setup),
        };
        if (to < 0) return false;
        s.Abandons++;
        s.WastedBits += s.DoneBits;
        if (setup.Algorithm is AbrAlgorithm.BolaE or AbrAlgorithm.DynamicDash) BolaEnhRule.ReportDownload(ref s, setup, s.Quality, s.Now - s.DlStart, to);
        log?.Add(new SegmentLogEntry(SegmentLogKind.Abandoned, s.Segment, s.Quality, s.DlStart, s.Now, s.DoneBits, s.SegBits, s.Ttfb,
            s.BufferAtRequest, s.Buffer, s.Buffer, s.StallTime - s.StallAtRequest, to));
        RampupCheck(ref s, setup, trace, s.Period, cap);
        // Sabre then asks the ABR again for the same segment (its main loop never reuses abandon_to_quality).
        s.Phase = Phase.Request;
        return true;
    }

    /// <summary>Sabre ThroughputHistory-independent report_delay: time spent waiting for room feeds BOLA-E's placeholder.</summary>
    private static void ReportDelay(ref SessionState s, SessionSetup setup, double delay)
    {
        if (setup.Algorithm is AbrAlgorithm.BolaE or AbrAlgorithm.DynamicDash) BolaEnhRule.ReportDelay(ref s, delay);
    }

    /// <summary>Plays (or stalls) for <paramref name="dt"/> seconds; the clock is moved by the caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Drain(ref SessionState s, SessionSetup setup, double dt) => Drain(ref s, setup, dt, s.Now);

    /// <summary>Plays (or stalls) for <paramref name="dt"/> seconds from session time <paramref name="from"/>; the clock is moved by the caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Drain(ref SessionState s, SessionSetup setup, double dt, double from)
    {
        if (dt <= 0) return;
        if (!s.Playing)
        {
            if (s.Started)
            {
                s.StallTime += dt;
                if (!s.StallCounted) { s.StallCount++; s.StallCounted = true; }
            }
            return;
        }
        var rate = setup.CatchUp ? CatchUpRate(ref s, setup) : 1.0;
        var media = dt * rate;
        if (media < s.Buffer)
        {
            if (!s.RampupDone) NoteStarts(ref s, setup, from, s.MediaPlayed, s.MediaPlayed + media, rate);
            s.Buffer -= media;
            s.PlayedTime += dt;
            s.MediaPlayed += media;
            return;
        }
        var played = s.Buffer / rate;
        if (!s.RampupDone) NoteStarts(ref s, setup, from, s.MediaPlayed, s.MediaPlayed + s.Buffer, rate);
        s.PlayedTime += played;
        s.MediaPlayed += s.Buffer;
        s.Buffer = 0;
        s.Playing = false;
        var rest = dt - played;
        if (rest > 0)
        {
            s.StallTime += rest;
            s.StallCount++;
            s.StallCounted = true;
        }
        else
        {
            s.StallCounted = false;
        }
    }

    /// <summary>Remembers the rung of the segment just in (the last of <see cref="SessionState.Segments"/>) for the rampup check.</summary>
    internal static void NoteRung(ref SessionState s, int q)
    {
        if (s.RampupWide is { } wide) wide.Rungs[(s.Segments - 1) % wide.Rungs.Length] = (byte)q;
        else s.RampupRung[(s.Segments - 1) % SessionState.RampupRing] = (byte)q;
    }

    /// <summary>Records the play start of every segment whose start lies in the media interval [from, to) (Sabre deplete_buffer).</summary>
    internal static void NoteStarts(ref SessionState s, SessionSetup setup, double at0, double from, double to, double rate)
    {
        while (s.RampupNext < s.Segments)
        {
            var at = s.RampupNext * setup.SegDur;
            if (!(at < to - 1e-9)) return;
            var start = at0 + Math.Max(0, at - from) / rate;
            if (s.RampupWide is { } wide) wide.Starts[s.RampupNext % wide.Starts.Length] = start;
            else s.RampupStart[s.RampupNext % SessionState.RampupRing] = start;
            s.RampupNext++;
        }
    }

    /// <summary>
    /// Sabre rampup time: the play start of the first segment at or above the rung the network sustains (Sabre
    /// NetworkModel's sustainable_quality of the period in force when it depletes the buffer), or above <c>-rmp</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void RampupCheck(ref SessionState s, SessionSetup setup, NetworkTrace trace, int period, double cap)
    {
        // Checked here, inline: once the rampup is found (early in a session) every call returns at once.
        if (!s.RampupDone && s.RampupChecked != s.RampupNext) CheckRampup(ref s, setup, trace, period, cap);
    }

    private static void CheckRampup(ref SessionState s, SessionSetup setup, NetworkTrace trace, int period, double cap)
    {
        var threshold = setup.RampupThreshold >= 0 ? setup.RampupThreshold : Sustainable(setup, trace, period, cap);
        // A device that cannot play the sustainable rung ramps up when it plays its best.
        if (threshold > s.RungCap) threshold = s.RungCap;
        for (var k = s.RampupChecked; k < s.RampupNext; k++)
        {
            var wide = s.RampupWide;
            if ((wide is null ? s.RampupRung[k % SessionState.RampupRing] : wide.Rungs[k % wide.Rungs.Length]) >= threshold)
            {
                s.RampupTime = wide is null ? s.RampupStart[k % SessionState.RampupRing] : wide.Starts[k % wide.Starts.Length];
                s.RampupDone = true;
                return;
            }
        }
        s.RampupChecked = s.RampupNext;
    }

    /// <summary>Sabre next_network_period: the highest rung at or below bandwidth x (1 - latency / segment time).</summary>
    private static int Sustainable(SessionSetup setup, NetworkTrace trace, int period, double cap)
    {
        var effective = Math.Min(trace.Bps[period], cap) * (1 - trace.LatencySeconds[period] / setup.SegDur);
        var q = 0;
        for (var i = 1; i < setup.Rungs; i++)
        {
            if (setup.Bps[i] > effective) break;
            q = i;
        }
        return q;
    }

    private static double CatchUpRate(ref SessionState s, SessionSetup setup)
    {
        var latency = LiveLatency(in s, setup);
        if (!s.CatchingUp && latency > setup.TargetLatency + setup.CatchUpDrift) s.CatchingUp = true;
        else if (s.CatchingUp && latency <= setup.TargetLatency) s.CatchingUp = false;
        return s.CatchingUp ? setup.CatchUpRate : 1.0;
    }

    /// <summary>Live edge (media time) minus playback position.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double LiveLatency(in SessionState s, SessionSetup setup) =>
        setup.LiveSegmentsAtJoin * setup.SegDur + s.LivePhase + s.Now - s.MediaPlayed - s.MediaSkipped;

    /// <summary>Time passes with no transfer (waits): trace cursor moves (Sabre network.delay), playback drains.</summary>
    private static void Elapse(ref SessionState s, SessionSetup setup, NetworkTrace trace, double target)
    {
        var dt = target - s.Now;
        var p = s.Period;
        var ttn = s.TimeToNext;
        MoveCursor(ref p, ref ttn, dt, trace, setup.Mode != PlayerMode.Reference);
        s.Period = p;
        s.TimeToNext = ttn;
        Drain(ref s, setup, dt);
        s.Now = target;
    }

    /// <summary>
    /// The trace cursor (period, time to its end) moved on by <paramref name="dt"/> seconds (Sabre network.delay);
    /// <paramref name="skip"/>: whole uniform periods at once (live and VOD; reference mode keeps Sabre's subtractions).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MoveCursor(ref int period, ref double timeToNext, double dt, NetworkTrace trace, bool skip)
    {
        var periods = trace.PeriodSeconds;
        var t = dt;
        var p = period;
        var ttn = timeToNext;
        var uniform = trace.UniformPeriod;
        if (uniform > 0 && t > ttn && skip)
        {
            // Periods of one length: skip the whole ones at once (reference mode keeps Sabre's one-by-one subtraction).
            t -= ttn;
            var whole = Math.Ceiling(t / uniform) - 1;
            if (whole > 0)
            {
                t -= whole * uniform;
                // A wait is usually shorter than the trace: one subtraction instead of a 64-bit division.
                var k = p + (long)whole;
                var n = periods.Length;
                p = (int)(k < n ? k : k < 2L * n ? k - n : k % n);
            }
            if (++p == periods.Length) p = 0;
            ttn = uniform;
        }
        while (t > ttn)
        {
            t -= ttn;
            if (++p == periods.Length) p = 0;
            ttn = periods[p];
        }
        period = p;
        timeToNext = ttn - t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NextPeriod(ref SessionState s, double[] periods)
    {
        var p = s.Period + 1;
        if (p == periods.Length) p = 0;
        s.Period = p;
        s.TimeToNext = periods[p];
    }

    private static void Finish(ref SessionState s, SessionSetup setup, NetworkTrace trace, double cap, SessionOutcome outcome)
    {
        RampupCheck(ref s, setup, trace, s.Period, cap);
        s.Outcome = outcome;
        s.Phase = Phase.Done;
        s.EndTime = s.Now;
        if (setup.Mode == PlayerMode.Live) s.LatLast = LiveLatency(in s, setup);
    }
}
