using System.Collections.Immutable;
using Matchday.Core.Units;
using Matchday.Simulation.Autoscaling;

namespace Matchday.Simulation.Tests.Autoscaling;

/// <summary>Cases of kubernetes/kubernetes pkg/controller/podautoscaler/horizontal_test.go for the normalization functions.</summary>
public class HpaNormalizationTests
{
    private static readonly Duration Now = Duration.Zero;

    private static Duration S(double seconds) => Duration.FromSeconds(seconds);

    /// <summary>horizontal_test.go generateScalingRules: Max select, a Pods and/or a Percent policy (0 = absent).</summary>
    private static HpaScalingRules Rules(int pods, int podsPeriod, int percent, int percentPeriod, int window)
    {
        var policies = ImmutableArray.CreateBuilder<HpaScalingPolicy>();
        if (pods != 0) policies.Add(HpaScalingPolicy.Pods(pods, S(podsPeriod)));
        if (percent != 0) policies.Add(HpaScalingPolicy.Percent(percent, S(percentPeriod)));
        return new HpaScalingRules
        {
            StabilizationWindow = S(window),
            SelectPolicy = HpaSelectPolicy.Max,
            Policies = policies.Count == 0 ? null : policies.ToImmutable(),
        };
    }

    /// <summary>horizontal_test.go generateEventsUniformDistribution: events centred in equal segments of the last period.</summary>
    private static List<TimestampedScaleEvent> Events(int[] changes, int periodSeconds)
    {
        var segment = (double)periodSeconds / changes.Length;
        return changes.Select((c, i) =>
        {
            var ago = Math.Truncate(periodSeconds - segment * (i + 1) + segment / 2);
            return new TimestampedScaleEvent(c, Now - S(ago), false);
        }).ToList();
    }

    internal sealed record RulesCase(int Min, int Max, int Current, int Desired, int Expected, string Condition,
        HpaScalingRules? Up = null, HpaScalingRules? Down = null, List<TimestampedScaleEvent>? UpEvents = null, List<TimestampedScaleEvent>? DownEvents = null);

