using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Planning;

/// <summary>A network-condition class and the quality the ABR gives it.</summary>
public sealed record AbrClass(string Network, Ratio Share, Bitrate MinThroughput, Bitrate? MaxThroughput, string DefaultRung, Bitrate DefaultBitrate, ImmutableArray<string> Rungs, Bitrate HighestBitrate);

/// <summary>A rung's share of viewers under one of the two mixes.</summary>
public sealed record RungShare(string Rung, Bitrate Bitrate, Ratio ByNetwork, Ratio ByDevice);

/// <summary>The ABR mapping and the bitrate mix it implies, next to the device-profile mix.</summary>
public sealed record AbrPlan
{
    public required ImmutableArray<AbrClass> Classes { get; init; }
    /// <summary>Average bitrate if every class plays its default rung.</summary>
    public required Bitrate NetworkAverage { get; init; }
    /// <summary>Average bitrate if every class plays its highest recommended rung.</summary>
    public required Bitrate NetworkCeiling { get; init; }
    public required Bitrate DeviceAverage { get; init; }
    /// <summary>
    /// Average bitrate the players play when no edge is congested: each device × class group at its
    /// <see cref="Abr.TopRung"/>, weighted by the group's share. The night's egress at an uncongested peak is the audience
    /// times this; the audit compares reported peaks with it.
    /// </summary>
    public required Bitrate Played { get; init; }
    public required ImmutableArray<RungShare> Mix { get; init; }
}

/// <summary>ABR mapping math.</summary>
public static class Abr
{
    /// <summary>
    /// Share of its measured throughput a player budgets for its rung: dash.js's throughput rule
    /// (<c>bandwidthSafetyFactor</c>, 0.9 by default).
    /// </summary>
    public const double ThroughputSafety = 0.9;

    /// <summary>
    /// The highest rung (an index into the ladder) a player of device profile <paramref name="device"/> on network class
    /// <paramref name="network"/> plays when nothing else limits it: within the device's bitrate and within
    /// <paramref name="safety"/> × the class's typical throughput (<see cref="NetworkClasses.TypicalThroughput"/>); the
    /// lowest rung when neither reaches it.
    /// </summary>
    public static int TopRung(Scenario s, int device, int network, double safety = ThroughputSafety)
    {
        ArgumentNullException.ThrowIfNull(s);
        var cap = Math.Min(s.Audience.Devices[device].Bitrate.BitsPerSecond, safety * NetworkClasses.TypicalThroughput(s.Audience.Networks[network]).BitsPerSecond);
        var top = 0;
        for (var q = 0; q < s.Ladder.Rungs.Length; q++)
            if (s.Ladder.Rungs[q].Bitrate.BitsPerSecond <= cap * (1 + 1e-12)) top = q;
        return top;
    }

    /// <summary>Σ over device × class groups of device share × class share × the bitrate of the group's <see cref="TopRung"/> (shares normalized).</summary>
    public static Bitrate Played(Scenario s, double safety = ThroughputSafety)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Ladder.Rungs.IsDefaultOrEmpty) return Bitrate.Zero;
        var devices = Arithmetic.Normalize(s.Audience.Devices.Select(d => d.Share.Value).ToArray());
        var classes = Arithmetic.Normalize(s.Audience.Networks.Select(n => n.Share.Value).ToArray());
        var sum = 0.0;
        for (var d = 0; d < devices.Length; d++)
            for (var n = 0; n < classes.Length; n++)
                sum += devices[d] * classes[n] * s.Ladder.Rungs[TopRung(s, d, n, safety)].Bitrate.BitsPerSecond;
        return Bitrate.FromBitsPerSecond(sum);
    }

    public static AbrPlan Plan(Scenario s)
    {
        var shares = Arithmetic.Normalize(s.Audience.Networks.Select(n => n.Share.Value).ToArray());
        Bitrate RateOf(string rung) => s.Ladder.Find(rung)?.Bitrate ?? Bitrate.Zero;
        var classes = s.Audience.Networks.Select((n, i) => new AbrClass(
            n.Name, Ratio.FromFraction(shares[i]), n.MinThroughput, n.MaxThroughput, n.DefaultRung, RateOf(n.DefaultRung), n.Rungs,
            n.Rungs.Select(RateOf).DefaultIfEmpty(RateOf(n.DefaultRung)).Max())).ToImmutableArray();

        var deviceShares = Arithmetic.Normalize(s.Audience.Devices.Select(d => d.Share.Value).ToArray());
        var mix = s.Ladder.Rungs.Select(r => new RungShare(
            r.Name, r.Bitrate,
            Ratio.FromFraction(classes.Where(c => string.Equals(c.DefaultRung, r.Name, StringComparison.OrdinalIgnoreCase)).Sum(c => c.Share.Value)),
            // A device profile counts for the rung whose bitrate is closest to its own.
            Ratio.FromFraction(s.Audience.Devices.Select((d, i) => (d, i)).Where(x => Closest(s.Ladder, x.d.Bitrate) == r).Sum(x => deviceShares[x.i]))))
            .ToImmutableArray();

        return new AbrPlan
        {
            Classes = classes,
            NetworkAverage = classes.Aggregate(Bitrate.Zero, (a, c) => a + c.DefaultBitrate * c.Share.Value),
            NetworkCeiling = classes.Aggregate(Bitrate.Zero, (a, c) => a + c.HighestBitrate * c.Share.Value),
            DeviceAverage = Delivery.AverageBitrate(s.Audience.Devices),
            Played = Played(s),
            Mix = mix,
        };
    }

    private static Rung Closest(Ladder ladder, Bitrate b) =>
        ladder.Rungs.MinBy(r => Math.Abs(Math.Log(r.Bitrate / b)))!;
}
