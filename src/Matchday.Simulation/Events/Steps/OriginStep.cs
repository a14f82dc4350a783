using Matchday.Core.Scenarios;
using Matchday.Core.Text;
using Matchday.Core.Units;
using Matchday.Simulation.Queueing;

namespace Matchday.Simulation.Events;

/// <summary>
/// The origin: it serves the shields' fills (request coalescing), plus every request of the edges whose caches fail
/// open. Its pods are the scenario's origin servers, spread over the DR regions and scaled by the Kubernetes HPA, which
/// sees the load through the metrics pipeline, late. A lost origin region's traffic fails until it fails over
/// (detection, the DNS TTL, the next region's activation as its standby allows); then the next region carries it. A
/// failed-open edge's viewers get what the origin serves; a shielded edge misses a segment only if every retry its
/// shield makes before the segment's deadline fails.
/// </summary>
internal static class OriginStep
{
    public static void Run(NightModel m, NightState s, FaultView faults, NightRecorder recorder, Duration now)
    {
        var t = now.Seconds;
        var rpv = m.RequestsPerViewer.PerSecond;
        var requests = m.CoalescedOriginRequests.PerSecond;
        for (var k = 0; k < m.CellCount; k++)
        {
            if (faults.FailOpen[k]) requests += s.OnCell(k) * rpv;
        }
        s.OriginRequests = requests;
        s.Pipeline.Record(requests);

        var regions = m.OriginRegionShare.Length;
        FollowFailovers(m, s, recorder, t);
        var lostShare = 0.0;
        for (var r = 0; r < regions; r++)
        {
            s.RegionLost[r] = IsLost(m, r, t);
            if (s.RegionLost[r]) lostShare += m.OriginRegionShare[r];
        }
        // The HPA spreads the load it sees over the pods it can reach.
        var seen = s.Pipeline.Seen(now);
        s.Origins.Advance(now, lostShare < 1 ? seen / (1 - lostShare) : seen);
        var capacity = s.Origins.Capacity(now);

        // Each region's share of the requests goes to it, to the region it failed over to, or is lost with it.
        Array.Clear(s.OriginRegionLoad);
        for (var r = 0; r < regions; r++)
        {
            var to = TargetOf(m, s, r);
            if (to >= 0) s.OriginRegionLoad[to] += requests * m.OriginRegionShare[r];
        }
        var delivered = 0.0;
        for (var r = 0; r < regions; r++)
        {
            var load = s.OriginRegionLoad[r];
            if (load <= 0) continue;
            var cap = s.RegionLost[r] ? 0 : capacity * m.OriginRegionShare[r];
            delivered += Math.Min(load, cap);
        }
        var served = requests > 0 ? Math.Min(1, delivered / requests) : 1;
        s.OriginServed = served;
        // What a request that reaches the origin waits: its pods' queue at their utilization (the load over the pods it can reach).
        var perPod = s.Origins.ReadyReplicas(now) * (1 - lostShare) is var pods and > 0 ? requests / pods : double.PositiveInfinity;
        s.OriginWait = EdgeDelay.ServerMean(m.ServerWorkers, Rate.FromPerSecond(m.OriginPod.UnitsPerPodCapacity), Rate.FromPerSecond(perPod));
        // A failed-open edge's viewers ask the origin themselves: they get what it serves. Shields retry a missed fetch
        // within the segment's deadline, so a shielded edge misses a segment only if every attempt fails.
        var attempts = Math.Max(1, Math.Floor(m.Scenario.Delivery.SegmentDuration.Seconds / m.Request.RequestTimeout.Seconds));
        var shielded = 1 - Math.Pow(1 - served, attempts);
        for (var k = 0; k < m.CellCount; k++) s.OriginDelivery[k] = faults.FailOpen[k] ? served : shielded;
    }

    /// <summary>Whether an origin region's pods are unreachable at <paramref name="t"/> (an origin-region-loss in effect).</summary>
    private static bool IsLost(NightModel m, int region, double t)
    {
        foreach (var f in m.Faults)
        {
            if (f.Kind == FaultKind.OriginRegionLoss && f.OriginRegion == region && f.Active(t)) return true;
        }
        return false;
    }

    /// <summary>Where region <paramref name="r"/>'s traffic goes: itself, the region it failed over to, or nowhere (-1).</summary>
    private static int TargetOf(NightModel m, NightState s, int r)
    {
        if (!s.RegionLost[r]) return r;
        for (var i = 0; i < m.Faults.Length; i++)
        {
            var f = m.Faults[i];
            if (f.Kind == FaultKind.OriginRegionLoss && f.OriginRegion == r && s.FailedOver[i]) return s.FailoverTarget[i];
        }
        return -1;
    }

    /// <summary>The next region in the failover order that is not lost, or -1.</summary>
    internal static int NextRegion(NightModel m, NightState s, int from, double t)
    {
        var n = m.OriginRegionShare.Length;
        for (var step = 1; step < n; step++)
        {
            var r = (from + step) % n;
            if (!IsLost(m, r, t)) return r;
        }
        return -1;
    }

    /// <summary>Completes failovers whose time has come (or that a runbook forced) and notes regions coming back.</summary>
    private static void FollowFailovers(NightModel m, NightState s, NightRecorder recorder, double t)
    {
        var regions = m.Scenario.Failover.Regions;
        for (var i = 0; i < m.Faults.Length; i++)
        {
            var f = m.Faults[i];
            if (f.Kind != FaultKind.OriginRegionLoss || f.OriginRegion < 0 || regions.IsDefaultOrEmpty) continue;
            var region = regions[f.OriginRegion];
            if (!f.Active(t))
            {
                if (t >= f.End && !s.RegionBack[i] && t >= f.Start)
                {
                    s.RegionBack[i] = true;
                    s.FailedOver[i] = false;
                    recorder.Incident(Duration.FromSeconds(t), IncidentKind.Recovery, $"origin region {region.Name} back in service; its traffic returns");
                }
                continue;
            }
            if (s.FailoverTarget[i] < 0) s.FailoverTarget[i] = NextRegion(m, s, f.OriginRegion, t);
            var target = s.FailoverTarget[i];
            var next = target >= 0 ? regions[target] : null;
            // Failover completes after detection, the DNS TTL and the next region's activation.
            var done = f.DetectedAt + m.Scenario.Failover.DnsTtl.Seconds + (next?.Activation.Seconds ?? 0);
            if (!s.FailoverNoted[i] && (s.FailedOver[i] || t >= done))
            {
                var forced = s.FailedOver[i];
                s.FailedOver[i] = next is not null;
                s.FailoverNoted[i] = true;
                recorder.Incident(Duration.FromSeconds(t), IncidentKind.Recovery, next is null
                    ? $"{region.Name} lost with no region to fail over to"
                    : $"origin traffic failed over from {region.Name} to {next.Name} ({(forced ? "forced by the runbook" : $"detected at {Duration.FromSeconds(f.DetectedAt)}, then the {m.Scenario.Failover.DnsTtl} DNS TTL and")} {Words.Of(next.Standby)} standby, {next.Activation} to activate; its metadata replica was {next.ReplicationLag} behind)");
            }
        }
    }
}
