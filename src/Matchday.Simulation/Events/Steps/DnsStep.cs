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
        // Activated CDNs take traffic in proportion to their capacity in the region, which moves it to where there is
        // spare until they all run at the same utilization; the rest keep their normal share.
        var activated = 0.0;
        var capacity = 0.0;
        for (var c = 0; c < cdns; c++)
        {
            if (!Activated(m, s, c)) continue;
            activated += m.CdnWeights[c].Value;
            capacity += m.Cells[r * cdns + c].Capacity.BitsPerSecond;
        }
        for (var c = 0; c < cdns; c++)
        {
            var w = Activated(m, s, c) && capacity > 0 ? activated * m.Cells[r * cdns + c].Capacity.BitsPerSecond / capacity : m.CdnWeights[c].Value;
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

    /// <summary>Whether a runbook has activated CDN <paramref name="c"/>: all of them, or the primaries and secondaries.</summary>
    private static bool Activated(NightModel m, NightState s, int c) =>
        s.AllActive || s.SecondaryActive && m.CdnTiers[c] is CdnTier.Primary or CdnTier.Secondary;

    /// <summary>Moves each region's viewers between CDNs toward the DNS effective weights: clients follow the answer they hold.</summary>
    public static void Rebalance(NightModel m, NightState s, Duration now)
    {
        for (var r = 0; r < m.RegionCount; r++) Rebalance(m, s, r, now);
    }

    private static void Rebalance(NightModel m, NightState s, int r, Duration now)
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
            current[c] = s.OnCell(r * cdns + c);
            total += current[c];
        }
        if (total <= 0) return;
        var classes = m.NetworkCount;
        var poolJ = s.RebalanceJoin;
        var poolR = s.RebalanceRetry;
        var poolA = s.RebalanceRetryAge;
        var poolW = s.RebalancePool;
        var bins = BackoffPool.Bins;
        Array.Clear(poolJ);
        Array.Clear(poolR);
        Array.Clear(poolA);
        Array.Clear(poolW);
        var deficit = 0.0;
        var need = s.RebalanceNeed;
        Array.Clear(need);
        for (var c = 0; c < cdns; c++)
        {
            var k = r * cdns + c;
            var target = effective[c] * total;
            if (current[c] > target + Tiny * total)
            {
                // Clients whose cached answer expired re-resolve and move: joiners go on joining, watchers keep the
                // buffer they hold (from a dead edge too: the player retries the next segment on the new address).
                var f = (current[c] - target) / current[c];
                for (var j = 0; j < classes; j++)
                {
                    poolJ[j] += s.Join[k * classes + j] * f;
                    s.Join[k * classes + j] -= s.Join[k * classes + j] * f;
                    // Joiners admitted on a retry move with their back-off.
                    for (var a = 0; a < bins; a++)
                    {
                        var i = (k * classes + j) * bins + a;
                        if (!(s.RetryJoin[i] > 0)) continue;
                        poolR[j * bins + a] += s.RetryJoin[i] * f;
                        poolA[j * bins + a] += s.RetryJoinAge[i] * f;
                        s.RetryJoin[i] -= s.RetryJoin[i] * f;
                        s.RetryJoinAge[i] -= s.RetryJoinAge[i] * f;
                    }
                }
                s.Watching.Take(k, f, poolW);
            }
            else
            {
                need[c] = Math.Max(0, target - current[c]);
                deficit += need[c];
            }
        }
        if (deficit <= 0) return;
        if (s.Conditions is { } conditions)
        {
            // The sampled players move as the fleet does: the same share of each cell, to the same places.
            var shares = s.RebalanceShares;
            for (var c = 0; c < cdns; c++) shares[c] = need[c] / deficit;
            for (var c = 0; c < cdns; c++)
            {
                var target = effective[c] * total;
                if (current[c] > target + Tiny * total) conditions.Moved(r * cdns + c, s.TickIndex, (current[c] - target) / current[c], r, shares);
            }
        }
        for (var c = 0; c < cdns; c++)
        {
            if (need[c] <= 0) continue;
            var share = need[c] / deficit;
            var k = r * cdns + c;
            for (var j = 0; j < classes; j++)
            {
                s.Join[k * classes + j] += poolJ[j] * share;
                for (var a = 0; a < bins; a++)
                {
                    if (!(poolR[j * bins + a] > 0)) continue;
                    s.RetryJoin[(k * classes + j) * bins + a] += poolR[j * bins + a] * share;
                    s.RetryJoinAge[(k * classes + j) * bins + a] += poolA[j * bins + a] * share;
                }
            }
            s.Watching.Put(k, poolW, share);
        }
    }
}
