using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Planning;

/// <summary>Egress of one device profile at peak.</summary>
/// <remarks><see cref="DataPerMatch"/> is what the profile pulls over the whole timeline of one match.</remarks>
public sealed record ProfileEgress(string Profile, Bitrate Bitrate, Ratio Share, ViewerCount Viewers, Bitrate Egress, DataSize DataPerMatch);

/// <summary>A region at peak: what it needs, what it has, and the gap.</summary>
public sealed record RegionDelivery
{
    public required string Region { get; init; }
    public required ViewerCount Viewers { get; init; }
    public required Bitrate Egress { get; init; }
    public required Bitrate Buffered { get; init; }
    public required long ServersNeeded { get; init; }
    public required int ServersDeployed { get; init; }
    public required Bitrate Capacity { get; init; }
    /// <summary>Data the region's viewers pull over the whole timeline of one match.</summary>
    public required DataSize DataPerMatch { get; init; }
    /// <summary>Capacity minus the buffered need: positive is headroom, negative a shortfall.</summary>
    public Bitrate Headroom => Capacity - Buffered;
    public double CapacityCoverage => Capacity / Buffered;
}

/// <summary>One CDN's share of a region (or of the world) at peak.</summary>
public sealed record CdnDelivery(string Cdn, string Region, Ratio Traffic, ViewerCount Viewers, Bitrate Egress, Bitrate Buffered, long ServersNeeded, DataSize DataPerMatch);

/// <summary>Request load at the edge at peak.</summary>
public sealed record RequestLoad(Rate Segments, Rate Playlists, Rate Total, Rate PerServer);

/// <summary>Delivery at the peak of one match and over its timeline.</summary>
public sealed record DeliveryPlan
{
    public required Bitrate AverageBitrate { get; init; }
    public required ImmutableArray<ProfileEgress> Profiles { get; init; }
    public required Bitrate PeakEgress { get; init; }
    public required Ratio Buffer { get; init; }
    public required Bitrate BufferedEgress { get; init; }
    public required Bitrate ServerCapacity { get; init; }
    public required Ratio TargetUtilization { get; init; }
    public required long ServersNeeded { get; init; }
    public required ImmutableArray<RegionDelivery> Regions { get; init; }
    public required ImmutableArray<CdnDelivery> Cdns { get; init; }
    public required ImmutableArray<CdnDelivery> RegionCdns { get; init; }
    public required bool CdnSharesNormalized { get; init; }
    public required RequestLoad Requests { get; init; }
    /// <summary>Data delivered to viewers over the whole timeline of one match.</summary>
    public required DataSize DataPerMatch { get; init; }
    /// <summary>Egress minute by minute over the timeline (the ramp's viewers × the average bitrate); regions and CDNs take their shares of it.</summary>
    public required ImmutableArray<Bitrate> Timeline { get; init; }
    public required Bitrate DeployedCapacity { get; init; }
    public required int DeployedServers { get; init; }
}

/// <summary>Delivery math: egress by profile, region and CDN; servers; request rates.</summary>
public static class Delivery
{
    /// <summary>The average bitrate of the device mix, shares normalized: Σ share × bitrate.</summary>
    public static Bitrate AverageBitrate(IReadOnlyList<DeviceProfile> devices)
    {
        var shares = Arithmetic.Normalize(devices.Select(d => d.Share.Value).ToArray());
        return devices.Select((d, i) => d.Bitrate * shares[i]).Aggregate(Bitrate.Zero, (a, b) => a + b);
    }

    /// <summary>Edge servers that carry <paramref name="egress"/> at a per-server capacity run at a target utilization.</summary>
    public static long ServersFor(Bitrate egress, Bitrate perServer, Ratio targetUtilization) =>
        Arithmetic.CeilCount(egress / (perServer * targetUtilization.Value));

    /// <summary>Edge servers for a buffered load: whichever of bandwidth and request rate binds.</summary>
    public static long ServersFor(Bitrate bufferedEgress, ViewerCount viewers, Scenarios.Delivery d)
    {
        var requests = viewers.Value * (1 + d.HeadroomBuffer.Value) * d.RequestsPerViewer.PerSecond;
        return Math.Max(ServersFor(bufferedEgress, d.ServerCapacity, d.TargetUtilization),
            Arithmetic.CeilCount(requests / (d.ServerRequests.PerSecond * d.TargetUtilization.Value)));
    }