    // TestScalingWithRules: each entry carries the upstream case name.
    private static readonly Dictionary<string, RulesCase> ScalingWithRules = new(StringComparer.Ordinal)
    {
        ["prenormalized desired replicas within range"] = new(3, 8, 5, 7, 7, "DesiredWithinRange"),
        ["prenormalized desired replicas < minReplicas"] = new(2, 8, 3, 1, 2, "TooFewReplicas"),
        ["prenormalized desired replicas within range when minReplicas is 0"] = new(0, 10, 1, 0, 0, "DesiredWithinRange"),
        ["maxReplicas is the limit because maxReplicas < scaleUpLimit"] = new(1, 10, 20, 1000, 10, "TooManyReplicas"),
        ["desired replica count is more than the maximum replica count"] = new(100, 150, 100, 1000, 150, "TooManyReplicas"),
        ["scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies"] = new(1, 2000, 3, 1000, 4, "ScaleUpLimit", Up: Rules(0, 0, 1, 60, 0)),
        ["scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies"] = new(3, 2000, 1000, 3, 980, "ScaleDownLimit", Down: Rules(20, 60, 0, 0, 0)),
        ["scaleUp with default behavior"] = new(1, 1000, 10, 50, 20, "ScaleUpLimit"),
        ["scaleUp with pods policy larger than percent policy"] = new(1, 1000, 10, 500, 110, "ScaleUpLimit", Up: Rules(100, 60, 100, 60, 0)),
        ["scaleUp with percent policy larger than pods policy"] = new(1, 1000, 10, 500, 20, "ScaleUpLimit", Up: Rules(2, 60, 100, 60, 0)),
        ["scaleUp with spec MaxReplicas limitation with large pod policy"] = new(1, 1000, 10, 50, 50, "DesiredWithinRange", Up: Rules(100, 60, 0, 0, 0)),
        ["scaleUp with spec MaxReplicas limitation with large percent policy"] = new(1, 1000, 10, 50, 50, "DesiredWithinRange", Up: Rules(10000, 60, 0, 0, 0)),
        ["scaleUp with pod policy limitation"] = new(1, 1000, 10, 50, 40, "ScaleUpLimit", Up: Rules(30, 60, 0, 0, 0)),
        ["scaleUp with percent policy limitation"] = new(1, 1000, 10, 50, 30, "ScaleUpLimit", Up: Rules(0, 0, 200, 60, 0)),
        ["scaleDown with percent policy larger than pod policy"] = new(1, 1000, 100, 2, 80, "ScaleDownLimit", Down: Rules(20, 60, 1, 60, 300)),
        ["scaleDown with pod policy larger than percent policy"] = new(1, 1000, 100, 2, 98, "ScaleDownLimit", Down: Rules(2, 60, 1, 60, 300)),
        ["scaleDown with spec MinReplicas=nil limitation with large pod policy"] = new(1, 1000, 10, 0, 1, "TooFewReplicas", Down: Rules(100, 60, 0, 0, 300)),
        ["scaleDown with spec MinReplicas limitation with large percent policy"] = new(5, 1000, 10, 2, 5, "TooFewReplicas", Down: Rules(0, 0, 100, 60, 300)),
        ["scaleDown with pod policy limitation"] = new(1, 1000, 10, 2, 5, "ScaleDownLimit", Down: Rules(5, 60, 0, 0, 300)),
        ["scaleDown with percent policy limitation"] = new(1, 1000, 10, 5, 5, "DesiredWithinRange", Down: Rules(0, 0, 50, 60, 300)),
        ["scaleUp with spec MaxReplicas limitation with large pod policy and events"] = new(1, 200, 100, 500, 200, "TooManyReplicas", Up: Rules(300, 60, 0, 0, 0), UpEvents: Events([1, 5, 9], 120)),
        ["scaleUp with spec MaxReplicas limitation with large percent policy and events"] = new(1, 200, 100, 500, 200, "TooManyReplicas", Up: Rules(0, 0, 10000, 60, 0), UpEvents: Events([1, 5, 9], 120)),
        ["scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events"] = new(1, 1000, 100, 500, 100, "ScaleUpLimit", Up: Rules(5, 120, 0, 0, 0), UpEvents: Events([1, 5, 9], 120)),
        ["scaleUp with pod policy and previous scale up events"] = new(1, 1000, 100, 500, 235, "ScaleUpLimit", Up: Rules(150, 120, 0, 0, 0), UpEvents: Events([1, 5, 9], 120)),
        ["scaleUp with percent policy and previous scale up events"] = new(1, 1000, 100, 500, 255, "ScaleUpLimit", Up: Rules(0, 0, 200, 120, 0), UpEvents: Events([1, 5, 9], 120)),
        ["scaleUp with percent policy and previous scale up and down events"] = new(1, 1000, 6, 24, 16, "ScaleUpLimit", Up: Rules(0, 0, 300, 300, 0), UpEvents: Events([4], 120), DownEvents: Events([2], 120)),
        ["scaleDown with default policy and previous events"] = new(1, 1000, 10, 5, 5, "DesiredWithinRange", DownEvents: Events([1, 5, 9], 120)),
        ["scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events"] = new(1, 1000, 100, 0, 1, "TooFewReplicas", Down: Rules(115, 120, 0, 0, 300), DownEvents: Events([1, 5, 9], 120)),
        ["scaleDown with spec MinReplicas limitation with large pod policy and previous events"] = new(5, 1000, 100, 0, 5, "TooFewReplicas", Down: Rules(130, 120, 0, 0, 300), DownEvents: Events([1, 5, 9], 120)),
        ["scaleDown with spec MinReplicas limitation with large percent policy and previous events"] = new(5, 1000, 100, 2, 5, "TooFewReplicas", Down: Rules(0, 0, 100, 120, 300), DownEvents: Events([1, 5, 9], 120)),
        ["scaleDown with pod policy limitation and previous events"] = new(1, 1000, 100, 2, 100, "ScaleDownLimit", Down: Rules(5, 120, 0, 0, 300), DownEvents: Events([1, 5, 9], 120)),
        ["scaleDown with percent policy limitation and previous events"] = new(1, 1000, 100, 0, 56, "ScaleDownLimit", Down: Rules(0, 0, 50, 120, 300), DownEvents: Events([2, 4, 6], 120)),
        ["scaleDown with percent policy and previous scale up and down events"] = new(1, 1000, 10, 1, 6, "ScaleDownLimit", Down: Rules(0, 0, 50, 180, 0), UpEvents: Events([2], 120), DownEvents: Events([4], 120)),
        ["scaleDown with previous events preventing further scale down"] = new(1, 1000, 100, 0, 100, "ScaleDownLimit", Down: Rules(0, 0, 10, 120, 300), DownEvents: Events([10, 10, 10], 120)),
        ["scaleDown with with previous events still allowing more scale down"] = new(1, 1000, 10, 5, 5, "DesiredWithinRange", Down: Rules(0, 0, 1000, 120, 300), DownEvents: Events([10, 10, 10], 120)),
        ["check 'outdated' flag for events for one behavior for up"] = new(1, 1000, 100, 200, 200, "DesiredWithinRange", Up: Rules(1000, 60, 0, 0, 0), UpEvents: Events([8, 12, 9, 11], 120)),
        ["check that events were not marked 'outdated' for two different policies in the behavior for up"] = new(1, 1000, 100, 200, 200, "DesiredWithinRange", Up: Rules(1000, 120, 100, 60, 0), UpEvents: Events([8, 12, 9, 11], 120)),
        ["check that events were marked 'outdated' for two different policies in the behavior for up"] = new(1, 1000, 100, 200, 200, "DesiredWithinRange", Up: Rules(1000, 30, 100, 60, 0), UpEvents: Events([8, 12, 9, 11], 120)),
        ["check 'outdated' flag for events for one behavior for down"] = new(1, 1000, 100, 5, 5, "DesiredWithinRange", Down: Rules(1000, 60, 0, 0, 300), DownEvents: Events([8, 12, 9, 11], 120)),
        ["check that events were not marked 'outdated' for two different policies in the behavior for down"] = new(1, 1000, 100, 5, 5, "DesiredWithinRange", Down: Rules(1000, 120, 100, 60, 300), DownEvents: Events([8, 12, 9, 11], 120)),
        ["check that events were marked 'outdated' for two different policies in the behavior for down"] = new(1, 1000, 100, 5, 5, "DesiredWithinRange", Down: Rules(1000, 30, 100, 60, 300), DownEvents: Events([8, 12, 9, 11], 120)),
    };

