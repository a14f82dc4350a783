using Matchday.Core.Units;
using Matchday.Simulation.Dns;

namespace Matchday.Simulation.Tests.Dns;

public class DnsTests
{
    private static Duration S(double s) => Duration.FromSeconds(s);

    [Fact]
    public void Detection_takes_threshold_probes()
    {
        var check = new HealthCheckPolicy(S(10), 3, Duration.Zero);
        // Probes at 0, 10, 20, ...; failure at 4 s: probes at 10, 20, 30 fail, the third marks it down at 30 s (26 s after).
        Assert.Equal(S(30), check.DetectedAt(S(4), Duration.Zero));
        // A failure exactly at a probe is seen by that probe: 10, 20, 30.
        Assert.Equal(S(30), check.DetectedAt(S(10), Duration.Zero));
        // Probes offset by 7 s (7, 17, 27, 37): failure at 4 -> 7, 17, 27.
        Assert.Equal(S(27), check.DetectedAt(S(4), S(7)));
        Assert.Equal((S(20), S(30), S(25)), (check.BestCaseDetection, check.WorstCaseDetection, check.ExpectedDetection));
    }

    [Fact]
    public void Route53_standard_check_detects_in_64_to_94_seconds()
    {
        // 30 s × (3 − 1) + 4 s = 64 s at best; 30 × 3 + 4 = 94 s at worst; 30 × 2.5 + 4 = 79 s on average.
        var r53 = HealthCheckPolicy.Route53Standard;
        Assert.Equal((S(64), S(94), S(79)), (r53.BestCaseDetection, r53.WorstCaseDetection, r53.ExpectedDetection));
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(15, 0.5)]    // half the caches (ages uniform over 30 s) have expired
    [InlineData(30, 0.0)]
    [InlineData(45, 0.0)]
    public void With_honoured_TTLs_clients_drain_linearly_over_one_TTL(double t, double expected) =>
        Assert.Equal(expected, DnsCachePolicy.Honoured(S(30)).FractionOnOldAnswer(S(t)), 12);

    [Theory]
    [InlineData(15, 0.5375)] // 0.9 × (1 − 15/30) + 0.1 × (1 − 15/120) = 0.45 + 0.0875
    [InlineData(30, 0.075)]  // 0 + 0.1 × (1 − 30/120)
    [InlineData(60, 0.05)]   // 0.1 × (1 − 60/120)
    [InlineData(120, 0.0)]
    public void Stale_resolvers_leave_a_tail(double t, double expected) =>
        Assert.Equal(expected, new DnsCachePolicy(S(30), Ratio.FromPercent(10), 4).FractionOnOldAnswer(S(t)), 12);

    [Fact]
    public void Time_until_a_share_remains()
    {
        var cache = new DnsCachePolicy(S(30), Ratio.FromPercent(10), 4);
        // 5% left: only in the stale tail, 0.1 × (1 − t/120) = 0.05 -> t = 60 s.
        Assert.Equal(60, cache.TimeUntilRemaining(Ratio.FromPercent(5)).Seconds, 9);
        // 50% left: first segment, 1 − t × (0.9/30 + 0.1/120) = 0.5 -> t = 0.5/0.0308333 = 16.216 s.
        Assert.Equal(0.5 / (0.9 / 30 + 0.1 / 120), cache.TimeUntilRemaining(Ratio.FromPercent(50)).Seconds, 9);
        Assert.Equal(S(120), cache.FullyDrainedAfter);
        Assert.Equal(S(30), DnsCachePolicy.Honoured(S(30)).FullyDrainedAfter);
    }

    [Fact]
    public void Failover_is_detection_then_propagation_then_drain()
    {
        var failover = new GslbFailover(new HealthCheckPolicy(S(10), 3, Duration.Zero), S(5), DnsCachePolicy.Honoured(S(30)));
        // Failure at 4 s: detected at 30 s, answer changed at 35 s, half drained at 50 s, all gone at 65 s.
        Assert.Equal(S(35), failover.AnswerChangedAt(S(4), Duration.Zero));
        Assert.Equal(1.0, failover.FractionStillOnFailedTarget(S(34), S(4), Duration.Zero));
        Assert.Equal(0.5, failover.FractionStillOnFailedTarget(S(50), S(4), Duration.Zero), 12);
        Assert.Equal(0.0, failover.FractionStillOnFailedTarget(S(65), S(4), Duration.Zero), 12);
    }

    [Fact]
    public void Steering_moves_clients_as_their_caches_expire()
    {
        // The seed's split: primary CDN path 85%, secondary 15%. The primary fails; at 35 s the answer becomes 0/100.
        var steering = new DnsSteering(DnsCachePolicy.Honoured(S(30)), [85, 15]);
        steering.ChangeAnswer(S(35), [0, 100]);
        Assert.Equal([0.85, 0.15], steering.EffectiveWeights(S(20)));
        // 15 s after the change half the clients re-resolved: primary 0.85 × 0.5 = 0.425; secondary 0.15 × 0.5 + 0.5 = 0.575.
        var mid = steering.EffectiveWeights(S(50));
        Assert.Equal(0.425, mid[0], 12);
        Assert.Equal(0.575, mid[1], 12);
        Assert.Equal([0.0, 1.0], steering.EffectiveWeights(S(65)));

        // Recovery at 100 s back to 85/15; at 115 s half are back.
        steering.ChangeAnswer(S(100), [85, 15]);
        var back = steering.EffectiveWeights(S(115));
        Assert.Equal(0.425, back[0], 12);
        Assert.Equal(1.0, back.Sum(), 12);
    }

    [Fact]
    public void Overlapping_changes_still_sum_to_one()
    {
        var steering = new DnsSteering(new DnsCachePolicy(S(60), Ratio.FromPercent(20), 5), [1, 1, 1]);
        steering.ChangeAnswer(S(10), [0, 1, 1]);
        steering.ChangeAnswer(S(40), [0, 0, 1]);
        steering.ChangeAnswer(S(70), [1, 0, 1]);
        for (var t = 0; t < 600; t += 7) Assert.Equal(1.0, steering.EffectiveWeights(S(t)).Sum(), 12);
    }
}
