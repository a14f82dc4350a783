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
    /// <summary>Deployed capacity over the buffered need: 1 or more covers it.</summary>
    public double CapacityCoverage => Capacity / Buffered;
    /// <summary>Servers the buffered egress needs at the per-server capacity and target utilization.</summary>
    public long ServersByBandwidth { get; init; }
    /// <summary>Servers the buffered request rate needs at the per-server request rate and target utilization.</summary>
    public long ServersByRequests { get; init; }
    /// <summary>Segment and playlist requests of the region's viewers at peak, with the headroom buffer.</summary>
    public Rate Requests { get; init; }
    /// <summary>Requests the deployed servers answer at the target utilization.</summary>
    public Rate RequestCapacity { get; init; }
    /// <summary>Request capacity over the buffered request rate: 1 or more covers it.</summary>
    public double RequestCoverage => Requests.PerSecond > 0 ? RequestCapacity / Requests : double.PositiveInfinity;
    /// <summary>Which of bandwidth and requests sets <see cref="ServersNeeded"/>.</summary>
    public ServerBound Binding => ServersByRequests > ServersByBandwidth ? ServerBound.Requests : ServerBound.Bandwidth;
}

/// <summary>What sizes an edge fleet: its egress or its request rate.</summary>
public enum ServerBound
{
    /// <summary>Bits per second: the segments' bytes.</summary>
    Bandwidth,

    /// <summary>Requests per second: segments and playlists, however small.</summary>
    Requests,
}

/// <summary>
/// N−1 in one region: if <see cref="FailedCdn"/> fails there, the other CDNs of the region take its buffered load in
/// proportion to their traffic shares. What they carry before and after, what they have committed (when the scenario
/// says), the servers the extra load needs and what reserving them for the tournament costs (when an edge server has a price).
/// </summary>
public sealed record CdnFailover
{
    public required string Region { get; init; }
    public required string FailedCdn { get; init; }
    /// <summary>The failed CDN's buffered egress in the region: the headroom the others need.</summary>
    public required Bitrate Headroom { get; init; }
    /// <summary>The other CDNs' buffered egress in the region before the failure.</summary>
    public required Bitrate OthersBefore { get; init; }
    /// <summary>Their buffered egress after it (the region's whole buffered egress when any other CDN carries traffic).</summary>
    public required Bitrate OthersAfter { get; init; }
    /// <summary>The other CDNs' committed capacity in the region, when every one of them says.</summary>
    public Bitrate? OthersCommitted { get; init; }
    /// <summary>Each survivor's load after the failure beyond its own committed capacity, summed (null when capacities are not all given).</summary>
    public Bitrate? Shortfall { get; init; }
    /// <summary>Edge servers the headroom needs at the others.</summary>
    public required long ExtraServers { get; init; }
    /// <summary>Reserving those servers for the tournament at the edge-server price, when it is given.</summary>
    public Money? Cost { get; init; }
    /// <summary>Other CDNs that carry traffic in the region: none, and the region goes dark.</summary>
    public required int Survivors { get; init; }
    public bool HasSurvivors => Survivors > 0;
    /// <summary>Whether the survivors' committed capacity holds the load after the failure (null when not all given).</summary>
    public bool? Absorbed => Shortfall is { } s ? s.BitsPerSecond <= 0 && HasSurvivors : null;
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
    /// <summary>Servers the buffered egress needs, and the buffered request rate needs: <see cref="ServersNeeded"/> is the larger.</summary>
    public long ServersByBandwidth { get; init; }
    public long ServersByRequests { get; init; }
    public ServerBound Binding => ServersByRequests > ServersByBandwidth ? ServerBound.Requests : ServerBound.Bandwidth;
    /// <summary>N−1 per region and CDN: every region × CDN failure the others would have to absorb.</summary>
    public ImmutableArray<CdnFailover> NMinusOne { get; init; } = [];
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
    public static long ServersFor(Bitrate bufferedEgress, ViewerCount viewers, Scenarios.Delivery d) =>
        Math.Max(ServersFor(bufferedEgress, d.ServerCapacity, d.TargetUtilization), ServersForRequests(viewers, d));

    /// <summary>The buffered request rate of <paramref name="viewers"/>: viewers × (1 + buffer) × requests per viewer.</summary>
    public static Rate BufferedRequests(ViewerCount viewers, Scenarios.Delivery d) =>
        Rate.FromPerSecond(viewers.Value * (1 + d.HeadroomBuffer.Value) * d.RequestsPerViewer.PerSecond);