    public static TheoryData<string> ScalingWithRulesNames => [.. ScalingWithRules.Keys];

    [Theory] // TestScalingWithRules (horizontal_test.go), case by case
    [MemberData(nameof(ScalingWithRulesNames))]
    public void Scaling_with_rules(string name)
    {
        var c = ScalingWithRules[name];
        var (replicas, condition) = HpaNormalization.ConvertDesiredReplicasWithBehaviorRate(c.Current, c.Desired, c.Min, c.Max,
            HpaDefaults.CompleteScaleUp(c.Up), HpaDefaults.CompleteScaleDown(c.Down), c.UpEvents ?? [], c.DownEvents ?? [], Now);
        Assert.Equal((c.Expected, c.Condition), (replicas, condition));
    }

    [Theory] // TestConvertDesiredReplicasWithRules (legacy path: scale-up limit max(2 × current, 4))
    [InlineData(5, 7, 3, 8, 7, "DesiredWithinRange")]
    [InlineData(3, 1, 2, 8, 2, "TooFewReplicas")]
    [InlineData(1, 0, 0, 10, 0, "DesiredWithinRange")]
    [InlineData(20, 1000, 1, 10, 10, "TooManyReplicas")]
    [InlineData(3, 1000, 1, 2000, 6, "ScaleUpLimit")] // calculateScaleUpLimit(3) = max(6, 4)
    public void Convert_desired_replicas_with_rules(int current, int desired, int min, int max, int expected, string condition) =>
        Assert.Equal((expected, condition), HpaNormalization.ConvertDesiredReplicasWithRules(current, desired, min, max));

    [Fact] // TestCalculateScaleUpLimitWithScalingRules: Min of (1 + 2 pods, ceil(1 × 1.5)) = 2
    public void Calculate_scale_up_limit_with_min_select_policy()
    {
        var rules = new HpaScalingRules
        {
            StabilizationWindow = S(300),
            SelectPolicy = HpaSelectPolicy.Min,
            Policies = [HpaScalingPolicy.Pods(2, S(60)), HpaScalingPolicy.Percent(50, S(60))],
        };
        Assert.Equal(2, HpaNormalization.CalculateScaleUpLimitWithScalingRules(1, [], [], rules, Now));
    }

