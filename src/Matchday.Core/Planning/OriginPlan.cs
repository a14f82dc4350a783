using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Planning;

/// <summary>Origin load under one model of the caches in front of it.</summary>
public sealed record OriginLoad(string Model, Bitrate Egress, Rate Requests, long ServersNeeded, Ratio HitRatio);

/// <summary>How one CDN's caches fill from the origin: shields from the origin, PoPs from their shield.</summary>
/// <param name="Cdn">The CDN.</param>
/// <param name="Shields">Its shields (mid-tier caches).</param>
/// <param name="Pops">Its points of presence.</param>
/// <param name="Fetchers">Caches that fetch from the origin: its shields, or its PoPs when it has none.</param>
/// <param name="FromOrigin">What the CDN pulls from the origin: fetchers × feeds × the ladder's bitrates.</param>
/// <param name="PerShieldIngress">What one fetcher pulls from the origin: feeds × the ladder.</param>
/// <param name="PopsPerShield">PoPs each shield fills (0 without shields).</param>
/// <param name="PerShieldEgress">What one shield sends its PoPs: PoPs per shield × feeds × the ladder.</param>
/// <param name="PerShieldRequests">Segment and playlist requests one shield answers from its PoPs.</param>
public sealed record ShieldFill(string Cdn, int Shields, int Pops, int Fetchers, Bitrate FromOrigin, Bitrate PerShieldIngress, double PopsPerShield, Bitrate PerShieldEgress, Rate PerShieldRequests);

/// <summary>Origin and shield load at peak, with request coalescing and with the scenario's fixed hit ratio, side by side.</summary>
public sealed record OriginPlan
{
    /// <summary>Caches that fetch from the origin: shields where a CDN has them, its PoPs otherwise.</summary>
    public required int Fetchers { get; init; }
    /// <summary>Coalesced load of one feed (the match as most viewers watch it): fetchers × the ladder.</summary>
    public required OriginLoad Coalesced { get; init; }
    public required OriginLoad FixedRatio { get; init; }
    public required int Deployed { get; init; }
    public required Bitrate DeployedCapacity { get; init; }
    /// <summary>The input feeds, each encoded to the whole ladder and fetched by every cache that has a viewer of it.</summary>
    public int Feeds { get; init; } = 1;
    /// <summary>Coalesced load of every feed, each fetched by every fetcher (the bound the origins are sized for): feeds × the one-feed load.</summary>
    public OriginLoad AllFeeds { get; init; } = new("coalesced, all feeds", Bitrate.Zero, Rate.Zero, 0, Ratio.Zero);
    /// <summary>What the encoders push into the origin: feeds × the ladder's bitrates.</summary>
    public Bitrate Ingest { get; init; }
    /// <summary>Shield fill per CDN.</summary>
    public ImmutableArray<ShieldFill> Shields { get; init; } = [];
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
        var feeds = Math.Max(1, s.Encoding.InputStreams);
        var (ce, cr) = Coalesced(fetchers, s.Ladder, s.Delivery.SegmentDuration, s.Delivery.PlaylistRefresh);
        var (fe, fr) = FixedRatio(delivery.PeakEgress, delivery.Requests.Total, s.Origins.AssumedHitRatio);
        var (ae, ar) = (ce * feeds, cr * feeds);
        var ladder = s.Ladder.Rungs.Aggregate(Bitrate.Zero, (a, r) => a + r.Bitrate);
        var perFetcherRequests = s.Ladder.Rungs.Length * (1 / s.Delivery.SegmentDuration.Seconds + 1 / s.Delivery.PlaylistRefresh.Seconds);
        return new OriginPlan
        {
            Fetchers = fetchers,
            Coalesced = new OriginLoad("coalesced, one feed", ce, cr, ServersFor(ce, cr, s.Origins), Ratio.FromFraction(1 - ce / delivery.PeakEgress)),
            FixedRatio = new OriginLoad("fixed hit ratio", fe, fr, ServersFor(fe, fr, s.Origins), s.Origins.AssumedHitRatio),
            Deployed = s.Origins.Count,
            DeployedCapacity = s.Origins.Capacity * s.Origins.Count,
            Feeds = feeds,
            AllFeeds = new OriginLoad($"coalesced, {feeds} feed(s)", ae, ar, ServersFor(ae, ar, s.Origins), Ratio.FromFraction(Math.Max(0, 1 - ae / delivery.PeakEgress))),
            Ingest = ladder * feeds,
            Shields = [.. s.Delivery.Cdns.Select(c =>
            {
                var popsPerShield = c.Shields > 0 ? (double)c.Pops / c.Shields : 0;
                return new ShieldFill(c.Name, c.Shields, c.Pops, c.Fetchers, ladder * feeds * c.Fetchers, ladder * feeds, popsPerShield,
                    ladder * feeds * popsPerShield, Rate.FromPerSecond(popsPerShield * feeds * perFetcherRequests));
            })],
        };
    }
}
