using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Tests.Planning;

/// <summary>The built-in scenario's plan, checked against figures worked by hand from the seed document.</summary>
public class SeedPlanTests
{
    private static readonly Scenario Seed = Presets.Load();
    private static readonly Plan Final = Planner.Build(Seed, "final");

    [Fact]
    public void Final_egress_buffer_and_servers_match_the_seeds_own_arithmetic()
    {
        var d = Final.Match.Delivery;
        // 35% x 1.2 + 45% x 2.4 + 15% x 4.8 + 5% x 12 = 0.42 + 1.08 + 0.72 + 0.6 = 2.82 Mbps
        Assert.Equal(2.82e6, d.AverageBitrate.BitsPerSecond, 3);
        // 1.68e9 x 2.82e6 = 4.7376e15 bit/s = 4.74 Pbps
        Assert.Equal(4.7376e15, d.PeakEgress.BitsPerSecond, tolerance: 1e3);
        // x 1.25 = 5.922e15 = 5.92 Pbps
        Assert.Equal(5.922e15, d.BufferedEgress.BitsPerSecond, tolerance: 1e3);
        // 5.922e15 / 40e9 = 148,050 servers exactly
        Assert.Equal(148_050, d.ServersNeeded);
        Assert.Equal("4.74 Pbps", d.PeakEgress.ToString());
        Assert.Equal("5.92 Pbps", d.BufferedEgress.ToString());
    }

    [Fact]
    public void Regions_are_normalized_shares_of_the_peak()
    {
        var a = Final.Match.Audience;
        // 400M / 1.93B = 20.725%; x 1.68B = 348.19M
        Assert.Equal(400.0 / 1930, a.Regions[0].Share.Value, 9);
        Assert.Equal(1.68e9 * 400 / 1930, a.Regions[0].Peak.Value, 0);
        Assert.True(a.RegionsNormalized);
        Assert.Equal(1.93e9, a.DeclaredRegionSum, 0);
        Assert.Equal(1.0, a.Regions.Sum(r => r.Share.Value), 12);
    }

    [Fact]
    public void Regional_capacity_gap_is_computed_per_region()
    {
        var eu = Final.Match.Delivery.Regions.Single(r => r.Region == "europe");
        // 1.68B x 550/1930 x 2.82 Mbps = 1.35004e15; buffered x 1.25 = 1.68755e15; 920 Gbps - that < 0
        var egress = 1.68e9 * 550 / 1930 * 2.82e6;
        Assert.Equal(egress, eu.Egress.BitsPerSecond, tolerance: 1e3);
        Assert.Equal(920e9 - egress * 1.25, eu.Headroom.BitsPerSecond, tolerance: 1e3);
        Assert.Equal(Arithmetic.CeilCount(egress * 1.25 / 40e9), eu.ServersNeeded);
    }

    [Fact]
    public void Ramp_covers_every_phase_of_the_final_minute_by_minute()
    {
        var ramp = Final.Match.Audience.Ramp;
        // 30 + 45 + 15 + 45 + 30 + 15 = 180 minutes for the final (extra time and penalties apply to it).
        Assert.Equal(180, ramp.Length);
        Assert.Equal(0.10, ramp[0].ShareOfPeak.Value, 12);
        Assert.Equal(0.80, ramp[29].ShareOfPeak.Value, 12);
        Assert.Equal("second-half", ramp[90].Phase);
        // The group stage has neither extra time nor penalties: 135 minutes.
        Assert.Equal(135, Planner.Build(Seed, "group").Match.Audience.Ramp.Length);
    }

    [Fact]
    public void Viewer_hours_are_the_ramps_area()
    {
        // Each phase averages (from + to) / 2 (linspace is symmetric):
        // 0.45 x 0.5 h + 0.875 x 0.75 h + 0.75 x 0.25 h + 0.925 x 0.75 h + 1 x 0.5 h + 1 x 0.25 h = 2.5125 h of peak
        Assert.Equal(2.5125 * 1.68e9, Final.Match.Audience.ViewerTime.ViewerHours, 0);
    }

    [Fact]
    public void Peak_join_rate_is_the_half_time_return()
    {
        // Half-time holds 75%, the second half starts at 85%: 10% x 1.68B in one minute = 2.8M viewers/s.
        var a = Final.Match.Audience;
        Assert.Equal(0.10 * 1.68e9 / 60, a.PeakJoinRate.PerSecond, 3);
        Assert.Equal(90, a.PeakJoinMinute);
    }

    [Fact]
    public void Requests_per_second_follow_segment_and_playlist_intervals()
    {
        var r = Final.Match.Delivery.Requests;
        // 1.68e9 / 6 s = 280M segment requests/s, same for playlists: 560M/s; / 148,050 servers = 3,782.5/s each.
        Assert.Equal(280e6, r.Segments.PerSecond, 0);
        Assert.Equal(560e6, r.Total.PerSecond, 0);
        Assert.Equal(560e6 / 148_050, r.PerServer.PerSecond, 6);
    }

