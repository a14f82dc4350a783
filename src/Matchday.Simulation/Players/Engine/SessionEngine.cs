using System.Runtime.CompilerServices;
using Matchday.Simulation.Networks;

namespace Matchday.Simulation.Players.Engine;

/// <summary>
/// The player session model: advances a <see cref="SessionState"/> in place up to a given session time, event by event
/// (request, wait, latency, download, playback), over a looping piecewise-constant trace whose throughput is capped by
/// <c>cap</c>. Static, allocation-free, no virtual calls: the hot loop of every player simulation.
/// The timing and the ABR rules follow Sabre (UMass-LIDS/sabre, src/sabre.py) step for step, in seconds and bit/s
/// instead of ms and kbit/s.
/// </summary>
internal static class SessionEngine
{
    /// <summary>Salt for the per-session random stream (distinct from the population's class/trace choice).</summary>
    private const ulong SessionSalt = 0x5E55_1011;

    /// <summary>Salt for the viewer's device draw: its own stream, so adding devices never shifts the session's numbers.</summary>
    private const ulong DeviceSalt = 0xDE71_CE5A;

    public static void Init(ref SessionState s, SessionSetup setup, NetworkTrace trace, ulong seed, long index, bool randomStart, int segmentCount = 0)
    {
        s = default;
        s.Outcome = SessionOutcome.Running;
        s.Phase = Phase.Request;
        s.SegmentCount = segmentCount > 0 ? segmentCount : setup.SegmentCount;
        s.LastQuality = -1;
        s.RungCap = int.MaxValue;
        if (setup.DeviceCumulative.Length > 0)
        {
            var u = PlayerRandom.For(seed, index, DeviceSalt).NextDouble();
            var d = 0;
            while (d < setup.DeviceCumulative.Length - 1 && u >= setup.DeviceCumulative[d]) d++;
            s.RungCap = setup.DeviceMaxRung[d];
        }
        s.IbrTput = setup.IbrInit; // Sabre ThroughputRule.__init__: ibr_safety = low_buffer_safety_factor_init
        s.IbrBola = setup.IbrInit;
        s.ProdFast = s.ProdSlow = s.LatProdFast = s.LatProdSlow = 1;

        // Always draw the same numbers in the same order, whatever the options, so a viewer's stream is stable.
        var rng = PlayerRandom.For(seed, index, SessionSalt);
        var uStart = rng.NextDouble();
        var uPhase = rng.NextDouble();
        var uStartup = rng.NextDouble();
        var uStall = rng.NextDouble();

        var periods = trace.PeriodSeconds;
        if (randomStart)
        {
            var offset = uStart * trace.Length.Seconds;
            var p = 0;
            while (p < periods.Length - 1 && offset >= periods[p]) { offset -= periods[p]; p++; }
            s.Period = p;
            s.TimeToNext = Math.Max(periods[p] - offset, 1e-12);
            s.LivePhase = uPhase * setup.SegDur;
        }
        else
        {
            s.Period = 0;
            s.TimeToNext = periods[0];
        }

        s.StartupPatience = setup.ViewerAbandon ? setup.StartupGrace + uStartup / setup.StartupRate : double.PositiveInfinity;
        s.StallPatience = setup.ViewerAbandon ? setup.StallGrace + uStall / setup.StallRate : double.PositiveInfinity;

        if (!trace.CanDeliver) Finish(ref s, setup, SessionOutcome.NoThroughput);
    }

