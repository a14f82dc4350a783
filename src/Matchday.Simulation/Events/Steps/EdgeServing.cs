using Matchday.Core.Units;
using Matchday.Simulation.Queueing;

namespace Matchday.Simulation.Events;

/// <summary>What one edge gives its viewers this tick (per group: <see cref="NightState.GroupRate"/> and the rest).</summary>
/// <param name="Level">The max-min fair share per viewer (+∞ when everyone gets what they ask).</param>
/// <param name="Carried">What the edge carries: every watcher at their download rate, joiners on the lowest rung.</param>
/// <param name="Server">What a server's queue adds to a request (timed out when the edge is down or overloaded).</param>
/// <param name="Link">What the server's link queue adds, seconds.</param>
/// <param name="Miss">The share of requests the edge's cache misses.</param>
/// <param name="MissPenalty">What a miss adds: the shield and, past it, the origin, seconds.</param>
/// <param name="Utilization">What its viewers ask / capacity (∞ when the edge is down).</param>
internal readonly record struct CellServing(double Level, double Carried, ServerDelay Server, double Link, double Miss, double MissPenalty, double Utilization)
{
    /// <summary>The mean a request waits at the edge beyond its round trip.</summary>
    public double MeanWait => Server.Mean + Link + Miss * MissPenalty;
}

/// <summary>
/// One edge's physics. Each viewer group asks for its top rung (device, access and any quality cap permitting); the
/// capacity is divided max-min fairly over what they ask (water-filling) and fills the link: a group whose share falls
/// between two rungs plays a mix of them whose mean is its share, as players with slack step up into what others leave.
/// A share below the lowest rung is played on the lowest rung with rebuffering: the buffer drains at 1 − share/rung.
/// A request waits for a worker of its server and in its link's queue (<see cref="EdgeDelay"/>), and on a cache miss
/// for the shield and the origin; a joiner's first segment downloads at its access throughput or its share, whichever
/// is lower.
/// </summary>
internal static class EdgeServing
{
    public static CellServing Serve(NightModel m, NightState s, int k, bool down, bool failOpen)
    {
        var groups = m.GroupCount;
        var capacity = m.Cells[k].Capacity.BitsPerSecond;
        var request = m.Request;
        var rungs = m.Rungs;
        var lowest = rungs[0].BitsPerSecond;
        var joining = s.Joining(k);
        var mixRow = s.Mix.AsSpan(k * groups * rungs.Length, groups * rungs.Length);
        mixRow.Clear();
        if (down || capacity <= 0)
        {
            for (var g = 0; g < groups; g++)
            {
                s.GroupRate[g] = 0;
                s.GroupDelivery[g] = 0;
                s.GroupBitrate[g] = lowest;
                mixRow[g * rungs.Length] = 1;
            }
            Array.Fill(s.StartupByClass, double.PositiveInfinity);
            return new CellServing(0, 0, ServerDelay.Timeout, 0, 0, 0, double.PositiveInfinity);
        }

        // What each group asks: its top rung under the quality cap, no more than its access link carries.
        var asked = joining * lowest;
        for (var g = 0; g < groups; g++)
        {
            var top = m.GroupTopRung[g];
            while (top > 0 && rungs[top].BitsPerSecond > s.QualityCap) top--;
            s.GroupWant[g] = Math.Min(rungs[top].BitsPerSecond, m.GroupAccess[g].BitsPerSecond);
            s.GroupViewers[g] = s.Watching.Total(k, g);
            asked += s.GroupViewers[g] * s.GroupWant[g];
        }
        // Joiners take the lowest rung off the top: the first segment comes before anything else.
        var level = WaterLevel(s, Math.Max(0, capacity - joining * lowest));
        var carried = joining * lowest;
        for (var g = 0; g < groups; g++)
        {
            var rate = Math.Min(s.GroupWant[g], level);
            s.GroupRate[g] = rate;
            carried += s.GroupViewers[g] * rate;
            var mix = mixRow.Slice(g * rungs.Length, rungs.Length);
            if (rate < lowest * (1 - 1e-12))
            {
                // Below the lowest rung: the lowest rung it is, with the buffer filling at rate/rung of real time.
                mix[0] = 1;
                s.GroupBitrate[g] = lowest;
                s.GroupDelivery[g] = rate / lowest;
                continue;
            }
            var q = 0;
            while (q + 1 < rungs.Length && rungs[q + 1].BitsPerSecond <= rate * (1 + 1e-12)) q++;
            var lo = rungs[q].BitsPerSecond;
            if (q + 1 < rungs.Length && rate > lo * (1 + 1e-12))
            {
                var u = (rate - lo) / (rungs[q + 1].BitsPerSecond - lo);
                mix[q] = 1 - u;
                mix[q + 1] = u;
            }
            else mix[q] = 1;
            s.GroupBitrate[g] = rate;
            s.GroupDelivery[g] = 1;
        }

        var viewers = joining + s.Watching.Total(k);
        var requests = viewers * m.RequestsPerViewer.PerSecond;
        var servers = Math.Max(1, m.Cells[k].Servers);
        var server = Server(m, s, k, requests / servers);
        var link = EdgeDelay.Link(carried / capacity, DeliveryPath.LinkBuffer, DeliveryPath.Packet / Bitrate.FromBitsPerSecond(capacity / servers));
        // A live segment misses the edge's cache once per PoP and rung (the first request fills it); past the shield, the
        // origin answers after its own queue. A failed-open edge's every request goes all the way.
        var rungFills = m.CellPops[k] * rungs.Length * m.RequestsPerViewer.PerSecond;
        var miss = failOpen ? 1 : requests > 0 ? Math.Min(1, rungFills / requests) : 0;
        var origin = s.OriginWait;
        var toOrigin = failOpen ? 1 : m.CellShieldRatio[k];
        var penalty = m.ShieldRtt + toOrigin * (m.OriginRtt + origin);
        var cell = new CellServing(level, carried, server, link, miss, penalty, asked / capacity);
        // Players start on the lowest rung (as dash.js and Sabre do): the first segment downloads at the viewer's access
        // throughput or the edge's fair share, whichever is lower, once the origin and the encoders have it.
        var ok = s.OriginDelivery[k] * s.EncoderDelivery;
        var firstSegment = lowest * m.Scenario.Delivery.SegmentDuration.Seconds;
        var region = m.RegionRtt[m.Cells[k].Region];
        for (var j = 0; j < s.StartupByClass.Length; j++)
        {
            s.StartupByClass[j] = ok > 0 && !server.Overloaded
                ? m.Behaviour.StartupOverhead.Seconds + m.ClassRttMedian[j] + region + cell.MeanWait + firstSegment / Math.Min(m.NetworkThroughput[j].BitsPerSecond, Math.Max(level, lowest)) / ok
                : double.PositiveInfinity;
        }
        return cell;
    }

