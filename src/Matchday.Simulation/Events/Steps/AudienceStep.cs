using Matchday.Core.Scenarios;

namespace Matchday.Simulation.Events;

/// <summary>
/// The audience: demand follows the plan's ramp (linear between minutes) times any surge. New viewers arrive (and
/// join through auth); when demand falls, leavers leave every state in proportion. Into a break or after the final
/// whistle the leavers go at once rather than evenly over the minute (most within 30 s: the exit spike).
/// </summary>
internal static class AudienceStep
{
    /// <summary>The exit spike's time constant: viewers leaving at a whistle go within seconds (assumed 10 s).</summary>
    private const double ExitTimeConstant = 10;

    /// <summary>t = 0: the pre-match audience is already watching, spread over the CDNs by the normal answer, buffers full.</summary>
    public static void Start(NightModel m, NightState s, FaultView faults)
    {
        faults.Update(0);
        var w = s.Watching;
        var top = w.Bins - 1;
        for (var r = 0; r < m.RegionCount; r++)
        {
            s.Demand[r] = DemandAt(m, faults, r, 0);
            for (var c = 0; c < m.CdnCount; c++)
            {
                var k = r * m.CdnCount + c;
                var viewers = s.Demand[r] * m.CdnWeights[c].Value;
                // A steady live audience holds between two and three segments: a new one arrives as one plays out.
                for (var g = 0; g < m.GroupCount; g++) w.AddSpread(k, g, top - w.BinsPerSegment + 1, top, viewers * m.GroupShare[g].Value);
                s.Conditions?.Joined(k, -1, viewers);
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
        else
        {
            var from = ramp[i].Value;
            var to = ramp[i + 1].Value;
            var into = m.RampKind[i + 1];
            // Into a break or after the match, the leavers go at the whistle; otherwise the audience moves evenly.
            var shape = to < from && into is PhaseKind.Break or PhaseKind.Post && m.RampKind[i] != into
                ? (1 - Math.Exp(-(x - i) * 60 / ExitTimeConstant)) / (1 - Math.Exp(-60 / ExitTimeConstant))
                : x - i;
            baseDemand = from + (to - from) * shape;
        }
        return baseDemand * m.RegionShare[region].Value * faults.Surge[region];
    }

    private static void ScaleRegion(NightModel m, NightState s, int r, double factor)
    {
        s.Backoff.Scale(r, factor);
        s.Returning[r] *= factor;
        s.Left[r] *= factor;
        var classes = m.NetworkCount;
        for (var c = 0; c < m.CdnCount; c++)
        {
            var k = r * m.CdnCount + c;
            for (var j = 0; j < classes; j++) s.Join[k * classes + j] *= factor;
            var retried = s.RetryJoin.AsSpan(k * classes * BackoffPool.Bins, classes * BackoffPool.Bins);
            var ages = s.RetryJoinAge.AsSpan(k * classes * BackoffPool.Bins, classes * BackoffPool.Bins);
            for (var i = 0; i < retried.Length; i++) { retried[i] *= factor; ages[i] *= factor; }
            s.Watching.Scale(k, factor);
        }
    }
}