    [Fact]
    public void Origin_load_with_coalescing_grows_with_shields_times_ladder()
    {
        var o = Final.Match.Origin;
        // 20 + 40 + 10 + 13 = 83 shields x (0.4 + 0.8 + 1.2 + 2.4 + 4.8 + 8 + 12 = 29.6 Mbps) = 2.4568 Gbps
        Assert.Equal(83, o.Fetchers);
        Assert.Equal(83 * 29.6e6, o.Coalesced.Egress.BitsPerSecond, 0);
        // 83 x 7 rungs x (1/6 + 1/6) = 193.67 requests/s
        Assert.Equal(83 * 7 * (2.0 / 6), o.Coalesced.Requests.PerSecond, 9);
        // Every one of the 50 input feeds, fetched by every shield: 50 x 2.4568 Gbps = 122.84 Gbps; / 40 Gbps = 4 servers.
        Assert.Equal(50, o.Feeds);
        Assert.Equal(50 * 83 * 29.6e6, o.AllFeeds.Egress.BitsPerSecond, 0);
        Assert.Equal(4, o.AllFeeds.ServersNeeded);
        // The encoders push 50 x 29.6 Mbps = 1.48 Gbps into the origin.
        Assert.Equal(1.48e9, o.Ingest.BitsPerSecond, 0);
        // Fixed 97.3%: 4.7376 Pbps x 0.027 = 127.9 Tbps -> / 40 Gbps = 3,198 servers
        Assert.Equal(4.7376e15 * 0.027, o.FixedRatio.Egress.BitsPerSecond, tolerance: 1e3);
        Assert.Equal(3198, o.FixedRatio.ServersNeeded);
    }

    [Fact]
    public void Encoding_fixes_the_seeds_unit_bug()
    {
        var e = Final.Encoding;
        // 50 inputs x (1 + 1.2 + 1.5 + 2 + 3 + 4.5 + 6 = 19.2) = 960 CPU units; / 32 vCPUs = 30 instances
        Assert.Equal(960, e.CpuUnits, 9);
        Assert.Equal(30, e.CpuInstances);
        // Output: 50 x 29.6 Mbps = 1.48 Gbps (the sketch's "x 1000" called it 1,480,000 Mbps)
        Assert.Equal(1.48e9, e.Output.BitsPerSecond, 0);
        // Storage: 1.48 Gbps x 1 h / 8 = 666 GB per hour
        Assert.Equal(666e9, e.StoragePerHour.Bytes, 0);
    }

    [Fact]
    public void Storage_records_every_match_at_every_rung()
    {
        var s = Final.Storage;
        // 666 GB/h x 2.5 h = 1.665 TB per match; x 64 matches = 106.56 TB
        Assert.Equal(1.665e12, s.PerMatch.Bytes, 0);
        Assert.Equal(106.56e12, s.Tournament.Bytes, 0);
        // Standard: 106,560 GB x $0.023 x (30 d / 30 d) = $2,450.88
        Assert.Equal(2450.88, s.StandardCost.Dollars, 6);
    }

    [Fact]
    public void Abr_mix_is_computed_from_network_defaults()
    {
        // 25% x 4.8 + 45% x 2.4 + 25% x 1.2 + 5% x 0.4 = 1.2 + 1.08 + 0.3 + 0.02 = 2.6 Mbps
        Assert.Equal(2.6e6, Final.Abr.NetworkAverage.BitsPerSecond, 3);
        // Highest recommended: 25% x 12 + 45% x 4.8 + 25% x 2.4 + 5% x 0.8 = 5.8 Mbps
        Assert.Equal(5.8e6, Final.Abr.NetworkCeiling.BitsPerSecond, 3);
    }

    [Fact]
    public void Players_play_the_rung_their_device_and_network_allow()
    {
        // Typical throughputs x 0.9: excellent 2 x 20 = 40 -> 36 Mbps, good sqrt(5 x 20) = 10 -> 9, fair sqrt(1 x 5) = 2.24
        // -> 2.01, poor 1 / 2 = 0.5 -> 0.45. Rungs 0.4/0.8/1.2/2.4/4.8/8/12 Mbps, each capped by the device's bitrate:
        //   mobile 1.2:   1.2, 1.2, 1.2, 0.4 -> 0.95 x 1.2 + 0.05 x 0.4 = 1.16
        //   standard 2.4: 2.4, 2.4, 1.2, 0.4 -> 0.70 x 2.4 + 0.25 x 1.2 + 0.02 = 2.00
        //   hd 4.8:       4.8, 4.8, 1.2, 0.4 -> 0.70 x 4.8 + 0.30 + 0.02 = 3.68
        //   uhd 12:       12, 8, 1.2, 0.4    -> 0.25 x 12 + 0.45 x 8 + 0.30 + 0.02 = 6.92
        // 35% x 1.16 + 45% x 2.00 + 15% x 3.68 + 5% x 6.92 = 0.406 + 0.9 + 0.552 + 0.346 = 2.204 Mbps
        Assert.Equal(5, Abr.TopRung(Seed, device: 3, network: 1)); // uhd on good: 8 Mbps fits 9, 12 does not
        Assert.Equal(2, Abr.TopRung(Seed, device: 1, network: 2)); // standard on fair: 1.2 Mbps fits 2.01, 2.4 does not
        Assert.Equal(0, Abr.TopRung(Seed, device: 0, network: 3)); // mobile on poor: only the lowest rung
        Assert.Equal(2.204e6, Final.Abr.Played.BitsPerSecond, 0);
        Assert.Equal(Abr.Played(Seed), Final.Abr.Played);
    }