    /// <summary>Edge servers the buffered request rate needs: requests / (requests per server × target utilization).</summary>
    public static long ServersForRequests(ViewerCount viewers, Scenarios.Delivery d) =>
        Arithmetic.CeilCount(BufferedRequests(viewers, d).PerSecond / (d.ServerRequests.PerSecond * d.TargetUtilization.Value));

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
        var tournamentHours = s.Tournament.Length;

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
                ServersByBandwidth = ServersFor(buf, d.ServerCapacity, d.TargetUtilization),
                ServersByRequests = ServersForRequests(ra.Peak, d),
                Requests = BufferedRequests(ra.Peak, d),
                RequestCapacity = d.ServerRequests * (region.EdgeServers * d.TargetUtilization.Value),
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
            ServersByBandwidth = ServersFor(buffered, d.ServerCapacity, d.TargetUtilization),
            ServersByRequests = ServersForRequests(audience.Peak, d),
            NMinusOne = NMinusOne(s, regions, regionCdns, tournamentHours),
        };
    }

    /// <summary>
    /// For every region and CDN: the failed CDN's buffered egress moves to the region's other CDNs in proportion to their
    /// traffic shares. Extra servers = what the survivors need after minus what they needed before (each by bandwidth and
    /// requests); the cost reserves them for the tournament. A survivor's shortfall is its load after beyond its committed
    /// capacity in the region.
    /// </summary>
    public static ImmutableArray<CdnFailover> NMinusOne(Scenario s, IReadOnlyList<RegionDelivery> regions, IReadOnlyList<CdnDelivery> regionCdns, Duration tournament)
    {
        var d = s.Delivery;
        var cdns = d.Cdns;
        var rows = ImmutableArray.CreateBuilder<CdnFailover>();
        for (var r = 0; r < regions.Count; r++)
        {
            var cells = Enumerable.Range(0, cdns.Length).Select(c => regionCdns[r * cdns.Length + c]).ToArray();
            for (var f = 0; f < cdns.Length; f++)
            {
                var failed = cells[f];
                var survivors = Enumerable.Range(0, cdns.Length).Where(c => c != f && cells[c].Traffic.Value > 0).ToList();
                var shareOfSurvivors = survivors.Sum(c => cells[c].Traffic.Value);
                var before = survivors.Aggregate(Bitrate.Zero, (a, c) => a + cells[c].Buffered);
                Bitrate after = Bitrate.Zero, shortfall = Bitrate.Zero, committed = Bitrate.Zero;
                var allCommitted = survivors.Count > 0;
                long extra = 0;
                foreach (var c in survivors)
                {
                    var weight = cells[c].Traffic.Value / shareOfSurvivors;
                    var load = cells[c].Buffered + failed.Buffered * weight;
                    var viewers = cells[c].Viewers + failed.Viewers * weight;
                    after += load;
                    extra += ServersFor(load, viewers, d) - cells[c].ServersNeeded;
                    if (cdns[c].Committed.TryGetValue(regions[r].Region, out var cap))
                    {
                        committed += cap;
                        shortfall += Bitrate.Max(Bitrate.Zero, load - cap);
                    }
                    else allCommitted = false;
                }
                if (survivors.Count == 0) shortfall = failed.Buffered;
                rows.Add(new CdnFailover
                {
                    Region = regions[r].Region, FailedCdn = failed.Cdn, Headroom = failed.Buffered, OthersBefore = before, OthersAfter = after, Survivors = survivors.Count,
                    OthersCommitted = allCommitted ? committed : null,
                    Shortfall = allCommitted || survivors.Count == 0 ? shortfall : null,
                    ExtraServers = Math.Max(0, extra),
                    Cost = s.Prices.EdgeServer is { } price ? price * tournament * Math.Max(0, extra) : null,
                });
            }
        }
        return rows.ToImmutable();
    }

    private static CdnDelivery Share(string cdn, string region, double share, ViewerCount viewers, Bitrate egress, DataSize data, Scenarios.Delivery d)
    {
        var e = egress * share;
        var buf = Buffered(e, d.HeadroomBuffer);
        return new CdnDelivery(cdn, region, Ratio.FromFraction(share), viewers * share, e, buf, ServersFor(buf, viewers * share, d), data * share);
    }
}