    /// <summary>Runs the session until session time <paramref name="until"/> or its end, with throughput capped at <paramref name="cap"/> bit/s.</summary>
    public static void Advance(ref SessionState s, SessionSetup setup, NetworkTrace trace, double until, double cap)
    {
        var periods = trace.PeriodSeconds;
        var bps = trace.Bps;
        var lats = trace.LatencySeconds;
        while (s.Outcome == SessionOutcome.Running)
        {
            var limit = until;
            if (setup.ViewerAbandon)
            {
                if (!s.Started)
                {
                    if (s.Now >= s.StartupPatience) { Finish(ref s, setup, SessionOutcome.Abandoned); break; }
                    if (s.StartupPatience < limit) limit = s.StartupPatience;
                }
                else if (!s.Playing && s.Phase != Phase.Drain)
                {
                    // Compare the deadline, not the time left: a tiny remainder can vanish when added to the clock.
                    var deadline = s.Now + (s.StallPatience - s.StallTime);
                    if (deadline <= s.Now) { Finish(ref s, setup, SessionOutcome.Abandoned); break; }
                    if (deadline < limit) limit = deadline;
                }
            }
            if (s.Now >= setup.MaxSessionTime) { Finish(ref s, setup, SessionOutcome.TimedOut); break; }
            if (setup.MaxSessionTime < limit) limit = setup.MaxSessionTime;
            if (s.Now >= until) break;

            switch (s.Phase)
            {
                case Phase.Request:
                    Request(ref s, setup);
                    break;

                case Phase.Wait:
                case Phase.AbrDelay:
                {
                    var target = Math.Min(s.WaitEnd, limit);
                    if (target > s.Now) Elapse(ref s, setup, periods, target);
                    if (s.Now >= s.WaitEnd)
                    {
                        if (s.Phase == Phase.Wait)
                        {
                            ReportDelay(ref s, setup, s.WaitEnd - s.WaitStart);
                            Decide(ref s, setup);
                        }
                        else
                        {
                            StartRequest(ref s, setup);
                        }
                    }
                    break;
                }

                case Phase.Latency:
                    Latency(ref s, setup, periods, lats, limit);
                    break;

                case Phase.Download:
                    Download(ref s, setup, periods, bps, limit, cap);
                    break;

                case Phase.Drain:
                {
                    // All content is here: play it out (start or resume even below the startup/resume threshold).
                    if (!s.Started) { s.Started = true; s.StartupTime = s.Now; }
                    s.Playing = true;
                    var end = s.Now + s.Buffer;
                    if (end <= limit)
                    {
                        s.PlayedTime += s.Buffer;
                        s.MediaPlayed += s.Buffer;
                        s.Buffer = 0;
                        s.Now = end;
                        Finish(ref s, setup, SessionOutcome.Completed);
                    }
                    else
                    {
                        var dt = limit - s.Now;
                        s.PlayedTime += dt;
                        s.MediaPlayed += dt;
                        s.Buffer -= dt;
                        s.Now = limit;
                    }
                    break;
                }

                default:
                    return;
            }
        }
    }

    private static void Request(ref SessionState s, SessionSetup setup)
    {
        if (s.Segment >= s.SegmentCount) { s.Phase = Phase.Drain; return; }
        // Sabre: full_delay = buffer level + segment time - buffer size.
        var wait = s.Buffer + setup.SegDur - setup.MaxBuffer;
        if (setup.Mode == PlayerMode.Live)
        {
            // Segment k is complete (published) once the live edge has passed its end.
            var published = (s.Segment - setup.LiveSegmentsAtJoin + 1) * setup.SegDur - s.LivePhase;
            if (published - s.Now > wait) wait = published - s.Now;
        }
        if (wait > 0)
        {
            s.Phase = Phase.Wait;
            s.WaitStart = s.Now;
            s.WaitEnd = s.Now + wait;
        }
        else
        {
            Decide(ref s, setup);
        }
    }