    [Fact]
    public void Services_scale_with_the_audience()
    {
        var s = Final.Match.Services;
        // Session store: 1.68e9 x 1 KB x 2 replicas = 3.36 TB
        Assert.Equal(3.36e12, s.SessionMemory.Bytes, 0);
        // Beacons: 1.68e9 / 10 s = 168M events/s x 500 B = 84 GB/s = 672 Gbps; / 10 Mbps = 67,200 partitions
        Assert.Equal(168e6, s.BeaconEvents.PerSecond, 0);
        Assert.Equal(672e9, s.BeaconThroughput.BitsPerSecond, 0);
        Assert.Equal(67_200, s.Partitions);
        // Auth at minute 90: 2.8M joins/s x 2 + 1.428B viewers / 600 s = 5.6M + 2.38M = 7.98M/s
        Assert.Equal(2.8e6 * 2 + 0.85 * 1.68e9 / 600, s.AuthValidations.PerSecond, 0);
        // Logs: 560M req/s x 1% x 400 B x 3600 s = 8.064 TB/h
        Assert.Equal(8.064e12, s.LogIngestPerHour.Bytes, 0);
    }

    [Fact]
    public void Cost_per_viewer_hour_comes_from_the_breakdown()
    {
        var c = Final.Cost;
        Assert.Equal(c.Lines.Sum(l => l.Cost.Dollars), c.Total.Dollars, 3);
        Assert.Equal(c.Total.Dollars / c.ViewerTime.ViewerHours, c.PerViewerHour.Dollars, 12);
        // CDN: all data at the flat $0.085/GB
        Assert.Equal(c.Data.Gigabytes * 0.085, c.Category("cdn").Dollars, 0);
        // Load balancers: 20 x 696 h x $0.0225 = $313.20
        Assert.Equal(313.2, c.Category("network").Dollars, 6);
        // Encoding: 30 GPU instances x 64 x 2.5 h x $1.35 = $6,480
        Assert.Equal(6480, c.Category("encoding").Dollars, 6);
    }

    [Fact]
    public void Error_budget_of_the_availability_slo()
    {
        // (1 - 99.95%) x 30 d = 0.0005 x 43,200 min = 21.6 min
        Assert.Equal(21.6, Final.Slos.Availability.Budget.Minutes, 9);
        // At 99.92%: burn rate 0.08% / 0.05% = 1.6 -> the budget is exhausted
        var burn = Assert.Single(Final.Slos.Burns);
        Assert.Equal(1.6, burn.BurnRate, 9);
        Assert.True(burn.Exhausted);
    }

    [Fact]
    public void Data_over_the_match_splits_by_profile_region_and_cdn()
    {
        var d = Final.Match.Delivery;
        // 4.221B viewer-hours x 3600 s x 2.82 Mbps / 8 = 5.3565e18 B
        var total = 2.5125 * 1.68e9 * 3600 * 2.82e6 / 8;
        Assert.Equal(total, d.DataPerMatch.Bytes, tolerance: 1e6);
        Assert.Equal(total, d.Profiles.Sum(p => p.DataPerMatch.Bytes), tolerance: 1e6);
        Assert.Equal(total, d.Regions.Sum(r => r.DataPerMatch.Bytes), tolerance: 1e6);
        Assert.Equal(total, d.Cdns.Sum(c => c.DataPerMatch.Bytes), tolerance: 1e6);
        // uhd: 5% of viewers at 12 Mbps pull 0.6 / 2.82 of the data
        Assert.Equal(total * 0.6 / 2.82, d.Profiles.Single(p => p.Profile == "uhd").DataPerMatch.Bytes, tolerance: 1e6);
    }

    [Fact]
    public void Egress_follows_the_ramp_minute_by_minute()
    {
        var d = Final.Match.Delivery;
        Assert.Equal(180, d.Timeline.Length);
        // Minute 0: 10% of 1.68B x 2.82 Mbps = 473.76 Tbps; the peak minute is the plan's peak.
        Assert.Equal(0.1 * 1.68e9 * 2.82e6, d.Timeline[0].BitsPerSecond, tolerance: 1e3);
        Assert.Equal(d.PeakEgress.BitsPerSecond, d.Timeline.Max(b => b.BitsPerSecond), tolerance: 1e3);
    }
}
