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
    public required ImmutableArray<RungShare> Mix { get; init; }
}

/// <summary>ABR mapping math.</summary>
public static class Abr
{
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
            Mix = mix,
        };
    }

    private static Rung Closest(Ladder ladder, Bitrate b) =>
        ladder.Rungs.MinBy(r => Math.Abs(Math.Log(r.Bitrate / b)))!;
}
