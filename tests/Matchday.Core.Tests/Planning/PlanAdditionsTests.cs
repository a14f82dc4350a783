using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;
using Matchday.Core.Units;

namespace Matchday.Core.Tests.Planning;

/// <summary>
/// N−1 per region and CDN, the input feeds in the origin's load, shield fill, request- against bandwidth-bound servers,
/// coverage per region and 95/5 billing per billing period, each worked by hand on hand-sized.yaml: 31 daily matches of
/// 4 h at a flat 1M viewers × 5 Mbps, 20% headroom, north 60% and south 40%, CDN a 75% and b 25%.
/// </summary>
public class PlanAdditionsTests
{
    private static readonly string Yaml = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Matchday.Core.Tests", "Planning", "hand-sized.yaml"));

    private static Scenario Read(string yaml)
    {
        var r = ScenarioReader.Read(yaml, "hand-sized.yaml");
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        return r.Scenario!;
    }

    private static readonly Plan Plan = Planner.Build(Read(Yaml));

    [Fact]
    public void Servers_by_bandwidth_and_by_requests_side_by_side()
    {
        var d = Plan.Match.Delivery;
        // Bandwidth: 1M x 5 Mbps x 1.2 = 6 Tbps / 10 Gbps = 600. Requests: 1M x 1.2 x (1/2 s + 1/2 s) = 1.2M/s / 1,500/s = 800.
        Assert.Equal(600, d.ServersByBandwidth);
        Assert.Equal(800, d.ServersByRequests);
        Assert.Equal(800, d.ServersNeeded);
        Assert.Equal(ServerBound.Requests, d.Binding);
        var north = d.Regions[0];
        // North: 600k viewers: 3.6 Tbps buffered / 10 Gbps = 360; 720k req/s / 1,500 = 480.
        Assert.Equal((360L, 480L, 480L), (north.ServersByBandwidth, north.ServersByRequests, north.ServersNeeded));
    }

    [Fact]
    public void Coverage_per_region_by_capacity_and_by_requests()
    {
        var (north, south) = (Plan.Match.Delivery.Regions[0], Plan.Match.Delivery.Regions[1]);
        // North: 4 Tbps for 3.6 Tbps = 111%; 200 servers x 1,500/s = 300k/s for 720k/s = 41.7%.
        Assert.Equal(4.0 / 3.6, north.CapacityCoverage, 9);
        Assert.Equal(300e3, north.RequestCapacity.PerSecond, 6);
        Assert.Equal(720e3, north.Requests.PerSecond, 6);
        Assert.Equal(300.0 / 720, north.RequestCoverage, 9);
        // South: 2 Tbps for 2.4 Tbps = 83.3%.
        Assert.Equal(2.0 / 2.4, south.CapacityCoverage, 9);
    }

    [Fact]
    public void N_minus_one_per_region_and_cdn()
    {
        var rows = Plan.Match.Delivery.NMinusOne;
        Assert.Equal(4, rows.Length);
        var northA = rows.Single(r => r.Region == "north" && r.FailedCdn == "a");
        // a carries 75% of north's 3.6 Tbps = 2.7 Tbps; b carries 0.9 Tbps and takes it all: 3.6 Tbps for 600k viewers,
        // max(360, 480) = 480 servers against its 120 (max(90, 150k x 1.2 / 1,500 = 120)): 360 more. b committed 1 Tbps
        // in north: 2.6 Tbps short. Reserving 360 servers for 31 d at $0.10/h: 360 x 744 h x $0.10 = $26,784.
        Assert.Equal(2.7e12, northA.Headroom.BitsPerSecond, 1e3);
        Assert.Equal(0.9e12, northA.OthersBefore.BitsPerSecond, 1e3);
        Assert.Equal(3.6e12, northA.OthersAfter.BitsPerSecond, 1e3);
        Assert.Equal(360, northA.ExtraServers);
        Assert.Equal(1e12, northA.OthersCommitted!.Value.BitsPerSecond, 1e3);
        Assert.Equal(2.6e12, northA.Shortfall!.Value.BitsPerSecond, 1e3);
        Assert.False(northA.Absorbed);
        Assert.Equal(26_784, northA.Cost!.Value.Dollars, 6);
        var northB = rows.Single(r => r.Region == "north" && r.FailedCdn == "b");
        // b fails: a takes 3.6 Tbps against its 4 Tbps committed: absorbed; 480 - 360 = 120 more servers, $8,928.
        Assert.Equal(0, northB.Shortfall!.Value.BitsPerSecond, 1e3);
        Assert.True(northB.Absorbed);
        Assert.Equal(120, northB.ExtraServers);
        Assert.Equal(8_928, northB.Cost!.Value.Dollars, 6);
        // South, a fails: b takes 2.4 Tbps for 400k viewers: max(240, 320) - 80 = 240 servers; 1 Tbps committed: 1.4 Tbps short.
        var southA = rows.Single(r => r.Region == "south" && r.FailedCdn == "a");
        Assert.Equal(240, southA.ExtraServers);
        Assert.Equal(1.4e12, southA.Shortfall!.Value.BitsPerSecond, 1e3);
    }