    [Fact] // TestCalculateScaleDownLimitWithBehaviors: Min change of (5 − 2, trunc(5 × 0.5)) = 3
    public void Calculate_scale_down_limit_with_min_select_policy()
    {
        var rules = new HpaScalingRules
        {
            StabilizationWindow = S(300),
            SelectPolicy = HpaSelectPolicy.Min,
            Policies = [HpaScalingPolicy.Pods(2, S(60)), HpaScalingPolicy.Percent(50, S(60))],
        };
        Assert.Equal(3, HpaNormalization.CalculateScaleDownLimitWithBehaviors(5, [], [], rules, Now));
    }

    [Fact] // selectPolicy: Disabled keeps the current count in both directions
    public void Disabled_select_policy_blocks_scaling()
    {
        var disabled = new HpaScalingRules { SelectPolicy = HpaSelectPolicy.Disabled, Policies = [HpaScalingPolicy.Percent(100, S(15))] };
        Assert.Equal(10, HpaNormalization.CalculateScaleUpLimitWithScalingRules(10, [], [], disabled, Now));
        Assert.Equal(10, HpaNormalization.CalculateScaleDownLimitWithBehaviors(10, [], [], disabled, Now));
        var (up, reason) = HpaNormalization.ConvertDesiredReplicasWithBehaviorRate(10, 50, 1, 100, HpaDefaults.CompleteScaleUp(disabled), HpaDefaults.ScaleDown, [], [], Now);
        Assert.Equal((10, "ScaleUpLimit"), (up, reason));
    }

    internal sealed record StabilizeCase(TimestampedRecommendation[] History, int Desired, int Expected, int ExpectedLogLength);

    private static TimestampedRecommendation Rec(int r, double minutesAgo) => new(r, Now - Duration.FromMinutes(minutesAgo));

    [Fact] // TestNormalizeDesiredReplicas (legacy stabilizeRecommendation, 5 min window)
    public void Normalize_desired_replicas_legacy()
    {
        var cases = new Dictionary<string, StabilizeCase>(StringComparer.Ordinal)
        {
            ["empty log"] = new([], 5, 5, 1),
            ["stabilize"] = new([Rec(4, 2), Rec(5, 1)], 3, 5, 3),
            ["no stabilize"] = new([Rec(1, 2), Rec(2, 1)], 3, 3, 3),
            ["no stabilize - old recommendations"] = new([Rec(10, 10), Rec(9, 9)], 3, 3, 2),
            ["stabilize - old recommendations"] = new([Rec(10, 10), Rec(4, 1), Rec(5, 2), Rec(9, 9)], 3, 5, 4),
        };
        foreach (var (name, c) in cases)
        {
            var log = c.History.ToList();
            var r = HpaNormalization.StabilizeRecommendation(log, c.Desired, Duration.FromMinutes(5), Now);
            Assert.True(r == c.Expected, $"{name}: got {r}, expected {c.Expected}");
            Assert.True(log.Count == c.ExpectedLogLength, $"{name}: log has {log.Count}, expected {c.ExpectedLogLength}");
        }
    }

    internal sealed record BehaviorStabilizeCase(TimestampedRecommendation[] History, int Current, int Desired, int Expected, int[]? ExpectedLog, double UpWindowSeconds, double DownWindowSeconds);