    private static void Decide(ref SessionState s, SessionSetup setup)
    {
        int q;
        double delay = 0;
        if (setup.Algorithm == AbrAlgorithm.Fixed) q = setup.FixedRung;
        else if (IsFirstRequest(in s))
            q = setup.FirstRung >= 0 ? setup.FirstRung : QualityFromThroughput(setup, setup.InitialEstimate * setup.Safety, 0);
        else
        {
            switch (setup.Algorithm)
            {
                case AbrAlgorithm.Throughput:
                    q = ThroughputDecide(ref s, setup);
                    break;
                case AbrAlgorithm.Bola:
                    q = BolaDecide(ref s, setup, out delay);
                    break;
                default:
                    // Sabre DynamicDash / dash.js DYNAMIC: hysteresis on buffer level.
                    if (s.IsBola && s.Buffer < setup.DynLow) s.IsBola = false;
                    else if (!s.IsBola && s.Buffer > setup.DynHigh) s.IsBola = true;
                    q = s.IsBola ? BolaDecide(ref s, setup, out delay) : ThroughputDecide(ref s, setup);
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
        }
        else
        {
            StartRequest(ref s, setup);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsFirstRequest(in SessionState s) => !s.HasEstimate && s.Segments == 0 && s.Abandons == 0;

    private static void StartRequest(ref SessionState s, SessionSetup setup)
    {
        s.SegBits = setup.SegmentBits(s.Segment, s.Quality);
        s.DoneBits = 0;
        s.DlStart = s.Now;
        s.Ttfb = 0;
        s.LatencyUnits = 1;
        s.ChkBits = setup.CheckBits;
        s.ChkTime = setup.CheckTime;
        s.Phase = Phase.Latency;
    }

    /// <summary>Request latency: Sabre do_latency_delay(1): the latency of the period in force, rescaled across period boundaries.</summary>
    private static void Latency(ref SessionState s, SessionSetup setup, double[] periods, double[] lats, double limit)
    {
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
    private static void Download(ref SessionState s, SessionSetup setup, double[] periods, double[] bps, double limit, double cap)
    {
        var check = setup.Abandon && !IsFirstRequest(in s);
        while (true)
        {
            var remaining = s.SegBits - s.DoneBits;
            if (remaining <= 0) { Complete(ref s, setup); return; }
            var room = limit - s.Now;
            if (room <= 0) return;
            var bw = bps[s.Period];
            if (bw > cap) bw = cap;
            var ttn = s.TimeToNext;
            double dt;
            int evt; // 0 stopped at the limit, 1 finished, 2 progress check, 3 period boundary
            if (bw > 0)
            {
                var tFinish = remaining / bw;
                var tCheck = check ? Math.Max(0, Math.Max(s.ChkTime, s.ChkBits / bw)) : double.PositiveInfinity;
                // Same precedence as Sabre do_minimal_download: finish, then progress check, then period end.
                if (tFinish <= tCheck && tFinish <= ttn) { dt = tFinish; evt = 1; }
                else if (tCheck <= ttn) { dt = tCheck; evt = 2; }
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
            if (evt == 2)
            {
                if (CheckAbandon(ref s, setup)) return;
                s.ChkBits = setup.CheckBits;
                s.ChkTime = setup.CheckTime;
            }
        }
    }

    private static void Complete(ref SessionState s, SessionSetup setup)
    {
        var q = s.Quality;
        s.Buffer += setup.SegDur;
        var total = s.Now - s.DlStart;
        var dl = total - s.Ttfb;

        s.Segments++;
        s.SumBitrate += setup.Bps[q];
        s.RungSegments[q]++;
        if (s.LastQuality >= 0 && q != s.LastQuality)
        {
            s.Switches++;
            s.BitrateChange += Math.Abs(setup.Bps[q] - setup.Bps[s.LastQuality]);
        }
        s.LastQuality = q;

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

        if (setup.Algorithm is AbrAlgorithm.Bola or AbrAlgorithm.Dynamic) BolaReportDownload(ref s, setup, q, total, -1);
        if (dl > 0) PushThroughput(ref s, setup, dl, s.SegBits / dl, s.Ttfb);

        if (setup.Mode == PlayerMode.Live && s.Started)
        {
            var l = LiveLatency(in s, setup);
            s.LatSum += l;
            s.LatCount++;
            if (l > s.LatMax) s.LatMax = l;
        }
        s.Segment++;
        s.Phase = Phase.Request;
    }

    /// <summary>Sabre Ewma.push: throughput EWMAs weighted by download time, latency EWMAs per sample, zero-bias corrected; min/max of the two.</summary>
    private static void PushThroughput(ref SessionState s, SessionSetup setup, double time, double tput, double lat)
    {
        var aF = Math.Exp(-time * setup.FastK);
        var aS = Math.Exp(-time * setup.SlowK);
        s.EwFast = aF * s.EwFast + (1 - aF) * tput;
        s.EwSlow = aS * s.EwSlow + (1 - aS) * tput;
        s.ProdFast *= aF; // 0.5^(total weight / half-life), the zero factor, kept as a running product
        s.ProdSlow *= aS;
        var lF = setup.LatAlphaFast;
        var lS = setup.LatAlphaSlow;
        s.LatFast = lF * s.LatFast + (1 - lF) * lat;
        s.LatSlow = lS * s.LatSlow + (1 - lS) * lat;
        s.LatProdFast *= lF;
        s.LatProdSlow *= lS;
        var zf = 1 - s.ProdFast;
        var zs = 1 - s.ProdSlow;
        var tf = zf > 0 ? s.EwFast / zf : tput;
        var ts = zs > 0 ? s.EwSlow / zs : tput;
        s.Throughput = Math.Min(tf, ts);
        s.Latency = Math.Max(s.LatFast / (1 - s.LatProdFast), s.LatSlow / (1 - s.LatProdSlow));
        s.HasEstimate = true;
    }

    /// <summary>Sabre Abr.quality_from_throughput: the highest rung whose segment arrives within one segment time, latency included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int QualityFromThroughput(SessionSetup setup, double tput, double latency)
    {
        var p = setup.SegDur;
        var b = setup.Bps;
        var q = 0;
        while (q + 1 < setup.Rungs && latency + p * b[q + 1] / tput <= p) q++;
        return q;
    }

    /// <summary>Sabre ThroughputRule.get_quality_delay: safety-scaled estimate, then the insufficient-buffer rule.</summary>
    private static int ThroughputDecide(ref SessionState s, SessionSetup setup)
    {
        var q = QualityFromThroughput(setup, s.Throughput * setup.Safety, s.Latency);
        if (setup.Ibr)
        {
            var safe = s.IbrTput * (s.Buffer - s.Latency) * s.Throughput;
            s.IbrTput = Math.Max(s.IbrTput * setup.IbrInit, setup.IbrFloor);
            for (var k = 0; k < q; k++)
            {
                if (setup.Bps[k + 1] * setup.SegDur > safe) { q = k; break; }
            }
        }
        return q;
    }

    /// <summary>Sabre BolaEnh.get_quality_delay (dash.js BolaRule): placeholder buffer, BOLA-U/O, insufficient-buffer rule.</summary>
    private static int BolaDecide(ref SessionState s, SessionSetup setup, out double delay)
    {
        delay = 0;
        if (setup.BolaTrivial) return 0;
        if (!s.BolaSteady)
        {
            if (!s.HasEstimate) return s.AbrLast;
            s.BolaSteady = true;
            s.IbrBola = setup.IbrInit;
            var q0 = QualityFromThroughput(setup, s.Throughput, s.Latency);
            s.Placeholder = Math.Max(0, setup.BolaMinLevel[q0] - s.Buffer);
            return q0;
        }
        var level = s.Buffer;
        var a = setup.BolaA;
        var b = setup.Bps;
        var effective = level + s.Placeholder;
        var q = 0;
        var best = (a[0] - effective) / b[0];
        for (var k = 1; k < setup.Rungs; k++)
        {
            var score = (a[k] - effective) / b[k];
            // Sabre keeps the lower rung on a tie (strict >). Placeholder updates put the effective level exactly on a
            // tie point (min_buffer_for_quality), so treat rounding-level differences as ties rather than let them decide.
            if (score - best > 1e-12 * Math.Abs(best)) { best = score; q = k; }
        }
        var qt = QualityFromThroughput(setup, s.Throughput, s.Latency);
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
            for (var k = 0; k < q; k++)
            {
                if (b[k + 1] * setup.SegDur > safe)
                {
                    q = k;
                    d = 0;
                    var maxPlaceholder = Math.Max(0, setup.BolaMinLevel[q] - level);
                    s.Placeholder = Math.Min(maxPlaceholder, s.Placeholder);
                    break;
                }
            }
        }
        delay = d;
        return q;
    }

    /// <summary>Sabre BolaEnh.report_delay: time spent waiting feeds the placeholder buffer.</summary>
    private static void ReportDelay(ref SessionState s, SessionSetup setup, double delay)
    {
        if (setup.Algorithm is AbrAlgorithm.Bola or AbrAlgorithm.Dynamic) s.Placeholder += delay;
    }

    /// <summary>Sabre BolaEnh.report_download: keep the placeholder between the levels that justify the rung just fetched.</summary>
    private static void BolaReportDownload(ref SessionState s, SessionSetup setup, int q, double totalTime, int abandonTo)
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
            var want = abandonTo > 0 ? setup.BolaMinLevel[abandonTo] : setup.BolaMinimumBuffer;
            var maxPlaceholder = Math.Max(0, want - level);
            if (s.Placeholder > maxPlaceholder) s.Placeholder = maxPlaceholder;
        }
    }

    private static bool CheckAbandon(ref SessionState s, SessionSetup setup)
    {
        var bola = setup.Algorithm == AbrAlgorithm.Bola || (setup.Algorithm == AbrAlgorithm.Dynamic && s.IsBola);
        var to = bola ? BolaAbandon(in s, setup) : ThroughputAbandon(in s, setup);
        if (to < 0) return false;
        s.Abandons++;
        s.WastedBits += s.DoneBits;
        if (setup.Algorithm is AbrAlgorithm.Bola or AbrAlgorithm.Dynamic) BolaReportDownload(ref s, setup, s.Quality, s.Now - s.DlStart, to);
        // Sabre then asks the ABR again for the same segment (its main loop never reuses abandon_to_quality).
        s.Phase = Phase.Request;
        return true;
    }

    /// <summary>Sabre ThroughputRule.check_abandon.</summary>
    private static int ThroughputAbandon(in SessionState s, SessionSetup setup)
    {
        var time = s.Now - s.DlStart;
        var dlTime = time - s.Ttfb;
        // 1 ns tolerance: progress checks every 50 ms must reach Sabre's 500 ms grace (integer ms there) despite rounding.
        if (time < setup.AbandonGrace - 1e-9 || dlTime <= 0 || s.DoneBits <= 0) return -1;
        var tput = s.DoneBits / dlTime;
        var left = s.SegBits - s.DoneBits;
        if (time + left / tput <= setup.AbandonMultiplier * setup.SegDur) return -1;
        var q = QualityFromThroughput(setup, tput * setup.Safety, s.Latency);
        var estimate = s.SegBits * setup.Bps[q] / setup.Bps[s.Quality];
        return q >= s.Quality || estimate >= left ? -1 : q;
    }

    /// <summary>Sabre BolaEnh.check_abandon.</summary>
    private static int BolaAbandon(in SessionState s, SessionSetup setup)
    {
        if (setup.BolaTrivial) return -1;
        var remain = s.SegBits - s.DoneBits;
        if (s.DoneBits <= 0 || remain <= 0) return -1;
        var time = s.Now - s.DlStart;
        var bl = Math.Max(0, s.Buffer + s.Placeholder - s.Ttfb);
        var tp = s.DoneBits / (time - s.Ttfb);
        var sz = remain - s.Ttfb * tp;
        if (sz <= 0) return -1;
        var q = s.Quality;
        var a = setup.BolaA;
        var score = (a[q] - bl) / sz;
        var to = -1;
        for (var k = 0; k < q; k++)
        {
            var otherSize = s.SegBits * setup.Bps[k] / setup.Bps[q];
            var other = (a[k] - bl) / otherSize;
            if (otherSize < sz && other > score) { score = other; to = k; }
        }
        return to;
    }

    /// <summary>Plays (or stalls) for <paramref name="dt"/> seconds; the clock is moved by the caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Drain(ref SessionState s, SessionSetup setup, double dt)
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
            s.Buffer -= media;
            s.PlayedTime += dt;
            s.MediaPlayed += media;
            return;
        }
        var played = s.Buffer / rate;
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
        setup.LiveSegmentsAtJoin * setup.SegDur + s.LivePhase + s.Now - s.MediaPlayed;

    /// <summary>Time passes with no transfer (waits): trace cursor moves (Sabre network.delay), playback drains.</summary>
    private static void Elapse(ref SessionState s, SessionSetup setup, double[] periods, double target)
    {
        var dt = target - s.Now;
        var t = dt;
        while (t > s.TimeToNext)
        {
            t -= s.TimeToNext;
            NextPeriod(ref s, periods);
        }
        s.TimeToNext -= t;
        Drain(ref s, setup, dt);
        s.Now = target;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NextPeriod(ref SessionState s, double[] periods)
    {
        var p = s.Period + 1;
        if (p == periods.Length) p = 0;
        s.Period = p;
        s.TimeToNext = periods[p];
    }

    private static void Finish(ref SessionState s, SessionSetup setup, SessionOutcome outcome)
    {
        s.Outcome = outcome;
        s.Phase = Phase.Done;
        s.EndTime = s.Now;
        if (setup.Mode == PlayerMode.Live) s.LatLast = LiveLatency(in s, setup);
    }
}
