using Matchday.Core.Units;

namespace Matchday.Simulation.Events;

/// <summary>
/// The defaults of the delivery path's timing, where a scenario does not give its own (each is a scenario field).
/// What the latency objectives measure is a segment request's time to first byte at the player: its access round trip,
/// the region's distance to its edges, the edge server's queue and link, and on a cache miss the round trips to the
/// shield and the origin and the origin's queue.
/// </summary>
internal static class DeliveryPath
{
    /// <summary>
    /// A viewer's median access round trip to the nearest edge when the class gives none: 30 ms, between Ookla's US
    /// figures for fixed lines (9 ms at the best ISP) and mobile networks (31-39 ms by carrier), 2019.
    /// </summary>
    public static readonly Duration Rtt = Duration.FromMilliseconds(30);

    /// <summary>The 95th percentile of a class's round trip over its median when the class gives none (assumed 3: a log-normal of σ ≈ 0.67).</summary>
    public const double RttTail = 3;

    /// <summary>Requests an edge server works on at once: its cores, one worker each as nginx runs (assumed 32).</summary>
    public const int ServerWorkers = 32;

    /// <summary>Round trip from an edge to its shield, and from a shield to the origin (assumed 20 ms and 60 ms).</summary>
    public static readonly Duration ShieldRtt = Duration.FromMilliseconds(20);

    public static readonly Duration OriginRtt = Duration.FromMilliseconds(60);

    /// <summary>How much traffic an edge server's egress queue holds at line rate (assumed 20 ms; loss-based TCP keeps a saturated queue full).</summary>
    public static readonly Duration LinkBuffer = Duration.FromMilliseconds(20);

    /// <summary>A full-size Ethernet packet, 1,500 bytes.</summary>
    public static readonly DataSize Packet = DataSize.FromBytes(1500);
}
