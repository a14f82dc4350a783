using Matchday.Core.Units;
using Matchday.Simulation.Queueing;

namespace Matchday.Simulation.Events;

/// <summary>
/// Every edge, this tick: what it serves (<see cref="EdgeServing"/>); joiners starting (or giving up past their
/// tolerance, Krishnan &amp; Sitaraman); every watcher's buffer filling or draining with what reaches them (one model
/// for a dead edge, an encoder gap, missing origin segments and a share below the lowest rung), stalling when it runs
/// dry and resuming once a segment is in; the stalled giving up as their patience runs out; rung switches; the tick's
/// totals for the recorder.
/// </summary>
internal static class EdgeStep
{
    /// <summary>The fastest a player refills its buffer: three seconds of media a second (assumed; ABR players refill fast on spare throughput).</summary>
    private const double MaxRefill = 3;

    public static void Run(NightModel m, NightState s, FaultView faults, NightRecorder recorder, int tick)
    {
        var b = m.Behaviour;
        var dt = s.Dt;
        var classes = m.NetworkCount;
        var groups = m.GroupCount;
        var rungs = m.Rungs.Length;
        var seg = m.Scenario.Delivery.SegmentDuration.Seconds;
        var rpv = m.RequestsPerViewer.PerSecond;
        var w = s.Watching;
        s.Egress = s.PlayingTotal = s.StalledTotal = s.JoiningTotal = s.EdgeRequests = s.PlayedBits = 0;
        s.SegmentSeconds = s.SegmentWeight = 0;
        Array.Clear(s.RungViewers);
        s.Latency.Clear();
        for (var k = 0; k < m.CellCount; k++)
        {
            var r = k / m.CdnCount;
            var down = faults.Down[k];
            var cell = EdgeServing.Serve(m, s, k, down, faults.FailOpen[k]);
            recorder.CellUtilization(k, tick, cell.Utilization);
            s.PeakUtilization[k] = Math.Max(s.PeakUtilization[k], cell.Utilization);
            // What reaches this edge's players: nothing from a dead edge, the share of segments the origin path and the
            // encoders deliver otherwise.
            var reach = down ? 0 : s.OriginDelivery[k] * s.EncoderDelivery;
            if (s.Conditions is not null) RecordCap(m, s, k, tick, down, cell, reach);

            // Startup: viewers leave the joining state at rate 1/T; past the tolerance they also give up.
            for (var j = 0; j < classes; j++)
            {
                var idx = k * classes + j;
                if (s.Join[idx] <= 0) continue;
                var wait = s.StartupByClass[j];
                // Those admitted on a retry first: the same start rate, their startup and patience counting from the first press.
                var bins = BackoffPool.Bins;
                double retriedBefore = 0, retriedAfter = 0, started = 0;
                for (var a = 0; a < bins; a++)
                {
                    ref var x = ref s.RetryJoin[idx * bins + a];
                    if (!(x > 0)) continue;
                    retriedBefore += x;
                    ref var ages = ref s.RetryJoinAge[idx * bins + a];
                    var backoff = ages / x;
                    var (startedA, gaveUpA) = Start(b, dt, x, wait, backoff);
                    var left = Math.Max(0, x - startedA - gaveUpA);
                    ages = backoff * left;
                    x = left;
                    retriedAfter += left;
                    started += startedA;
                    s.GiveUp(r, gaveUpA, b);
                    s.Startups.Add(wait + backoff, startedA);
                    s.Startups.Add(double.PositiveInfinity, gaveUpA);
                    recorder.Metrics?.Joins(tick, wait + backoff, startedA, gaveUpA);
                }
                // Then the first-time joiners (all of them on a night without rejections).
                var fresh = Math.Max(0, s.Join[idx] - retriedBefore);
                var (startedF, gaveUp) = Start(b, dt, fresh, wait, 0);
                s.Join[idx] = fresh - startedF - gaveUp + retriedAfter;
                s.GiveUp(r, gaveUp, b);
                s.Startups.Add(wait, startedF);
                s.Startups.Add(double.PositiveInfinity, gaveUp);
                recorder.Metrics?.Joins(tick, wait, startedF, gaveUp);
                started += startedF;
                // They start with the first segment in their buffer.
                for (var p = 0; p < m.DeviceCount; p++) w.Add(k, p * classes + j, w.OneSegmentBin, started * m.DeviceShare[p].Value);
            }

            var cellEgress = 0.0;
            var mixRow = s.Mix.AsSpan(k * groups * rungs, groups * rungs);
            var lastRow = s.LastMix.AsSpan(k * groups * rungs, groups * rungs);
            for (var g = 0; g < groups; g++)
            {
                var viewers = w.Total(k, g);
                if (viewers <= 0) continue;
                // The buffer drains at the rate delivery falls short of playback, or refills from spare throughput.
                var delivery = reach * s.GroupDelivery[g];
                var rate = s.GroupRate[g];
                var spare = Math.Min(m.GroupAccess[g].BitsPerSecond, Math.Max(cell.Level, rate));
                if (delivery < 1) w.Shift(k, g, -(1 - delivery) * dt);
                else if (rate > 0) w.Shift(k, g, Math.Clamp(spare / rate - 1, 0, MaxRefill) * dt);
                // The stalled resume once the next segment is in: it takes seg × bitrate / throughput, if it comes at all.
                var stalled = w.Stalled(k, g);
                if (stalled > 0)
                {
                    var fetch = seg * s.GroupBitrate[g] / Math.Max(spare, 1);
                    if (reach > 0) w.Resume(k, g, stalled * AuthStep.Fraction(dt * reach / fetch));
                    // Those who stay stalled give up as their patience runs out.
                    var quit = w.Stalled(k, g) * AuthStep.Fraction(dt / b.StallPatience.Seconds);
                    w.RemoveStalled(k, g, quit);
                    s.GiveUp(r, quit, b);
                    s.Disconnects += quit;
                }

                var playing = w.Playing(k, g);
                var mix = mixRow.Slice(g * rungs, rungs);
                var gi = k * groups + g;
                var last = lastRow.Slice(g * rungs, rungs);
                if (tick > 0 && s.HasLastMix[gi] && !mix.SequenceEqual(last))
                {
                    var moved = 0.0;
                    for (var q = 0; q < rungs; q++) moved += Math.Abs(mix[q] - last[q]);
                    s.Switches += playing * moved / 2;
                    mix.CopyTo(last);
                }
                else if (!s.HasLastMix[gi]) mix.CopyTo(last);
                s.HasLastMix[gi] = true;
                for (var q = 0; q < rungs; q++) s.RungViewers[q] += playing * mix[q];
                s.PlayedBits += playing * s.GroupBitrate[g];
                cellEgress += w.Total(k, g) * rate * reach;
                if (spare > 0 && reach > 0)
                {
                    s.SegmentSeconds += viewers * seg * s.GroupBitrate[g] / spare;
                    s.SegmentWeight += viewers;
                }
            }
            recorder.CellEgress(k, tick, cellEgress);
            s.Egress += cellEgress;

            var playingHere = w.Playing(k);
            var stalledHere = w.Stalled(k);
            var joiningHere = s.Joining(k);
            s.PlayingTotal += playingHere;
            s.StalledTotal += stalledHere;
            s.JoiningTotal += joiningHere;
            s.EdgeRequests += (joiningHere + playingHere + stalledHere) * rpv;
            AddLatency(m, s, k, cell);
            s.Unserved[k] += (stalledHere + joiningHere) * dt;
        }
    }

