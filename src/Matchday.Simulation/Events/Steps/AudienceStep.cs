namespace Matchday.Simulation.Events;

/// <summary>
/// The audience: demand follows the plan's ramp (linear between minutes) times any surge. New viewers arrive (and
/// join through auth); when demand falls, leavers leave every state in proportion.
/// </summary>
internal static class AudienceStep
{
    /// <summary>t = 0: the pre-match audience is already watching, spread over the CDNs by the normal answer.</summary>
    public static void Start(NightModel m, NightState s, FaultView faults)
    {
        faults.Update(0);
        for (var r = 0; r < m.RegionCount; r++)
        {
            s.Demand[r] = DemandAt(m, faults, r, 0);
            for (var c = 0; c < m.CdnCount; c++)
            {
                var k = r * m.CdnCount + c;
                s.Playing[k] = s.Demand[r] * m.CdnWeights[c].Value;
                s.Players?.Joined(k, s.Playing[k]);
            }
        }
    }

    /// <summary>Moves each region's demand to <paramref name="t"/>: the rise arrives, a fall leaves.</summary>
    public static void Run(NightModel m, NightState s, FaultView faults, double t)
    {
        for (var r = 0; r < m.RegionCount; r++)
        {
            var target = DemandAt(m, faults, r, t);
            s.Arrivals[r] = 0;
            if (target >= s.Demand[r]) s.Arrivals[r] = target - s.Demand[r];
            else ScaleRegion(m, s, r, s.Demand[r] > 0 ? target / s.Demand[r] : 0);
            s.Demand[r] = target;
        }
    }

    /// <summary>The viewers who want to watch in region <paramref name="region"/> at <paramref name="t"/> seconds.</summary>
    public static double DemandAt(NightModel m, FaultView faults, int region, double t)
    {
        var x = t / 60;
        var i = (int)Math.Floor(x);
        var ramp = m.Ramp;
        double baseDemand;
        if (i >= ramp.Length - 1) baseDemand = ramp[^1].Value;
        else baseDemand = ramp[i].Value + (ramp[i + 1].Value - ramp[i].Value) * (x - i);
        return baseDemand * m.RegionShare[region].Value * faults.Surge[region];
    }

    private static void ScaleRegion(NightModel m, NightState s, int r, double factor)
    {
        s.Failed[r] *= factor;
        s.Abandoned[r] *= factor;
        var classes = m.NetworkCount;
        for (var c = 0; c < m.CdnCount; c++)
        {
            var k = r * m.CdnCount + c;
            for (var j = 0; j < classes; j++) s.Join[k * classes + j] *= factor;
            s.Playing[k] *= factor;
            s.Stalled[k] *= factor;
        }
    }
}
