using Matchday.Core.Units;

namespace Matchday.Simulation.Events;

/// <summary>
/// Every edge, this tick: what it serves (<see cref="EdgeServing"/>), joiners starting (or giving up past their
/// tolerance, Krishnan &amp; Sitaraman), viewers stalling where the edge, origin or encoders fail them and leaving when
/// their patience runs out, rung switches, and the tick's totals for the recorder.
/// </summary>
internal static class EdgeStep
{
    public static void Run(NightModel m, NightState s, FaultView faults, NightRecorder recorder, int tick)
    {
        var b = m.Request.Behaviour;
        var dt = s.Dt;
        var classes = m.NetworkCount;
        var devices = m.DeviceCount;
        var rpv = m.RequestsPerViewer.PerSecond;
        s.Egress = s.PlayingTotal = s.StalledTotal = s.JoiningTotal = s.EdgeRequests = 0;
        Array.Clear(s.RungViewers);
        for (var k = 0; k < m.CellCount; k++)
        {
            var r = k / m.CdnCount;
            var down = faults.Down[k];
            var active = s.Playing[k] + s.Stalled[k];
            var inCell = active + s.Joining(k);
            var cell = EdgeServing.Serve(m, s, k, inCell, down);
            recorder.CellUtilization(k, tick, cell.Utilization);
            if (s.Players is not null) FeedBackPlayers(m, s, k, inCell, down, cell);
            s.PeakUtilization[k] = Math.Max(s.PeakUtilization[k], cell.Utilization);

            // Startup: viewers leave the joining state at rate 1/T; past the tolerance they also give up.
            for (var j = 0; j < classes; j++)
            {
                var idx = k * classes + j;
                if (s.Join[idx] <= 0) continue;
                // Viewers start at rate 1/T; those whose first frame takes longer than they tolerate also leave,
                // 5.8% per extra second: over a wait of T the hazard applies for its last T − tolerance.
                var wait = s.StartupByClass[j];
                var started = double.IsFinite(wait) ? s.Join[idx] * AuthStep.Fraction(dt / wait) : 0;
                var remaining = s.Join[idx] - started;
                var tolerance = b.StartupTolerance.Seconds;
                var late = double.IsFinite(wait) ? Math.Max(0, wait - tolerance) / wait : 1;
                var gaveUp = wait > tolerance ? remaining * AuthStep.Fraction(dt * b.StartupAbandonPerSecond * late) : 0;
                s.Join[idx] = remaining - gaveUp;
                active += started;
                s.Abandoned[r] += gaveUp;
                s.Dropouts += gaveUp;
                s.Startups.Add(wait, started);
                s.Startups.Add(double.PositiveInfinity, gaveUp);
            }
            s.Stalled[k] = active * cell.StallFraction;
            s.Playing[k] = active - s.Stalled[k];
            var quit = s.Stalled[k] * AuthStep.Fraction(dt / b.StallPatience.Seconds);
            s.Stalled[k] -= quit;
            s.Abandoned[r] += quit;
            s.Dropouts += quit;
            s.Disconnects += quit;

            for (var p = 0; p < devices; p++)
            {
                var rung = s.Rung[p];
                var last = s.LastRung[k * devices + p];
                if (tick > 0 && rung >= 0 && last >= 0 && rung != last) s.Switches += s.Playing[k] * m.DeviceShare[p].Value;
                s.LastRung[k * devices + p] = rung;
            }
            var cellEgress = s.Playing[k] * cell.BitratePerPlaying;
            recorder.CellEgress(k, tick, cellEgress);
            s.Egress += cellEgress;
            for (var p = 0; p < devices; p++)
            {
                if (s.Rung[p] >= 0 && cell.PlayableShare > 0) s.RungViewers[s.Rung[p]] += s.Playing[k] * m.DeviceShare[p].Value / cell.PlayableShare;
            }
            s.PlayingTotal += s.Playing[k];
            s.StalledTotal += s.Stalled[k];
            var joiningHere = s.Joining(k);
            s.JoiningTotal += joiningHere;
            s.EdgeRequests += (joiningHere + s.Playing[k] + s.Stalled[k]) * rpv;
            s.LatencyValue[k] = cell.LatencyP95;
            s.LatencyWeight[k] = joiningHere + s.Playing[k] + s.Stalled[k];
            s.Unserved[k] += (s.Stalled[k] + joiningHere) * dt;
        }
    }

    /// <summary>
    /// The sampled players of this edge get its per-viewer fair share, less what origin and encoder failures take; what
    /// they pull on an unconstrained edge scales the fluid's bitrates (under congestion the share, not the players, decides).
    /// </summary>
    private static void FeedBackPlayers(NightModel m, NightState s, int k, double inCell, bool down, CellServing cell)
    {
        var capacity = m.Cells[k].Capacity.BitsPerSecond;
        var cap = Bitrate.FromBitsPerSecond(down ? 0 : (inCell > 0 ? capacity / inCell : capacity) * s.OriginServed * (1 - s.EncoderStall));
        if (s.Players!.Step(k, m.Tick, cap) is not { } pulled || down) return;
        var asked = 0.0;
        for (var p = 0; p < m.DeviceCount; p++) asked += m.DeviceShare[p].Value * Math.Min(m.DeviceBitrate[p].BitsPerSecond, s.QualityCap);
        if (cell.Utilization < 0.95 && asked > 0)
            s.PullScale[k] += 0.01 * (Math.Clamp(pulled.BitsPerSecond / asked, 0.05, 4) - s.PullScale[k]);
    }
}
