using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Planning;

/// <summary>Origin load under one model of the caches in front of it.</summary>
public sealed record OriginLoad(string Model, Bitrate Egress, Rate Requests, long ServersNeeded, Ratio HitRatio);

/// <summary>Origin and shield load at peak, with request coalescing and with the scenario's fixed hit ratio, side by side.</summary>
public sealed record OriginPlan
{
    /// <summary>Caches that fetch from the origin: shields where a CDN has them, its PoPs otherwise.</summary>
    public required int Fetchers { get; init; }
    public required OriginLoad Coalesced { get; init; }
    public required OriginLoad FixedRatio { get; init; }
    public required int Deployed { get; init; }
    public required Bitrate DeployedCapacity { get; init; }
}

/// <summary>Origin math.</summary>
public static class Origin
{
    /// <summary>
    /// With request coalescing each fetching cache asks the origin once per segment of each rendition, however many
    /// viewers ask it: egress = fetchers × Σ rung bitrates; requests = fetchers × rungs × (1/segment + 1/playlist refresh).
    /// </summary>
    public static (Bitrate Egress, Rate Requests) Coalesced(int fetchers, Ladder ladder, Duration segment, Duration playlistRefresh)
    {
        var ladderRate = ladder.Rungs.Aggregate(Bitrate.Zero, (a, r) => a + r.Bitrate);
        var perFetcher = ladder.Rungs.Length * (1 / segment.Seconds + 1 / playlistRefresh.Seconds);
        return (ladderRate * fetchers, Rate.FromPerSecond(fetchers * perFetcher));
    }

    /// <summary>With a fixed hit ratio h the origin sees the misses: (1 − h) of the edge's egress and requests.</summary>
    public static (Bitrate Egress, Rate Requests) FixedRatio(Bitrate edgeEgress, Rate edgeRequests, Ratio hit) =>
        (edgeEgress * hit.Complement.Value, edgeRequests * hit.Complement.Value);

    /// <summary>Origin servers needed: whichever of bandwidth and request rate binds.</summary>
    public static long ServersFor(Bitrate egress, Rate requests, Origins o) =>
        Math.Max(1, Math.Max(Arithmetic.CeilCount(egress / o.Capacity), Arithmetic.CeilCount(requests / o.RequestsPerServer)));

    public static OriginPlan Plan(Scenario s, DeliveryPlan delivery)
    {
        var fetchers = s.Delivery.Cdns.Sum(c => c.Fetchers);
        var (ce, cr) = Coalesced(fetchers, s.Ladder, s.Delivery.SegmentDuration, s.Delivery.PlaylistRefresh);
        var (fe, fr) = FixedRatio(delivery.PeakEgress, delivery.Requests.Total, s.Origins.AssumedHitRatio);
        return new OriginPlan
        {
            Fetchers = fetchers,
            Coalesced = new OriginLoad("coalesced", ce, cr, ServersFor(ce, cr, s.Origins), Ratio.FromFraction(1 - ce / delivery.PeakEgress)),
            FixedRatio = new OriginLoad("fixed hit ratio", fe, fr, ServersFor(fe, fr, s.Origins), s.Origins.AssumedHitRatio),
            Deployed = s.Origins.Count,
            DeployedCapacity = s.Origins.Capacity * s.Origins.Count,
        };
    }
}