    [Fact]
    public void N_minus_one_without_committed_capacity_or_a_second_cdn()
    {
        var uncommitted = Planner.Build(Read(Yaml.Replace(", committed: { north: 4 Tbps, south: 1.5 Tbps }", "", StringComparison.Ordinal))).Match.Delivery.NMinusOne;
        // b fails in north: a has no committed capacity, so the shortfall is unknown; its servers are not.
        var northB = uncommitted.Single(r => r.Region == "north" && r.FailedCdn == "b");
        Assert.Null(northB.Shortfall);
        Assert.Null(northB.Absorbed);
        Assert.Equal(120, northB.ExtraServers);
        var alone = Planner.Build(Read(Yaml.Replace("traffic: 25%", "traffic: 0%", StringComparison.Ordinal))).Match.Delivery.NMinusOne;
        var darkNorth = alone.Single(r => r.Region == "north" && r.FailedCdn == "a");
        Assert.False(darkNorth.HasSurvivors);
        Assert.False(darkNorth.Absorbed);
    }

    [Fact]
    public void The_input_feeds_are_in_the_origins_load()
    {
        var o = Plan.Match.Origin;
        // Fetchers: a's 4 shields + b's 10 PoPs (no shields) = 14; ladder 2 + 5 = 7 Mbps; 2 feeds.
        Assert.Equal(14, o.Fetchers);
        Assert.Equal(2, o.Feeds);
        Assert.Equal(14 * 7e6, o.Coalesced.Egress.BitsPerSecond, 3);
        Assert.Equal(2 * 14 * 7e6, o.AllFeeds.Egress.BitsPerSecond, 3);
        // Requests: 14 fetchers x 2 feeds x 2 rungs x (1/2 s + 1/2 s) = 56/s.
        Assert.Equal(56, o.AllFeeds.Requests.PerSecond, 9);
        // Ingest from the encoders: 2 feeds x 7 Mbps = 14 Mbps.
        Assert.Equal(14e6, o.Ingest.BitsPerSecond, 3);
    }

    [Fact]
    public void Shield_fill_per_cdn()
    {
        var a = Plan.Match.Origin.Shields.Single(x => x.Cdn == "a");
        // a: 4 shields x 2 feeds x 7 Mbps = 56 Mbps from the origin; each shield fills 40 / 4 = 10 PoPs: 10 x 14 Mbps = 140 Mbps,
        // answering 10 x 2 feeds x 2 rungs x 1/s = 40 requests/s.
        Assert.Equal(56e6, a.FromOrigin.BitsPerSecond, 3);
        Assert.Equal(14e6, a.PerShieldIngress.BitsPerSecond, 3);
        Assert.Equal(10, a.PopsPerShield, 12);
        Assert.Equal(140e6, a.PerShieldEgress.BitsPerSecond, 3);
        Assert.Equal(40, a.PerShieldRequests.PerSecond, 9);
        var b = Plan.Match.Origin.Shields.Single(x => x.Cdn == "b");
        // b has no shields: its 10 PoPs fetch from the origin, 10 x 14 Mbps = 140 Mbps.
        Assert.Equal((10, 0.0), (b.Fetchers, b.PopsPerShield));
        Assert.Equal(140e6, b.FromOrigin.BitsPerSecond, 3);
    }