    [Fact] // TestNormalizeDesiredReplicasWithBehavior (stabilizeRecommendationWithBehaviors)
    public void Normalize_desired_replicas_with_behavior()
    {
        var cases = new Dictionary<string, BehaviorStabilizeCase>(StringComparer.Ordinal)
        {
            ["empty recommendations for scaling down"] = new([], 100, 5, 5, [5], 0, 0),
            ["simple scale down stabilization"] = new([Rec(4, 2), Rec(5, 1)], 100, 3, 5, [4, 5, 3], 0, 180),
            ["simple scale up stabilization"] = new([Rec(4, 2), Rec(5, 1)], 1, 7, 4, [4, 5, 7], 300, 0),
            ["no scale down stabilization"] = new([Rec(1, 2), Rec(2, 1)], 100, 3, 3, [1, 2, 3], 300, 0),
            ["no scale up stabilization"] = new([Rec(4, 2), Rec(5, 1)], 1, 3, 3, [4, 5, 3], 0, 300),
            ["no scale down stabilization, reuse recommendation element"] = new([Rec(10, 10), Rec(9, 9)], 100, 3, 3, [10, 3], 0, 0),
            ["no scale up stabilization, reuse recommendation element"] = new([Rec(10, 10), Rec(9, 9)], 1, 100, 100, [10, 100], 0, 0),
            ["scale down stabilization, reuse one of obsolete recommendation element"] = new([Rec(10, 10), Rec(4, 1), Rec(5, 2), Rec(9, 9)], 100, 3, 5, [10, 4, 5, 3], 0, 180),
            ["scale up stabilization, reuse one of obsolete recommendation element"] = new([Rec(10, 100), Rec(6, 1), Rec(5, 2), Rec(9, 3)], 1, 100, 5, [100, 6, 5, 9], 300, 0),
            ["scale up and down stabilization, do not scale up when prenormalized rec goes down"] = new([Rec(2, 100), Rec(3, 3)], 2, 1, 2, null, 300, 300),
            ["scale up and down stabilization, do not scale down when prenormalized rec goes up"] = new([Rec(2, 100), Rec(1, 3)], 2, 3, 2, null, 300, 300),
        };
        foreach (var (name, c) in cases)
        {
            var log = c.History.ToList();
            var (r, _) = HpaNormalization.StabilizeRecommendationWithBehaviors(log, c.Current, c.Desired, S(c.UpWindowSeconds), S(c.DownWindowSeconds), Now);
            Assert.True(r == c.Expected, $"{name}: got {r}, expected {c.Expected}");
            if (c.ExpectedLog is not null) Assert.True(c.ExpectedLog.SequenceEqual(log.Select(x => x.Recommendation)), $"{name}: log {string.Join(',', log.Select(x => x.Recommendation))}");
        }
    }

    internal sealed record StoreCase(TimestampedScaleEvent[] Previous, (int Change, bool Outdated)[] Expected, HpaScalingRules Rules, int ExpectedChangeInLast60s);

    private static TimestampedScaleEvent Ev(int change, double secondsAgo) => new(change, Now - S(secondsAgo), false);

    [Fact] // TestStoreScaleEvents (cases with a behavior; without one upstream stores nothing, as Reconcile does here)
    public void Store_scale_events()
    {
        var cases = new Dictionary<string, StoreCase>(StringComparer.Ordinal)
        {
            ["empty entries with two-policy-behavior"] = new([], [(5, false)], Rules(10, 60, 100, 60, 0), 0),
            ["one outdated entry to be replaced with behavior"] = new([Ev(7, 61)], [(5, false)], Rules(10, 60, 100, 60, 0), 0),
            ["one actual entry to be not touched with behavior"] = new([Ev(7, 58)], [(7, false), (5, false)], Rules(10, 60, 100, 60, 0), 7),
            ["two entries, one of them to be replaced"] = new([Ev(7, 61), Ev(6, 59)], [(5, false), (6, false)], Rules(10, 60, 0, 0, 0), 6),
            ["replace one entry, use policies with different periods"] = new([Ev(8, 29), Ev(6, 59), Ev(7, 61), Ev(9, 61)],
                [(8, false), (6, false), (7, true), (5, false)], Rules(10, 60, 100, 30, 0), 14),
            ["two entries, both actual"] = new([Ev(7, 58), Ev(6, 59)], [(7, false), (6, false), (5, false)], Rules(10, 120, 100, 30, 0), 13),
        };
        foreach (var (name, c) in cases)
        {
            var events = c.Previous.ToList();
            Assert.True(HpaNormalization.ReplicasChangePerPeriod(S(60), events, Now) == c.ExpectedChangeInLast60s, name);
            HpaNormalization.StoreScaleEvent(events, c.Rules, 5, Now);
            Assert.True(c.Expected.SequenceEqual(events.Select(e => (e.ReplicaChange, e.Outdated))), $"{name}: {string.Join(',', events)}");
        }
    }
}