    /// <summary>Egress with the headroom buffer: need × (1 + buffer).</summary>
    public static Bitrate Buffered(Bitrate egress, Ratio buffer) => egress * (1 + buffer.Value);

    /// <summary>
    /// Requests per second at the edge: each viewer fetches one segment per segment duration and reloads
    /// its playlist once per refresh interval.
    /// </summary>
    public static RequestLoad Requests(ViewerCount viewers, Duration segment, Duration playlistRefresh, long servers)
    {
        var seg = Rate.FromPerSecond(viewers.Value / segment.Seconds);
        var pl = Rate.FromPerSecond(viewers.Value / playlistRefresh.Seconds);
        var total = seg + pl;
        return new RequestLoad(seg, pl, total, servers > 0 ? total / servers : Rate.Zero);
    }

    public static DeliveryPlan Plan(Scenario s, AudiencePlan audience)
    {
        var d = s.Delivery;
        var avg = AverageBitrate(s.Audience.Devices);
        var deviceShares = Arithmetic.Normalize(s.Audience.Devices.Select(x => x.Share.Value).ToArray());
        var profiles = s.Audience.Devices.Select((x, i) =>
        {
            var viewers = audience.Peak * deviceShares[i];
            return new ProfileEgress(x.Name, x.Bitrate, Ratio.FromFraction(deviceShares[i]), viewers, viewers * x.Bitrate, audience.ViewerTime * deviceShares[i] * x.Bitrate);
        }).ToImmutableArray();
        var peak = profiles.Aggregate(Bitrate.Zero, (a, p) => a + p.Egress);
        var buffered = Buffered(peak, d.HeadroomBuffer);
        var servers = ServersFor(buffered, audience.Peak, d);

        var regions = audience.Regions.Select((ra, i) =>
        {
            var region = s.Regions[i];
            var egress = ra.Peak * avg;
            var buf = Buffered(egress, d.HeadroomBuffer);
            return new RegionDelivery
            {
                Region = ra.Region, Viewers = ra.Peak, Egress = egress, Buffered = buf,
                ServersNeeded = ServersFor(buf, ra.Peak, d),
                ServersDeployed = region.EdgeServers, Capacity = region.Capacity,
                DataPerMatch = audience.ViewerTime * ra.Share.Value * avg,
            };
        }).ToImmutableArray();

        var cdnShares = Arithmetic.Normalize(d.Cdns.Select(c => c.Traffic.Value).ToArray());
        var data = audience.ViewerTime * avg;
        var cdns = d.Cdns.Select((c, i) => Share(c.Name, "all", cdnShares[i], audience.Peak, peak, data, d)).ToImmutableArray();
        var regionCdns = regions.SelectMany(r => d.Cdns.Select((c, i) => Share(c.Name, r.Region, cdnShares[i], r.Viewers, r.Egress, r.DataPerMatch, d))).ToImmutableArray();

        return new DeliveryPlan
        {
            AverageBitrate = avg, Profiles = profiles, PeakEgress = peak, Buffer = d.HeadroomBuffer, BufferedEgress = buffered,
            ServerCapacity = d.ServerCapacity, TargetUtilization = d.TargetUtilization, ServersNeeded = servers,
            Regions = regions, Cdns = cdns, RegionCdns = regionCdns,
            CdnSharesNormalized = !Arithmetic.SumsToOne(d.Cdns.Sum(c => c.Traffic.Value)),
            Requests = Requests(audience.Peak, d.SegmentDuration, d.PlaylistRefresh, servers),
            DataPerMatch = data,
            Timeline = [.. audience.Ramp.Select(p => p.Viewers * avg)],
            DeployedCapacity = s.Regions.Aggregate(Bitrate.Zero, (a, r) => a + r.Capacity),
            DeployedServers = s.Regions.Sum(r => r.EdgeServers),
        };
    }

    private static CdnDelivery Share(string cdn, string region, double share, ViewerCount viewers, Bitrate egress, DataSize data, Scenarios.Delivery d)
    {
        var e = egress * share;
        var buf = Buffered(e, d.HeadroomBuffer);
        return new CdnDelivery(cdn, region, Ratio.FromFraction(share), viewers * share, e, buf, ServersFor(buf, viewers * share, d), data * share);
    }
}