    [Fact]
    public void Encoder_pipelines_multiply_the_fleet()
    {
        var e = Plan.Encoding;
        // 2 inputs x (2 + 3) = 10 CPU units: one 16-vCPU instance per pipeline, 2 pipelines; each runs at 10 / 16.
        Assert.Equal(10, e.CpuUnits, 12);
        Assert.Equal(2, e.CpuInstances);
        Assert.Equal(0.625, e.Utilization.Value, 12);
    }

    [Fact]
    public void Percentile95_is_billed_per_calendar_month_from_the_tournaments_start()
    {
        var bill = Plan.Cost.Cdns.Single(c => c.Cdn == "b");
        // 31 matches over 31 days from 2024-01-20: one a day at 00:00 for 240 min, b carrying 25% of 5 Tbps = 1.25 Tbps.
        // January: Jan 20-31 = 12 matches x 240 min = 2,880 of 31 x 1,440 = 44,640 minutes (6.45% > 5%): p95 = 1.25 Tbps.
        // February (2024: 29 days): the other 19 matches, 4,560 of 41,760 minutes (10.9%): 1.25 Tbps.
        // Each month at $1/Mbps-month: 1.25M Mbps x $1 = $1.25M; $2.5M in all.
        Assert.Equal(["2024-01", "2024-02"], bill.Periods.Select(p => p.Name));
        Assert.Equal([12, 19], bill.Periods.Select(p => p.Matches));
        Assert.All(bill.Periods, p => Assert.Equal(1.25e12, p.Billed.BitsPerSecond, 1e3));
        Assert.Equal(2.5e6, bill.Cost.Dollars, 3);
        Assert.Equal(2.5e6, Plan.Cost.Lines.Single(l => l.Item == "b").Cost.Dollars, 3);
    }

    [Fact]
    public void Percentile95_in_fixed_periods_when_the_start_is_unknown_or_the_contract_fixes_them()
    {
        // From the first day in 30-day periods: days 1-30 hold 30 matches (7,200 of 43,200 minutes, 16.7%): 1.25 Tbps;
        // days 31-60 hold one (240 of 43,200, 0.56% < 5%): the 95th percentile is 0. $1.25M, half the calendar bill.
        foreach (var yaml in new[]
        {
            Yaml.Replace("  start: 2024-01-20\n", "", StringComparison.Ordinal),
            Yaml.Replace("pricing: { p95: $1/Mbps-month }", "pricing: { p95: $1/Mbps-month, commit_period: 30 d }", StringComparison.Ordinal),
        })
        {
            var bill = Planner.Build(Read(yaml)).Cost.Cdns.Single(c => c.Cdn == "b");
            Assert.Equal(["days 1-30", "days 31-60"], bill.Periods.Select(p => p.Name));
            Assert.Equal([30, 1], bill.Periods.Select(p => p.Matches));
            Assert.Equal(1.25e12, bill.Periods[0].Billed.BitsPerSecond, 1e3);
            Assert.Equal(0, bill.Periods[1].Billed.BitsPerSecond);
            Assert.Equal(1.25e6, bill.Cost.Dollars, 3);
        }
    }

    [Fact]
    public void The_tournaments_egress_places_every_match()
    {
        var stages = new[] { (Plan.Match.Stage, Plan.Match.Audience, Plan.Match.Delivery) };
        var egress = Pricing.TournamentEgress(Read(Yaml).Tournament, stages);
        Assert.Equal(31 * 1440, egress.Length);
        // 31 matches x 240 minutes at 5 Tbps; nothing in between.
        Assert.Equal(31 * 240, egress.Count(x => x > 0));
        Assert.Equal(5e12, egress[0], 1e3);
        Assert.Equal(5e12, egress[30 * 1440 + 239], 1e3);
        Assert.Equal(0, egress[240]);
    }
}
