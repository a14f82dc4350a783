using Matchday.Core.Units;

namespace Matchday.Simulation.Queueing;

/// <summary>
/// Throughput above capacity: a saturated link or server pool divides its capacity among the flows that want it.
/// With TCP-like congestion control every viewer gets about the same share (max-min fairness with equal demands),
/// so each viewer receives min(demand, capacity / viewers) and the served fraction is min(1, capacity / demand).
/// </summary>
internal static class FairShare
{
    /// <summary>The fraction of demand served: 1 up to capacity, then capacity/demand.</summary>
    public static Ratio ServedFraction(Bitrate capacity, Bitrate demand) =>
        demand <= capacity || demand.BitsPerSecond <= 0 ? Ratio.One : Ratio.FromFraction(Math.Max(0, capacity / demand));

    /// <summary>The fraction of a demand rate served by a capacity rate (requests/s, validations/s).</summary>
    public static Ratio ServedFraction(Rate capacity, Rate demand) =>
        demand <= capacity || demand.PerSecond <= 0 ? Ratio.One : Ratio.FromFraction(Math.Max(0, capacity / demand));

    /// <summary>What each of <paramref name="viewers"/> gets from <paramref name="capacity"/> when each wants <paramref name="wanted"/>.</summary>
    public static Bitrate PerViewer(Bitrate capacity, ViewerCount viewers, Bitrate wanted)
    {
        if (viewers.Value <= 0) return wanted;
        var share = capacity / viewers.Value;
        return Bitrate.Min(wanted, share);
    }
}
