using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Planning;

/// <summary>What a network-condition class means in numbers, for the audit, the plan and both engines alike.</summary>
public static class NetworkClasses
{
    /// <summary>
    /// A class's typical access throughput: the geometric mean of its range, half its maximum when it starts at zero,
    /// twice an open-ended minimum (at least 1 Mbps).
    /// </summary>
    public static Bitrate TypicalThroughput(NetworkClass n)
    {
        ArgumentNullException.ThrowIfNull(n);
        var min = n.MinThroughput.BitsPerSecond;
        if (n.MaxThroughput is not { } maxRate) return Bitrate.FromBitsPerSecond(Math.Max(2 * min, 1e6));
        return Bitrate.FromBitsPerSecond(min > 0 ? Math.Sqrt(min * maxRate.BitsPerSecond) : maxRate.BitsPerSecond / 2);
    }
}