    /// <summary>
    /// What a server of edge <paramref name="k"/> adds at <paramref name="perServer"/> requests a second, memoized on the
    /// utilization rounded to 1/2000: the quantiles move by far less than a millisecond within such a step.
    /// </summary>
    private static ServerDelay Server(NightModel m, NightState s, int k, double perServer)
    {
        var capacity = m.RequestsPerServer.PerSecond;
        var rho = perServer / capacity;
        if (!(rho < 1)) return ServerDelay.Timeout;
        var key = (int)Math.Round(rho * NightState.LatencySteps);
        if (key >= NightState.LatencySteps) return EdgeDelay.Server(m.ServerWorkers, m.RequestsPerServer, Rate.FromPerSecond(perServer));
        var slot = k * (NightState.LatencySteps + 1) + key;
        if (s.LatencyCached[slot]) return s.LatencyCache[slot];
        var result = EdgeDelay.Server(m.ServerWorkers, m.RequestsPerServer, Rate.FromPerSecond(capacity * key / NightState.LatencySteps));
        s.LatencyCache[slot] = result;
        s.LatencyCached[slot] = true;
        return result;
    }

    /// <summary>The per-viewer allocation λ with Σ n_g·min(want_g, λ) = capacity (max-min fairness); +∞ when all fit.</summary>
    private static double WaterLevel(NightState s, double capacity)
    {
        var groups = s.GroupWant.Length;
        var total = 0.0;
        for (var g = 0; g < groups; g++)
        {
            total += s.GroupViewers[g] * s.GroupWant[g];
            s.GroupOrder[g] = g;
        }
        if (total <= capacity) return double.PositiveInfinity;
        // Groups by what they ask (insertion sort: a few dozen groups, stable).
        for (var i = 1; i < groups; i++)
        {
            var x = s.GroupOrder[i];
            var j = i - 1;
            while (j >= 0 && s.GroupWant[s.GroupOrder[j]] > s.GroupWant[x])
            {
                s.GroupOrder[j + 1] = s.GroupOrder[j];
                j--;
            }
            s.GroupOrder[j + 1] = x;
        }
        var remaining = capacity;
        var count = 0.0;
        for (var g = 0; g < groups; g++) count += s.GroupViewers[g];
        foreach (var g in s.GroupOrder)
        {
            var n = s.GroupViewers[g];
            if (s.GroupWant[g] * count <= remaining)
            {
                remaining -= n * s.GroupWant[g];
                count -= n;
                continue;
            }
            return count > 0 ? remaining / count : double.PositiveInfinity;
        }
        return double.PositiveInfinity;
    }
}
