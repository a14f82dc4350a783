using System.Collections.Immutable;
using CsCheck;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Audience = Matchday.Core.Planning.Audience;
using Delivery = Matchday.Core.Planning.Delivery;

namespace Matchday.Core.Tests.Planning;

public class FormulaTests
{
    [Theory]
    [InlineData(148050.0000000001, 148050)]
    [InlineData(148049.9999999999, 148050)]
    [InlineData(148050.2, 148051)]
    [InlineData(0, 0)]
    [InlineData(0.01, 1)]
    public void CeilCount_ignores_floating_point_noise(double x, long expected) => Assert.Equal(expected, Arithmetic.CeilCount(x));

    [Fact]
    public void Servers_account_for_target_utilization()
    {
        // 100 Gbps at 40 Gbps per server run at 80%: 100 / 32 = 3.125 -> 4 servers
        Assert.Equal(4, Delivery.ServersFor(Bitrate.FromGigabits(100), Bitrate.FromGigabits(40), Ratio.FromPercent(80)));
    }

    [Fact]
    public void Tiered_pricing_charges_each_tier_for_its_slice()
    {
        ImmutableArray<PriceTier> tiers = [new(DataSize.FromTerabytes(10), DataPrice.PerGB(0.085)), new(DataSize.FromTerabytes(50), DataPrice.PerGB(0.08)), new(null, DataPrice.PerGB(0.06))];
        // 5 TB: 5,000 GB x 0.085 = $425
        Assert.Equal(425, Pricing.Tiered(DataSize.FromTerabytes(5), tiers).Dollars, 9);
        // 100 TB: 10,000 x 0.085 + 40,000 x 0.08 + 50,000 x 0.06 = 850 + 3,200 + 3,000 = $7,050
        Assert.Equal(7050, Pricing.Tiered(DataSize.FromTerabytes(100), tiers).Dollars, 9);
    }

    [Fact]
    public void Percentile95_drops_the_top_five_percent()
    {
        // 20 samples 1..20 Mbps: drop the top 5% (1 sample): billed at 19 Mbps.
        var samples = Enumerable.Range(1, 20).Select(i => Bitrate.FromMegabits(i)).ToList();
        Assert.Equal(19e6, Pricing.Percentile95(samples, 20).BitsPerSecond, 6);
        // The same 20 samples in a period of 1,000: 950th smallest is a zero, so the bill is zero.
        Assert.Equal(0, Pricing.Percentile95(samples, 1000).BitsPerSecond);
        // 100 samples over 100: the 95th.
        var hundred = Enumerable.Range(1, 100).Select(i => Bitrate.FromMegabits(i)).ToList();
        Assert.Equal(95e6, Pricing.Percentile95(hundred, 100).BitsPerSecond, 6);
    }

    [Fact]
    public void Ramp_is_linear_within_a_phase_inclusive_of_both_ends()
    {
        ImmutableArray<Phase> timeline = [new("a", Duration.FromMinutes(5), Ratio.FromPercent(0), Ratio.FromPercent(100), [])];
        var ramp = Audience.Ramp(timeline, "any", ViewerCount.Of(100));
        Assert.Equal([0, 25, 50, 75, 100], ramp.Select(p => p.Viewers.Value));
    }

    [Fact]
    public void Error_budget_and_burn_by_hand()
    {
        var b = ErrorBudgets.For(Ratio.FromPercent(99.9), Duration.FromDays(30));
        // 0.001 x 43,200 min = 43.2 min
        Assert.Equal(43.2, b.Budget.Minutes, 9);
        var burn = ErrorBudgets.Burn(b, Ratio.FromPercent(99.95));
        // 0.05% / 0.1% = 0.5 -> half used, 21.6 min left
        Assert.Equal(0.5, burn.BurnRate, 9);
        Assert.Equal(21.6, burn.Remaining.Minutes, 9);
        Assert.False(burn.Exhausted);
    }

    [Fact]
    public void Egress_scales_linearly_with_viewers() =>
        Gen.Double[1, 1e10].Sample(viewers =>
        {
            var scenario = Presets.Load();
            var stage = scenario.Tournament.Stages[0] with { PeakViewers = ViewerCount.Of(viewers) };
            var single = Delivery.Plan(scenario, Audience.Plan(scenario, stage)).PeakEgress.BitsPerSecond;
            var doubled = Delivery.Plan(scenario, Audience.Plan(scenario, stage with { PeakViewers = ViewerCount.Of(viewers * 2) })).PeakEgress.BitsPerSecond;
            return Math.Abs(doubled - 2 * single) <= 1e-9 * doubled;
        }, iter: 50);

    [Fact]
    public void Shares_always_normalize_to_one() =>
        Gen.Double[0, 1e9].Array[1, 20].Sample(raw =>
        {
            var shares = Arithmetic.Normalize(raw);
            return Math.Abs(shares.Sum() - 1) < 1e-9 && shares.All(s => s >= 0);
        });

    [Fact]
    public void Region_shares_normalize_whatever_is_declared() =>
        Gen.Double[1, 1e9].Array[1, 10].Sample(viewers =>
        {
            var regions = viewers.Select((v, i) => new Region { Name = $"r{i}", Viewers = ViewerCount.Of(v), EdgeServers = 1, Capacity = Bitrate.FromGigabits(1) }).ToList();
            var (shares, sum, _) = Audience.RegionShares(regions);
            return Math.Abs(shares.Sum() - 1) < 1e-9 && Math.Abs(sum - viewers.Sum()) < 1e-3;
        });

    [Fact]
    public void Tiered_cost_is_monotone_in_traffic()
    {
        ImmutableArray<PriceTier> tiers = [new(DataSize.FromTerabytes(10), DataPrice.PerGB(0.085)), new(null, DataPrice.PerGB(0.02))];
        Gen.Double[0, 1e18].Select(Gen.Double[0, 1e18]).Sample((a, b) =>
        {
            var (lo, hi) = a <= b ? (a, b) : (b, a);
            return Pricing.Tiered(DataSize.FromBytes(lo), tiers) <= Pricing.Tiered(DataSize.FromBytes(hi), tiers);
        });
    }

    [Fact]
    public void Plan_cost_is_monotone_in_audience() =>
        Gen.Double[1.0, 3.0].Sample(factor =>
        {
            var s = Presets.Load();
            var bigger = s with { Tournament = s.Tournament with { Stages = [.. s.Tournament.Stages.Select(x => x with { PeakViewers = x.PeakViewers * factor })] } };
            return Planner.Build(bigger).Cost.Total >= Planner.Build(s).Cost.Total;
        }, iter: 10);
}
