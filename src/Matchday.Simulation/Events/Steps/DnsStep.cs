using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Simulation.Events;

/// <summary>
/// GSLB/DNS steering: health checks mark an edge down once they detect its CDN's outage (and healthy again once it
/// recovers); each region's answer gives the CDNs their normal weights, raised by runbook activations, zero for edges
/// known down. Clients follow a new answer only as their cached one expires (<see cref="Dns.DnsSteering"/>).
/// </summary>
internal static class DnsStep
{
    private const double Tiny = 1e-9;

    /// <summary>Updates the GSLB's view of the edges and, if anything changed, each region's answer.</summary>
    public static void Update(NightModel m, NightState s, NightRecorder recorder, double t)
    {
        for (var k = 0; k < m.CellCount; k++)
        {
            var known = false;
            foreach (var f in m.Faults)
            {
                if (f.Kind == FaultKind.CdnOutage && f.Cells[k] && f.Known(t)) { known = true; break; }
            }
            if (known == s.KnownDown[k]) continue;
            s.KnownDown[k] = known;
            s.AnswersDirty = true;
            recorder.Incident(Duration.FromSeconds(t), known ? IncidentKind.Detection : IncidentKind.Recovery,
                known ? $"GSLB marks {m.Cells[k].Name} down; DNS answers change, clients follow as their TTL ({m.Scenario.Failover.DnsTtl}) expires"
                      : $"GSLB marks {m.Cells[k].Name} healthy again");
        }
        if (!s.AnswersDirty) return;
        s.AnswersDirty = false;
        for (var r = 0; r < m.RegionCount; r++) SetAnswer(m, s, r, t);
    }

    private static void SetAnswer(NightModel m, NightState s, int r, double t)
    {
        var cdns = m.CdnCount;
        var weights = new double[cdns];
        for (var c = 0; c < cdns; c++)
        {
            var w = m.CdnWeights[c].Value;
            if (s.AllActive) w = 1.0 / cdns;
            else if (s.SecondaryActive && m.CdnTiers[c] == CdnTier.Secondary) w = Math.Max(w, m.PrimaryMeanWeight);
            weights[c] = s.KnownDown[r * cdns + c] ? 0 : w;
        }
        var sum = weights.Sum();
        if (sum <= 0) return;
        var normalized = weights.Select(w => w / sum).ToImmutableArray();
        var current = s.Dns[r].CurrentAnswer;
        if (normalized.Zip(current).All(x => Math.Abs(x.First - x.Second) < 1e-12)) return;
        s.Dns[r].ChangeAnswer(Duration.FromSeconds(t), normalized);
        s.LastAnswerChange[r] = t;
    }

    /// <summary>Moves each region's viewers between CDNs toward the DNS effective weights: clients follow the answer they hold.</summary>
    public static void Rebalance(NightModel m, NightState s, FaultView faults, Duration now)
    {
        for (var r = 0; r < m.RegionCount; r++) Rebalance(m, s, faults, r, now);
    }

    private static void Rebalance(NightModel m, NightState s, FaultView faults, int r, Duration now)
    {
        // Until an answer changes, and once every cache has let go of the old one, clients are where the answer says.
        if (now.Seconds - s.LastAnswerChange[r] > s.Dns[r].Cache.FullyDrainedAfter.Seconds + s.Dt) return;
        var cdns = m.CdnCount;
        var effective = s.EffectiveWeights;
        s.Dns[r].EffectiveWeights(now, effective);
        var total = 0.0;
        var current = s.RebalanceCurrent;
        for (var c = 0; c < cdns; c++)
        {
            var k = r * cdns + c;
            current[c] = s.Joining(k) + s.Playing[k] + s.Stalled[k];
            total += current[c];
        }
        if (total <= 0) return;
        var classes = m.NetworkCount;
        var poolJ = s.RebalanceJoin;
        Array.Clear(poolJ);
        double poolP = 0, poolS = 0, deficit = 0;
        var need = s.RebalanceNeed;
        Array.Clear(need);
        for (var c = 0; c < cdns; c++)
        {
            var k = r * cdns + c;
            var target = effective[c] * total;
            if (current[c] > target + Tiny * total)
            {
                var f = (current[c] - target) / current[c];
                var down = s.KnownDown[k] || faults.Down[k];
                // Viewers leaving a dead edge must start again; from a live one they carry their buffer across.
                for (var j = 0; j < classes; j++)
                {
                    poolJ[j] += s.Join[k * classes + j] * f + (down ? (s.Playing[k] + s.Stalled[k]) * f * m.NetworkShare[j].Value : 0);
                    s.Join[k * classes + j] -= s.Join[k * classes + j] * f;
                }
                if (!down)
                {
                    poolP += s.Playing[k] * f;
                    poolS += s.Stalled[k] * f;
                }
                s.Playing[k] -= s.Playing[k] * f;
                s.Stalled[k] -= s.Stalled[k] * f;
            }
            else
            {
                need[c] = Math.Max(0, target - current[c]);
                deficit += need[c];
            }
        }
        if (deficit <= 0) return;
        for (var c = 0; c < cdns; c++)
        {
            if (need[c] <= 0) continue;
            var share = need[c] / deficit;
            var k = r * cdns + c;
            for (var j = 0; j < classes; j++) s.Join[k * classes + j] += poolJ[j] * share;
            s.Playing[k] += poolP * share;
            s.Stalled[k] += poolS * share;
        }
    }
}
