using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Simulation.Events;

/// <summary>
/// The origin: it serves the shields' fills (request coalescing), plus every request of the edges whose caches fail
/// open. Its pods are scaled by the Kubernetes HPA; a lost origin region takes its share of the capacity away until
/// its traffic fails over (detection, the DNS TTL, the next region's activation). It serves min(1, capacity / load).
/// </summary>
internal static class OriginStep
{
    public static void Run(NightModel m, NightState s, FaultView faults, NightRecorder recorder, Duration now)
    {
        var rpv = m.RequestsPerViewer.PerSecond;
        var requests = m.CoalescedOriginRequests.PerSecond;
        for (var k = 0; k < m.CellCount; k++)
        {
            if (faults.FailOpen[k]) requests += (s.Joining(k) + s.Playing[k] + s.Stalled[k]) * rpv;
        }
        s.OriginRequests = requests;
        s.Origins.Advance(now, requests / rpv);
        var capacity = s.Origins.Capacity(now) * RegionLossFactor(m, s, recorder, now.Seconds) * rpv;
        s.OriginServed = requests > 0 ? Math.Min(1, capacity / requests) : 1;
    }

    /// <summary>The share of origin capacity left by lost regions whose traffic has not failed over yet.</summary>
    internal static double RegionLossFactor(NightModel m, NightState s, NightRecorder recorder, double t)
    {
        var regions = m.Scenario.Failover.Regions;
        var total = Math.Max(1, regions.Sum(x => x.Origins));
        var factor = 1.0;
        for (var i = 0; i < m.Faults.Length; i++)
        {
            var f = m.Faults[i];
            if (f.Kind != FaultKind.OriginRegionLoss || !f.Active(t)) continue;
            var region = regions[f.OriginRegion];
            // Failover completes after detection, the DNS TTL and the next region's activation.
            var next = f.OriginRegion + 1 < regions.Length ? regions[f.OriginRegion + 1] : null;
            var done = f.DetectedAt + m.Scenario.Failover.DnsTtl.Seconds + (next?.Activation.Seconds ?? 0);
            if (!s.FailedOver[i] && t >= done)
            {
                s.FailedOver[i] = true;
                recorder.Incident(Duration.FromSeconds(t), IncidentKind.Recovery, next is null
                    ? $"{region.Name} lost with no region to fail over to"
                    : $"origin traffic failed over from {region.Name} to {next.Name} ({Core.Text.Words.Of(next.Standby)} standby, {next.Activation} to activate; its metadata replica was {next.ReplicationLag} behind)");
            }
            if (!s.FailedOver[i]) factor *= 1 - (double)region.Origins / total;
        }
        return factor;
    }
}
