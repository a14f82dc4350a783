using Matchday.Core.Units;
using Matchday.Simulation.Queueing;

namespace Matchday.Simulation.Events;

/// <summary>What one edge gives its viewers this tick (the rung per device profile is in <see cref="NightState.Rung"/>).</summary>
/// <param name="StallFraction">The share of its active viewers who cannot play.</param>
/// <param name="PlayableShare">The share of viewers whose allocation fits at least the lowest rung.</param>
/// <param name="BitratePerPlaying">Mean bitrate of a playing viewer, bit/s.</param>
/// <param name="LatencyP95">p95 request latency, seconds.</param>
/// <param name="Utilization">Demanded / capacity (∞ when the edge is down).</param>
internal readonly record struct CellServing(double StallFraction, double PlayableShare, double BitratePerPlaying, double LatencyP95, double Utilization);

/// <summary>
/// One edge's physics: max-min fair division of its capacity over the device profiles (water-filling), each player
/// taking the highest rung within <see cref="ViewerBehaviour.AbrSafety"/> of its share; viewers whose share is below the
/// lowest rung stall (<see cref="FairShare"/>). Latency is the edge's M/M/c p95 (<see cref="EdgeLatencyModel"/>);
/// a joining viewer's first segment downloads at its access throughput or its share, whichever is lower.
/// </summary>
internal static class EdgeServing
{
    public static CellServing Serve(NightModel m, NightState s, int k, double viewers, bool down)
    {
        var profiles = m.DeviceCount;
        var rungOf = s.Rung;
        var capacity = m.Cells[k].Capacity.BitsPerSecond;
        var request = m.Request;
        if (down || capacity <= 0)
        {
            Array.Fill(rungOf, -1);
            Array.Fill(s.StartupByClass, double.PositiveInfinity);
            return new CellServing(1, 0, 0, request.RequestTimeout.Seconds, double.PositiveInfinity);
        }
        var want = s.Want;
        double demand = 0;
        for (var p = 0; p < profiles; p++)
        {
            want[p] = Math.Min(m.DeviceBitrate[p].BitsPerSecond, s.QualityCap);
            demand += viewers * m.DeviceShare[p].Value * want[p] * s.PullScale[k];
        }
        // With sampled players, every bitrate is scaled by what they actually pull per viewer (1 without them).
        var scale = s.PullScale[k];
        var level = WaterLevel(m, s, capacity / scale, viewers);
        double playable = 0, bits = 0;
        var rungs = m.Rungs;
        for (var p = 0; p < profiles; p++)
        {
            var alloc = Math.Min(want[p], level);
            var budget = alloc < want[p] ? alloc * request.Behaviour.AbrSafety : alloc;
            var rung = -1;
            for (var q = rungs.Length - 1; q >= 0; q--)
            {
                if (rungs[q].BitsPerSecond <= budget * (1 + 1e-12)) { rung = q; break; }
            }
            rungOf[p] = rung;
            if (rung < 0) continue;
            playable += m.DeviceShare[p].Value;
            bits += m.DeviceShare[p].Value * rungs[rung].BitsPerSecond;
        }
        var requests = Rate.FromPerSecond(viewers * m.RequestsPerViewer.PerSecond);
        // Latency follows what the edge actually carries: ABR players step down to fit their share, so a congested
        // edge runs near (not beyond) its capacity; a viewer who cannot fit even the lowest rung still asks for it.
        var carried = viewers * (bits + (1 - playable) * rungs[0].BitsPerSecond) * scale;
        var load = Latency(s, k, requests, carried);
        var ok = s.OriginServed * (1 - s.EncoderStall);
        var playFraction = playable * ok;
        var perPlaying = playable > 0 ? bits / playable * scale : 0;
        // Players start on the lowest rung (as dash.js and Sabre do): the first segment downloads at the viewer's access
        // throughput or the edge's fair share, whichever is lower.
        var firstSegment = rungs[0].BitsPerSecond * m.Scenario.Delivery.SegmentDuration.Seconds;
        for (var j = 0; j < s.StartupByClass.Length; j++)
        {
            s.StartupByClass[j] = playable > 0 && ok > 0
                ? request.Behaviour.StartupOverhead.Seconds + load.MeanLatency.Seconds + firstSegment / Math.Min(m.NetworkThroughput[j].BitsPerSecond, level) / ok
                : double.PositiveInfinity;
        }
        var utilization = viewers > 0 ? demand / capacity : 0;
        return new CellServing(1 - playFraction, playable, perPlaying, load.P95Latency.Seconds, utilization);
    }

    /// <summary>
    /// The edge's M/M/c latency, memoized per cell on the utilization rounded to 1/2000: the queue's p95 moves by far
    /// less than a millisecond within such a step, and the exact tail costs a bisection over Erlang C each time.
    /// </summary>
    private static EdgeLoad Latency(NightState s, int k, Rate requests, double demand)
    {
        var edge = s.Edges[k];
        var rho = Math.Max(requests / edge.Requests, demand / edge.Bandwidth.BitsPerSecond);
        if (!(rho < 1)) return EdgeLatencyModel.Evaluate(edge, requests, Bitrate.FromBitsPerSecond(demand));
        var key = (int)Math.Round(rho * NightState.LatencySteps);
        var slot = k * (NightState.LatencySteps + 1) + key;
        if (s.LatencyCached[slot]) return s.LatencyCache[slot];
        var q = key / (double)NightState.LatencySteps;
        var load = EdgeLatencyModel.Evaluate(edge, edge.Requests * q, Bitrate.Zero);
        s.LatencyCache[slot] = load;
        s.LatencyCached[slot] = true;
        return load;
    }

    /// <summary>The per-viewer allocation λ with Σ nₚ·min(wantₚ, λ) = capacity (max-min fairness); +∞ when all fit.</summary>
    private static double WaterLevel(NightModel m, NightState s, double capacity, double viewers)
    {
        var want = s.Want;
        var total = 0.0;
        for (var p = 0; p < want.Length; p++) total += viewers * m.DeviceShare[p].Value * want[p];
        if (total <= capacity || viewers <= 0) return double.PositiveInfinity;
        var remaining = capacity;
        var count = viewers;
        foreach (var p in s.WantOrder)
        {
            var n = viewers * m.DeviceShare[p].Value;
            if (want[p] * count <= remaining) // everyone left could have this much: this profile is satisfied
            {
                remaining -= n * want[p];
                count -= n;
                continue;
            }
            return remaining / count;
        }
        return double.PositiveInfinity;
    }
}
