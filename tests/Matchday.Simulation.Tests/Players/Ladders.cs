using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;

namespace Matchday.Simulation.Tests.Players;

internal static class Ladders
{
    /// <summary>The ladder of Sabre's example movie (kbps), 3 s segments, constant bitrate.</summary>
    public static BitrateLadder Sabre { get; } = BitrateLadder.Create(Duration.FromSeconds(3),
        [.. new[] { 230, 331, 477, 688, 991, 1427, 2056, 2962, 5027, 6000 }.Select(k => Bitrate.FromKilobits(k))]);

    public static BitrateLadder Single(double mbps, double segmentSeconds) =>
        BitrateLadder.Create(Duration.FromSeconds(segmentSeconds), Bitrate.FromMegabits(mbps));

    public static NetworkTrace Constant(double mbps, double latencyMs = 0) =>
        NetworkTrace.Constant(Bitrate.FromMegabits(mbps), Duration.FromMilliseconds(latencyMs));

    /// <summary>Piecewise trace from (seconds, Mbps) steps, zero latency.</summary>
    public static NetworkTrace Steps(params (double Seconds, double Mbps)[] steps) =>
        new("steps", [.. steps.Select(s => new TracePeriod(Duration.FromSeconds(s.Seconds), Bitrate.FromMegabits(s.Mbps), Duration.Zero))]);
}