    /// <summary>
    /// Of <paramref name="joiners"/> who have waited <paramref name="backoff"/> seconds before being admitted (0 for a
    /// first try): those who start this tick (at rate 1/T, T the class's startup time) and those who give up. Whoever's
    /// first frame comes later than they tolerate also leaves, 5.8% per extra second: over a wait of T the hazard applies
    /// for its last T + back-off − tolerance (at most all of T).
    /// </summary>
    private static (double Started, double GaveUp) Start(ViewerBehaviour b, double dt, double joiners, double wait, double backoff)
    {
        var started = double.IsFinite(wait) ? joiners * AuthStep.Fraction(dt / wait) : 0;
        var remaining = joiners - started;
        var tolerance = b.StartupTolerance.Seconds;
        var late = double.IsFinite(wait) ? Math.Min(wait, Math.Max(0, wait + backoff - tolerance)) / wait : 1;
        var gaveUp = wait + backoff > tolerance ? remaining * AuthStep.Fraction(dt * b.StartupAbandonPerSecond * late) : 0;
        return (started, gaveUp);
    }

    /// <summary>
    /// This edge's viewers in the latency mixture, per network class: their round trip plus the region's, the server's
    /// queue (at three quantiles), the link's; a cache miss's round trips for the share that misses. A dead or overloaded
    /// edge answers no one: its requests count at the timeout.
    /// </summary>
    private static void AddLatency(NightModel m, NightState s, int k, CellServing cell)
    {
        var classes = m.NetworkCount;
        var region = m.RegionRtt[m.Cells[k].Region];
        var quantiles = EdgeDelay.Quantiles.Length;
        for (var j = 0; j < classes; j++)
        {
            var viewers = s.Join[k * classes + j];
            for (var p = 0; p < m.DeviceCount; p++) viewers += s.Watching.Total(k, p * classes + j);
            if (viewers <= 0) continue;
            if (cell.Server.Overloaded)
            {
                s.Latency.Add(j, double.PositiveInfinity, viewers);
                continue;
            }
            var hit = viewers * (1 - cell.Miss) / quantiles;
            var baseShift = region + cell.Link;
            s.Latency.Add(j, baseShift + cell.Server.Q1, hit);
            s.Latency.Add(j, baseShift + cell.Server.Q2, hit);
            s.Latency.Add(j, baseShift + cell.Server.Q3, hit);
            if (cell.Miss > 0) s.Latency.Add(j, baseShift + cell.Server.Mean + cell.MissPenalty, viewers * cell.Miss);
        }
    }

    /// <summary>
    /// What one viewer of this edge can get this tick, for the sampled players: nothing from a dead edge; its fair share
    /// (the water level) when it is congested; no limit when it is not; and in both cases only the share of segments the
    /// origin path and the encoders deliver (an uncongested edge's per-viewer capacity times that share); at most a
    /// quarter above the rung a runbook's quality cap allows, so the players' ABR stays under it.
    /// </summary>
    private static void RecordCap(NightModel m, NightState s, int k, int tick, bool down, CellServing cell, double reach)
    {
        double cap;
        if (down || reach <= 0) cap = 0;
        else if (double.IsFinite(cell.Level)) cap = cell.Level * reach;
        else if (reach < 1)
        {
            var onCell = s.OnCell(k);
            cap = (onCell > 0 ? m.Cells[k].Capacity.BitsPerSecond / onCell : double.PositiveInfinity) * reach;
        }
        else cap = double.PositiveInfinity;
        if (double.IsFinite(s.QualityCap)) cap = Math.Min(cap, 1.25 * s.QualityCap);
        s.Conditions!.Capped(k, tick, cap);
    }
}
